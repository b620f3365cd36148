"""The report sections of work groups, the climate pulse and learning arenas
at scale (make bench BENCH_ARGS='-k sections_grp'): a programme of 3,000
managers in 100 units with 300 work groups over 12 months (a checked-out
meeting a month with three goals placed, four actions a group, a quarterly
climate pulse of eight answers in 50 of them) and 10 arenas (four sessions a
month, 25 people of different units each). Each section is timed on its
second run (the first writes the engine's ledgers) and its queries counted:
they grow with the months and the arenas, not with groups, pulses or people."""

import time
from datetime import date, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from spiral.programs.arenas.models import Arena, Membership
from spiral.programs.climate.aspects import ASPECT_KEYS
from spiral.programs.climate.models import ClimateAnswer, ClimatePulse
from spiral.programs.groups.models import GoalPosition, GroupAction, GroupGoal, GroupMeeting
from spiral.programs.org.models import Person, WorkGroup
from spiral.programs.programmes.kinds import kind_of
from spiral.programs.programmes.models import ComponentInstance, Enrolment, ProgrammeComponent
from spiral.programs.programmes.services import programme_create
from spiral.programs.progress.builder import scope_of
from spiral.programs.sessions.models import Attendance, Session, SessionSeries
from tests.benchmarks.conftest import report
from tests.factories import OrgUnitFactory
from tests.programs.test_progress_group import _component

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MANAGERS, UNITS, GROUPS, ARENAS, MONTHS = 3000, 100, 300, 10, 12
# The test's transaction holds every advisory lock of the engine to its end
# (a worker's report releases them as it goes): pulses in 50 groups only.
PULSE_GROUPS = 50
START, END = date(2027, 1, 1), date(2027, 12, 31)


def _at(month, day, hour=9):
    return datetime(2027, month, day, hour, tzinfo=STOCKHOLM)


def _world():
    root = OrgUnitFactory(name="Bänkkommunen", external_id="GB")
    units = [
        OrgUnitFactory(name=f"Enhet {n}", parent=root, external_id=f"GU{n}") for n in range(UNITS)
    ]
    people = Person.objects.bulk_create(
        Person(external_id=f"G{n:05d}", given_name="Chef", family_name=f"Nr {n}",
               unit=units[n % UNITS], is_first_line_manager=True)
        for n in range(MANAGERS)
    )  # fmt: skip
    programme = programme_create(name="Grupper 3000", starts_on=START, ends_on=END)
    Enrolment.objects.bulk_create(Enrolment(programme=programme, person=p) for p in people)
    return programme, units, people


def _groups(programme, units):
    for g in range(GROUPS):
        group = WorkGroup.objects.create(name=f"Lag {g:03d}", unit=units[g % UNITS])
        meetings = _component(programme, "group_meetings", work_group=group)
        goals = GroupGoal.objects.bulk_create(
            GroupGoal(work_group=group, title=f"Mål {n}") for n in range(3)
        )
        sessions = Session.objects.bulk_create(
            Session(kind="group_meetings", title="Möte", component_instance=meetings,
                    starts_at=_at(m, 10), ends_at=_at(m, 11), status="held")
            for m in range(1, MONTHS + 1)
        )  # fmt: skip
        held = GroupMeeting.objects.bulk_create(
            GroupMeeting(work_group=group, session=s, checked_in_at=s.starts_at,
                         checked_out_at=s.ends_at)
            for s in sessions
        )  # fmt: skip
        GoalPosition.objects.bulk_create(
            GoalPosition(meeting=m, goal=goal, position=(i + n + g) % 11)
            for i, m in enumerate(held)
            for n, goal in enumerate(goals)
        )
        GroupAction.objects.bulk_create(
            GroupAction(work_group=group, text="Åtgärd", due=date(2027, 3 * n + 1, 15))
            for n in range(4)
        )
        if g >= PULSE_GROUPS:
            continue
        pulses = _component(programme, "climate_pulse", work_group=group)
        for q in range(4):
            pulse = ClimatePulse.objects.create(
                instance=pulses, work_group=group, sequence=q + 1, title="Puls",
                opened_at=_at(3 * q + 1, 5), closes_on=date(2027, 3 * q + 1, 20),
                closed_at=_at(3 * q + 1, 20), status="closed",
            )  # fmt: skip
            ClimateAnswer.objects.bulk_create(
                ClimateAnswer(pulse=pulse, ratings=dict.fromkeys(ASPECT_KEYS, 1 + (a + q) % 5))
                for a in range(8)
            )


