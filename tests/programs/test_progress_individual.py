"""The individual-level report sections of coaching and mentoring: a
constructed data set whose figures are worked out by hand (see the comments),
the same numbers in the JSON and the XLSX, and withheld below the threshold."""

import csv
import io
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from spiral.programs.coaching.models import CoachingTrack, ExerciseAnswer, Goal, GoalProgress
from spiral.programs.mentoring.models import (
    MatchingRun,
    MatchProposal,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    MentorshipGoal,
    SupervisionGroup,
)
from spiral.programs.progress.builder import build_document, scope_of
from spiral.programs.progress.renderers import RENDERERS, number_text
from spiral.programs.sessions.models import Session, SessionSeries
from tests.factories import PersonFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START, END = date(2027, 1, 1), date(2027, 2, 28)


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=STOCKHOLM)


def _read(goal, value, when, by):
    GoalProgress.objects.create(goal=goal, value=value, recorded_at=when, recorded_by=by)


def _answer(track, author, exercise, when):
    row = ExerciseAnswer.objects.create(
        track=track, author=author, exercise=exercise, answers={"q": "Hemligt svar"}
    )
    ExerciseAnswer.objects.filter(pk=row.pk).update(created_at=when)


def coaching_set(world, coachees: int = 6):
    """``coachees`` coachees with a coach, two goals each. The first three: goal
    A 3 (December) then 5 (20 Jan), goal B 4 (10 Feb). The others: goal A 6
    (December) then 4 (5 Feb), goal B 2 (5 Jan) then 7 (20 Feb)."""
    coach = PersonFactory(unit=world.units["e1"])
    people = [PersonFactory(unit=world.units["e1"]) for _ in range(coachees)]
    CoachingTrack.objects.create(coachee=PersonFactory(unit=world.units["e1"]))  # no coach
    tracks = []
    for index, person in enumerate(people):
        track = CoachingTrack.objects.create(coachee=person, coach=coach)
        tracks.append(track)
        a = Goal.objects.create(track=track, title="Hemligt mål A")
        b = Goal.objects.create(track=track, title="Hemligt mål B")
        if index < 3:
            _read(a, 3, _at(2026, 12, 15), coach)
            _read(a, 5, _at(2027, 1, 20), coach)
            _read(b, 4, _at(2027, 2, 10), coach)
        else:
            _read(a, 6, _at(2026, 12, 1), coach)
            _read(a, 4, _at(2027, 2, 5), coach)
            _read(b, 2, _at(2027, 1, 5), coach)
            _read(b, 7, _at(2027, 2, 20), coach)
    # Exercises: the first five answer "openness" in January, and the coach
    # too on the first track; everyone "emotions" in February; the first
    # "crafting"; one answer in December is outside the period.
    for index, (person, track) in enumerate(zip(people, tracks, strict=True)):
        if index < 5:
            _answer(track, person, "openness", _at(2027, 1, 12))
        _answer(track, person, "emotions", _at(2027, 2, 12))
    _answer(tracks[0], coach, "openness", _at(2027, 1, 13))
    _answer(tracks[0], people[0], "crafting", _at(2027, 2, 14))
    _answer(tracks[1], people[1], "distributed", _at(2026, 12, 14))
    return people


COACHING = {
    "coaching.coachees": 6,
    "coaching.tracks": 6,  # the track without a coach is not counted
    "coaching.goals": 12,
    "coaching.goal_progress": 5.0,  # first three (5 + 4) / 2, others (4 + 7) / 2
    "coaching.goals_moved_up": 50.0,  # A of the first three, B of the others: 6 of 12
    "coaching.exercises": 13,  # openness 6, emotions 6, crafting 1
}
# At the end of January: the first three 5 (B unread), the others (6 + 2) / 2.
TREND = [("2027-01", 4.5), ("2027-02", 5.0)]
EXERCISE_ROWS = [(6 - 1, 6), (6, 6), (None, None), (0, 0)]  # coachees, answers


