"""Turns an uploaded file into a header and rows of text."""

import csv
import io
import zipfile

from openpyxl import load_workbook

XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = 200_000


class UnreadableFileError(ValueError):
    """The file is not a CSV or XLSX table we can read."""


def read_table(data: bytes, filename: str = "") -> tuple[list[str], list[list[str]]]:
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(_decode(data))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise UnreadableFileError("The file is empty.")
    if len(rows) > MAX_ROWS + 1:
        raise UnreadableFileError(f"At most {MAX_ROWS} rows per import.")
    header, body = rows[0], rows[1:]
    return [cell.strip() for cell in header], body


def _decode(data: bytes) -> str:
    """UTF-8 with or without BOM; else Windows-1252, what Swedish Excel writes
    (a superset of Latin-1 for text)."""
    if b"\x00" in data[:4096]:
        raise UnreadableFileError("This is not a text (CSV) file.")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    # Swedish Excel separates with semicolons, since the comma is the decimal sign.
    delimiter = max(";,\t", key=first_line.count)
    try:
        return [
            [cell for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise UnreadableFileError(f"The CSV file could not be read: {exc}") from exc


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFileError("The XLSX file could not be read.") from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as a number comes back as 123.0
    return str(value)
