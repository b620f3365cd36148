"""Progress reports (make bench BENCH_ARGS='-k reports'): the report of a
programme of 3,000 first-line managers in 100 units with 12 months of
activity (a coaching session and a learning group meeting a month each, a
learning-arena session a month per unit: 73,200 sessions, 108,000 attendance
rows; KPIs of every unit), timed with its peak memory (tracemalloc), against
hand-written aggregate SQL of the same figures in the same run."""

import os
import time
import tracemalloc
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django_tenants.utils import schema_context

from spiral.programs.org.models import Person
from spiral.programs.programmes.models import Enrolment
from spiral.programs.progress.builder import build_document, scope_of
from spiral.programs.progress.models import Kpi, KpiValue
from spiral.programs.progress.renderers import RENDERERS
from spiral.programs.sessions.models import Attendance, Session
from tests.benchmarks.conftest import report
from tests.factories import OrgUnitFactory
from tests.programs.progress_world import _component

MANAGERS, UNITS, MONTHS = 3000, 100, 12
STOCKHOLM = ZoneInfo("Europe/Stockholm")
START, END = date(2027, 1, 1), date(2027, 12, 31)

SESSIONS = """
WITH s AS (
    SELECT s.id, s.kind, s.status,
           to_char(s.starts_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') AS month
    FROM scheduling_session s
    JOIN programmes_componentinstance i ON i.id = s.component_instance_id
    JOIN programmes_programmecomponent c ON c.id = i.component_id
    WHERE c.programme_id = %(programme)s AND s.status <> 'cancelled'
      AND s.starts_at >= %(start)s AND s.starts_at < %(end)s
), a AS (
    SELECT s.kind, s.status, s.month, a.person_id, a.attended
    FROM scheduling_attendance a JOIN s ON s.id = a.session_id
    JOIN programmes_enrolment e ON e.person_id = a.person_id AND e.programme_id = %(programme)s
)
"""
# The report's session figures by hand: per kind the people and their
# planned, held and attended sessions; the sessions held per month; per unit
# (with its subtree) the people and the sessions held.
SQL_TOTALS = (
    SESSIONS
    + """
SELECT kind, count(DISTINCT person_id), count(*), count(*) FILTER (WHERE status = 'held'),
       count(*) FILTER (WHERE status = 'held' AND attended)
FROM a GROUP BY kind ORDER BY kind
"""
)
SQL_MONTHS = (
    SESSIONS
    + """
SELECT kind, month, count(*) FROM a WHERE status = 'held' GROUP BY 1, 2 ORDER BY 1, 2
"""
)
SQL_UNITS = (
    SESSIONS  # noqa: S608 (constant text)
    + """, per_person AS (
    SELECT kind, person_id, count(*) FILTER (WHERE status = 'held') AS held FROM a GROUP BY 1, 2
)
SELECT r.kind, u.id, count(*), sum(r.held)
FROM per_person r JOIN org_person p ON p.id = r.person_id
JOIN org_orgunit pu ON pu.id = p.unit_id
JOIN org_orgunit u ON pu.path LIKE u.path || '%%'
GROUP BY 1, 2
"""
)
SQL_KPIS = """
SELECT k.key, avg(v.value), avg(v.goal)
FROM progress_kpivalue v JOIN progress_kpi k ON k.id = v.kpi_id
WHERE v.period = (SELECT max(period) FROM progress_kpivalue w
                  WHERE w.kpi_id = v.kpi_id AND w.unit_id = v.unit_id AND w.period <= %(end)s)
GROUP BY k.key
"""


def _world():
    from spiral.programs.programmes.services import programme_create

    root = OrgUnitFactory(name="Bänkkommunen", external_id="RB")
    offices = [
        OrgUnitFactory(name=f"Förvaltning {n}", parent=root, external_id=f"RF{n}")
        for n in range(10)
    ]
    units = [
        OrgUnitFactory(name=f"Enhet {n}", parent=offices[n % 10], external_id=f"RU{n}")
        for n in range(UNITS)
    ]
    people = Person.objects.bulk_create(
        Person(
            external_id=f"R{n:05d}",
            given_name="Chef",
            family_name=f"Nummer {n}",
            unit=units[n % UNITS],
            is_first_line_manager=True,
        )
        for n in range(MANAGERS)
    )
    programme = programme_create(name="Chefsprogram 3000", starts_on=START, ends_on=END)
    Enrolment.objects.bulk_create(Enrolment(programme=programme, person=p) for p in people)
    return programme, units, people


