"""The PDF of a report (reportlab): the levels' figures as tables, and each
trend as a line chart drawn with reportlab.graphics. A withheld figure reads
as a dash with a note; a withheld month is a gap in its line, marked with *."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from spiral.programs.progress.renderers import number_text

DASH = "\u2013"
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def pdf_of(document: dict) -> bytes:
    styles = getSampleStyleSheet()
    language = document["language"]
    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=document["title"],
        lang=language,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    period = document["period"]
    story = [
        Paragraph(escape(document["title"]), styles["Title"]),
        Paragraph(escape(_("Period: %(start)s to %(end)s") % period), styles["Normal"]),
        Paragraph(
            escape(
                _("Figures of fewer than %(k)d people are not shown (a dash).")
                % {"k": document["threshold"]}
            ),
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    for level, label in document["levels"].items():
        sections = [s for s in document["sections"] if s["level"] == level]
        if not sections:
            continue
        story.append(Paragraph(escape(label), styles["Heading1"]))
        for section in sections:
            story.extend(_section(section, styles, language))
    if not document["sections"]:
        story.append(Paragraph(escape(_("Nothing to report for this period.")), styles["Normal"]))
    pdf.build(story)
    return out.getvalue()


def _cell(value, language: str) -> str:
    return DASH if value is None else number_text(value, language)


def _section(section: dict, styles, language: str) -> list:
    parts = [Paragraph(escape(section["title"]), styles["Heading2"])]
    if section["figures"]:
        rows = [[_("Figure"), _("Value"), _("Goal")]]
        for f in section["figures"]:
            value = _cell(f["value"], language) + (
                f" {f['measure']}" if f["measure"] and f["value"] is not None else ""
            )
            goal = "" if f["goal"] is None else number_text(f["goal"], language)
            rows.append([Paragraph(escape(f["label"]), styles["BodyText"]), value, goal])
        parts += [
            Table(rows, colWidths=[110 * mm, 30 * mm, 30 * mm], style=GRID),
            Spacer(1, 4 * mm),
        ]
    for series in section["series"]:
        parts += [_chart(series, language), Spacer(1, 3 * mm)]
    for table in section["tables"]:
        if not table["rows"]:
            continue
        rows = [list(table["columns"])] + [
            [_cell(c, language) if c is None or isinstance(c, int | float) else str(c) for c in row]
            for row in table["rows"]
        ]
        parts += [
            Paragraph(escape(table["label"]), styles["Heading4"]),
            Table(rows, style=GRID),
            Spacer(1, 4 * mm),
        ]
    if section["note"]:
        parts.append(Paragraph(escape(section["note"]), styles["Italic"]))
    return parts


def _chart(series: dict, language: str) -> Drawing:
    points = series["points"]
    values = [p["value"] for p in points]
    drawing = Drawing(170 * mm, 62 * mm)
    drawing.add(String(0, 58 * mm, series["label"], fontSize=9))
    chart = HorizontalLineChart()
    chart.x, chart.y = 12 * mm, 12 * mm
    chart.width, chart.height = 150 * mm, 40 * mm
    chart.data = [tuple(values)]
    chart.joinedLines = 1
    chart.lines[0].strokeColor = colors.HexColor("#1f5f8b")
    chart.lines[0].strokeWidth = 1.5
    chart.categoryAxis.categoryNames = [
        p["label"][2:] + ("*" if p["suppressed"] else "") for p in points
    ]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.dy = -6
    shown = [v for v in values if v is not None]
    chart.valueAxis.valueMin = min(0, min(shown, default=0))
    chart.valueAxis.valueMax = max(shown, default=1) * 1.15 or 1
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: number_text(round(v, 2), language)
    drawing.add(chart)
    if any(p["suppressed"] for p in points):
        drawing.add(String(12 * mm, 0, _("* not shown: too few people"), fontSize=7))
    return drawing
