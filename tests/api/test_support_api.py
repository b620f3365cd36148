"""The support-assessments API: conventions, who may do what, the engine's
guarantees as seen through it, tenant isolation and query counts (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from spiral.programs.support.models import SupportAnswer
from spiral.programs.support.services import support_answer_submit, support_round_close
from spiral.tenants.services import tenant_settings_update
from tests.factories import OrgUnitFactory, PersonFactory
from tests.programs.support_helpers import RATINGS, support_setup
from tests.world import build_world

JSON = "application/json"
ROLES = ["hr", "senior", "manager", "staff", "other_staff", "coach"]
ROLES += ["integration", "reader", "anonymous"]


def _url(support_round, action=""):
    return f"/api/v1/support-assessments/{support_round.public_id}/{action}"


def _everyone_answers(world, setup):
    with schema_context(world.tenant.schema_name):
        for person in [world.people["manager"], *_managers(setup)]:
            support_answer_submit(
                support_round=setup.round, person=person, ratings=RATINGS, need="Mer HR-stöd"
            )
        return support_round_close(support_round=setup.round)


def _managers(setup):
    return [person for people in setup.managers.values() for person in people]


def _expected(role, allowed, ok):
    if role == "anonymous":
        return 401
    if role in {"integration", "reader"}:
        return 403  # no scope reaches the support assessment
    return ok if allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(world, role):
    setup = support_setup(world)
    client = world.client(role)
    answer = {"ratings": RATINGS, "need": "Tid"}
    programme = {"programme": str(setup.programme.public_id)}
    # The round is open: results come later, and others' answers never.
    expected = {
        "list": (client.get("/api/v1/support-assessments/"), _expected(role, True, 200)),
        "retrieve": (client.get(_url(setup.round)), _expected(role, True, 200)),
        "answer put": (
            client.put(_url(setup.round, "answer/"), answer, JSON),
            _expected(role, role == "manager", 200),
        ),
        "answer get": (
            client.get(_url(setup.round, "answer/")),
            _expected(role, role == "manager", 200),
        ),
        "aggregate": (
            client.get(_url(setup.round, "aggregate/")),
            _expected(role, role == "hr", 200),
        ),
        "create": (
            client.post("/api/v1/support-assessments/", programme, JSON),
            _expected(role, role == "hr", 409),  # one round open at a time
        ),
        "close": (
            client.post(_url(setup.round, "close/"), {}, JSON),
            _expected(role, role == "hr", 200),
        ),
    }
    for name, (response, status) in expected.items():
        assert response.status_code == status, (name, role, response.content)


def test_a_manager_answers_and_sees_only_their_own(world):
    setup = support_setup(world)
    manager = world.client("manager")
    assert manager.get(_url(setup.round, "answer/")).json()["answered"] is False
    response = manager.put(_url(setup.round, "answer/"), {"ratings": RATINGS, "need": "Tid"}, JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["answered"] and body["ratings"] == RATINGS and body["need"] == "Tid"
    assert body["unit"] == str(world.units["e1"].public_id)
    listed = manager.get("/api/v1/support-assessments/").json()["results"]
    assert listed[0]["answerable"] and listed[0]["answered"]
    # HR cannot read it, not even through the answer endpoint.
    assert world.client("hr").get(_url(setup.round, "answer/")).status_code == 403


def test_bad_ratings_are_problems_naming_the_field(world):
    setup = support_setup(world)
    response = world.client("manager").put(
        _url(setup.round, "answer/"), {"ratings": {**RATINGS, "trust": 9}}, JSON
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "trust" in response.content.decode()


def test_hr_opens_and_closes_rounds(world):
    setup = support_setup(world)
    hr = world.client("hr")
    assert hr.post(_url(setup.round, "close/"), {}, JSON).json()["status"] == "closed"
    created = hr.post(
        "/api/v1/support-assessments/",
        {"programme": str(setup.programme.public_id), "closes_on": "2099-01-31"},
        JSON,
    )
    assert created.status_code == 201, created.content
    assert created.json()["sequence"] == 2 and created.json()["closes_on"] == "2099-01-31"


def test_aggregate_through_the_engine(world):
    setup = support_setup(world)
    hr = world.client("hr")
    assert hr.get(_url(setup.round, "aggregate/")).json()["available"] is False
    _everyone_answers(world, setup)
    body = hr.get(_url(setup.round, "aggregate/")).json()
    assert body["available"] and body["threshold"] == 5
    assert body["whole"]["count"] == 6 and body["whole"]["means"]["mandate"] == 5
    assert body["whole"]["needs"] == ["Mer HR-stöd"] * 6
    units = {row["unit"]: row for row in body["units"]}
    soder = units[str(world.units["e2"].public_id)]
    assert soder["published"] is False and soder["reason"] == "too_few"
    assert soder["count"] is None and soder["means"] is None and soder["needs"] == []
    assert soder["rolled_into_name"]
    for row in body["units"]:
        assert row["count"] is None or row["count"] >= 5
    text = str(body)
    for person in [world.people["manager"], *_managers(setup)]:
        assert str(person.public_id) not in text and person.family_name not in text


def test_raising_the_threshold_hides_more_at_once(world):
    setup = support_setup(world)
    _everyone_answers(world, setup)
    hr = world.client("hr")
    assert hr.get(_url(setup.round, "aggregate/")).json()["whole"]["published"]
    with schema_context(world.tenant.schema_name):
        tenant_settings_update(tenant=world.tenant, anonymity_threshold=7)
    body = hr.get(_url(setup.round, "aggregate/")).json()
    assert body["threshold"] == 7
    assert not body["whole"]["published"]
    assert not any(row["published"] for row in body["units"])


def test_tenant_b_ids_are_404_on_a_host(world, tenant_b, in_tenant):
    b = build_world(tenant_b, in_tenant)
    setup_b = support_setup(b)
    support_setup(world)
    for role in ("hr", "manager"):
        client = world.client(role)
        for action in ("", "answer/", "aggregate/"):
            assert client.get(_url(setup_b.round, action)).status_code == 404
        response = client.put(_url(setup_b.round, "answer/"), {"ratings": RATINGS}, JSON)
        assert response.status_code == 404
        ids = [r["id"] for r in client.get("/api/v1/support-assessments/").json()["results"]]
        assert str(setup_b.round.public_id) not in ids
    response = world.client("hr").post(
        "/api/v1/support-assessments/", {"programme": str(setup_b.programme.public_id)}, JSON
    )
    assert response.status_code == 400 and "programme" in response.content.decode()
    with schema_context(tenant_b.schema_name):
        assert not SupportAnswer.objects.exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def test_aggregate_query_count_is_constant_in_units_and_answers(world):
    setup = support_setup(world, extra={"e1": 4})
    closed = _everyone_answers(world, setup)
    hr = world.client("hr")
    url = _url(closed, "aggregate/")
    _queries(hr, "/api/v1/support-assessments/")  # warm the host lookup
    few = _queries(hr, url)  # the first publication of each: the ledger records it
    # Many more units and answers (in a second round, answered by many more).
    setup2 = support_setup_more(world, setup)
    _everyone_answers(world, setup2)
    many = _queries(hr, _url(setup2.round, "aggregate/"))
    assert _queries(hr, url) == _queries(hr, _url(setup2.round, "aggregate/"))  # and again
    assert many == few, f"{few} queries for few units and answers, {many} for many"


def support_setup_more(world, setup):
    """A second round of the same programme, with 20 new units and 40 more managers."""
    from types import SimpleNamespace

    from spiral.programs.programmes.enrolment import enrolments_sync
    from spiral.programs.support.services import support_round_open

    with schema_context(world.tenant.schema_name):
        managers = []
        for n in range(20):
            unit = OrgUnitFactory(name=f"Enhet {n}", parent=world.units["e2"])
            managers += [PersonFactory(unit=unit, is_first_line_manager=True) for _ in range(2)]
        enrolments_sync(programme=setup.programme)
        support_round = support_round_open(instance=setup.instance)
    return SimpleNamespace(
        round=support_round, managers={"new": [*managers, *setup.managers["e1"]]}
    )
