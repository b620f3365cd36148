"""Reading an HR export never trusts what the file says about itself and stops
at the documented limits; an import's memory stays bounded."""

import io
import pyexpat
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from spiral.programs.org.hr_import import limits
from spiral.programs.org.hr_import.reading import UnreadableFileError, read_table

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Personal" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def xlsx(sheet_data: str, *, dimension="A1:XFD1048576", extra=None) -> bytes:
    """A workbook as an attacker writes it: by hand, declaring what it likes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
            f"<sheetData>{sheet_data}</sheetData></worksheet>",
        )
        for name, (size, chunk) in (extra or {}).items():
            with archive.open(name, "w") as member:  # streamed: the test holds no bomb
                for _ in range(size // len(chunk) + 1):
                    member.write(chunk)
    return buffer.getvalue()


def text_cell(reference: str, text: str) -> str:
    ref = f' r="{reference}"' if reference else ""
    return f'<c{ref} t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = '<row r="1">' + text_cell("A1", "external_id") + "</row>"
LAST_ROW_FAR_RIGHT = '<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>"
LAST_ROW = '<row r="1048576">' + text_cell("A1048576", "1001") + "</row>"
WIDE_ROW = "<row>" + text_cell("", "x") * 20_000 + "</row>"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def read_measured(data: bytes, filename="hr.xlsx"):
    """(result or error, peak bytes above what was allocated before)."""
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        try:
            result = read_table(data, filename)
        except UnreadableFileError as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()


def test_a_declared_dimension_is_not_trusted():
    (header, rows), peak = read_measured(xlsx(HEADER_ROW + LAST_ROW))
    assert header == ["external_id"] and rows == [["1001"]]
    assert peak < 30 * MB, f"{peak / MB:.1f} MB"


@pytest.mark.parametrize(
    "sheet_data", [HEADER_ROW + LAST_ROW_FAR_RIGHT, WIDE_ROW], ids=["XFD1048576", "20000-cells"]
)
def test_a_value_beyond_the_column_limit_is_refused_in_bounded_memory(sheet_data):
    error, peak = read_measured(xlsx(sheet_data))
    assert isinstance(error, UnreadableFileError) and error.limit == "columns"
    assert f"{limits.MAX_COLUMNS} columns" in str(error)
    assert peak < 30 * MB, f"{peak / MB:.1f} MB"


@pytest.mark.parametrize(
    "member, size",
    [
        ("xl/worksheets/sheet2.xml", limits.MAX_XLSX_UNCOMPRESSED_BYTES),
        ("xl/sharedStrings.xml", limits.MAX_XLSX_PART_BYTES),
    ],
    ids=["total", "part"],
)
def test_a_zip_bomb_is_refused_before_anything_is_unpacked(member, size):
    bomb = xlsx(HEADER_ROW, extra={member: (size, b" " * MB)})
    assert len(bomb) < 2 * MB  # what is uploaded is small
    error, peak = read_measured(bomb)
    assert isinstance(error, UnreadableFileError) and error.limit == "uncompressed_size"
    assert f"{limits.MAX_XLSX_UNCOMPRESSED_BYTES >> 20} MB" in str(error)
    assert peak < 30 * MB, f"{peak / MB:.1f} MB"


def test_a_long_xlsx_cell_is_refused_even_in_many_runs():
    runs = "".join("<r><t>ab</t></r>" for _ in range(limits.MAX_CELL_CHARS))
    rich = f'<row r="2"><c r="B2" t="inlineStr"><is>{runs}</is></c></row>'
    error, _ = read_measured(xlsx(HEADER_ROW + rich))
    assert error.limit == "cell_length" and "Row 2, column 2" in str(error)


@pytest.mark.parametrize(
    "data, limit",
    [
        (b"external_id;name\n1;" + b"x" * 1001 + b"\n", "cell_length"),
        (b"external_id\n" + b";" * 100 + b"x\n", "columns"),
        (b"external_id\n" + b";" * 10_000_000 + b"\n", "columns"),
        (b"external_id\n" + b"1\n" * (limits.MAX_ROWS + 1), "rows"),
    ],
    ids=["cell", "columns", "a-line-of-separators", "rows"],
)
def test_csv_has_the_same_limits(data, limit):
    error, peak = read_measured(data, filename="hr.csv")
    assert isinstance(error, UnreadableFileError) and error.limit == limit, error
    assert peak < 30 * MB + 5 * len(data), f"{peak / MB:.1f} MB"  # the decoded text, and no more


def test_the_limits_allow_trailing_empty_cells_and_the_largest_file():
    padded = b"external_id;name" + b";" * 300 + b"\n1;Anna" + b";" * 300 + b"\n"
    header, rows = read_table(padded)
    assert len(header) == limits.MAX_COLUMNS and rows[0][:2] == ["1", "Anna"]
    _, rows = read_table(b"external_id\n" + b"1\n" * limits.MAX_ROWS)
    assert len(rows) == limits.MAX_ROWS


def test_reading_stops_at_the_deadline(monkeypatch):
    monkeypatch.setattr(limits, "MAX_READ_SECONDS", -1)
    with pytest.raises(UnreadableFileError, match="seconds") as caught:
        read_table(xlsx(HEADER_ROW))
    assert caught.value.limit == "time"


def test_expat_refuses_entity_expansion_by_itself():
    # The sheet is parsed with the standard library (no defusedxml); expat
    # 2.4.1 and later limit entity amplification.
    assert pyexpat.version_info >= (2, 4, 1)


@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_api_an_unreadable_file_is_a_problem_naming_the_limit(world, dry_run):
    upload = SimpleUploadedFile("hr.xlsx", xlsx(HEADER_ROW + LAST_ROW_FAR_RIGHT))
    response = world.client("hr").post(
        "/api/v1/imports/people/", {"file": upload, "dry_run": dry_run}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["limit"] == "columns" and str(limits.MAX_COLUMNS) in body["detail"]
    assert body["title"]
