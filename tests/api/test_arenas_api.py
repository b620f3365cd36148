"""The arenas API: the flow (join, waitlist, leave, topics, votes, attendance,
ratings, results), who may do what, tenant isolation and query counts (issue 15)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from spiral.programs.arenas import meetings
from spiral.programs.arenas.models import Arena, Membership, TopicVote
from spiral.programs.arenas.services import arena_join
from spiral.programs.sessions.models import Session
from spiral.programs.sessions.services import sessions_history_record
from tests.factories import login_for
from tests.programs.arena_helpers import arena_make, people
from tests.world import build_world

JSON = "application/json"
ROLES = ["hr", "senior", "manager", "staff", "other_staff", "coach"]
ROLES += ["integration", "reader", "anonymous"]


def _url(arena, action=""):
    return f"/api/v1/arenas/{arena.public_id}/{action}"


def _client_of(world, person):
    from django.test import Client

    from tests.conftest import host

    client = Client(HTTP_HOST=host(world.tenant))
    with schema_context(world.tenant.schema_name):
        client.force_login(login_for(person))
    return client


def test_join_waitlist_leave_and_promotion_through_the_api(world):
    # Given a full arena of one seat, held by the manager
    with schema_context(world.tenant.schema_name):
        arena = arena_make(world, capacity=1)
        arena_join(arena=arena, person=world.people["manager"])
    staff = world.client("staff")
    # When staff joins, they are waitlisted with their position
    response = staff.post(_url(arena, "join/"), {}, JSON)
    assert response.status_code == 200, response.content
    assert response.json() == {"arena": str(arena.public_id), "status": "waitlisted", "position": 1}
    # and joining again changes nothing
    assert staff.post(_url(arena, "join/"), {}, JSON).json()["position"] == 1
    listed = staff.get("/api/v1/arenas/").json()["results"]
    assert [(a["my_status"], a["my_position"]) for a in listed] == [("waitlisted", 1)]
    # When the manager leaves, staff is a member
    assert world.client("manager").post(_url(arena, "leave/"), {}, JSON).json()["status"] is None
    assert staff.get(_url(arena)).json()["my_status"] == "member"
    # and the facilitator sees them among the members, nobody waiting
    coach = world.client("coach")
    members = coach.get(_url(arena, "members/")).json()
    assert [m["person"]["id"] for m in members] == [str(world.people["staff"].public_id)]
    assert coach.get(_url(arena, "waitlist/")).json() == []


def test_outside_the_audience_is_a_clear_403_and_another_tenants_arena_a_404(
    world, tenant_b, in_tenant
):
    with schema_context(world.tenant.schema_name):
        arena = arena_make(world, audience_roles=["first_line_manager"])
    # A member of staff may read the arena but not join it, and is told why
    response = world.client("staff").post(_url(arena, "join/"), {}, JSON)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["detail"] == (
        "Den här arenan är inte öppen för dig. Den är till för: första linjens chefer."
    )
    # Tenant B's arena is not found under A, for reading or joining
    world_b = build_world(tenant_b, in_tenant)
    with schema_context(tenant_b.schema_name):
        foreign = arena_make(world_b)
    for path in (_url(foreign), _url(foreign, "join/")):
        call = world.client("manager").post if path.endswith("join/") else world.client("hr").get
        response = call(path, {}, JSON) if path.endswith("join/") else call(path)
        assert response.status_code == 404, path
    assert all(
        a["id"] != str(foreign.public_id)
        for a in world.client("hr").get("/api/v1/arenas/").json()["results"]
    )
    with schema_context(tenant_b.schema_name):
        assert not Membership.objects.filter(arena=foreign).exists()


def _expected(role, allowed, ok):
    if role == "anonymous":
        return 401
    if role in {"integration", "reader"}:
        return 403  # no scope reaches arenas
    return ok if allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(world, role):
    with schema_context(world.tenant.schema_name):
        arena = arena_make(world, capacity=5, facilitator="coach")
        arena_join(arena=arena, person=world.people["manager"])
    client = world.client(role)
    runs = role in {"coach", "hr"}
    sees_members = runs or role == "manager"  # a member sees the others
    create = {
        "title": "Reflektionsforum", "kind": "reflection_forum", "capacity": 10,
        "facilitators": [str(world.people["coach"].public_id)],
    }  # fmt: skip
    expected = {
        "list": (client.get("/api/v1/arenas/"), _expected(role, True, 200)),
        "retrieve": (client.get(_url(arena)), _expected(role, True, 200)),
        "members": (client.get(_url(arena, "members/")), _expected(role, sees_members, 200)),
        "waitlist": (client.get(_url(arena, "waitlist/")), _expected(role, runs, 200)),
        "requests": (client.get(_url(arena, "requests/")), _expected(role, runs, 200)),
        "results": (client.get(_url(arena, "results/")), _expected(role, runs, 200)),
        "create": (
            client.post("/api/v1/arenas/", create, JSON), _expected(role, role == "hr", 201)
        ),
        # HR are people of the organisation too: they may join
        "join": (client.post(_url(arena, "join/"), {}, JSON), _expected(role, True, 200)),
    }  # fmt: skip
    for name, (response, status) in expected.items():
        assert response.status_code == status, (name, role, response.content)


def test_topics_votes_attendance_ratings_and_results(world):
    with schema_context(world.tenant.schema_name):
        arena = arena_make(world, capacity=10)
        members = [world.people["manager"], *people(world, 5)]
        for person in members:
            arena_join(arena=arena, person=person)
        held = list(Session.objects.filter(series=arena.series, starts_at__lt=_now()))[:2]
        sessions_history_record(attendance={s.pk: {p.pk: True for p in members} for s in held})
        coming = Session.objects.filter(series=arena.series, starts_at__gt=_now()).first()
    manager, coach = world.client("manager"), world.client("coach")
    # A member proposes a topic and votes for it, twice: one vote
    topic = manager.post(
        "/api/v1/arena-topics/", {"arena": str(arena.public_id), "title": "Schemaläggning"}, JSON
    )
    assert topic.status_code == 201, topic.content
    topic_id = topic.json()["id"]
    for _ in range(2):
        voted = manager.post(f"/api/v1/arena-topics/{topic_id}/vote/", {}, JSON).json()
    assert (voted["vote_count"], voted["voted"]) == (1, True)
    with schema_context(world.tenant.schema_name):
        assert TopicVote.objects.count() == 1
    # Staff is in no arena: the topic is not found for them
    assert world.client("staff").post(f"/api/v1/arena-topics/{topic_id}/vote/").status_code == 404
    # The facilitator takes it up in the coming session; the arena shows when
    picked = coach.post(
        f"/api/v1/arena-topics/{topic_id}/pick/", {"session": str(coming.public_id)}, JSON
    ).json()
    assert picked["session"] == str(coming.public_id) and picked["used_on"]
    # The facilitator records attendance; each member rates once
    first = held[0]
    rows = [{"person": str(p.public_id), "attended": True} for p in members]
    response = coach.post(
        f"/api/v1/arena-sessions/{first.public_id}/attendance/", {"attendance": rows}, JSON
    )
    assert response.status_code == 200, response.content
    for person in members:
        client = manager if person == world.people["manager"] else _client_of(world, person)
        rated = client.post(
            f"/api/v1/arena-sessions/{first.public_id}/rate/", {"rating": 4, "comment": "Bra"}, JSON
        )
        assert rated.status_code == 201, rated.content
    again = manager.post(f"/api/v1/arena-sessions/{first.public_id}/rate/", {"rating": 1}, JSON)
    assert again.status_code == 409
    # The ratings and results come through the anonymity engine (six people: shown)
    feedback = coach.get(f"/api/v1/arena-sessions/{first.public_id}/feedback/").json()
    assert (feedback["shown"], feedback["count"], feedback["mean"]) == (True, 6, 4.0)
    assert (
        world.client("manager")
        .get(f"/api/v1/arena-sessions/{first.public_id}/feedback/")
        .status_code
        == 403
    )
    found = coach.get(_url(arena, "results/")).json()
    assert [f["attended"] for f in found["participation"]] == [6, 6]
    assert found["mixing"]["shown"] and found["mixing"]["units"] == 2


def test_a_session_with_too_few_ratings_shows_nothing(world):
    with schema_context(world.tenant.schema_name):
        arena = arena_make(world, capacity=10)
        arena_join(arena=arena, person=world.people["manager"])
        first = Session.objects.filter(series=arena.series, starts_at__lt=_now()).first()
        sessions_history_record(attendance={first.pk: {world.people["manager"].pk: True}})
    manager, coach = world.client("manager"), world.client("coach")
    manager.post(
        f"/api/v1/arena-sessions/{first.public_id}/rate/", {"rating": 2, "comment": "Hm"}, JSON
    )
    feedback = coach.get(f"/api/v1/arena-sessions/{first.public_id}/feedback/").json()
    assert feedback == {
        "shown": False, "count": None, "mean": None, "distribution": {}, "comments": [],
        "reason": "too_few",
    }  # fmt: skip
    results = coach.get(_url(arena, "results/")).json()
    assert results["participation"][0] == {
        **results["participation"][0],
        "shown": False,
        "attended": None,
    }
    assert results["mixing"]["shown"] is False


def _now():
    from django.utils import timezone

    return timezone.now()


def test_list_queries_do_not_grow_with_rows(world):
    def count(n):
        with schema_context(world.tenant.schema_name):
            for i in range(n):
                arena = arena_make(world, title=f"Arena {i}", starts_on=None, start_time=None)
                arena_join(arena=arena, person=world.people["manager"])
        client = world.client("manager")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/arenas/?page_size=200")
        assert response.status_code == 200
        topics = client.get("/api/v1/arena-topics/")
        assert topics.status_code == 200
        return len(queries), len(response.json()["results"])

    one, rows_one = count(1)
    fifty, rows_fifty = count(49)
    assert (rows_one, rows_fifty) == (1, 50)
    assert one == fifty


def test_topic_and_session_lists_keep_their_query_count(world):
    def count(n):
        with schema_context(world.tenant.schema_name):
            arena = arena_make(world, capacity=5, title=f"Arena med {n}")
            arena_join(arena=arena, person=world.people["manager"])
            for i in range(n):
                meetings.topic_propose(arena=arena, person=world.people["manager"], title=f"T{i}")
        client = world.client("manager")
        counts = []
        for path in ("/api/v1/arena-topics/?page_size=200", "/api/v1/arena-sessions/"):
            client.get(path)  # the login's first request of the test reads more
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts.append(len(queries))
        return counts

    assert count(1) == count(50)


def test_bad_input_names_the_field_and_writes_nothing(world, tenant_b, in_tenant):
    hr = world.client("hr")
    body = {"title": "Forum", "kind": "picnic", "capacity": 0, "facilitators": []}
    response = hr.post("/api/v1/arenas/", body, JSON)
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"capacity", "facilitators"} <= fields
    body = {**body, "capacity": 5, "facilitators": [str(world.people["coach"].public_id)]}
    response = hr.post("/api/v1/arenas/", body, JSON)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["kind"]
    # A topic naming tenant B's arena is a 400 and writes nothing
    world_b = build_world(tenant_b, in_tenant)
    with schema_context(tenant_b.schema_name):
        foreign = arena_make(world_b)
    response = world.client("manager").post(
        "/api/v1/arena-topics/", {"arena": str(foreign.public_id), "title": "Smyg"}, JSON
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "arena"
    with schema_context(world.tenant.schema_name):
        assert not Arena.objects.exists()


def test_the_page_lists_the_arenas_the_api_lists(world):
    with schema_context(world.tenant.schema_name):
        open_ = arena_make(world, title="Öppen arena")
        arena_make(world, title="Bara för chefer", audience_roles=["senior_manager"])
    page = world.client("staff").get("/arenas/").content.decode()
    listed = world.client("staff").get("/api/v1/arenas/").json()["results"]
    assert [a["title"] for a in listed] == [open_.title]
    assert open_.title in page and "Bara för chefer" not in page
