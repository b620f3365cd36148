import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from spiral.programs.org.hr_import.reading import UnreadableFileError
from spiral.programs.org.hr_import.service import people_import
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.org.selectors import unit_subtree

HEADER = (
    "Anställnings-ID;Förnamn;Efternamn;E-post;Befattning;"
    "Enhets-ID;Enhet;Överordnad enhet-ID;Chef för enheten;Roller"
)
ROWS = [
    "1001;Åsa;Öberg;asa.oberg@boras.se;Förvaltningschef;F1;Vård och omsorg;;ja;överordnad chef",
    "1002;Björn;Ärlig;bjorn@boras.se;Enhetschef;E1;Hemtjänst Norr;F1;ja;"
    "första linjens chef, mentor",
    "1003;Cecilia;Lund;cecilia@boras.se;Undersköterska;E1;Hemtjänst Norr;F1;nej;",
    "1004;David;Ek;david@boras.se;Sjuksköterska;E2;Hemsjukvård;F1;;",
]


def csv_bytes(rows=ROWS, header=HEADER, encoding="utf-8-sig") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def run(data: bytes, *, full=False, dry_run=False, filename="hr.csv"):
    return people_import(data=data, filename=filename, full=full, dry_run=dry_run)


@pytest.fixture
def in_a(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        yield


def test_dry_run_reports_and_writes_nothing(in_a):
    report = run(csv_bytes(), dry_run=True)
    assert (report.rows, report.created, report.units_created) == (4, 4, 3)
    assert report.errors == [] and not report.committed
    assert not Person.objects.exists() and not OrgUnit.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252", "latin-1"])
def test_commit_creates_units_people_parents_and_managers(in_a, encoding):
    report = run(csv_bytes(encoding=encoding))
    assert report.committed and report.created == 4
    asa = Person.objects.get(external_id="1001")
    assert (asa.given_name, asa.family_name, asa.is_senior_manager) == ("Åsa", "Öberg", True)
    bjorn = Person.objects.get(external_id="1002")
    assert bjorn.is_first_line_manager and bjorn.is_mentor and not bjorn.is_hr
    north = OrgUnit.objects.get(external_id="E1")
    assert north.parent.external_id == "F1" and north.manager == bjorn
    assert north.depth == 1 and north.path.startswith(north.parent.path)
    assert OrgUnit.objects.get(external_id="F1").manager == asa
    assert set(unit_subtree(unit=north.parent).values_list("external_id", flat=True)) == {
        "F1",
        "E1",
        "E2",
    }


def test_xlsx_export_is_read(in_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append([1001, "Åsa", "Öberg", "asa@boras.se", "Chef", "F1", "Vård", None, "ja", ""])
    sheet.append([1002, "Björn", "Ärlig", "", "", "E1", "Norr", "F1", "", "mentor"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue(), filename="personal.xlsx")
    assert report.errors == [] and report.created == 2
    assert Person.objects.get(external_id="1001").email == "asa@boras.se"  # 1001.0 -> "1001"


def test_comma_separated_english_headers(in_a):
    data = b"external_id,given_name,family_name,unit_id\nA1,Anna,Berg,U1\n"
    report = run(data)
    assert report.created == 1 and report.units_created == 1


def test_upsert_by_external_id_and_full_import_marks_missing_people_leaving(in_a):
    run(csv_bytes())
    changed = [row.replace("Sjuksköterska", "Distriktssköterska") for row in ROWS[:3] + ROWS[3:]]
    report = run(csv_bytes(changed[:1] + changed[2:]), full=True)  # 1002 is gone
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert report.marked_leaving == 1 and report.marked_leaving_ids == ["1002"]
    assert Person.objects.get(external_id="1004").title == "Distriktssköterska"
    gone = Person.objects.get(external_id="1002")  # never deleted
    assert gone.status == Person.Status.LEAVING
    # a partial import never marks anyone leaving
    assert run(csv_bytes(ROWS[:1])).marked_leaving == 0


def test_moving_a_unit_moves_its_subtree(in_a):
    rows = [*ROWS, "1005;Eva;Al;eva@boras.se;;G1;Grupp;E2;;"]
    run(csv_bytes(rows))
    moved = [row.replace(";E2;Hemsjukvård;F1;", ";E2;Hemsjukvård;E1;") for row in rows]
    report = run(csv_bytes(moved))
    assert report.units_updated == 2  # E2 and, below it, G1
    e1, e2, g1 = (OrgUnit.objects.get(external_id=x) for x in ("E1", "E2", "G1"))
    assert e2.parent == e1 and e2.depth == 2 and g1.depth == 3
    assert g1.path.startswith(e2.path) and e2.path.startswith(e1.path)


@pytest.mark.parametrize(
    "rows, header, row, column",
    [
        (["1;A;B;a@x.se;;X1;N;X2;;", "2;C;D;c@x.se;;X2;S;X1;;"], HEADER, 4, "Överordnad enhet-ID"),
        (["1;A;B;a@x.se;;X1;N;;;", "1;C;D;c@x.se;;X1;N;;;"], HEADER, 5, "Anställnings-ID"),
        (["1;A;B;a@x.se;;X1;N;X9;;"], HEADER, 4, "Överordnad enhet-ID"),
        (["1;A;B;inte-epost;;X1;N;;;"], HEADER, 4, "E-post"),
        (["1;A;B;a@x.se;;X1;N;;kanske;"], HEADER, 4, "Chef för enheten"),
        (["1;A;B;a@x.se;;X1;N;;;kung"], HEADER, 4, "Roller"),
        (["1;;B;a@x.se;;X1;N;;;"], HEADER, 4, "Förnamn"),
        (["1;A;B;a@x.se"], "Anställnings-ID;Förnamn;Efternamn;E-post", 1, "Enhets-ID"),
    ],
    ids=[
        "cycle",
        "duplicate-id",
        "unknown-parent",
        "email",
        "yes-no",
        "role",
        "required",
        "column",
    ],
)
def test_bad_rows_are_rejected_with_row_and_reason_and_nothing_is_written(
    in_a, rows, header, row, column
):
    run(csv_bytes())  # an existing organisation that must stay as it is
    before = list(Person.objects.values_list("external_id", "title", "status", "unit_id"))
    report = run(
        csv_bytes(ROWS[:2] + rows, header=header) if header == HEADER else csv_bytes(rows, header)
    )
    assert not report.committed
    assert any(e.row == row and e.column == column and e.reason for e in report.errors), (
        report.errors
    )
    assert list(Person.objects.values_list("external_id", "title", "status", "unit_id")) == before


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary", b"PK\x03\x04 not really a workbook"])
def test_an_unreadable_file_is_rejected_and_nothing_is_written(in_a, data):
    with pytest.raises(UnreadableFileError):
        run(data, filename="x.xlsx" if data.startswith(b"PK") else "x.csv")
    assert not Person.objects.exists() and not OrgUnit.objects.exists()


def _upload(data: bytes, name="hr.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_api_dry_run_then_commit(world, in_tenant):
    client = world.client("hr")
    dry = client.post("/api/v1/imports/people/", {"file": _upload(csv_bytes())})
    assert dry.status_code == 200 and dry.json()["created"] == 4 and not dry.json()["committed"]
    done = client.post(
        "/api/v1/imports/people/", {"file": _upload(csv_bytes()), "dry_run": "false"}
    )
    assert done.status_code == 200 and done.json()["committed"]
    with in_tenant(world.tenant):
        assert Person.objects.filter(external_id__in=["1001", "1004"]).count() == 2


def test_api_commit_with_errors_is_a_problem_and_writes_nothing(world, in_tenant):
    bad = csv_bytes([*ROWS, "1001;Dubbel;Person;;;E1;Hemtjänst Norr;F1;;"])
    response = world.client("integration").post(
        "/api/v1/imports/people/", {"file": _upload(bad), "dry_run": "false"}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"row": 6, "column": "Anställnings-ID", "reason": "Finns också på rad 2."}
    ]
    with in_tenant(world.tenant):
        assert not Person.objects.filter(external_id="1001").exists()


def test_cli_import(tmp_path: Path, subprocess_env, tenant_a):
    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes())
    spiral = shutil.which("spiral", path=str(Path(sys.executable).parent))
    result = subprocess.run(
        [spiral, "import", "people", str(path), "--tenant", "alfa"],
        capture_output=True, text=True, env=subprocess_env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"created": 4' in result.stdout and '"committed": false' in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"name\nx\n")
    result = subprocess.run(
        [spiral, "import", "people", str(bad), "--tenant", "alfa", "--commit"],
        capture_output=True, text=True, env=subprocess_env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode != 0 and "nothing was written" in result.stderr


def test_a_manager_the_file_no_longer_names_loses_the_unit(in_a):
    run(csv_bytes())
    assert OrgUnit.objects.get(external_id="E1").manager.external_id == "1002"
    demoted = [row.replace(";F1;ja;första", ";F1;nej;första") for row in ROWS]
    run(csv_bytes(demoted))
    assert OrgUnit.objects.get(external_id="E1").manager is None
    assert OrgUnit.objects.get(external_id="F1").manager.external_id == "1001"


def test_errors_name_the_columns_as_the_file_writes_them_and_come_all_at_once(in_a):
    """A missing column does not hide the rows' errors: one report has them all."""
    header = "Anställnings-ID;Förnamn;Efternamn;E-post"  # no Enhets-ID
    rows = ["1;A;Berg;a@x.se", "1;C;;inte-epost"]
    report = run(csv_bytes(rows, header), dry_run=True)
    found = {(e.row, e.column) for e in report.errors}
    assert found == {(1, "Enhets-ID"), (3, "Anställnings-ID"), (3, "Efternamn"), (3, "E-post")}
    # A file written with the documented English names hears them back
    english = run(csv_bytes(["1;A;B"], "external_id;given_name;family_name"), dry_run=True)
    assert [(e.row, e.column) for e in english.errors] == [(1, "unit_id")]


def test_two_headers_for_one_column_are_named_both(in_a):
    report = run(
        csv_bytes(["1;A;B;E1;E1"], "Anställnings-ID;Förnamn;Efternamn;Enhets-ID;Enhetskod")
    )
    assert report.errors[0].column == "Enhetskod" and "Enhets-ID" in report.errors[0].reason


def test_import_writes_work_groups_and_management_groups(in_a):
    from spiral.platform.audit.models import AuditEvent
    from spiral.programs.org.models import ManagementGroup, WorkGroup

    rows = [*ROWS, "1005;Eva;Al;eva@boras.se;Enhetschef;E2;Hemsjukvård;F1;ja;chef"]
    report = run(csv_bytes(rows))
    assert (report.work_groups_created, report.management_groups_created) == (3, 1)
    north = WorkGroup.objects.get(unit__external_id="E1")
    assert north.name == "Hemtjänst Norr" and north.leader.external_id == "1002"
    assert [p.external_id for p in north.members.all()] == ["1003"]
    board = ManagementGroup.objects.get()
    assert board.chair.external_id == "1001" and board.unit.external_id == "F1"
    assert sorted(board.members.values_list("external_id", flat=True)) == ["1002", "1005"]
    assert AuditEvent.objects.filter(action="work_group.created").count() == 3
    assert AuditEvent.objects.filter(action="management_group.created").count() == 1
    # Again: nothing changes; moving a person moves their membership
    again = run(csv_bytes(rows))
    assert (again.work_groups_created, again.work_groups_updated) == (0, 0)
    moved = [row.replace("1003;Cecilia;Lund;cecilia@boras.se;Undersköterska;E1;Hemtjänst Norr",
                         "1003;Cecilia;Lund;cecilia@boras.se;Undersköterska;E2;Hemsjukvård")
             for row in rows]  # fmt: skip
    assert run(csv_bytes(moved)).work_groups_updated == 2
    assert not north.members.exists()
    south = WorkGroup.objects.get(unit__external_id="E2")
    assert sorted(south.members.values_list("external_id", flat=True)) == ["1003", "1004"]


def test_group_columns_name_groups_or_turn_them_off(in_a):
    from spiral.programs.org.models import ManagementGroup, WorkGroup

    header = HEADER + ";Arbetsgrupp;Ledningsgrupp"
    rows = [
        ROWS[0] + ";nej;Förvaltningens ledning",
        ROWS[1] + ";Team Norr;",
        ROWS[2] + ";;",
        ROWS[3] + ";;",
    ]
    report = run(csv_bytes(rows, header))
    assert report.errors == [] and report.work_groups_created == 1
    assert list(WorkGroup.objects.values_list("name", flat=True)) == ["Team Norr"]
    assert ManagementGroup.objects.get().name == "Förvaltningens ledning"
    clash = [*rows[:3], "1006;F;G;f@x.se;;E1;Hemtjänst Norr;F1;;;Team Syd;"]
    errors = run(csv_bytes(clash, header)).errors
    assert [(e.row, e.column) for e in errors] == [(5, "Arbetsgrupp")]
