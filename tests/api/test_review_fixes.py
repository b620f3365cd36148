"""Behaviour found in review: idempotency on failures and secrets, people who
left, and who may enrol by hand."""

import pytest
from django.test import Client

from spiral.api.models import IdempotencyRecord
from spiral.programs.org.models import Person
from spiral.programs.programmes.models import Enrolment
from tests.conftest import host
from tests.world import running_programme

JSON = "application/json"


def test_an_unexpected_error_releases_the_idempotency_key(world, in_tenant, monkeypatch):
    from spiral.api.org import views

    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(views.PersonViewSet, "create_service", staticmethod(broken))
    client = Client(HTTP_HOST=host(world.tenant), raise_request_exception=False)
    client.cookies = world.client("hr").cookies
    body = {"external_id": "K1", "given_name": "K", "family_name": "K"}
    response = client.post("/api/v1/people/", body, JSON, HTTP_IDEMPOTENCY_KEY="retry-me")
    assert response.status_code == 500
    with in_tenant(world.tenant):
        assert not IdempotencyRecord.objects.filter(key="retry-me").exists()


def test_a_client_secret_is_never_kept_for_replay(world, in_tenant):
    body = {"name": "BI", "scopes": ["people:read"]}
    first = world.client("hr").post("/api/v1/api-clients/", body, JSON, HTTP_IDEMPOTENCY_KEY="s1")
    assert first.status_code == 201
    with in_tenant(world.tenant):
        assert not IdempotencyRecord.objects.filter(key="s1").exists()


def test_a_person_who_left_sees_nothing(world, in_tenant):
    client = world.client("hr")
    assert len(client.get("/api/v1/people/").json()["results"]) == 6
    with in_tenant(world.tenant):
        person = Person.objects.get(pk=world.people["hr"].pk)
        person.status = Person.Status.LEFT
        person.save()
    assert client.get("/api/v1/people/").status_code == 403


@pytest.fixture
def running(world):
    return running_programme(world, owner="senior")


def test_the_owner_may_enrol_by_hand_and_others_may_not(world, in_tenant, running):
    body = {"programme": str(running.public_id), "person": str(world.people["staff"].public_id)}
    assert world.client("manager").post("/api/v1/enrolments/", body, JSON).status_code == 403
    response = world.client("senior").post("/api/v1/enrolments/", {**body, "reason": "Ny"}, JSON)
    assert response.status_code == 201 and response.json()["reason"] == "Ny"


def test_a_withdrawal_reason_stays_with_its_person(world, in_tenant, running):
    client = world.client("hr")
    with in_tenant(world.tenant):
        manager = Enrolment.objects.get(programme=running, person=world.people["manager"])
    added = client.post(
        "/api/v1/enrolments/",
        {"programme": str(running.public_id), "person": str(world.people["staff"].public_id)},
        JSON,
    ).json()
    client.post(f"/api/v1/enrolments/{added['id']}/withdraw/", {"reason": "Sjukskriven"}, JSON)
    with in_tenant(world.tenant):
        manager.refresh_from_db()
        assert manager.status == "enrolled" and manager.reason == ""


def test_no_enrolment_by_hand_outside_a_running_programme(world, in_tenant, running):
    url = f"/api/v1/programmes/{running.public_id}/"
    world.client("hr").post(f"{url}complete/")
    body = {"programme": str(running.public_id), "person": str(world.people["staff"].public_id)}
    assert world.client("hr").post("/api/v1/enrolments/", body, JSON).status_code == 409


def test_a_process_leader_previews_only_people_they_may_see(world, in_tenant):
    from spiral.programs.programmes.models import ProgrammeTemplate
    from spiral.programs.programmes.services import programme_create

    with in_tenant(world.tenant):
        programme = programme_create(
            name="Coacher", template=ProgrammeTemplate.objects.get(key="mentoring"),
            owner=world.people["hr"], process_leaders=[world.people["manager"]],
            target_roles=["coach"],
        )  # fmt: skip
    preview = world.client("manager").get(f"/api/v1/programmes/{programme.public_id}/preview/")
    assert preview.status_code == 200
    # Neither named nor counted: the coach is not the manager's to see.
    assert preview.json()["count"] == 0 and preview.json()["people"] == []
    full = world.client("hr").get(f"/api/v1/programmes/{programme.public_id}/preview/").json()
    assert full["count"] == 1 and [p["id"] for p in full["people"]] == [
        str(world.people["coach"].public_id)
    ]
