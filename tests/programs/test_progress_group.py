"""The report sections of the work groups, the climate pulse and the learning
arenas, checked against a constructed data set whose answers are worked out
by hand (see the comments beside ``EXPECTED``), in the JSON and read back from
the XLSX, and withheld in every format below the anonymity threshold."""

import csv
import io
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from pypdf import PdfReader

from spiral.programs.arenas.models import Arena, Membership
from spiral.programs.climate.aspects import ASPECT_KEYS
from spiral.programs.climate.models import ClimateAnswer, ClimatePulse
from spiral.programs.groups.models import GoalPosition, GroupAction, GroupGoal, GroupMeeting
from spiral.programs.org.models import WorkGroup
from spiral.programs.programmes.kinds import kind_of
from spiral.programs.programmes.models import ComponentInstance, Enrolment, ProgrammeComponent
from spiral.programs.programmes.services import programme_create
from spiral.programs.progress.builder import build_document, scope_of
from spiral.programs.progress.renderers import RENDERERS, number_text
from spiral.programs.sessions.models import Attendance, Session, SessionSeries
from tests.factories import PersonFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START, END = date(2027, 1, 1), date(2027, 2, 28)
EXPECTED = {
    "groups.meetings": 3,  # Norr checked out 10 Jan and 7 Feb, Söder 12 Jan
    "groups.groups_met": 2,
    "groups.actions_opened": 4,  # all but the one opened in December
    "groups.actions_closed": 2,  # closed 2 Feb, and 20 Jan (opened in December)
    "groups.actions_overdue": 2,  # due 15 Feb and still open; due 10 Feb, closed in March
    "climate.pulses": 2,
    "climate.pulses_shown": 1,  # the February pulse had three answers
    "climate.trust_each_other": 3.8,  # (3 + 3 + 4 + 4 + 5) / 5
    "climate.trust_management": 3.0,  # (1 + 2 + 3 + 4 + 5) / 5
    "climate.listening": 4.0,
    "arenas.arenas": 1,
    "arenas.members": 6,
    "arenas.participants": 6,  # the outsider who came is not in the programme
    "arenas.units": 2,
    "arenas.mixing": 77.8,  # (2/3 + 1/2 + 1/2 + 1 + 1 + 1) / 6
}
# A month's mean goal position: January 3, 4, 5 (Norr) and 2, 6 (Söder) over
# five goals: 4.0; February only Norr's three goals: fewer than five, withheld.
GOAL_TREND = [("2027-01", 4.0, False), ("2027-02", None, True)]
GOALS = {  # check-outs, first and latest position in the period
    "Lag Norr": {"Bemötande": (2, 3, 5), "Dokumentation": (2, 4, 6), "Rutiner": (2, 5, 5)},
    "Lag Söder": {"Arbetsmiljö": (1, 2, 2), "Samarbete": (1, 6, 6)},  # December left out
}
BY_GROUP = {"Lag Norr": (2, 2, 2, 1), "Lag Söder": (1, 2, 0, 1)}
CLIMATE_TREND = [("2027-01", 3.8, False), ("2027-02", None, True)]
# January: sessions of 5 and 3 people, 5 people in all; February: 4 people.
ARENA_MONTHS = [("2027-01", 8, False), ("2027-02", None, True)]
ARENA_ROW = ("Chefsnätverket", 3, 6, 6, 2, 77.8)


def _at(month: int, day: int) -> datetime:
    year = 2026 if month == 12 else 2027
    return datetime(year, month, day, 9, 0, tzinfo=STOCKHOLM)


def _component(programme, kind: str, **instance) -> ComponentInstance:
    declared = kind_of(kind)
    component, _ = ProgrammeComponent.objects.get_or_create(
        programme=programme, kind=kind,
        defaults={"level": declared.level, "audience": declared.audience, "title_sv": kind,
                  "title_en": kind},
    )  # fmt: skip
    return ComponentInstance.objects.create(component=component, **instance)


def _session(kind, when, status=Session.Status.HELD, **links) -> Session:
    return Session.objects.create(
        kind=kind, title=kind, starts_at=when, ends_at=when + timedelta(hours=1), status=status,
        **links,
    )  # fmt: skip


