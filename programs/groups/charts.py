"""A goal's trend as an inline SVG line over the meetings (0-10 upwards),
drawn here so the page needs no script; the page shows the same positions in
a table beside it for those who do not see the chart."""

from dataclasses import dataclass

from spiral.programs.groups.models import POSITION_MAX

WIDTH, HEIGHT, PAD = 320, 160, 24


@dataclass(frozen=True)
class TrendChart:
    points: list[tuple[float, float, int, object]]  # x, y, position, when
    polyline: str
    width: int = WIDTH
    height: int = HEIGHT
    ticks: tuple = ()


def trend_chart(positions) -> TrendChart:
    """``positions``: GoalPosition rows in meeting order (with meeting.session)."""
    count = len(positions)
    step = (WIDTH - 2 * PAD) / max(count - 1, 1)
    points = []
    for index, row in enumerate(positions):
        x = PAD + index * step if count > 1 else WIDTH / 2
        y = HEIGHT - PAD - row.position * (HEIGHT - 2 * PAD) / POSITION_MAX
        points.append((round(x, 1), round(y, 1), row.position, row.meeting.session.starts_at))
    ticks = tuple(
        (value, round(HEIGHT - PAD - value * (HEIGHT - 2 * PAD) / POSITION_MAX, 1))
        for value in (0, 5, 10)
    )
    polyline = " ".join(f"{x},{y}" for x, y, _, _ in points)
    return TrendChart(points=points, polyline=polyline, ticks=ticks)