def mentoring_set(world, mentees: int = 6, groups: bool = True):
    """``mentees`` mentorships (two begun in October, the rest on 15 January),
    one goal each, the first three achieved; one more ended in 2026. Every
    mentee accepted a proposal in the period and the first two declined one
    before. Supervision group A of five members met three times in the period
    (once more before it, once more planned); group B of two met twice."""
    mentor = PersonFactory(unit=world.units["e2"])
    profile = MentorProfile.objects.create(person=mentor, profession="Chef", capacity=1)
    run = MatchingRun.objects.create()
    people = [PersonFactory(unit=world.units["e1"]) for _ in range(mentees)]
    for index, person in enumerate(people):
        started = date(2026, 10, 1) if index < 2 else date(2027, 1, 15)
        ship = Mentorship.objects.create(mentor=mentor, mentee=person, started_on=started)
        MentorshipGoal.objects.create(mentorship=ship, title="Hemligt", achieved=index < 3)
        request = MentoringRequest.objects.create(
            mentee=person, wishes="Hemlig önskan", status="matched"
        )
        for status in ("declined", "accepted") if index < 2 else ("accepted",):
            proposal = MatchProposal.objects.create(
                run=run, request=request, mentor=profile, score=10, status=status
            )
            MatchProposal.objects.filter(pk=proposal.pk).update(updated_at=_at(2027, 1, 10))
    Mentorship.objects.create(
        mentor=mentor, mentee=PersonFactory(unit=world.units["e1"]),
        started_on=date(2026, 6, 1), status="ended",
    )  # fmt: skip
    if groups:
        _supervision_groups(world, mentor)
    return people


def _supervision_groups(world, mentor):
    _group("Handledning A", mentor, [PersonFactory(unit=world.units["e2"]) for _ in range(5)],
           held=[_at(2027, 1, 8), _at(2027, 1, 22), _at(2027, 2, 5), _at(2026, 12, 4)],
           planned=[_at(2027, 2, 19)])  # fmt: skip
    _group("Handledning B", mentor, [PersonFactory(unit=world.units["e2"]) for _ in range(2)],
           held=[_at(2027, 1, 9), _at(2027, 2, 6)], planned=[])  # fmt: skip


def _group(name, supervisor, members, held, planned):
    series = SessionSeries.objects.create(
        kind="supervision_group", title=name, starts_on=date(2026, 12, 4),
        start_time=_at(2027, 1, 1).time(),
    )  # fmt: skip
    group = SupervisionGroup.objects.create(name=name, supervisor=supervisor, series=series)
    group.members.set(members)
    for when, status in [(w, Session.Status.HELD) for w in held] + [
        (w, Session.Status.SCHEDULED) for w in planned
    ]:
        Session.objects.create(
            kind="supervision_group", title=name, series=series, starts_at=when,
            ends_at=when + timedelta(hours=1), status=status,
        )  # fmt: skip


MENTORING = {
    "mentoring.mentees": 6,
    "mentoring.running": 6,  # the one ended in 2026 is not
    "mentoring.started": 4,
    "mentoring.goals": 6,
    "mentoring.goals_achieved": 50.0,
    "mentoring.proposals": 8,
    "mentoring.acceptance": 75.0,  # 6 of 8
    "supervision.groups": 2,
    "supervision.members": 7,
}
SUPERVISION_ROWS = [("Handledning A", 5, 3), ("Handledning B", None, None)]


def _document(language="sv"):
    scope = scope_of(programme=None, unit=None, start=START, end=END, language=language)
    return build_document(scope=scope)


def _section(document, key):
    return next(s for s in document["sections"] if s["key"] == key)


def _figures(section) -> dict:
    return {f["key"]: f for f in section["figures"]}


def _xlsx_figures(document) -> dict:
    sheet = load_workbook(io.BytesIO(RENDERERS["xlsx"](document))).active
    header = [c.value for c in sheet[4]]
    key, value, kind = header.index("key"), header.index("value"), header.index("type")
    rows = sheet.iter_rows(min_row=5, values_only=True)
    return {r[key]: r[value] for r in rows if r[kind] == "figure"}


def _json(document) -> dict:
    data = json.loads(RENDERERS["json"](document))
    return {f["key"]: f for s in data["sections"] for f in s["figures"]}


def test_coaching_figures_are_the_known_answers_in_json_and_xlsx(world, in_tenant):
    # Given six coachees with goals and exercises (worked out in coaching_set)
    with in_tenant(world.tenant):
        coaching_set(world)
        document = _document()
        section = _section(document, "coaching")
    # then every figure is the hand-worked one, in the JSON and the XLSX alike
    assert section["level"] == "individual"
    in_json, in_xlsx = _json(document), _xlsx_figures(document)
    for key, expected in COACHING.items():
        assert in_json[key]["value"] == expected and not in_json[key]["suppressed"], key
        assert in_xlsx[key] == expected, key
    trend = section["series"][0]["points"]
    assert [(p["label"], p["value"]) for p in trend] == TREND
    rows = [tuple(row[1:]) for row in section["tables"][0]["rows"]]
    assert rows == EXERCISE_ROWS  # crafting by one coachee only: withheld
    # and no goal title or answer text anywhere
    assert "Hemlig" not in RENDERERS["json"](document).decode()


