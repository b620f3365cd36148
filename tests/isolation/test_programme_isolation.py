"""Programmes, templates and enrolments: B's are 404 on A's host, A's lists hold
only A's rows, and writes naming B's ids change nothing."""

import pytest
from django_tenants.utils import schema_context

from spiral.programs.programmes.models import Enrolment, Programme, ProgrammeTemplate
from tests.world import build_world, running_programme

JSON = "application/json"


def _running_programme(world):
    programme = running_programme(world)
    with schema_context(world.tenant.schema_name):
        return programme, Enrolment.objects.get(programme=programme)


@pytest.fixture
def worlds(tenant_a, tenant_b, in_tenant):
    a, b = build_world(tenant_a, in_tenant), build_world(tenant_b, in_tenant)
    return (a, *_running_programme(a)), (b, *_running_programme(b))


def test_b_programmes_templates_and_enrolments_are_404_on_a(worlds):
    (a, _, _), (b, b_programme, b_enrolment) = worlds
    with schema_context(b.tenant.schema_name):
        b_template = ProgrammeTemplate.objects.get(key="mentoring")
    client = a.client("hr")
    for url in (
        f"/api/v1/programmes/{b_programme.public_id}/",
        f"/api/v1/programmes/{b_programme.public_id}/preview/",
        f"/api/v1/enrolments/{b_enrolment.public_id}/",
        f"/api/v1/programme-templates/{b_template.public_id}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/api/v1/programmes/{b_programme.public_id}/complete/",
        f"/api/v1/enrolments/{b_enrolment.public_id}/withdraw/",
        f"/api/v1/programme-templates/{b_template.public_id}/copy/",
    ):
        assert client.post(url, {"reason": "x"}, JSON).status_code == 404, url
    with schema_context(b.tenant.schema_name):
        assert Programme.objects.get(pk=b_programme.pk).status == "active"
        assert Enrolment.objects.get(pk=b_enrolment.pk).status == "enrolled"


@pytest.mark.parametrize("url", ["/api/v1/programmes/", "/api/v1/enrolments/"])
def test_a_lists_hold_only_a_rows(worlds, url):
    (a, a_programme, a_enrolment), (_, b_programme, b_enrolment) = worlds
    ids = {row["id"] for row in a.client("hr").get(url).json()["results"]}
    assert ids & {str(a_programme.public_id), str(a_enrolment.public_id)}
    assert not ids & {str(b_programme.public_id), str(b_enrolment.public_id)}


def test_writes_naming_b_ids_change_nothing(worlds):
    (a, a_programme, _), (b, b_programme, _) = worlds
    client = a.client("hr")
    response = client.post(
        "/api/v1/enrolments/",
        {"programme": str(a_programme.public_id), "person": str(b.people["staff"].public_id)},
        JSON,
    )
    assert response.status_code == 400
    response = client.post(
        "/api/v1/enrolments/",
        {"programme": str(b_programme.public_id), "person": str(a.people["staff"].public_id)},
        JSON,
    )
    assert response.status_code == 400
    response = client.patch(
        f"/api/v1/programmes/{a_programme.public_id}/",
        {"target_units": [str(b.units["e1"].public_id)]},
        JSON,
    )
    assert response.status_code == 400
    with schema_context(a.tenant.schema_name):
        assert Enrolment.objects.count() == 1
        assert Programme.objects.get(pk=a_programme.pk).target_units == []


def test_b_sessions_are_404_on_a_and_a_lists_hold_only_a_sessions(tenant_a, tenant_b, in_tenant):
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    from spiral.programs.sessions.models import Session, SessionSeries
    from spiral.programs.sessions.services import series_materialise

    worlds = [build_world(tenant, in_tenant) for tenant in (tenant_a, tenant_b)]
    sessions = []
    for world in worlds:
        with schema_context(world.tenant.schema_name):
            series = SessionSeries.objects.create(
                kind="coaching_track", title="Coachning", organiser=world.people["manager"],
                starts_on=date(2027, 2, 1), start_time=time(10), rule="FREQ=WEEKLY",
            )  # fmt: skip
            until = datetime(2027, 2, 20, tzinfo=ZoneInfo("Europe/Stockholm"))
            series_materialise(series=series, until=until)
            sessions.append(Session.objects.filter(series=series).first())
    a, b = worlds
    client = a.client("hr")
    assert client.get(f"/api/v1/sessions/{sessions[1].public_id}/").status_code == 404
    assert (
        client.post(f"/api/v1/sessions/{sessions[1].public_id}/cancel/", {}, JSON).status_code
        == 404
    )
    ids = {row["id"] for row in client.get("/api/v1/sessions/").json()["results"]}
    assert str(sessions[0].public_id) in ids and str(sessions[1].public_id) not in ids
    with schema_context(b.tenant.schema_name):
        assert Session.objects.get(pk=sessions[1].pk).status == "scheduled"
