"""The climate-pulses API: who may do what, figures only through the anonymity
engine, another group's or tenant's pulse is 404, query counts (issue 17)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.climate.models import ClimateAnswer, ClimateImprovement
from spiral.programs.climate.services import (
    TOPIC_IMPROVEMENT,
    climate_answer_submit,
    climate_pulse_close,
    climate_pulse_open,
)
from tests.programs.climate_helpers import RATINGS, climate_setup
from tests.world import build_world

JSON = "application/json"
ROLES = ["hr", "senior", "manager", "staff", "other_staff", "coach"]
ROLES += ["integration", "reader", "anonymous"]
IN_GROUP = {"manager", "staff"}


def _url(pulse, action=""):
    return f"/api/v1/climate-pulses/{pulse.public_id}/{action}"


def _expected(role, *, sees, allowed, ok):
    if role == "anonymous":
        return 401
    if role in {"integration", "reader"}:
        return 403  # no scope reaches the climate pulse
    if not sees:
        return 404
    return ok if allowed else 403


def _answer(world, setup, people):
    with schema_context(world.tenant.schema_name):
        for person in people:
            climate_answer_submit(pulse=setup.pulse, person=person, ratings=RATINGS)


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(world, role):
    setup = climate_setup(world)
    client = world.client(role)
    sees = role in IN_GROUP | {"hr"}
    improvement = {"aspects": ["listening"], "activity": "En lyssnarrunda varje möte"}
    expected = {
        "list": (
            client.get("/api/v1/climate-pulses/"),
            _expected(role, sees=True, allowed=True, ok=200),
        ),
        "retrieve": (
            client.get(_url(setup.pulse)), _expected(role, sees=sees, allowed=True, ok=200)
        ),
        "answer": (
            client.post(_url(setup.pulse, "answer/"), {"ratings": RATINGS}, JSON),
            _expected(role, sees=sees, allowed=role in IN_GROUP, ok=200),
        ),
        "results": (
            client.get(_url(setup.pulse, "results/")),
            _expected(role, sees=sees, allowed=True, ok=200),
        ),
        "trend": (
            client.get(_url(setup.pulse, "trend/")),
            _expected(role, sees=sees, allowed=True, ok=200),
        ),
        "improvement": (
            client.post(_url(setup.pulse, "improvement/"), improvement, JSON),
            _expected(role, sees=sees, allowed=role == "manager", ok=201),
        ),
    }  # fmt: skip
    for name, (response, status) in expected.items():
        assert response.status_code == status, (name, role, response.content)


def test_a_member_answers_once_and_never_sees_it_back(world):
    setup = climate_setup(world)
    staff = world.client("staff")
    assert staff.get(_url(setup.pulse, "answer/")).json() == {"answered": False}
    response = staff.post(_url(setup.pulse, "answer/"), {"ratings": RATINGS}, JSON)
    assert response.status_code == 200 and response.json() == {"answered": True}
    listed = staff.get("/api/v1/climate-pulses/").json()["results"]
    assert listed[0]["answered"] and listed[0]["answerable"]
    again = staff.post(_url(setup.pulse, "answer/"), {"ratings": RATINGS}, JSON)
    assert again.status_code == 409
    with schema_context(world.tenant.schema_name):
        assert ClimateAnswer.objects.count() == 1


def test_bad_ratings_are_problems_naming_the_field(world):
    setup = climate_setup(world)
    response = world.client("staff").post(
        _url(setup.pulse, "answer/"), {"ratings": {**RATINGS, "listening": 9}}, JSON
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "listening" in response.content.decode()


def test_results_and_trend_are_suppressed_below_the_threshold(world):
    # Given four of six members have answered (the threshold is 5)
    setup = climate_setup(world)
    _answer(world, setup, setup.members[:4])
    for role in ("staff", "manager", "hr"):
        body = world.client(role).get(_url(setup.pulse, "results/")).json()
        assert body["published"] is False and body["reason"] == "too_few"
        assert body["means"] is None and body["count"] is None and body["threshold"] == 5
        trend = world.client(role).get(_url(setup.pulse, "trend/")).json()
        assert [p["means"] for p in trend["pulses"]] == [None]
    # When the fifth answers, the figures appear everywhere
    _answer(world, setup, setup.members[4:5])
    body = world.client("staff").get(_url(setup.pulse, "results/")).json()
    assert body["published"] and body["count"] == 5 and body["means"]["trust_management"] == 2
    trend = world.client("manager").get(_url(setup.pulse, "trend/")).json()
    assert trend["pulses"][0]["means"]["listening"] == 4


def test_the_leader_records_the_choice_and_it_is_published(world):
    setup = climate_setup(world)
    leader = world.client("manager")
    assert leader.get(_url(setup.pulse, "improvement/")).status_code == 204
    body = {
        "aspects": ["listening", "sharing"], "activity": "Alla talar klart innan nästa tar vid",
        "owner": str(world.people["staff"].public_id), "due": "2099-06-30",
    }  # fmt: skip
    response = leader.post(_url(setup.pulse, "improvement/"), body, JSON)
    assert response.status_code == 201, response.content
    assert response.json()["owner"] == str(world.people["staff"].public_id)
    assert leader.post(_url(setup.pulse, "improvement/"), body, JSON).status_code == 409
    shown = world.client("staff").get(_url(setup.pulse, "improvement/")).json()
    assert shown["activity"] == body["activity"] and shown["aspects"] == body["aspects"]
    with schema_context(world.tenant.schema_name):
        assert OutboxMessage.objects.filter(topic=TOPIC_IMPROVEMENT).count() == 1
    bad = leader.post(_url(setup.pulse, "improvement/"), {"aspects": ["weather"]}, JSON)
    assert bad.status_code == 400 and "aspects" in bad.content.decode()


def test_another_groups_and_another_tenants_pulses_are_404(world, tenant_b, in_tenant):
    b = build_world(tenant_b, in_tenant)
    setup_b = climate_setup(b)
    climate_setup(world)
    for role in ("hr", "manager", "staff"):
        client = world.client(role)
        for action in ("", "answer/", "results/", "trend/", "improvement/"):
            assert client.get(_url(setup_b.pulse, action)).status_code == 404
        response = client.post(_url(setup_b.pulse, "answer/"), {"ratings": RATINGS}, JSON)
        assert response.status_code == 404
        ids = [r["id"] for r in client.get("/api/v1/climate-pulses/").json()["results"]]
        assert str(setup_b.pulse.public_id) not in ids and len(ids) == 1
    # A person of tenant A named as owner is unknown in tenant B's pulse, and vice versa.
    body = {"aspects": ["listening"], "activity": "X", "owner": str(b.people["staff"].public_id)}
    response = world.client("manager").post(
        f"/api/v1/climate-pulses/{world_pulse(world).public_id}/improvement/", body, JSON
    )
    assert response.status_code == 400 and "owner" in response.content.decode()
    with schema_context(tenant_b.schema_name):
        assert not ClimateAnswer.objects.exists() and not ClimateImprovement.objects.exists()


def world_pulse(world):
    from spiral.programs.climate.models import ClimatePulse

    with schema_context(world.tenant.schema_name):
        return ClimatePulse.objects.get(status="open")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def test_list_and_results_query_counts_do_not_grow(world):
    setup = climate_setup(world)
    staff = world.client("staff")
    _queries(staff, "/api/v1/climate-pulses/")  # warm the host lookup
    one = _queries(staff, "/api/v1/climate-pulses/")
    _answer(world, setup, setup.members[:5])
    few = _queries(staff, _url(setup.pulse, "results/"))
    with schema_context(world.tenant.schema_name):
        climate_pulse_close(pulse=setup.pulse)
        for _ in range(12):
            climate_pulse_close(pulse=climate_pulse_open(instance=setup.instance))
        last = climate_pulse_open(instance=setup.instance)
    setup.pulse = last
    _answer(world, setup, setup.members)
    assert _queries(staff, "/api/v1/climate-pulses/") == one
    many = _queries(staff, _url(last, "results/"))
    # Both the first publication of their pulse (the ledger records it): the same count.
    assert many == few, f"{few} queries for five answers, {many} for six"
    assert _queries(staff, _url(last, "results/")) < many  # then nothing new to record
