"""The feedback API (issue 14): the flow, who may do what (a matrix over every
endpoint), what each reader sees (no confidential giver through any path),
tenant isolation and constant query counts on the lists."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spiral.platform.audit.models import AuditEvent
from spiral.programs.feedback import services
from tests.feedback_world import feedback_world, give_all, open_round
from tests.world import build_world

JSON = "application/json"


@pytest.fixture
def fw(world, in_tenant):
    return feedback_world(world, in_tenant)


def _deadline() -> str:
    return (timezone.now() + timedelta(days=7)).isoformat()


def test_a_chair_runs_a_confidential_round_through_the_api(world, in_tenant, fw):
    chair, member, *others = fw.people
    client = fw.client(chair)
    response = client.post(
        "/api/v1/feedback-rounds/",
        {"group": str(fw.group.public_id), "title": "Höst", "deadline": _deadline(),
         "mode": "confidential"},
        JSON,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    round_id = response.json()["id"]
    url = f"/api/v1/feedback-rounds/{round_id}/"
    opened = client.post(f"{url}open/", {}, JSON).json()
    assert opened["status"] == "open" and len(opened["participants"]) == 5
    assert opened["principles"][0] == "Vi litar på varandra"
    goal = opened["goals"][0]["id"]
    # A member gives feedback, changes it, and lists what they gave.
    give = fw.client(member).post(
        "/api/v1/feedback/",
        {"round": round_id, "receiver": str(chair.public_id), "principles": [0, 1],
         "goals": [goal], "works": "Tydlig", "develop": "Delegera", "ratings": {"1": 4}},
        JSON,
    )  # fmt: skip
    assert give.status_code == 201, give.content
    item = give.json()["id"]
    edit = fw.client(member).patch(f"/api/v1/feedback/{item}/", {"works": "Mycket tydlig"}, JSON)
    assert edit.status_code == 200 and edit.json()["works"] == "Mycket tydlig"
    listed = fw.client(member).get("/api/v1/feedback/").json()["results"]
    assert [row["id"] for row in listed] == [item]
    # Errors name their field.
    bad = fw.client(member).post(
        "/api/v1/feedback/",
        {"round": round_id, "receiver": str(others[0].public_id), "works": "x"}, JSON,
    )  # fmt: skip
    assert bad.status_code in (400, 422) and "principles" in bad.content.decode()
    # The chair follows completion and nudges.
    # Confidential: only whether each has finished, never how many each gave to.
    completion = client.get(f"{url}completion/").json()
    row = {row["person"]: row for row in completion}[str(member.public_id)]
    assert row["given"] is None and row["expected"] is None and row["complete"] is False
    assert client.post(f"{url}nudge/", {}, JSON).json() == {"nudged": 5}
    with in_tenant(world.tenant):
        from spiral.programs.feedback.models import FeedbackRound

        round = FeedbackRound.objects.get(public_id=round_id)
        give_all(fw, round, skip={(member, chair)})
    open_reciprocity = client.get(f"{url}reciprocity/").json()
    assert open_reciprocity["shown"] is False and open_reciprocity["share"] is None
    assert client.post(f"{url}close/", {}, JSON).json()["status"] == "closed"
    reciprocity = client.get(f"{url}reciprocity/").json()
    assert reciprocity["shown"] is True and reciprocity["share"] == 1.0
    edit = fw.client(member).patch(f"/api/v1/feedback/{item}/", {"works": "Sent"}, JSON)
    assert edit.status_code in (400, 422) and "round" in edit.content.decode()
    # The receiver reads without givers; the chair's themes are aggregates.
    received = client.get(f"/api/v1/feedback/received/?round={round_id}").json()
    assert len(received) == 4
    assert all(row["giver"] is None and row["giver_name"] == "" for row in received)
    text = str(received)
    assert all(str(p.public_id) not in text for p in fw.people)
    themes = client.get(f"{url}themes/").json()
    assert themes[0]["shown"] and themes[0]["references"] >= 4


def test_nobody_sees_a_confidential_giver_through_any_path(world, in_tenant, fw):
    with in_tenant(world.tenant):
        round = open_round(fw, mode="confidential")
        give_all(fw, round)
        round = services.round_close(round=round)
    givers = {str(p.public_id) for p in fw.people}
    for person in fw.people:
        client = fw.client(person)
        for url in (
            "/api/v1/feedback/received/",
            f"/api/v1/feedback-rounds/{round.public_id}/themes/",
            f"/api/v1/feedback-rounds/{round.public_id}/reciprocity/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            if url.endswith("received/"):
                for row in response.json():
                    assert row["giver"] is None
                    assert not {row["id"], row["round"]} & givers
    # HR's audit trail: events about the round, never a receiver or a text.
    events = world.client("hr").get("/api/v1/audit-events/?page_size=200").json()["results"]
    feedback_events = [e for e in events if e["action"].startswith("feedback.")]
    assert feedback_events
    for event in feedback_events:
        assert str(round.public_id) in str(event)
        assert "Bra:" not in str(event)
        assert "receiver" not in str(event)


# role -> (sees the round, runs it, sees aggregates)
ROLES = {
    "senior": (True, True, True),  # the chair
    "manager": (True, False, True),  # a participant
    "hr": (True, False, True),
    "staff": (False, False, False),
    "integration": (False, False, False),
    "anonymous": (False, False, False),
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_authorization_matrix(world, in_tenant, fw, role):
    sees, runs, aggregates = ROLES[role]
    with in_tenant(world.tenant):
        round = open_round(fw)
        draft = services.round_create(group=fw.group, title="Nästa",
                                      deadline=timezone.now() + timedelta(days=3))  # fmt: skip
        item = services.feedback_give(
            round=round, giver=fw.people[2], receiver=fw.people[1], principles=[0], works="x"
        )
    client = world.client(role)
    url = f"/api/v1/feedback-rounds/{round.public_id}/"

    def expect(allowed, ok):
        if role == "anonymous":
            return 401
        if role == "integration":
            return 403
        if not sees:
            return 404
        return ok if allowed else 403

    assert client.get(url).status_code == expect(True, 200)
    assert client.get(f"{url}completion/").status_code == expect(runs, 200)
    assert client.get(f"{url}reciprocity/").status_code == expect(aggregates, 200)
    assert client.get(f"{url}themes/").status_code == expect(aggregates, 200)
    assert client.post(f"{url}nudge/", {}, JSON).status_code == expect(runs, 200)
    draft_url = f"/api/v1/feedback-rounds/{draft.public_id}/"
    # A draft has no participants yet: only the chair and HR see it.
    draft_expected = {"senior": 200, "hr": 403, "manager": 404}.get(role)
    assert client.post(f"{draft_url}open/", {}, JSON).status_code == (
        draft_expected or expect(runs, 200)
    )
    create = client.post(
        "/api/v1/feedback-rounds/",
        {"group": str(fw.group.public_id), "title": "Ny", "deadline": _deadline()}, JSON,
    )  # fmt: skip
    create_expected = {"senior": 201, "manager": 403, "hr": 403}.get(role)
    if role in ("staff",):
        create_expected = 400  # the group is not visible to them: the field names it
    assert create.status_code == (create_expected or expect(False, 0)), create.content
    # Feedback: only a participant gives; only the giver reads or changes an item.
    give = client.post(
        "/api/v1/feedback/",
        {"round": str(round.public_id), "receiver": str(fw.people[3].public_id),
         "principles": [0], "works": "Bra"}, JSON,
    )  # fmt: skip
    give_expected = {"manager": 201, "senior": 201, "hr": 403, "staff": 400}.get(role)
    assert give.status_code == (give_expected or expect(False, 0)), give.content
    item_url = f"/api/v1/feedback/{item.public_id}/"
    item_expected = 401 if role == "anonymous" else (403 if role == "integration" else 404)
    assert client.get(item_url).status_code == item_expected
    assert client.patch(item_url, {"works": "y"}, JSON).status_code == item_expected
    assert client.post(f"{url}close/", {}, JSON).status_code == expect(runs, 200)


def test_tenant_b_ids_are_404_on_a_host(tenant_a, tenant_b, in_tenant):
    a, b = build_world(tenant_a, in_tenant), build_world(tenant_b, in_tenant)
    fa, fb = feedback_world(a, in_tenant), feedback_world(b, in_tenant)
    with in_tenant(tenant_b):
        round = open_round(fb)
        item = services.feedback_give(
            round=round, giver=fb.people[1], receiver=fb.people[0], principles=[0], works="x"
        )
    with in_tenant(tenant_a):
        open_round(fa)
    chair_a = fa.client(fa.people[0])
    url = f"/api/v1/feedback-rounds/{round.public_id}/"
    for client in (chair_a, a.client("hr")):
        assert client.get(url).status_code == 404
        for action in ("open", "close", "nudge"):
            assert client.post(f"{url}{action}/", {}, JSON).status_code == 404
        for action in ("completion", "reciprocity", "themes"):
            assert client.get(f"{url}{action}/").status_code == 404
        assert client.get(f"/api/v1/feedback/{item.public_id}/").status_code == 404
        ids = {row["id"] for row in client.get("/api/v1/feedback-rounds/").json()["results"]}
        assert str(round.public_id) not in ids and ids
    response = chair_a.post(
        "/api/v1/feedback-rounds/",
        {"group": str(fb.group.public_id), "title": "x", "deadline": _deadline()}, JSON,
    )  # fmt: skip
    assert response.status_code == 400 and "group" in response.content.decode()
    response = fa.client(fa.people[1]).post(
        "/api/v1/feedback/",
        {"round": str(round.public_id), "receiver": str(fb.people[0].public_id),
         "principles": [0], "works": "x"}, JSON,
    )  # fmt: skip
    assert response.status_code == 400 and "round" in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def test_lists_keep_their_query_count(world, in_tenant, fw):
    chair, member, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw)
        give_all(fw, round, skip={(member, p) for p in fw.people[2:]})
        services.round_close(round=round)
    urls = {
        fw.client(chair): ["/api/v1/feedback-rounds/", "/api/v1/feedback/",
                           "/api/v1/feedback/received/"],
        world.client("hr"): ["/api/v1/feedback-rounds/"],
    }  # fmt: skip
    few = {}
    for client, paths in urls.items():
        for path in paths:
            _queries(client, path)
            few[client, path] = _queries(client, path)
    with in_tenant(world.tenant):
        for _ in range(4):
            round = open_round(fw)
            give_all(fw, round)
            services.round_close(round=round)
    for client, paths in urls.items():
        for path in paths:
            assert _queries(client, path) == few[client, path], path


def test_audit_events_of_giving_name_the_round(world, in_tenant, fw):
    with in_tenant(world.tenant):
        round = open_round(fw, mode="confidential")
    member = fw.people[1]
    fw.client(member).post(
        "/api/v1/feedback/",
        {"round": str(round.public_id), "receiver": str(fw.people[0].public_id),
         "principles": [0], "works": "Hemligt"}, JSON,
    )  # fmt: skip
    with in_tenant(world.tenant):
        event = AuditEvent.objects.get(action="feedback.given")
        assert event.object_id == str(round.public_id) and event.changes == {}
        assert event.actor_person_id == member.pk


def test_completion_counts_in_a_named_round(world, in_tenant, fw):
    chair, member, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw)
        give_all(fw, round, skip={(member, chair)})
    url = f"/api/v1/feedback-rounds/{round.public_id}/completion/"
    completion = fw.client(chair).get(url).json()
    rows = {row["person"]: row for row in completion}
    assert rows[str(member.public_id)] | {"name": ""} == {
        "person": str(member.public_id), "name": "", "given": 3, "expected": 4,
        "complete": False,
    }  # fmt: skip
    assert rows[str(chair.public_id)]["complete"] is True
