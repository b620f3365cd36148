"""The coaching API (issue 16): the flow of a track, who sees what (notes,
answers and goals private to coachee and coach, 404 for everyone else), reads
of private text audited with the reader, tenant isolation and constant query
counts on the lists."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spiral.platform.audit.models import AuditEvent
from spiral.programs.coaching import services
from spiral.programs.coaching.models import CoachingTrack, Note
from tests.coaching_world import coaching_world
from tests.factories import PersonFactory

JSON = "application/json"
SECRET = "Hemligt: jag funderar på att sluta"


@pytest.fixture
def cw(world, in_tenant):
    return coaching_world(world, in_tenant)


def test_a_coachee_and_a_coach_work_through_a_track(cw):
    coachee, coach = cw.client("manager"), cw.client("coach")
    track = str(cw.track.public_id)
    # The coachee sees their track, the exercises and the sessions the coach organises.
    mine = coachee.get("/api/v1/coaching-tracks/").json()["results"]
    assert [row["id"] for row in mine] == [track]
    assert mine[0]["coach"]["id"] == str(cw.world.people["coach"].public_id)
    exercises = coachee.get("/api/v1/coaching-tracks/exercises/").json()
    assert [e["key"] for e in exercises] == ["openness", "emotions", "crafting", "distributed"]
    sessions = coach.get(f"/api/v1/coaching-tracks/{track}/sessions/").json()
    assert sessions and sessions[0]["organiser"]["id"] == str(cw.world.people["coach"].public_id)
    # A goal, with progress from both.
    goal = coachee.post("/api/v1/coaching-goals/", {"track": track, "title": "Delegera"}, JSON)
    assert goal.status_code == 201, goal.content
    goal_url = f"/api/v1/coaching-goals/{goal.json()['id']}/"
    assert coachee.post(f"{goal_url}progress/", {"value": 3}, JSON).status_code == 201
    after = coach.post(f"{goal_url}progress/", {"value": 6}, JSON).json()
    assert [p["value"] for p in after["progress"]] == [3, 6]
    bad = coach.post(f"{goal_url}progress/", {"value": 11}, JSON)
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    assert bad.json()["errors"][0]["field"] == "value"
    # Notes from both, and answers to an exercise.
    note = coachee.post("/api/v1/coaching-notes/", {"track": track, "text": SECRET}, JSON)
    assert note.status_code == 201, note.content
    session = sessions[0]["id"]
    body = {"track": track, "text": "Vi pratade om tid", "session": session}
    assert coach.post("/api/v1/coaching-notes/", body, JSON).status_code == 201
    answers = {"track": track, "exercise": "crafting", "answers": {"tasks": "Schemat"}}
    assert coachee.post("/api/v1/coaching-exercise-answers/", answers, JSON).status_code == 201
    wrong = {"track": track, "exercise": "crafting", "answers": {"nonsense": "x"}}
    bad = coachee.post("/api/v1/coaching-exercise-answers/", wrong, JSON)
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"].startswith("answers")
    assert len(coach.get("/api/v1/coaching-notes/").json()["results"]) == 2
    # Only the author changes a note.
    note_url = f"/api/v1/coaching-notes/{note.json()['id']}/"
    assert coach.patch(note_url, {"text": "Ändrad"}, JSON).status_code == 403
    assert coachee.patch(note_url, {"text": "Ändrad"}, JSON).json()["text"] == "Ändrad"
    # HR sees counts and goal progress, never text.
    hr_rows = cw.client("hr").get("/api/v1/coaching-tracks/").json()["results"]
    (row,) = [r for r in hr_rows if r["id"] == track]
    assert (row["notes"], row["exercise_answers"], row["goals"]) == (2, 1, 1)
    assert row["goal_progress"][0]["latest"] == 6
    assert "Delegera" not in str(hr_rows) and "Ändrad" not in str(hr_rows)


def _private_rows(cw, in_tenant):
    people = cw.world.people
    with in_tenant(cw.world.tenant):
        goal = services.goal_create(track=cw.track, title="Mål")
        note = services.note_write(track=cw.track, author=people["manager"], text=SECRET)
        answer = services.answer_save(
            track=cw.track, author=people["manager"], exercise="emotions",
            answers={"river": SECRET},
        )  # fmt: skip
    return goal, note, answer


OUTSIDERS = ["hr", "senior", "process_leader", "other_coach", "staff", "other_staff"]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_one_else_reaches_notes_answers_or_goals(cw, in_tenant, role):
    # Given a goal, a note and an answer of the manager's track
    goal, note, answer = _private_rows(cw, in_tenant)
    client = cw.client(role)
    track = str(cw.track.public_id)
    # Then every path to them is a 404 or an empty list, and writing to the track is refused
    for url in (
        f"/api/v1/coaching-notes/{note.public_id}/",
        f"/api/v1/coaching-exercise-answers/{answer.public_id}/",
        f"/api/v1/coaching-goals/{goal.public_id}/",
    ):
        assert client.get(url).status_code == 404, url
        patched = client.patch(url, {"text": "x", "title": "x"}, JSON).status_code
        assert patched == (405 if "answers" in url else 404), url  # answers: POST replaces
    assert client.post(f"/api/v1/coaching-goals/{goal.public_id}/progress/", {"value": 1},
                       JSON).status_code == 404  # fmt: skip
    for url in ("/api/v1/coaching-notes/", "/api/v1/coaching-exercise-answers/",
                "/api/v1/coaching-goals/", f"/api/v1/coaching-notes/?track={track}"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200 and response.json()["results"] == [], url
    write = client.post("/api/v1/coaching-notes/", {"track": track, "text": "x"}, JSON)
    assert write.status_code == 400 and write.json()["errors"][0]["field"] == "track"
    sessions = client.get(f"/api/v1/coaching-tracks/{track}/sessions/")
    assert sessions.status_code == (403 if role == "hr" else 404)
    with in_tenant(cw.world.tenant):
        assert Note.objects.count() == 1
        assert not AuditEvent.objects.filter(action__endswith=".read").exists()


def test_an_integration_is_refused_alike_for_real_and_unknown_ids(cw, in_tenant):
    _, note, _ = _private_rows(cw, in_tenant)
    client = cw.client("integration")
    real = client.get(f"/api/v1/coaching-notes/{note.public_id}/")
    unknown = client.get(f"/api/v1/coaching-notes/{uuid.uuid4()}/")
    assert real.status_code == unknown.status_code == 403
    assert SECRET not in real.content.decode()
    assert client.get("/api/v1/coaching-tracks/").status_code == 403


def test_reads_by_someone_other_than_the_author_are_audited_with_the_reader(cw, in_tenant):
    _, note, answer = _private_rows(cw, in_tenant)
    # When the coachee (the author) reads, nothing is recorded
    cw.client("manager").get("/api/v1/coaching-notes/")
    cw.client("manager").get(f"/api/v1/coaching-exercise-answers/{answer.public_id}/")
    with in_tenant(cw.world.tenant):
        assert not AuditEvent.objects.filter(action__endswith=".read").exists()
    # When the coach reads the list and the answer
    assert cw.client("coach").get("/api/v1/coaching-notes/").json()["results"][0]["text"] == SECRET
    cw.client("coach").get(f"/api/v1/coaching-exercise-answers/{answer.public_id}/")
    # Then each read is an event naming the coach, and no event holds the text
    coach = cw.world.people["coach"]
    with in_tenant(cw.world.tenant):
        reads = list(AuditEvent.objects.filter(action__endswith=".read").order_by("id"))
        assert [(e.action, e.object_id) for e in reads] == [
            ("coaching.note.read", str(note.public_id)),
            ("coaching.exercise_answer.read", str(answer.public_id)),
        ]
        assert all(e.actor_person_id == coach.pk for e in reads)
        assert all(e.changes["reader"] == str(coach.public_id) for e in reads)
        assert not any(SECRET in str(e.changes) for e in AuditEvent.objects.all())


def test_hr_assigns_a_coach_by_hand_with_a_reason(cw):
    hr, track = cw.client("hr"), f"/api/v1/coaching-tracks/{cw.track.public_id}/"
    other = str(cw.world.people["other_coach"].public_id)
    missing = hr.post(f"{track}assign/", {"coach": other}, JSON)
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "reason"
    done = hr.post(f"{track}assign/", {"coach": other, "reason": "Byte på begäran"}, JSON)
    assert done.status_code == 200 and done.json()["coach"]["id"] == other
    assert cw.client("coach").post(f"{track}assign/", {"coach": other, "reason": "x"},
                                   JSON).status_code == 404  # fmt: skip
    # The former coach no longer reaches the track; the new one does.
    assert cw.client("coach").get(track).status_code == 404
    assert cw.client("other_coach").get(track).status_code == 200


def test_tracks_of_another_tenant_are_404(cw, in_tenant, tenant_b):
    with in_tenant(tenant_b):
        coachee = PersonFactory(is_first_line_manager=True)
        track = CoachingTrack.objects.create(coachee=coachee)
        note = Note.objects.create(track=track, author=coachee, text="B")
    for role in ("hr", "manager", "coach"):
        client = cw.client(role)
        assert client.get(f"/api/v1/coaching-tracks/{track.public_id}/").status_code == 404
        assert client.get(f"/api/v1/coaching-notes/{note.public_id}/").status_code == 404
        body = {"track": str(track.public_id), "text": "x"}
        assert client.post("/api/v1/coaching-notes/", body, JSON).status_code == 400


def _count(client, url) -> int:
    client.get(url)  # the login memo is filled by a first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lists_take_the_same_queries_for_1_and_many_rows(cw, in_tenant):
    people = cw.world.people
    urls = ["/api/v1/coaching-tracks/", "/api/v1/coaching-notes/", "/api/v1/coaching-goals/",
            "/api/v1/coaching-exercise-answers/"]  # fmt: skip
    _private_rows(cw, in_tenant)
    before = {url: _count(cw.client("coach"), url) for url in urls}
    hr_before = _count(cw.client("hr"), urls[0])
    with in_tenant(cw.world.tenant):
        for n in range(20):
            coachee = PersonFactory(unit=cw.world.units["e2"], is_first_line_manager=True)
            track = CoachingTrack.objects.create(coachee=coachee, coach=people["coach"])
            goal = services.goal_create(track=track, title=f"Mål {n}")
            services.goal_progress_record(goal=goal, value=n % 11, by=coachee)
            services.note_write(track=cw.track, author=people["manager"], text=f"Anteckning {n}")
            services.answer_save(track=track, author=coachee, exercise="crafting",
                                 answers={"tasks": "x"})  # fmt: skip
    after = {url: _count(cw.client("coach"), url) for url in urls}
    assert after == before
    assert _count(cw.client("hr"), urls[0]) == hr_before
