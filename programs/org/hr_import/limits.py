"""What reading an uploaded table may cost, and the error that says which
limit a file broke. A spreadsheet's own description of itself (its declared
dimension, its zip directory's sizes) is checked, never trusted to size memory.
The README's HR import section lists these limits."""

import time

from django.utils.translation import gettext as _

MAX_ROWS = 200_000  # people, the header not counted
MAX_COLUMNS = 100
MAX_CELL_CHARS = 1_000
# The XLSX zip, unpacked: a 200,000-row, 10-column export is about 115 MB.
MAX_XLSX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
# Parts other than worksheets (shared strings, styles) are read whole into
# memory by openpyxl, so they get a tighter bound than the streamed sheet.
MAX_XLSX_PART_BYTES = 32 * 1024 * 1024
# About 5,000 XLSX rows of 10 columns a second on the CI machine (CSV is
# several times faster), so the largest allowed file still fits.
MAX_READ_SECONDS = 60


class UnreadableFileError(ValueError):
    """The file is not a CSV or XLSX table we can read; ``limit`` names the
    limit it broke, if that is why."""

    def __init__(self, message: str, *, limit: str | None = None):
        super().__init__(message)
        self.limit = limit


def too_many_rows() -> UnreadableFileError:
    return UnreadableFileError(
        _("At most %(limit)s rows per import.") % {"limit": f"{MAX_ROWS:,}"}, limit="rows"
    )


def too_many_columns(row: int) -> UnreadableFileError:
    return UnreadableFileError(
        _("Row %(row)d has a value beyond column %(limit)d: at most %(limit)d columns.")
        % {"row": row, "limit": MAX_COLUMNS},
        limit="columns",
    )


def cell_too_long(row: int, column: int) -> UnreadableFileError:
    return UnreadableFileError(
        _("Row %(row)d, column %(column)d: at most %(limit)s characters per cell.")
        % {"row": row, "column": column, "limit": f"{MAX_CELL_CHARS:,}"},
        limit="cell_length",
    )


def too_large_unpacked() -> UnreadableFileError:
    return UnreadableFileError(
        _(
            "The XLSX file unpacks to more than %(total)d MB"
            " (at most %(part)d MB besides the sheets)."
        )
        % {"total": MAX_XLSX_UNCOMPRESSED_BYTES >> 20, "part": MAX_XLSX_PART_BYTES >> 20},
        limit="uncompressed_size",
    )


class Deadline:
    """Reading stops after MAX_READ_SECONDS, whatever the file makes the
    parser do."""

    def __init__(self):
        self.ends = time.monotonic() + MAX_READ_SECONDS

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise UnreadableFileError(
                _("Reading the file took longer than %(limit)d seconds.")
                % {"limit": MAX_READ_SECONDS},
                limit="time",
            )


def bounded_row(row: list[str], number: int) -> list[str]:
    """The row within MAX_COLUMNS and MAX_CELL_CHARS; empty cells beyond the
    last column (as spreadsheets pad) are dropped."""
    if len(row) > MAX_COLUMNS:
        if any(cell.strip() for cell in row[MAX_COLUMNS:]):
            raise too_many_columns(number)
        row = row[:MAX_COLUMNS]
    for column, cell in enumerate(row, start=1):
        if len(cell) > MAX_CELL_CHARS:
            raise cell_too_long(number, column)
    return row
