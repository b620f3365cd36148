"""The mentoring API (issue 16): the flow from profiles and requests through a
run, answers and a rematch to a mentorship with goals; who may do what (a
matrix); tenant isolation; constant query counts on the lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spiral.programs.mentoring import services
from tests.mentoring_world import mentoring_world, proposal_of
from tests.world import build_world

JSON = "application/json"


@pytest.fixture
def mw(world, in_tenant):
    return mentoring_world(world, in_tenant)


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_from_request_to_mentorship_through_the_api(world, in_tenant):
    hr, staff = world.client("hr"), world.client("staff")
    mentor = world.client("other_staff")
    # A mentor joins the pool; errors name their field
    bad = mentor.post("/api/v1/mentor-profiles/", {"profession": "Undersköterska",
                      "interests": [], "languages": ["sv"], "capacity": 9}, JSON)  # fmt: skip
    assert bad.status_code == 400 and "capacity" in bad.content.decode()
    profile = {"profession": "Undersköterska", "interests": ["Vård"], "languages": ["sv"]}
    made = mentor.post("/api/v1/mentor-profiles/", profile | {"capacity": 2}, JSON)
    assert made.status_code == 201, made.content
    assert made.json()["interests"] == ["vård"]
    changed = mentor.patch(f"/api/v1/mentor-profiles/{made.json()['id']}/", {"capacity": 1}, JSON)
    assert changed.status_code == 200 and changed.json()["capacity"] == 1
    # A mentee asks for a mentor
    asked = staff.post("/api/v1/mentoring-requests/", {"profession": "undersköterska",
                       "interests": ["vård"], "languages": ["sv"],
                       "wishes": "Planering"}, JSON)  # fmt: skip
    assert asked.status_code == 201, asked.content
    # HR starts a run and reads its proposals with their reasons
    run = hr.post("/api/v1/matching-runs/", {}, JSON)
    assert run.status_code == 201, run.content
    assert run.json()["total_score"] == 70
    rows = hr.get(f"/api/v1/matching-runs/{run.json()['id']}/proposals/").json()["results"]
    assert len(rows) == 1 and rows[0]["reasons"]["parts"]["profession"] == 30
    proposal = rows[0]["id"]
    # Both accept: a mentorship
    assert mentor.post(f"/api/v1/match-proposals/{proposal}/accept/").status_code == 200
    answered = staff.post(f"/api/v1/match-proposals/{proposal}/accept/")
    assert answered.json()["status"] == "accepted"
    (mentorship,) = staff.get("/api/v1/mentorships/").json()["results"]
    assert mentorship["mentor"]["name"] == world.people["other_staff"].name
    assert mentorship["series"]
    goals = f"/api/v1/mentorships/{mentorship['id']}/goals/"
    assert staff.post(goals, {"title": "Leda ett möte"}, JSON).status_code == 201
    assert [g["title"] for g in mentor.get(goals).json()] == ["Leda ett möte"]
    # HR sees the mentorship, never its goals
    assert mentorship["id"] in _ids(hr.get("/api/v1/mentorships/"))
    assert hr.get(goals).status_code == 403


def test_a_decline_through_the_api_rematches(world, in_tenant, mw):
    hr, staff = world.client("hr"), world.client("staff")
    run = hr.post("/api/v1/matching-runs/", {}, JSON).json()
    (mine,) = staff.get("/api/v1/match-proposals/").json()["results"]
    declined = staff.post(f"/api/v1/match-proposals/{mine['id']}/decline/")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    rows = hr.get(f"/api/v1/matching-runs/{run['id']}/proposals/").json()["results"]
    live = {(r["mentee"]["name"], r["mentor"]["name"]) for r in rows if r["status"] == "proposed"}
    p = world.people
    assert (p["staff"].name, p["coach"].name) in live
    assert (p["staff"].name, p["other_staff"].name) not in live


# role -> (reads runs, answers the staff member's proposal, reads its mentorship)
ROLES = {
    "hr": (True, False, True),
    "staff": (False, True, True),
    "other_staff": (False, True, True),
    "manager": (False, False, False),
    "coach": (False, False, False),
    "integration": (False, False, False),
    "anonymous": (False, False, False),
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_authorization_matrix(world, in_tenant, mw, role):
    runs, answers, reads = ROLES[role]
    p = world.people
    with in_tenant(world.tenant):
        run = services.run_start(started_by=p["hr"])
        proposal = proposal_of(run, p["staff"])
        mentorship = services.mentorship_create(mentor=p["coach"], mentee=p["senior"])
        group = services.supervision_group_create(
            name="Handledning", supervisor=p["coach"], members=[p["staff"]]
        )
    client = world.client(role)

    def expect(allowed, ok, hidden=404):
        if role == "anonymous":
            return 401
        if role == "integration":
            return 403
        return ok if allowed else hidden

    assert client.get("/api/v1/matching-runs/").status_code == expect(runs, 200, 403)
    # A run exists for HR alone: to anyone else it is not there
    assert client.get(f"/api/v1/matching-runs/{run.public_id}/").status_code == expect(runs, 200)
    assert client.post("/api/v1/matching-runs/", {}, JSON).status_code == expect(runs, 201, 403)
    proposal_url = f"/api/v1/match-proposals/{proposal.public_id}/"
    seen = answers or role == "hr"
    assert client.get(proposal_url).status_code == expect(seen, 200)
    accept = client.post(f"{proposal_url}accept/")
    assert accept.status_code == expect(answers, 200, 403 if seen else 404), accept.content
    # The coach and the senior manager's mentorship: its pair and HR read it
    pair = role in ("coach",)
    url = f"/api/v1/mentorships/{mentorship.public_id}/"
    assert client.get(url).status_code == expect(pair or role == "hr", 200)
    assert client.get(f"{url}goals/").status_code == expect(pair, 200, 403 if role == "hr" else 404)
    group_url = f"/api/v1/supervision-groups/{group.public_id}/"
    member = role in ("staff", "coach", "hr")
    assert client.get(group_url).status_code == expect(member, 200)
    made = client.post("/api/v1/supervision-groups/", {"name": "Ny",
                       "supervisor": str(p["coach"].public_id),
                       "member_ids": [str(p["staff"].public_id)]}, JSON)  # fmt: skip
    assert made.status_code == expect(role == "hr", 201, 403), made.content
    assert reads is not None


def test_tenant_b_ids_are_404_on_a_host(tenant_a, tenant_b, in_tenant):
    a, b = build_world(tenant_a, in_tenant), build_world(tenant_b, in_tenant)
    mentoring_world(a, in_tenant)
    mentoring_world(b, in_tenant)
    with in_tenant(tenant_b):
        run = services.run_start(started_by=b.people["hr"])
        proposal = proposal_of(run, b.people["staff"])
        mentorship = services.mentorship_create(mentor=b.people["coach"], mentee=b.people["senior"])
        group = services.supervision_group_create(
            name="B", supervisor=b.people["coach"], members=[b.people["staff"]]
        )
    with in_tenant(tenant_a):
        services.run_start(started_by=a.people["hr"])
    hr = a.client("hr")
    for url in (f"/api/v1/matching-runs/{run.public_id}/",
                f"/api/v1/matching-runs/{run.public_id}/proposals/",
                f"/api/v1/match-proposals/{proposal.public_id}/",
                f"/api/v1/mentorships/{mentorship.public_id}/",
                f"/api/v1/supervision-groups/{group.public_id}/"):  # fmt: skip
        assert hr.get(url).status_code == 404, url
    answer = a.client("staff").post(f"/api/v1/match-proposals/{proposal.public_id}/accept/")
    assert answer.status_code == 404
    for path in ("matching-runs", "match-proposals", "mentor-profiles", "mentoring-requests"):
        ids = _ids(hr.get(f"/api/v1/{path}/"))
        assert ids and str(run.public_id) not in ids and str(proposal.public_id) not in ids
    made = hr.post("/api/v1/supervision-groups/", {"name": "x",
                   "supervisor": str(b.people["coach"].public_id),
                   "member_ids": [str(a.people["staff"].public_id)]}, JSON)  # fmt: skip
    assert made.status_code == 400 and "supervisor" in made.content.decode()
    with in_tenant(tenant_b):
        proposal.refresh_from_db()
        assert proposal.mentee_answer == ""


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def test_lists_keep_their_query_count(world, in_tenant, mw):
    p = world.people
    with in_tenant(world.tenant):
        run = services.run_start(started_by=p["hr"])
        services.supervision_group_create(name="G", supervisor=p["coach"], members=[p["staff"]])
        services.mentorship_create(mentor=p["coach"], mentee=p["senior"])
    paths = ["/api/v1/mentor-profiles/", "/api/v1/mentoring-requests/", "/api/v1/matching-runs/",
             f"/api/v1/matching-runs/{run.public_id}/proposals/", "/api/v1/match-proposals/",
             "/api/v1/mentorships/", "/api/v1/supervision-groups/"]  # fmt: skip
    hr = world.client("hr")
    with in_tenant(world.tenant):
        goals_of = services.mentorship_create(mentor=p["hr"], mentee=p["other_staff"])
        services.goal_add(mentorship=goals_of, title="Ett")
    paths.append("/api/v1/mentorship-goals/")
    few = {}
    for path in paths:
        _queries(hr, path)
        few[path] = _queries(hr, path)
    with in_tenant(world.tenant):
        from tests.factories import PersonFactory

        for n in range(6):
            person = PersonFactory(unit=world.units["e2"])
            services.request_create(mentee=person, interests=["it"])
            mentor = PersonFactory(unit=world.units["e1"])
            services.profile_save(person=mentor, profession="Chef", interests=["it"],
                                  languages=["sv"], capacity=1)  # fmt: skip
            services.mentorship_create(mentor=mentor, mentee=p["manager"])
            services.supervision_group_create(name=f"G{n}", supervisor=mentor,
                                              members=[person, p["staff"]])  # fmt: skip
            services.goal_add(mentorship=goals_of, title=f"Mål {n}")
        services.run_start(started_by=p["hr"])
    for path in paths:
        assert _queries(hr, path) == few[path], path


def test_wishes_are_withheld_in_lists_and_their_reads_audited(world, in_tenant, mw):
    from spiral.platform.audit.models import AuditEvent

    hr, staff = world.client("hr"), world.client("staff")
    request = mw.requests["staff"]
    rows = {r["id"]: r for r in hr.get("/api/v1/mentoring-requests/").json()["results"]}
    assert rows[str(request.public_id)]["wishes"] is None
    own = staff.get("/api/v1/mentoring-requests/").json()["results"]
    assert own[0]["wishes"] == "Jag vill lära mig mer om planering."
    with in_tenant(world.tenant):
        assert not AuditEvent.objects.filter(action="mentoring_request.wishes_read").exists()
    detail = hr.get(f"/api/v1/mentoring-requests/{request.public_id}/").json()
    assert detail["wishes"] == "Jag vill lära mig mer om planering."
    staff.get(f"/api/v1/mentoring-requests/{request.public_id}/")  # the author: not audited
    with in_tenant(world.tenant):
        (event,) = AuditEvent.objects.filter(action="mentoring_request.wishes_read")
        assert event.actor_person_id == world.people["hr"].pk
        assert "planering" not in str(event.changes)


def test_the_pair_marks_a_goal_achieved_and_nobody_else_sees_it(world, in_tenant):
    p = world.people
    with in_tenant(world.tenant):
        mentorship = services.mentorship_create(mentor=p["coach"], mentee=p["staff"])
        goal = services.goal_add(mentorship=mentorship, title="Planera veckan")
    url = f"/api/v1/mentorship-goals/{goal.public_id}/"
    changed = world.client("coach").patch(url, {"achieved": True}, JSON)
    assert changed.status_code == 200 and changed.json()["achieved"] is True
    assert _ids(world.client("staff").get("/api/v1/mentorship-goals/")) == {str(goal.public_id)}
    for role in ("hr", "manager", "other_staff"):
        assert world.client(role).get(url).status_code == 404
        assert world.client(role).patch(url, {"title": "x"}, JSON).status_code == 404
        assert _ids(world.client(role).get("/api/v1/mentorship-goals/")) == set()


def test_hr_changes_who_meets_in_a_supervision_group(world, in_tenant):
    from spiral.programs.sessions.models import Attendance

    p = world.people
    with in_tenant(world.tenant):
        group = services.supervision_group_create(
            name="Handledning", supervisor=p["coach"], members=[p["staff"]]
        )
    url = f"/api/v1/supervision-groups/{group.public_id}/members/"
    body = {"member_ids": [str(p["other_staff"].public_id), str(p["manager"].public_id)]}
    assert world.client("staff").post(url, body, JSON).status_code == 403
    changed = world.client("hr").post(url, body, JSON)
    assert changed.status_code == 200, changed.content
    assert {m["name"] for m in changed.json()["members"]} == {
        p["other_staff"].name,
        p["manager"].name,
    }
    with in_tenant(world.tenant):
        invited = set(
            Attendance.objects.filter(session__series=group.series).values_list(
                "person_id", flat=True
            )
        )
        assert invited == {p["coach"].pk, p["other_staff"].pk, p["manager"].pk}
    empty = world.client("hr").post(url, {"member_ids": []}, JSON)
    assert empty.status_code == 400 and "member_ids" in empty.content.decode()