def _meeting(instance, when, positions, checked_out=True):
    session = _session("group_meetings", when, component_instance=instance)
    meeting = GroupMeeting.objects.create(
        work_group=instance.work_group, session=session, checked_in_at=when,
        checked_out_at=when + timedelta(minutes=50) if checked_out else None,
    )  # fmt: skip
    for goal, position in positions.items():
        GoalPosition.objects.create(meeting=meeting, goal=goal, position=position)


def _action(group, opened, due, closed=None):
    action = GroupAction.objects.create(
        work_group=group, text="Gör något", due=due,
        status=GroupAction.Status.CLOSED if closed else GroupAction.Status.OPEN, closed_at=closed,
    )  # fmt: skip
    GroupAction.objects.filter(pk=action.pk).update(created_at=opened)


def _groups(programme, world):
    norr = WorkGroup.objects.create(name="Lag Norr", unit=world.units["e1"])
    soder = WorkGroup.objects.create(name="Lag Söder", unit=world.units["e2"])
    at_norr = _component(programme, "group_meetings", work_group=norr)
    at_soder = _component(programme, "group_meetings", work_group=soder)
    a, b, c = (GroupGoal.objects.create(work_group=norr, title=t)
               for t in ("Bemötande", "Dokumentation", "Rutiner"))  # fmt: skip
    d, e = (GroupGoal.objects.create(work_group=soder, title=t)
            for t in ("Arbetsmiljö", "Samarbete"))  # fmt: skip
    _meeting(at_norr, _at(1, 10), {a: 3, b: 4, c: 5})
    _meeting(at_norr, _at(1, 24), {a: 9}, checked_out=False)  # checked in only: not held
    _meeting(at_norr, _at(2, 7), {a: 5, b: 6, c: 5})
    _meeting(at_soder, _at(12, 15), {d: 1})  # before the period
    _meeting(at_soder, _at(1, 12), {d: 2, e: 6})
    _action(norr, _at(1, 10), date(2027, 1, 31), closed=_at(2, 2))
    _action(norr, _at(1, 10), date(2027, 2, 15))
    _action(norr, _at(12, 1), date(2027, 1, 15), closed=_at(1, 20))
    _action(soder, _at(2, 20), date(2027, 3, 31))
    _action(soder, _at(2, 1), date(2027, 2, 10), closed=datetime(2027, 3, 5, tzinfo=STOCKHOLM))
    return norr, soder


def _climate(programme, norr, soder):
    ratings = [dict.fromkeys(ASPECT_KEYS, 4) for _ in range(5)]
    for rating, each_other, management in zip(ratings, (3, 3, 4, 4, 5), (1, 2, 3, 4, 5),
                                              strict=True):  # fmt: skip
        rating.update(trust_each_other=each_other, trust_management=management)
    for sequence, (group, opened, answers) in enumerate(
        ((norr, _at(1, 5), ratings), (soder, _at(2, 3), ratings[:3])), start=1
    ):
        pulse = ClimatePulse.objects.create(
            instance=_component(programme, "climate_pulse", work_group=group), work_group=group,
            sequence=sequence, title="Puls", opened_at=opened,
            closes_on=opened.date() + timedelta(14),
            closed_at=opened + timedelta(days=14), status=ClimatePulse.Status.CLOSED,
        )  # fmt: skip
        ClimateAnswer.objects.bulk_create(ClimateAnswer(pulse=pulse, ratings=r) for r in answers)


def _arena(programme, world, norr, soder, outsider):
    instance = _component(programme, "learning_arena")
    series = SessionSeries.objects.create(
        kind="learning_arena", component_instance=instance, title="Chefsnätverket",
        starts_on=START, start_time=datetime.min.time(),
    )  # fmt: skip
    arena = Arena.objects.create(
        title="Chefsnätverket", kind=Arena.Kind.MANAGERS_NETWORK, capacity=20,
        component_instance=instance, series=series,
    )  # fmt: skip
    Membership.objects.bulk_create(
        Membership(arena=arena, person=p, status=Membership.Status.MEMBER) for p in norr + soder
    )
    (n1, n2, n3), (s1, s2, s3) = norr, soder
    for when, came in (
        (_at(1, 14), [n1, n2, n3, s1, s2, outsider]),
        (_at(1, 28), [n1, n2, n3]),
        (_at(2, 11), [n1, s1, s2, s3]),
    ):
        session = _session("learning_arena", when, series=series, component_instance=instance)
        Attendance.objects.bulk_create(
            Attendance(session=session, person=p, attended=True) for p in came
        )
    later = _session("learning_arena", _at(2, 25), Session.Status.SCHEDULED, series=series)
    Attendance.objects.create(session=later, person=s3, attended=None)


