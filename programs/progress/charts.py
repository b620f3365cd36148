"""The dashboard's charts: a report's series as plain SVG bars, drawn on the
server (no script). A withheld point is a hatched outline with no bar height,
and its label says so, so colour is never the only mark."""

from dataclasses import dataclass

WIDTH, HEIGHT, BASE = 560, 180, 150


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str
    suppressed: bool


def bars_of(series: dict, value_text) -> list[Bar]:
    points = series["points"]
    if not points:
        return []
    top = max((p["value"] for p in points if p["value"] is not None), default=0) or 1
    slot = WIDTH / len(points)
    width = slot * 0.6
    bars = []
    for index, point in enumerate(points):
        value = point["value"]
        height = 0 if value is None else (BASE - 20) * max(value, 0) / top
        bars.append(
            Bar(
                x=round(index * slot + (slot - width) / 2, 1),
                y=round(BASE - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                label=point["label"],
                value_text=value_text(point),
                suppressed=point["suppressed"],
            )
        )
    return bars
