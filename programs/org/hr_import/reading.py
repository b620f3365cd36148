"""Turns an uploaded file into a header and rows of text, within the limits
of spiral.programs.org.hr_import.limits."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from spiral.programs.org.hr_import.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    Deadline,
    UnreadableFileError,
    bounded_row,
    too_many_rows,
)
from spiral.programs.org.hr_import.xlsx import xlsx_rows

__all__ = ["MAX_ROWS", "UnreadableFileError", "read_table"]

XLSX_MAGIC = b"PK\x03\x04"
# The longest CSV record that can stay within the column and cell limits
# (every character a doubled quote, plus quotes and separators).
MAX_RECORD_CHARS = MAX_COLUMNS * (2 * MAX_CELL_CHARS + 3)


def read_table(data: bytes, filename: str = "") -> tuple[list[str], list[list[str]]]:
    deadline = Deadline()
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        rows = _kept_rows(xlsx_rows(data, deadline))
    else:
        rows = _kept_rows(_csv_rows(_decode(data), deadline))
    if not rows:
        raise UnreadableFileError(_("The file is empty."))
    header, body = rows[0], rows[1:]
    return [cell.strip() for cell in header], body


def _kept_rows(rows: Iterable[list[str]]) -> list[list[str]]:
    """The non-empty rows, stopping at the first one over MAX_ROWS."""
    kept = []
    for row in rows:
        if any(cell.strip() for cell in row):
            if len(kept) > MAX_ROWS:
                raise too_many_rows()
            kept.append(row)
    return kept


def _decode(data: bytes) -> str:
    """UTF-8 with or without BOM; else Windows-1252, what Swedish Excel writes
    (a superset of Latin-1 for text)."""
    if b"\x00" in data[:4096]:
        raise UnreadableFileError(_("This is not a text (CSV) file."))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _BoundedLines:
    """The lines csv.reader pulls for one record, refused once they exceed
    MAX_RECORD_CHARS: the reader builds a whole record before it returns it,
    so a line of a million separators would otherwise be a million cells."""

    def __init__(self, text: str, deadline: Deadline):
        self._lines = iter(io.StringIO(text))
        self._deadline = deadline
        self.record = 1
        self.used = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.used += len(line)
        if self.used > MAX_RECORD_CHARS:
            raise UnreadableFileError(
                _("Row %(row)d is longer than %(limit)d columns of %(chars)s characters.")
                % {"row": self.record, "limit": MAX_COLUMNS, "chars": f"{MAX_CELL_CHARS:,}"},
                limit="columns",
            )
        return line

    def next_record(self) -> None:
        self.record += 1
        self.used = 0
        if not self.record % 4096:
            self._deadline.check()


def _csv_rows(text: str, deadline: Deadline) -> Iterator[list[str]]:
    first_line = text[: MAX_RECORD_CHARS + 1].split("\n", 1)[0]
    # Swedish Excel separates with semicolons, since the comma is the decimal sign.
    delimiter = max(";,\t", key=first_line.count)
    lines = _BoundedLines(text, deadline)
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            yield bounded_row(row, lines.record)
            lines.next_record()
    except csv.Error as exc:
        raise UnreadableFileError(
            _("The CSV file could not be read: %(reason)s") % {"reason": exc}
        ) from exc