def group_world(world):
    with schema_context(world.tenant.schema_name):
        norr = [PersonFactory(unit=world.units["e1"]) for _ in range(3)]
        soder = [PersonFactory(unit=world.units["e2"]) for _ in range(3)]
        outsider = PersonFactory(unit=world.units["e1"])
        programme = programme_create(
            name="Grupper 2027", owner=world.people["hr"], starts_on=START, ends_on=END
        )
        Enrolment.objects.bulk_create(
            Enrolment(programme=programme, person=p) for p in norr + soder
        )
        lag_norr, lag_soder = _groups(programme, world)
        _climate(programme, lag_norr, lag_soder)
        _arena(programme, world, norr, soder, outsider)
    return SimpleNamespace(programme=programme, people=norr + soder + [outsider])


@pytest.fixture
def setup(world):
    world.tenant.anonymity_threshold = 5
    world.tenant.save()
    return group_world(world)


def _document(world, setup):
    with schema_context(world.tenant.schema_name):
        scope = scope_of(programme=setup.programme, unit=None, start=START, end=END)
        return build_document(scope=scope)


def _section(document, key):
    return next(s for s in document["sections"] if s["key"] == key)


def _points(section, key):
    series = next(s for s in section["series"] if s["key"] == key)
    return [(p["label"], p["value"], p["suppressed"]) for p in series["points"]]


def _table(section, key):
    return next(t for t in section["tables"] if t["key"] == key)["rows"]


def _xlsx(document) -> list[dict]:
    sheet = load_workbook(io.BytesIO(RENDERERS["xlsx"](document))).active
    header = [c.value for c in sheet[4]]
    return [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=5, values_only=True)
    ]


def test_the_sections_carry_the_known_answers(world, setup):
    # Given the constructed groups, pulses and arena, when the report is built
    document = _document(world, setup)
    figures = {f["key"]: f for s in document["sections"] for f in s["figures"]}
    # then every figure is the one worked out by hand, and shown
    for key, expected in EXPECTED.items():
        assert figures[key]["value"] == expected, key
        assert not figures[key]["suppressed"], key
    levels = {s["key"]: s["level"] for s in document["sections"]}
    assert (levels["groups"], levels["climate"], levels["arenas"]) == (
        "group",
        "group",
        "organisation",
    )
    groups = _section(document, "groups")
    assert _points(groups, "groups.goal_position") == GOAL_TREND
    goals = {(row[0], row[1]): tuple(row[2:]) for row in _table(groups, "groups.goals")}
    assert goals == {(g, t): v for g, by_goal in GOALS.items() for t, v in by_goal.items()}
    assert {row[0]: tuple(row[1:]) for row in _table(groups, "groups.by_group")} == BY_GROUP
    climate = _section(document, "climate")
    assert _points(climate, "climate.trust_each_other.trend") == CLIMATE_TREND
    arenas = _section(document, "arenas")
    assert _points(arenas, "arenas.attendance_per_month") == ARENA_MONTHS
    assert [tuple(row) for row in _table(arenas, "arenas.by_arena")] == [ARENA_ROW]