def test_coaching_below_the_threshold_is_withheld_in_every_format(world, in_tenant):
    # Given three coachees only (the threshold is five)
    with in_tenant(world.tenant):
        coaching_set(world, coachees=3)
        document = _document()
    section = _section(document, "coaching")
    in_json, in_xlsx = _json(document), _xlsx_figures(document)
    # then no figure of theirs is shown, in the JSON or the XLSX
    for key in COACHING:
        assert in_json[key]["value"] is None and in_json[key]["suppressed"], key
        assert in_xlsx[key] is None, key
    assert all(p["value"] is None for p in section["series"][0]["points"])


def test_mentoring_figures_are_the_known_answers_in_json_and_xlsx(world, in_tenant):
    # Given six mentees, their proposals and two supervision groups
    with in_tenant(world.tenant):
        mentoring_set(world)
        document = _document("en")
    section = _section(document, "mentoring")
    assert section["level"] == "individual"
    in_json, in_xlsx = _json(document), _xlsx_figures(document)
    for key, expected in MENTORING.items():
        assert in_json[key]["value"] == expected and not in_json[key]["suppressed"], key
        assert in_xlsx[key] == expected, key
    # then group B (two members) is withheld; group A shows its three sessions
    assert [tuple(row) for row in section["tables"][0]["rows"]] == SUPERVISION_ROWS
    assert "Hemlig" not in RENDERERS["json"](document).decode()


def test_mentoring_below_the_threshold_is_withheld_in_every_format(world, in_tenant):
    # Given three mentees only
    with in_tenant(world.tenant):
        mentoring_set(world, mentees=3)
        document = _document()
    in_json, in_xlsx = _json(document), _xlsx_figures(document)
    withheld = [k for k in MENTORING if k.startswith("mentoring.")]
    for key in withheld:
        assert in_json[key]["value"] is None and in_json[key]["suppressed"], key
        assert in_xlsx[key] is None, key


@pytest.mark.parametrize("module", ["coaching", "mentoring"])
def test_nothing_in_scope_gives_no_section(world, in_tenant, module):
    with in_tenant(world.tenant):
        document = _document()
    assert module not in {s["key"] for s in document["sections"]}


def test_every_format_renders_the_sections_and_queries_do_not_grow_with_people(world, in_tenant):
    # Given both data sets, when the report is built
    with in_tenant(world.tenant):
        coaching_set(world)
        mentoring_set(world)
        with CaptureQueriesContext(connection) as first:
            document = _document()
        # and built again with twice the coachees and mentees
        coaching_set(world)
        mentoring_set(world, groups=False)
        with CaptureQueriesContext(connection) as second:
            _document()
    # then no more queries (the first build writes the ledger): counted in SQL
    assert len(second) <= len(first)
    files = {name: render(document) for name, render in RENDERERS.items()}
    rows = csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig")))
    in_csv = {r["key"]: r["value"] for r in rows if r["type"] == "figure"}
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    for key, value in {**COACHING, **MENTORING}.items():
        assert in_csv[key] == number_text(value), key
        assert number_text(value) in text, key
    assert "Coachning: mål och övningar" in text and "Mentorskap och handledning" in text


def test_a_track_made_after_the_period_counts_by_the_history_read_into_it(world, in_tenant):
    # Given six tracks made today whose goals were read in January 2025 (history
    # entered afterwards) and one more made today without readings
    with in_tenant(world.tenant):
        coach = PersonFactory(unit=world.units["e1"])
        for index in range(7):
            track = CoachingTrack.objects.create(
                coachee=PersonFactory(unit=world.units["e1"]), coach=coach
            )
            if index < 6:
                goal = Goal.objects.create(track=track, title="Mål")
                _read(goal, 2 + index % 2, _at(2025, 1, 15), coach)
        scope = scope_of(programme=None, unit=None, start=date(2025, 1, 1), end=date(2025, 1, 31))
        section = _section(build_document(scope=scope), "coaching")
    # then the six count, the one without history does not: (3 x 2 + 3 x 3) / 6
    figures = _figures(section)
    assert figures["coaching.coachees"]["value"] == 6
    assert figures["coaching.goal_progress"]["value"] == 2.5


def test_the_dashboard_shows_both_sections_and_withholds_the_small_group(world, in_tenant):
    from spiral.programs.progress.services import report_produce, report_request

    # Given a report of both data sets, produced by the worker's function
    with in_tenant(world.tenant):
        coaching_set(world)
        mentoring_set(world)
        report = report_request(
            owner=world.people["hr"], programme=None, unit=None, period_start=START, period_end=END
        )
        report = report_produce(report_id=report.pk)
    # when HR opens its dashboard
    html = world.client("hr").get(f"/progress/reports/{report.public_id}/").content.decode()
    # then both sections are there, with the worked-out figures
    assert "Coachning: mål och övningar" in html and "Mentorskap och handledning" in html
    assert "Handledning A" in html and "visas inte" in html
    assert "Hemlig" not in html
