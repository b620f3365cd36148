"""The report sections of what every programme has: its sessions (held
against planned, and attendance, per component kind, at the kind's level),
its KPIs against their goals and its milestones. See ``sections.py``."""

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from spiral.programs.anonymity.cells import Answer
from spiral.programs.anonymity.selectors import org_tree
from spiral.programs.anonymity.services import publish_subjects
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.programmes.kinds import UnknownKindError, kind_of
from spiral.programs.programmes.models import Level
from spiral.programs.progress.kpis import kpi_section
from spiral.programs.progress.models import Milestone, NextStep
from spiral.programs.progress.sections import Figure, Point, Scope, Section, Series, Table, shown
from spiral.programs.sessions.models import Attendance, Session

ORDER = 10
MEASURES = ("planned", "held", "attended")
MAX_UNIT_ROWS = 200


def report_sections(scope: Scope) -> list[Section]:
    sections = sessions_sections(scope)
    sections.extend(kpi_section(scope))
    sections.extend(milestone_section(scope))
    return sections


def _kind_label(kind: str) -> str:
    labels = {
        "coaching_track": _("Coaching sessions"),
        "mentoring": _("Mentoring meetings"),
        "supervision_group": _("Supervision meetings"),
        "group_meetings": _("Learning group meetings"),
        "group_contract": _("Group contract meetings"),
        "backspegling": _("Looking-back meetings"),
        "learning_arena": _("Learning arena sessions"),
        "feedback_loop": _("Feedback-loop meetings"),
    }
    return labels.get(kind, kind)


def _level_of(kind: str) -> str:
    try:
        return str(kind_of(kind).level)
    except UnknownKindError:
        return Level.ORGANISATION.value


def activity_rows(scope: Scope):
    """Per person, kind and month: sessions planned (not cancelled), held, and
    attended. One query, counted in the database."""
    rows = Attendance.objects.filter(
        session__starts_at__date__gte=scope.start, session__starts_at__date__lte=scope.end
    ).exclude(session__status=Session.Status.CANCELLED)
    if scope.programme is not None:
        rows = rows.filter(session__component_instance__component__programme=scope.programme)
    held = Q(session__status=Session.Status.HELD)
    # Year and month as numbers (in the current time zone, Stockholm's): a
    # truncated date would be converted back to an aware datetime per row.
    return (
        rows.annotate(
            year=ExtractYear("session__starts_at"), month=ExtractMonth("session__starts_at")
        )
        .values_list("person_id", "session__kind", "year", "month")
        .annotate(
            planned=Count("id"),
            held=Count("id", filter=held),
            attended=Count("id", filter=held & Q(attended=True)),
        )
        .order_by()
    )


def sessions_sections(scope: Scope) -> list[Section]:
    totals: dict[str, dict[int, list[int]]] = defaultdict(dict)
    monthly: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for person, kind, year, month, planned, held, attended in activity_rows(scope):
        if person not in scope.person_ids:
            continue
        figures = totals[kind].setdefault(person, [0, 0, 0])
        figures[0] += planned
        figures[1] += held
        figures[2] += attended
        if held:
            label = f"{year}-{month:02d}"
            monthly[(kind, label)][person] = monthly[(kind, label)].get(person, 0) + held
    if not totals:
        return []
    people = {p for per_kind in totals.values() for p in per_kind}
    # One array parameter, not thousands of placeholders.
    ids = RawSQL("SELECT unnest(%s::bigint[])", [sorted(people)])
    unit_of = dict(Person.objects.filter(pk__in=ids).values_list("pk", "unit__public_id"))
    tree = org_tree()
    by_level: dict[str, list] = defaultdict(list)
    for kind in sorted(totals):
        by_level[_level_of(kind)].append(
            _kind_parts(scope, kind, totals[kind], monthly, unit_of, tree)
        )
    titles = {
        "individual": _("Sessions at the individual level"),
        "group": _("Meetings at the group level"),
        "organisation": _("Sessions at the organisation level"),
    }
    return [
        Section(
            key=f"sessions.{level}",
            level=level,
            title=titles[level],
            figures=tuple(f for part in parts for f in part[0]),
            series=tuple(part[1] for part in parts),
            tables=tuple(part[2] for part in parts),
            note=_(
                "Counted per participant and session; a figure of fewer people than "
                "the anonymity threshold is not shown."
            ),
        )
        for level, parts in sorted(by_level.items())
    ]