def test_the_xlsx_and_csv_carry_the_same_numbers(world, setup):
    document = _document(world, setup)
    rows = _xlsx(document)
    in_xlsx = {r["key"]: r for r in rows if r["type"] == "figure"}
    text = RENDERERS["csv"](document).decode("utf-8-sig")
    in_csv = {r["key"]: r for r in csv.DictReader(io.StringIO(text)) if r["type"] == "figure"}
    for key, expected in EXPECTED.items():
        assert in_xlsx[key]["value"] == expected and in_xlsx[key]["status"] == "shown", key
        assert in_csv[key]["value"] == number_text(expected), key
    trend = [
        (r["point"], r["value"], r["status"]) for r in rows if r["key"] == "groups.goal_position"
    ]
    assert trend == [("2027-01", 4.0, "shown"), ("2027-02", None, "suppressed")]
    mixing = [r["value"] for r in rows if r["key"] == "arenas.by_arena"]
    assert mixing == list(ARENA_ROW[1:])
    # and the PDF draws the sections: their figures in its text, in Swedish
    pdf = PdfReader(io.BytesIO(RENDERERS["pdf"](document)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    for key in ("arenas.mixing", "climate.trust_each_other", "groups.actions_opened"):
        assert number_text(EXPECTED[key], "sv") in text, key


def test_below_the_threshold_every_figure_of_people_is_withheld(world, setup):
    # Given a threshold above the five goals, five answers and six participants
    world.tenant.anonymity_threshold = 7
    world.tenant.save()
    document = _document(world, setup)
    figures = {f["key"]: f for s in document["sections"] for f in s["figures"]}
    withheld = [k for k in EXPECTED if k.startswith(("climate.trust", "climate.listening",
                                                     "arenas.members", "arenas.participants",
                                                     "arenas.units", "arenas.mixing"))]  # fmt: skip
    # then they are withheld in the JSON...
    for key in withheld:
        assert figures[key]["value"] is None and figures[key]["suppressed"], key
    assert figures["climate.pulses_shown"]["value"] == 0
    assert figures["groups.meetings"]["value"] == 3  # counts of meetings are no one's answers
    assert _points(_section(document, "groups"), "groups.goal_position")[0] == (
        "2027-01",
        None,
        True,
    )
    assert _points(_section(document, "climate"), "climate.listening.trend")[0] == (
        "2027-01",
        None,
        True,
    )
    arena_rows = _table(_section(document, "arenas"), "arenas.by_arena")
    assert list(arena_rows[0]) == ["Chefsnätverket", 3, None, None, None, None]
    # ... and in the XLSX and CSV: empty, and marked
    in_xlsx = {r["key"]: r for r in _xlsx(document) if r["type"] == "figure"}
    text = RENDERERS["csv"](document).decode("utf-8-sig")
    in_csv = {r["key"]: r for r in csv.DictReader(io.StringIO(text)) if r["type"] == "figure"}
    for key in withheld:
        assert in_xlsx[key]["value"] is None and in_xlsx[key]["status"] == "suppressed", key
        assert in_csv[key]["value"] == "" and in_csv[key]["status"] == "suppressed", key


def test_no_names_of_people_and_nothing_outside_the_period(world, setup):
    document = _document(world, setup)
    text = RENDERERS["json"](document).decode() + RENDERERS["csv"](document).decode("utf-8-sig")
    with schema_context(world.tenant.schema_name):
        names = [p.family_name for p in setup.people]
    for name in names:
        assert name not in text
    assert "Gör något" not in text  # the actions' text stays in the group's room


def test_a_scope_without_groups_pulses_or_arenas_has_none_of_the_sections(world, setup):
    with schema_context(world.tenant.schema_name):
        scope = scope_of(programme=None, unit=None, start=date(2025, 1, 1), end=date(2025, 1, 31))
        keys = {s["key"] for s in build_document(scope=scope)["sections"]}
    assert not keys & {"groups", "climate", "arenas"}


def _queries(world, setup, provider) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with schema_context(world.tenant.schema_name):
        scope = scope_of(programme=setup.programme, unit=None, start=START, end=END)
        with CaptureQueriesContext(connection) as queries:
            provider(scope)
    return len(queries)


def _more(world, setup, groups: int):
    """``groups`` more work groups, each with a checked-out meeting, a goal, an
    action and a shown pulse in January, and an arena session of its own."""
    with schema_context(world.tenant.schema_name):
        members = [PersonFactory(unit=world.units["e2"]) for _ in range(5)]
        Enrolment.objects.bulk_create(
            Enrolment(programme=setup.programme, person=p) for p in members
        )
        arena = Arena.objects.get(title="Chefsnätverket")
        for n in range(groups):
            group = WorkGroup.objects.create(name=f"Extra {n}", unit=world.units["e2"])
            goal = GroupGoal.objects.create(work_group=group, title="Mål")
            instance = _component(setup.programme, "group_meetings", work_group=group)
            _meeting(instance, _at(1, 15 + n), {goal: n})
            _action(group, _at(1, 15), date(2027, 1, 20))
            pulse = ClimatePulse.objects.create(
                instance=_component(setup.programme, "climate_pulse", work_group=group),
                work_group=group, sequence=1, title="Puls", opened_at=_at(1, 15 + n),
                closes_on=date(2027, 2, 1), status=ClimatePulse.Status.OPEN,
            )  # fmt: skip
            ClimateAnswer.objects.bulk_create(
                ClimateAnswer(pulse=pulse, ratings=dict.fromkeys(ASPECT_KEYS, 3)) for _ in range(5)
            )
            session = _session("learning_arena", _at(1, 16 + n), series=arena.series)
            Attendance.objects.bulk_create(
                Attendance(session=session, person=p, attended=True) for p in members
            )


@pytest.mark.parametrize("app", ["groups", "climate", "arenas"])
def test_the_queries_do_not_grow_with_groups_pulses_or_sessions(world, setup, app):
    from importlib import import_module

    provider = import_module(f"spiral.programs.{app}.reports").report_sections
    # Given the report's queries once its scope has been published before
    _queries(world, setup, provider)
    before = _queries(world, setup, provider)
    # when four more groups, pulses and arena sessions come into the period
    _more(world, setup, groups=4)
    _queries(world, setup, provider)  # their first publication writes the ledger
    # then the same section takes no more queries
    assert _queries(world, setup, provider) == before


def test_a_unit_report_counts_the_other_units_met_in_the_arena(world, setup):
    # Given a report of Norr alone (three participants) at a threshold of three
    world.tenant.anonymity_threshold = 3
    world.tenant.save()
    with schema_context(world.tenant.schema_name):
        scope = scope_of(programme=setup.programme, unit=world.units["e1"], start=START, end=END)
        document = build_document(scope=scope)
    figures = {f["key"]: f["value"] for s in document["sections"] for f in s["figures"]}
    # then Söder's people present still count as another unit met: 2/3, 1/2
    # and 1/2 of Norr's sessions had someone of Söder, 55.6 % on average
    assert figures["arenas.participants"] == 3
    assert figures["arenas.mixing"] == 55.6
    assert figures["arenas.units"] == 2
    months = _points(_section(document, "arenas"), "arenas.attendance_per_month")
    assert months[0] == ("2027-01", 6, False)


def test_the_dashboard_shows_the_sections_and_marks_what_is_withheld(world, setup):
    from spiral.programs.progress.services import report_produce, report_request

    # Given a report of the constructed programme, produced by the worker's service
    with schema_context(world.tenant.schema_name):
        report = report_request(
            owner=world.people["hr"], programme=setup.programme, unit=None,
            period_start=START, period_end=END,
        )  # fmt: skip
        report = report_produce(report_id=report.pk)
        names = [p.family_name for p in setup.people]
    # when HR opens its dashboard
    response = world.client("hr").get(f"/progress/reports/{report.public_id}/")
    # then the three sections are drawn, February's gaps marked, and no names
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Arbetsgruppernas lärande möten", "Klimatet i arbetsgrupperna",
                  "Lärande arenor: deltagande"):  # fmt: skip
        assert title in html
    assert "visas inte" in html
    assert not any(name in html for name in names)


def test_a_pulse_the_engine_holds_back_is_left_out_as_the_climate_pages_do(world, setup):
    from spiral.programs.anonymity.models import PublishedVersion
    from spiral.programs.climate.selectors import climate_results
    from spiral.programs.org.actors import Actor

    # Given January's pulse shown on the climate pages at five answers, then a
    # sixth answer: too small a change, so the engine holds the first version
    with schema_context(world.tenant.schema_name):
        pulse = ClimatePulse.objects.get(opened_at=_at(1, 5))
        assert climate_results(actor=Actor(), pulse=pulse).published
        ClimateAnswer.objects.create(pulse=pulse, ratings=dict.fromkeys(ASPECT_KEYS, 1))
        assert climate_results(actor=Actor(), pulse=pulse).held
        versions = PublishedVersion.objects.filter(subject__startswith="climate-pulse:").count()
    # when the report is built
    document = _document(world, setup)
    figures = {f["key"]: f for f in _section(document, "climate")["figures"]}
    # then the pulse is not pooled (its new answer would show through): a gap
    assert figures["climate.pulses_shown"]["value"] == 0
    assert figures["climate.trust_each_other"]["suppressed"]
    points = _points(_section(document, "climate"), "climate.trust_each_other.trend")
    assert points[0] == ("2027-01", None, True)
    # and the report wrote nothing new to the pulse's ledger
    with schema_context(world.tenant.schema_name):
        assert PublishedVersion.objects.filter(subject__startswith="climate-pulse:").count() == (
            versions
        )
