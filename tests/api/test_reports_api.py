"""The reports API: 202 and a status URL, status, downloads of every format;
KPIs by API and upload; who may do what; tenant isolation."""

import io

import pytest
from django_tenants.utils import schema_context
from openpyxl import Workbook

from spiral.programs.progress.models import KpiValue, Report
from spiral.programs.progress.services import report_produce
from tests.programs.progress_world import END, START, progress_world
from tests.world import build_world


@pytest.fixture
def setup(world):
    return progress_world(world)


def _ask(client, programme=None, **extra):
    body = {"period_start": str(START), "period_end": str(END), **extra}
    if programme is not None:
        body["programme"] = str(programme.public_id)
    return client.post("/api/v1/reports/", body, content_type="application/json")


def test_asking_answers_202_with_a_status_url_then_the_files(world, setup):
    # Given HR, when they ask for the programme's report
    response = _ask(world.client("hr"), setup.programme)
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["downloads"] == {}
    assert response["Location"] == body["status_url"]
    status_path = body["status_url"].split("testserver")[-1].split(".localhost")[-1]
    status_path = status_path[status_path.index("/api/") :]
    # and a worker produces it
    with schema_context(world.tenant.schema_name):
        report_produce(report_id=Report.objects.get(public_id=body["id"]).pk)
    # then the status says ready, with one link per format
    ready = world.client("hr").get(status_path).json()
    assert ready["status"] == "ready"
    assert set(ready["downloads"]) == {"json", "csv", "xlsx", "pdf"}
    for name, link in ready["downloads"].items():
        got = world.client("hr").get(link[link.index("/api/") :])
        assert got.status_code == 200, name
        assert len(got.content) > 100
    assert world.client("hr").get(status_path + "files/pdf/").content.startswith(b"%PDF")


def test_a_download_before_ready_is_404(world, setup):
    body = _ask(world.client("hr"), setup.programme).json()
    assert world.client("hr").get(f"/api/v1/reports/{body['id']}/files/json/").status_code == 404


def test_who_may_ask_for_which_report(world, setup):
    # HR: any; the senior manager (top management): the tenant view only;
    # staff and integrations: none
    response = _ask(world.client("hr"))
    assert response.status_code == 202, response.content
    assert _ask(world.client("senior")).status_code == 202
    # a programme they cannot see is a 400 naming it, as any reference is
    assert _ask(world.client("senior"), setup.programme).status_code == 400
    assert _ask(world.client("staff")).status_code == 403
    assert _ask(world.client("manager"), setup.programme).status_code == 403
    assert _ask(world.client("integration")).status_code == 403
    # bad input names the field
    bad = _ask(world.client("hr"), period_end="2026-01-01")
    assert bad.status_code == 400 and "period_end" in bad.content.decode()


def test_who_sees_which_report(world, setup):
    mine = _ask(world.client("hr"), setup.programme).json()["id"]
    tenant_view = _ask(world.client("senior")).json()["id"]

    def listed(role):
        return {r["id"] for r in world.client(role).get("/api/v1/reports/").json()["results"]}

    assert listed("hr") >= {mine, tenant_view}
    assert listed("senior") == {tenant_view}
    assert world.client("staff").get("/api/v1/reports/").status_code == 403
    assert world.client("senior").get(f"/api/v1/reports/{mine}/").status_code == 404


def test_reports_of_another_tenant_are_404(world, setup, tenant_b, in_tenant):
    report = _ask(world.client("hr"), setup.programme).json()["id"]
    other = build_world(tenant_b, in_tenant)
    assert other.client("hr").get(f"/api/v1/reports/{report}/").status_code == 404
    assert other.client("hr").get(f"/api/v1/reports/{report}/files/json/").status_code == 404
    assert other.client("hr").post(f"/api/v1/reports/{report}/retry/").status_code == 404
    assert other.client("hr").get("/api/v1/reports/").json()["results"] == []
    # a programme of tenant A named in B is a 400, and nothing is written
    response = _ask(other.client("hr"), setup.programme)
    assert response.status_code == 400 and "programme" in response.content.decode()