def _kind_parts(scope, kind, per_person, monthly, unit_of, tree):
    label = _kind_label(kind)
    published = publish_subjects(
        {
            scope.subject(f"sessions:{kind}:{measure}"): [
                Answer(person, unit_of.get(person), float(values[index]))
                for person, values in sorted(per_person.items())
            ]
            for index, measure in enumerate(MEASURES)
        },
        tree=tree,
    )
    publications = {
        measure: published[scope.subject(f"sessions:{kind}:{measure}")] for measure in MEASURES
    }
    names = {"planned": _("planned"), "held": _("held"), "attended": _("attended")}
    figures = []
    for measure, publication in publications.items():
        cell = publication.everyone
        total = round(cell.mean * cell.count) if cell.published else None
        figures.append(
            Figure(f"{kind}.{measure}", f"{label}: {names[measure]}", total, **shown(cell))
        )
    held, attended = publications["held"].everyone, publications["attended"].everyone
    rate = None
    if held.published and attended.published and held.mean:
        rate = round(100 * attended.mean / held.mean, 1)
    hidden = rate is None and not (held.published and not held.mean)
    figures.append(
        Figure(
            f"{kind}.attendance",
            f"{label}: {_('attendance')}",
            rate,
            measure="%",
            suppressed=hidden,
            reason="too_few" if hidden else None,
        )
    )
    held_cell = publications["held"].everyone
    figures.insert(
        0,
        Figure(
            f"{kind}.participants",
            f"{label}: {_('participants')}",
            held_cell.count if held_cell.published else None,
            **shown(held_cell),
        ),
    )
    covered = _covered({unit_of.get(person) for person in per_person} - {None}, tree)
    return (
        figures,
        _monthly_series(scope, kind, label, monthly),
        _unit_table(scope, kind, label, publications, covered),
    )


def _monthly_series(scope, kind, label, monthly) -> Series:
    labels = [f"{month:%Y-%m}" for month in scope.months()]
    published = publish_subjects(
        {
            scope.subject(f"sessions:{kind}:held:{month_label}"): [
                Answer(person, None, float(n))
                for person, n in sorted(monthly.get((kind, month_label), {}).items())
            ]
            for month_label in labels
        },
        tree={},
    )
    points = []
    for month_label in labels:
        held = monthly.get((kind, month_label), {})
        cell = published[scope.subject(f"sessions:{kind}:held:{month_label}")].everyone
        value = round(cell.mean * cell.count) if cell.published else None
        points.append(
            Point(month_label, value if held else 0, suppressed=bool(held) and not cell.published)
        )
    return Series(f"{kind}.held_per_month", f"{label}: {_('held per month')}", tuple(points))


def _unit_table(scope, kind, label, publications, covered) -> Table:
    """The units (with their subtrees) that hold participants of the kind, in
    tree order, at most ``MAX_UNIT_ROWS``; a withheld cell is None."""
    units = OrgUnit.objects.order_by("path")
    if scope.unit_ids is not None:
        units = units.filter(pk__in=scope.unit_ids)
    units = list(units.values_list("public_id", "name", "depth"))
    rows = []
    for public_id, name, _depth in units:
        if public_id not in covered:
            continue
        if len(rows) == MAX_UNIT_ROWS:
            break
        cells = [publications[m].units[public_id] for m in MEASURES]
        count = cells[1].count if cells[1].published else None
        values = [round(cell.mean * cell.count) if cell.published else None for cell in cells]
        rows.append((name, count, *values))
    columns = (_("Unit"), _("Participants"), _("Planned"), _("Held"), _("Attended"))
    return Table(f"{kind}.by_unit", f"{label}: {_('by unit')}", columns, tuple(rows))


def _covered(units, tree) -> set:
    """The units holding at least one of ``units`` in their subtree."""
    found = set()
    for unit in units:
        while unit is not None and unit not in found:
            found.add(unit)
            unit = tree.get(unit)
    return found


def milestone_section(scope: Scope) -> list[Section]:
    milestones = Milestone.objects.filter(due_on__lte=scope.end).filter(
        Q(reached_on__isnull=True) | Q(reached_on__gte=scope.start)
    )
    steps = NextStep.objects.filter(due_on__gte=scope.start, due_on__lte=scope.end)
    if scope.programme is not None:
        milestones = milestones.filter(programme=scope.programme)
        steps = steps.filter(programme=scope.programme)
    milestones = list(milestones.order_by("due_on", "id"))
    steps = list(steps.order_by("due_on", "id"))
    if not milestones and not steps:
        return []
    due = [m for m in milestones if scope.start <= m.due_on <= scope.end]
    reached = [m for m in milestones if m.reached_on and m.reached_on <= scope.end]
    done = [s for s in steps if s.done_on and s.done_on <= scope.end]
    yes, no = _("yes"), _("no")
    return [
        Section(
            key="milestones",
            level="organisation",
            title=_("Milestones and next steps"),
            figures=(
                Figure("milestones.due", _("Milestones due in the period"), len(due)),
                Figure("milestones.reached", _("Milestones reached"), len(reached)),
                Figure("next_steps.due", _("Next steps due in the period"), len(steps)),
                Figure("next_steps.done", _("Next steps done"), len(done)),
            ),
            tables=(
                Table(
                    "milestones.timeline",
                    _("Timeline"),
                    (_("Milestone"), _("Due on"), _("Reached on")),
                    tuple(
                        (
                            m.title,
                            m.due_on.isoformat(),
                            m.reached_on.isoformat() if m.reached_on else "",
                        )
                        for m in milestones
                    ),
                ),
                Table(
                    "next_steps.list",
                    _("Next steps"),
                    (_("What"), _("By when"), _("Done")),
                    tuple((s.what, s.due_on.isoformat(), yes if s.done_on else no) for s in steps),
                ),
            ),
        )
    ]
