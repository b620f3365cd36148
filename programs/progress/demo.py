"""Progress in the demo tenant (``spiral demo``): sick leave and staff
turnover of every unit month by month since a year before the programme
began, with goals; the programme's milestones (the first ones reached) and
next steps; and its first report, of the months it has run so far."""

from datetime import date, timedelta
from decimal import Decimal

from spiral.programs.org.models import OrgUnit
from spiral.programs.progress import records
from spiral.programs.progress.services import report_produce, report_request

MILESTONES = (
    ("Uppstart med alla chefer", 0),
    ("Första coachningsomgången klar", 60),
    ("Halvtidsavstämning i ledningsgruppen", 180),
    ("Slutseminarium", 330),
)
STEPS = (
    ("Boka lokaler för lärarenorna", 20),
    ("Sammanställa stödbedömningen för ledningen", 75),
    ("Planera nästa års program", 300),
)


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _kpis(world, start: date) -> None:
    sick = records.kpi_define(
        name="Sjukfrånvaro", key="sjukfranvaro", measure="%", direction="down"
    )
    turnover = records.kpi_define(
        name="Personalomsättning", key="personalomsattning", measure="%", direction="down"
    )
    units = list(OrgUnit.objects.order_by("path")[:40])
    months = _months(start.replace(year=start.year - 1), world.today)
    for unit in units:
        base = 5 + 4 * world.rng.random()
        for n, month in enumerate(months):
            # Sick leave drifts down a little once the programme runs.
            drift = -0.08 * max(0, n - 12)
            value = round(base + drift + world.rng.gauss(0, 0.5), 1)
            records.kpi_value_record(
                kpi=sick,
                unit=unit,
                period=month,
                value=Decimal(str(max(value, 0.5))),
                goal=Decimal("6"),
                source="upload",
            )
        for month in months[::3]:
            value = round(8 + world.rng.gauss(0, 3), 1)
            records.kpi_value_record(
                kpi=turnover,
                unit=unit,
                period=month,
                value=Decimal(str(max(value, 0))),
                goal=Decimal("10"),
                source="upload",
            )


def demo_history(world) -> None:
    """See spiral.tenants.demo.world."""
    programme = world.programme
    start = programme.starts_on or world.today
    _kpis(world, start)
    for title, days in MILESTONES:
        milestone = records.milestone_add(
            programme=programme, title=title, due_on=start + timedelta(days=days)
        )
        if start + timedelta(days=days + 3) <= world.today:
            records.milestone_reach(
                milestone=milestone, reached_on=start + timedelta(days=days + 3)
            )
    for what, days in STEPS:
        step = records.next_step_add(
            programme=programme, what=what, who=programme.owner, due_on=start + timedelta(days=days)
        )
        if start + timedelta(days=days) <= world.today:
            records.next_step_done(step=step, done_on=start + timedelta(days=days - 2))
    end = world.today.replace(day=1) - timedelta(days=1)
    if end >= start:
        report = report_request(
            owner=programme.owner,
            programme=programme,
            unit=None,
            period_start=start,
            period_end=end,
            enqueue=False,
        )
        report_produce(report_id=report.pk)