def _activity(programme, units, people):
    instances = {
        k: _component(programme, k) for k in ("coaching_track", "group_meetings", "learning_arena")
    }
    sessions, attendees = [], []
    for month in range(1, MONTHS + 1):
        for n, person in enumerate(people):
            for kind, day in (("coaching_track", 3 + n % 20), ("group_meetings", 5 + n % 18)):
                start = datetime(2027, month, day, 9, tzinfo=STOCKHOLM)
                held = (n + month) % 10 != 0  # one in ten still to hold or not held
                sessions.append(
                    Session(
                        kind=kind,
                        title=kind,
                        component_instance=instances[kind],
                        starts_at=start,
                        ends_at=start + timedelta(hours=1),
                        status="held" if held else "scheduled",
                    )
                )
                attendees.append([(person, held and (n + month) % 7 != 0)])
        for u in range(len(units)):
            start = datetime(2027, month, 20, 13, tzinfo=STOCKHOLM)
            sessions.append(
                Session(
                    kind="learning_arena",
                    title="Arena",
                    component_instance=instances["learning_arena"],
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    status="held",
                )
            )
            members = people[u::UNITS]
            attendees.append([(p, (i + month) % 4 != 0) for i, p in enumerate(members)])
    sessions = Session.objects.bulk_create(sessions, batch_size=5000)
    Attendance.objects.bulk_create(
        (
            Attendance(session=s, person=p, attended=a)
            for s, group in zip(sessions, attendees, strict=True)
            for p, a in group
        ),
        batch_size=5000,
    )
    kpi = Kpi.objects.create(key="sick-leave", name="Sjukfrånvaro", measure="%", direction="down")
    KpiValue.objects.bulk_create(
        KpiValue(
            kpi=kpi,
            unit=unit,
            period=date(2027, m, 1),
            value=Decimal(4 + (u + m) % 5),
            goal=Decimal(5),
        )
        for u, unit in enumerate(units)
        for m in range(1, MONTHS + 1)
    )
    return len(sessions)


def _by_hand(programme):
    start = datetime(START.year, START.month, START.day, tzinfo=STOCKHOLM)
    end = datetime(END.year, END.month, END.day, tzinfo=STOCKHOLM) + timedelta(days=1)
    params = {"programme": programme.pk, "start": start, "end": end}
    with connection.cursor() as cursor:
        results = []
        for sql in (SQL_TOTALS, SQL_MONTHS, SQL_UNITS, SQL_KPIS):
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results


def _ours(programme):
    scope = scope_of(programme=programme, unit=None, start=START, end=END)
    return build_document(scope=scope)


def _timed(func):
    """Seconds of one run, then the peak memory of another (tracemalloc slows
    Python down several times, so it is not on while timing)."""
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        name = f"{os.environ['BENCH_PROFILE']}.{func.__name__}"
        cProfile.runctx("func()", globals(), {"func": func}, name)
    started = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, result


def test_a_report_of_3000_managers_over_12_months(db, provisioned_tenants):
    tenant = provisioned_tenants["a"]
    with schema_context(tenant.schema_name):
        programme, units, people = _world()
        count = _activity(programme, units, people)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        started = time.perf_counter()
        _ours(programme)  # writes the ledger
        first = time.perf_counter() - started

        def build():
            return _ours(programme)

        def render_all():
            return {name: r(document) for name, r in RENDERERS.items()}

        seconds, peak, document = _timed(build)
        render, render_peak, files = _timed(render_all)
        _by_hand(programme)  # warm
        baseline, _, (totals, months, _, kpis) = _timed(lambda: _by_hand(programme))
    figures = {f["key"]: f["value"] for s in document["sections"] for f in s["figures"]}
    for kind, people_count, planned, held, attended in totals:
        assert figures[f"{kind}.participants"] == people_count
        assert (
            figures[f"{kind}.planned"],
            figures[f"{kind}.held"],
            figures[f"{kind}.attended"],
        ) == (planned, held, attended), kind
    series = {
        (s["key"], p["label"]): p["value"]
        for sec in document["sections"]
        for s in sec["series"]
        for p in s["points"]
    }
    for kind, month, held in months:
        assert series[(f"{kind}.held_per_month", month)] == held
    assert figures["kpi.sick-leave"] == round(float(kpis[0][1]), 2)
    sizes = ", ".join(f"{name} {len(content) // 1024} kB" for name, content in files.items())
    report(
        f"Progress report: {MANAGERS:,} managers, {UNITS} units, {MONTHS} months",
        [
            ("sessions / attendance rows", f"{count:,} / 108,000"),
            ("first build, the ledger written (s)", f"{first:.2f}"),
            ("build of the report's figures, through the engine (s)", f"{seconds:.2f}"),
            ("  peak memory (MB)", f"{peak / 2**20:.1f}"),
            ("rendering JSON, CSV, XLSX and PDF (s)", f"{render:.2f}"),
            ("  peak memory (MB)", f"{render_peak / 2**20:.1f}"),
            ("  sizes", sizes),
            ("baseline: hand-written aggregate SQL of the same figures (s)", f"{baseline:.2f}"),
            ("ratio build / baseline", f"{seconds / baseline:.2f}"),
            ("ratio build + render / baseline", f"{(seconds + render) / baseline:.2f}"),
        ],
    )
    assert seconds + render < 10
