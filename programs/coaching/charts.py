"""A goal's progress as a small inline SVG line chart: server-drawn, no
script, with a text alternative (the page also has the readings as a table)."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spiral.programs.coaching.models import PROGRESS_MAX

WIDTH, HEIGHT, PAD = 320, 120, 16


@dataclass(frozen=True)
class Chart:
    points: str  # the polyline's "x,y x,y"
    dots: list[tuple[float, float, int]]
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    top: int = PAD
    bottom: int = HEIGHT - PAD


def progress_chart(goal) -> Chart | None:
    readings = list(goal.progress.all())
    if not readings:
        return None
    step = (WIDTH - 2 * PAD) / max(len(readings) - 1, 1)
    span = HEIGHT - 2 * PAD
    dots = [
        (round(PAD + i * step, 1), round(HEIGHT - PAD - reading.value * span / PROGRESS_MAX, 1),
         reading.value)
        for i, reading in enumerate(readings)
    ]  # fmt: skip
    values = ", ".join(f"{date_format(r.recorded_at, 'j M')}: {r.value}" for r in readings)
    description = _("Progress from 0 to 10 over time: %(values)s.") % {"values": values}
    return Chart(points=" ".join(f"{x},{y}" for x, y, _v in dots), dots=dots,
                 description=description)  # fmt: skip
