"""Tenant administrators read the audit trail through the API, filtered by
object, actor and time; nobody else can."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.test_query_counts import _queries
from tests.factories import PersonFactory

JSON = "application/json"
URL = "/api/v1/audit-events/"


def test_a_change_is_found_by_object_actor_and_time(world):
    hr, staff = world.people["hr"], world.people["staff"]
    before = timezone.now()
    response = world.client("hr").patch(
        f"/api/v1/people/{staff.public_id}/", {"title": "Undersköterska"}, JSON
    )
    assert response.status_code == 200
    client = world.client("hr")

    by_object = client.get(URL, {"object_type": "org.person", "object_id": str(staff.public_id)})
    (event,) = [e for e in by_object.json()["results"] if e["action"] == "person.updated"]
    assert event["actor_person"] == str(hr.public_id) and event["actor_client"] == ""
    assert "title" in event["changes"] and event["changes"]["title"][1] == "Undersköterska"

    by_actor = client.get(URL, {"actor_person": str(hr.public_id)}).json()["results"]
    assert event["id"] in {e["id"] for e in by_actor}
    by_other_actor = client.get(URL, {"actor_person": str(staff.public_id)}).json()["results"]
    assert event["id"] not in {e["id"] for e in by_other_actor}

    since = client.get(URL, {"since": before.isoformat()}).json()["results"]
    assert [e["id"] for e in since] == [event["id"]]  # the newest first, only what followed
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert client.get(URL, {"since": later}).json()["results"] == []
    assert client.get(URL, {"since": "igår"}).status_code == 400


def test_an_integration_change_names_its_client(world):
    staff = world.people["staff"]
    world.client("integration").patch(f"/api/v1/people/{staff.public_id}/", {"phone": "070"}, JSON)
    rows = world.client("hr").get(URL, {"object_id": str(staff.public_id)}).json()["results"]
    (event,) = [e for e in rows if e["action"] == "person.updated"]
    assert event["actor_client"] and event["actor_person"] is None


@pytest.mark.parametrize(
    "role, status",
    [("senior", 403), ("manager", 403), ("staff", 403), ("coach", 403),
     ("integration", 403), ("reader", 403), ("anonymous", 401)],
)  # fmt: skip
def test_only_tenant_administrators_read_the_trail(world, role, status):
    assert world.client(role).get(URL).status_code == status
    assert world.client("hr").get(URL).status_code == 200


def test_the_trail_keeps_its_query_count(world, in_tenant):
    client = world.client("hr")
    _queries(client, f"{URL}?page_size=100")
    few = _queries(client, f"{URL}?page_size=100")
    with in_tenant(world.tenant):
        for _ in range(50):
            PersonFactory(unit=world.units["e1"])
    assert _queries(client, f"{URL}?page_size=100") == few


def test_the_trail_pages_past_a_bulk_write_that_shares_one_moment(world, in_tenant):
    from spiral.platform.audit.services import audit_record_many
    from spiral.programs.org.models import Person

    with in_tenant(world.tenant):  # 1,100 events written by one statement, at one time
        audit_record_many(action="test.bulk", objects=[Person() for _ in range(1100)])
    client, seen = world.client("hr"), set()
    url = f"{URL}?page_size=200"
    while url:
        page = client.get(url).json()
        seen |= {row["id"] for row in page["results"] if row["action"] == "test.bulk"}
        url = page["next"]
    assert len(seen) == 1100
