"""The trend of a group's climate as small inline SVG charts, one per aspect:
drawn on the server from published means only (a hidden pulse is a gap in the
line, never a point), each with a text equivalent for screen readers."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from spiral.programs.climate.aspects import ASPECTS, RATING_MAX, RATING_MIN
from spiral.programs.climate.selectors import PulseResults

WIDTH, HEIGHT, PAD = 240, 80, 8


@dataclass(frozen=True)
class AspectChart:
    label: str
    segments: list[str]  # SVG polyline points, one string per unbroken run
    dots: list[tuple[float, float]]
    description: str


def _x(index: int, count: int) -> float:
    return PAD + (WIDTH - 2 * PAD) * (index / (count - 1) if count > 1 else 0.5)


def _y(mean: float) -> float:
    share = (mean - RATING_MIN) / (RATING_MAX - RATING_MIN)
    return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * share, 1)


def _chart(label: str, values: list[float | None]) -> AspectChart:
    segments, run, dots, words = [], [], [], []
    for index, value in enumerate(values):
        if value is None:
            if run:
                segments.append(" ".join(run))
            run = []
            words.append(_("not shown"))
            continue
        x, y = round(_x(index, len(values)), 1), _y(value)
        run.append(f"{x},{y}")
        dots.append((x, y))
        words.append(number_format(value, 1))
    if run:
        segments.append(" ".join(run))
    description = _("%(aspect)s, pulse by pulse: %(values)s.") % {
        "aspect": label, "values": "; ".join(words),
    }  # fmt: skip
    return AspectChart(label, segments, dots, description)


def trend_chart(trend: list[PulseResults]) -> list[AspectChart]:
    return [
        _chart(str(aspect.label), [point.means.get(aspect.key) for point in trend])
        for aspect in ASPECTS
    ]
