"""The first sheet of an XLSX workbook, read within the import's limits.

openpyxl (read-only) opens the workbook and converts cell values, but its own
row iteration cannot be used on an untrusted file: it pads every row to the
sheet's *declared* dimension (``A1:XFD1048576`` makes each row 16,384 cells and
fills every missing row up to 1,048,576) and builds a whole ``<row>`` element
before looking at it. Here the sheet's XML is streamed one cell at a time,
every finished element is dropped, and each limit is checked as soon as it
can be broken."""

import io
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError, iterparse

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import WorkSheetParser

from spiral.programs.org.hr_import.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_UNCOMPRESSED_BYTES,
    Deadline,
    UnreadableFileError,
    cell_too_long,
    too_large_unpacked,
    too_many_columns,
)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW_TAG, CELL_TAG = f"{_MAIN}row", f"{_MAIN}c"
# Parts inside a cell (value, formula, inline text runs): more of them than a
# cell may have characters means the cell is too long, known before it ends.
MAX_CELL_PARTS = MAX_CELL_CHARS + 8
_BROKEN = (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, ParseError, EOFError)


def xlsx_rows(data: bytes, deadline: Deadline) -> Iterator[list[str]]:
    """Yields the first sheet's rows as text (empty rows skipped, trailing
    empty cells dropped)."""
    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _BROKEN as exc:
        raise UnreadableFileError(_could_not_read()) from exc
    try:
        sheet = workbook.worksheets[0]
        parser = WorkSheetParser(
            None,
            workbook.shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        with workbook._archive.open(sheet._worksheet_path) as source:
            yield from _rows(source, parser, deadline)
    except UnreadableFileError:
        raise
    except _BROKEN as exc:
        raise UnreadableFileError(_could_not_read()) from exc
    finally:
        workbook.close()


def _could_not_read() -> str:
    return _("The XLSX file could not be read.")


def _check_unpacked_size(data: bytes) -> None:
    """From the zip's directory, before anything is unpacked. zipfile never
    unpacks more than a member's recorded size, so a lying directory cannot
    get past this either."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFileError(_could_not_read()) from exc
    total = sum(member.file_size for member in members)
    parts = (m for m in members if not m.filename.startswith("xl/worksheets/"))
    if total > MAX_XLSX_UNCOMPRESSED_BYTES or any(
        part.file_size > MAX_XLSX_PART_BYTES for part in parts
    ):
        raise too_large_unpacked()


def _rows(source, parser: WorkSheetParser, deadline: Deadline) -> Iterator[list[str]]:
    open_elements: list = []
    cells: dict[int, str] = {}
    cell_depth = cell_parts = 0
    # Expat 2.4.1 and later refuse entity expansion attacks themselves (a test
    # checks the version), and ElementTree fetches no external entities.
    events = iterparse(source, events=("start", "end"))  # noqa: S314
    for seen, (event, element) in enumerate(events):
        if not seen % 4096:
            deadline.check()
        if event == "start":
            open_elements.append(element)
            if element.tag == CELL_TAG:
                cell_depth, cell_parts = len(open_elements), 0
            elif cell_depth:
                cell_parts += 1
                if cell_parts > MAX_CELL_PARTS:
                    raise cell_too_long(parser.row_counter, _column(parser, open_elements))
            elif element.tag == ROW_TAG:
                _start_row(parser, element)
            continue
        open_elements.pop()
        if element.tag == CELL_TAG:
            cell_depth = 0
            _take_cell(parser, element, cells)
        elif element.tag == ROW_TAG and cells:
            yield _finish_row(cells)
            cells = {}
        if open_elements and not cell_depth:
            # Drops what is finished; the row's attributes were read at its start.
            open_elements[-1].clear()


def _start_row(parser: WorkSheetParser, element) -> None:
    number = element.get("r")
    parser.row_counter = int(number) if number else parser.row_counter + 1
    parser.col_counter = 0


def _take_cell(parser: WorkSheetParser, element, cells: dict[int, str]) -> None:
    cell = parser.parse_cell(element)
    text = _cell_text(cell["value"])
    if not text.strip():
        return  # a styled empty cell, as spreadsheets write far to the right
    if cell["column"] > MAX_COLUMNS:
        raise too_many_columns(parser.row_counter)
    if len(text) > MAX_CELL_CHARS:
        raise cell_too_long(parser.row_counter, cell["column"])
    cells[cell["column"]] = text


def _column(parser: WorkSheetParser, open_elements: list) -> int:
    """The column of the cell being read, before openpyxl has parsed it."""
    cell = next(element for element in open_elements if element.tag == CELL_TAG)
    reference = cell.get("r")
    return coordinate_to_tuple(reference)[1] if reference else parser.col_counter + 1


def _finish_row(cells: dict[int, str]) -> list[str]:
    return [cells.get(column, "") for column in range(1, max(cells) + 1)]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as a number comes back as 123.0
    return str(value)