def _arenas(programme, people):
    for a in range(ARENAS):
        # One component a arena: a programme-wide component has one instance.
        component = ProgrammeComponent.objects.create(
            programme=programme, kind="learning_arena", level="organisation",
            audience=kind_of("learning_arena").audience, title_sv=f"Arena {a}",
            title_en=f"Arena {a}",
        )  # fmt: skip
        instance = ComponentInstance.objects.create(component=component)
        series = SessionSeries.objects.create(
            kind="learning_arena", component_instance=instance, title=f"Arena {a}",
            starts_on=START, start_time=clock(13),
        )  # fmt: skip
        arena = Arena.objects.create(
            title=f"Arena {a}", kind=Arena.Kind.MANAGERS_NETWORK, capacity=40,
            component_instance=instance, series=series,
        )  # fmt: skip
        members = people[a * 30 : a * 30 + 30]
        Membership.objects.bulk_create(
            Membership(arena=arena, person=p, status="member") for p in members
        )
        sessions = Session.objects.bulk_create(
            Session(kind="learning_arena", title="Träff", series=series,
                    component_instance=instance, starts_at=_at(m, 1 + 7 * w, 13),
                    ends_at=_at(m, 1 + 7 * w, 15), status="held")
            for m in range(1, MONTHS + 1)
            for w in range(4)
        )  # fmt: skip
        Attendance.objects.bulk_create(
            Attendance(session=s, person=p, attended=True)
            for i, s in enumerate(sessions)
            for p in members[i % 5 : i % 5 + 25]
        )


def _sql_groups():
    """The groups section's numbers by hand: meetings and actions per group,
    the monthly mean of each goal's latest position, each goal's first and
    latest position (no engine, no ledger)."""
    statements = (
        "SELECT work_group_id, count(*) FROM groups_groupmeeting WHERE checked_out_at >= %(start)s"
        " AND checked_out_at < %(end)s GROUP BY 1",
        "SELECT work_group_id, count(*) FILTER (WHERE created_at >= %(start)s),"
        " count(*) FILTER (WHERE closed_at >= %(start)s AND closed_at < %(end)s),"
        " count(*) FILTER (WHERE closed_at IS NULL AND due < %(end)s)"
        " FROM groups_groupaction GROUP BY 1",
        "WITH p AS (SELECT DISTINCT ON (p.goal_id, date_trunc('month', m.checked_out_at))"
        " date_trunc('month', m.checked_out_at) AS month, p.position"
        " FROM groups_goalposition p JOIN groups_groupmeeting m ON m.id = p.meeting_id"
        " WHERE m.checked_out_at >= %(start)s AND m.checked_out_at < %(end)s"
        " ORDER BY p.goal_id, date_trunc('month', m.checked_out_at), m.checked_out_at DESC)"
        " SELECT month, avg(position), count(*) FROM p GROUP BY 1",
        "SELECT DISTINCT goal_id, first_value(position) OVER w, last_value(position) OVER w"
        " FROM groups_goalposition p JOIN groups_groupmeeting m ON m.id = p.meeting_id"
        " WHERE m.checked_out_at >= %(start)s AND m.checked_out_at < %(end)s"
        " WINDOW w AS (PARTITION BY goal_id ORDER BY m.checked_out_at"
        " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
    )
    return _run(statements)


def _sql_climate():
    """The climate section's numbers by hand: per month and aspect the mean of
    the pulses with at least five answers."""
    statements = (
        "WITH shown AS (SELECT pulse_id FROM climate_climateanswer GROUP BY 1 HAVING count(*) >= 5)"
        " SELECT date_trunc('month', p.opened_at), key, avg(value::numeric)"
        " FROM climate_climatepulse p JOIN climate_climateanswer a ON a.pulse_id = p.id"
        " JOIN shown s ON s.pulse_id = p.id, jsonb_each_text(a.ratings)"
        " WHERE p.opened_at >= %(start)s AND p.opened_at < %(end)s GROUP BY 1, 2",
    )
    return _run(statements)


def _run(statements):
    params = {"start": _at(1, 1, 0), "end": datetime(2028, 1, 1, tzinfo=STOCKHOLM)}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params)
            cursor.fetchall()
    return time.perf_counter() - started


def _measure(provider, scope):
    provider(scope)  # the first run writes the ledgers
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sections = provider(scope)
        seconds = time.perf_counter() - started
    return sections, seconds, len(queries)


def test_sections_grp_at_scale(tenant_a):
    from spiral.programs.arenas.reports import report_sections as arenas
    from spiral.programs.climate.reports import report_sections as climate
    from spiral.programs.groups.reports import report_sections as groups

    with schema_context(tenant_a.schema_name):
        programme, units, people = _world()
        _groups(programme, units)
        _arenas(programme, people)
        scope = scope_of(programme=programme, unit=None, start=START, end=END)
        rows = []
        for name, provider in (("groups", groups), ("climate", climate), ("arenas", arenas)):
            sections, seconds, queries = _measure(provider, scope)
            assert sections, name
            rows.append((f"{name}: seconds (second run)", f"{seconds:.2f}"))
            rows.append((f"{name}: queries", str(queries)))
        rows.append(("groups by hand-written SQL: seconds", f"{_sql_groups():.3f}"))
        rows.append(("climate by hand-written SQL (no engine): seconds", f"{_sql_climate():.3f}"))
    report(f"Report sections: {GROUPS} groups, {4 * PULSE_GROUPS} pulses, {ARENAS} arenas", rows)