def test_kpis_by_api_and_by_upload(world, setup):
    unit = str(world.units["e1"].public_id)
    body = {
        "kpi": "turnover",
        "kpi_name": "Personalomsättning",
        "unit": unit,
        "period": "2027-03-15",
        "value": "12.5",
        "goal": "10",
    }
    response = world.client("integration").post(
        "/api/v1/kpi-values/", body, content_type="application/json"
    )
    assert response.status_code == 403  # the world's integration has no kpis scope
    response = world.client("hr").post("/api/v1/kpi-values/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["period"] == "2027-03-01"
    assert (
        world.client("staff")
        .post("/api/v1/kpi-values/", body, content_type="application/json")
        .status_code
        == 403
    )
    # an XLSX upload, all rows or none
    book = Workbook()
    sheet = book.active
    sheet.append(["kpi", "unit", "period", "value", "goal"])
    sheet.append(["engagement", world.units["e1"].external_id, "2027-03", 71, 75])
    sheet.append(["engagement", world.units["e2"].external_id, "2027-03", 78, 75])
    out = io.BytesIO()
    book.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "kpi.xlsx"
    response = world.client("hr").post("/api/v1/kpi-values/upload/", {"file": upload})
    assert response.status_code == 200, response.content
    assert response.json() == {"rows": 2, "kpis": 1}
    bad = io.BytesIO(b"kpi;unit;period;value\nengagement;NO-SUCH-UNIT;2027-03;5\n")
    bad.name = "kpi.csv"
    response = world.client("hr").post("/api/v1/kpi-values/upload/", {"file": bad})
    assert response.status_code == 400 and "Rad 2" in response.content.decode()
    with schema_context(world.tenant.schema_name):
        assert KpiValue.objects.filter(kpi__key="engagement").count() == 2


def test_milestones_and_next_steps_on_the_timeline(world, setup):
    programme = str(setup.programme.public_id)
    body = {"programme": programme, "title": "Slutseminarium", "due_on": "2027-02-25"}
    assert (
        world.client("hr")
        .post("/api/v1/milestones/", body, content_type="application/json")
        .status_code
        == 201
    )
    assert world.client("staff").post(
        "/api/v1/milestones/", body, content_type="application/json"
    ).status_code in (400, 403)
    listed = world.client("hr").get("/api/v1/milestones/").json()["results"]
    assert {m["title"] for m in listed} == {"Kickoff", "Halvtid", "Slutseminarium"}
    step = {
        "programme": programme,
        "what": "Utvärdera",
        "due_on": "2027-02-27",
        "who": str(world.people["senior"].public_id),
    }
    response = world.client("hr").post("/api/v1/next-steps/", step, content_type="application/json")
    assert response.status_code == 201, response.content
    done = world.client("hr").patch(
        f"/api/v1/next-steps/{response.json()['id']}/",
        {"done_on": "2027-02-26"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["done_on"] == "2027-02-26"


def test_an_hr_system_with_the_kpis_scope_pushes_kpis_and_reaches_nothing_else(world, setup):
    from tests.world import integration_client

    with schema_context(world.tenant.schema_name):
        hr_system = integration_client(world.tenant, ["kpis:read", "kpis:write"])
    body = {
        "kpi": "sick-leave",
        "unit": str(world.units["e2"].public_id),
        "period": "2027-03-01",
        "value": "4.2",
        "goal": "5",
    }
    response = hr_system.post("/api/v1/kpi-values/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "api"
    again = hr_system.post(
        "/api/v1/kpi-values/", {**body, "value": "4.0"}, content_type="application/json"
    )
    assert again.status_code == 201 and again.json()["id"] == response.json()["id"]  # replaced
    assert hr_system.get("/api/v1/kpi-values/").status_code == 200
    assert hr_system.get("/api/v1/reports/").status_code == 403
    assert hr_system.get("/api/v1/milestones/").status_code == 403
