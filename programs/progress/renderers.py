"""The four formats of a report, all rendered from its one document (the
builder's plain data), so every format carries the same numbers. A figure the
anonymity engine withheld is empty and marked, in every format."""

import csv
import io
import json

from django.utils.translation import gettext as _
from django.utils.translation import override

CSV_COLUMNS = (
    "level",
    "section",
    "type",
    "key",
    "label",
    "point",
    "value",
    "goal",
    "measure",
    "status",
)
SHOWN, SUPPRESSED = "shown", "suppressed"


def number_text(value, language: str = "en") -> str:
    """How a number is written in text: integers as they are, others with at
    most two decimals (a decimal comma in Swedish); empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        text = str(int(value))
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language == "sv" else text


def flat_rows(document: dict):
    """Every number of the report as one row (CSV_COLUMNS): figures, the
    points of series, and the cells of tables."""
    for section in document["sections"]:
        head = (section["level"], section["title"])
        for f in section["figures"]:
            status = SUPPRESSED if f["suppressed"] else SHOWN
            yield (
                *head,
                "figure",
                f["key"],
                f["label"],
                "",
                f["value"],
                f["goal"],
                f["measure"],
                status,
            )
        for s in section["series"]:
            for p in s["points"]:
                status = SUPPRESSED if p["suppressed"] else SHOWN
                yield (
                    *head,
                    "series",
                    s["key"],
                    s["label"],
                    p["label"],
                    p["value"],
                    None,
                    "",
                    status,
                )
        for t in section["tables"]:
            for row in t["rows"]:
                first, *cells = row
                for column, cell in zip(t["columns"][1:], cells, strict=False):
                    numeric = cell is None or isinstance(cell, int | float)
                    status = SUPPRESSED if cell is None else SHOWN
                    yield (
                        *head,
                        "table",
                        t["key"],
                        f"{t['label']}: {first}",
                        column,
                        cell,
                        None,
                        "",
                        status if numeric else SHOWN,
                    )


def render_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def render_csv(document: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in flat_rows(document):
        writer.writerow([number_text(cell) if i in (6, 7) else cell for i, cell in enumerate(row)])
    return out.getvalue().encode("utf-8-sig")  # Excel reads åäö only with the mark


def render_xlsx(document: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Report"
    sheet.append([document["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{document['period']['start']} \u2013 {document['period']['end']}"])
    sheet.append([])
    sheet.append(list(CSV_COLUMNS))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in flat_rows(document):
        sheet.append(list(row))
    sheet.freeze_panes = "A5"
    for column, width in zip("ABCDEFGHIJ", (14, 36, 8, 30, 50, 14, 10, 10, 8, 11), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_pdf(document: dict) -> bytes:
    from spiral.programs.progress.pdf import pdf_of

    with override(document["language"]):
        return pdf_of(document)


RENDERERS = {"json": render_json, "csv": render_csv, "xlsx": render_xlsx, "pdf": render_pdf}
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def suppressed_text() -> str:
    return _("not shown (too few people)")
