"""The work groups' part of a progress report (contract:
``spiral.programs.progress.sections``): learning meetings checked out in the
period, the 0-10 check-out positions of the groups' goals (a monthly trend of
the mean position across goals, through the anonymity engine, and each goal's
first and latest position), and the groups' actions opened, closed and overdue.

Positions and actions are what a group decided together, named by group and
goal; never a participant's note, takeaway or answer, and never an owner."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, F, Q, Window
from django.db.models.functions import ExtractMonth, ExtractYear, FirstValue
from django.utils.translation import gettext as _

from spiral.programs.anonymity.cells import Answer
from spiral.programs.anonymity.services import publish_subject
from spiral.programs.groups.models import GoalPosition, GroupAction, GroupMeeting
from spiral.programs.org.models import WorkGroup
from spiral.programs.progress.sections import Figure, Point, Scope, Section, Series, Table

ORDER = 30
# A report over a whole municipality would list thousands of goals: the
# tables stop here (in name order), the figures and the trend count them all.
MAX_ROWS = 300


def _groups(scope: Scope):
    """The work groups of the scope: those with a component of the programme
    (every group when the report has no programme), within the unit subtree."""
    groups = WorkGroup.objects.all()
    if scope.programme is not None:
        groups = groups.filter(componentinstance__component__programme=scope.programme)
    if scope.unit_ids is not None:
        groups = groups.filter(unit_id__in=scope.unit_ids)
    return groups.values("pk")


def _meetings(scope: Scope):
    """Meetings checked out in the period (a meeting counts as held once it is)."""
    meetings = GroupMeeting.objects.filter(
        work_group_id__in=_groups(scope),
        checked_out_at__date__gte=scope.start,
        checked_out_at__date__lte=scope.end,
    )
    if scope.programme is not None:
        meetings = meetings.filter(
            session__component_instance__component__programme=scope.programme
        )
    return meetings


def report_sections(scope: Scope) -> list[Section]:
    names = dict(WorkGroup.objects.filter(pk__in=_groups(scope)).values_list("pk", "name"))
    meetings = _meetings(scope)
    held = dict(
        meetings.values("work_group_id")
        .annotate(n=Count("id"))
        .values_list("work_group_id", "n")
        .order_by()
    )
    actions = _action_counts(scope)
    goals = _goal_rows(meetings)
    if not held and not any(any(counts) for counts in actions.values()):
        return []
    totals = [sum(counts[i] for counts in actions.values()) for i in range(3)]
    figures = (
        Figure("groups.meetings", _("Learning meetings held"), sum(held.values())),
        Figure("groups.groups_met", _("Work groups that met"), len(held)),
        Figure("groups.actions_opened", _("Actions opened"), totals[0]),
        Figure("groups.actions_closed", _("Actions closed"), totals[1]),
        Figure("groups.actions_overdue", _("Actions overdue at the end of the period"), totals[2]),
    )
    rows = tuple(
        (names[pk], held.get(pk, 0), *actions.get(pk, (0, 0, 0)))
        for pk in sorted(names, key=lambda pk: (names[pk], pk))
        if held.get(pk) or any(actions.get(pk, ()))
    )[:MAX_ROWS]
    columns = (_("Work group"), _("Meetings held"), _("Opened"), _("Closed"), _("Overdue"))
    goal_columns = (_("Work group"), _("Goal"), _("Check-outs"), _("First position"),
                    _("Latest position"))  # fmt: skip
    return [
        Section(
            key="groups",
            level="group",
            title=_("Learning meetings, goals and actions of the work groups"),
            figures=figures,
            series=(_trend(scope, meetings),),
            tables=(
                Table("groups.by_group", _("By work group"), columns, rows),
                Table("groups.goals", _("Goals (position 0 to 10)"), goal_columns, goals),
            ),
            note=_(
                "A month's mean position is the mean of each goal's latest position "
                "that month; it is not shown when fewer goals than the anonymity "
                "threshold were placed. The tables list at most 300 rows."
            ),
        )
    ]


def _action_counts(scope: Scope) -> dict[int, tuple[int, int, int]]:
    """Per group, in one query: actions opened in the period, closed in it,
    and open past their due date on its last day."""
    actions = GroupAction.objects.filter(work_group_id__in=_groups(scope))
    opened = Q(created_at__date__gte=scope.start, created_at__date__lte=scope.end)
    closed = Q(closed_at__date__gte=scope.start, closed_at__date__lte=scope.end)
    still_open = Q(closed_at__isnull=True) | Q(closed_at__date__gt=scope.end)
    overdue = Q(created_at__date__lte=scope.end, due__lt=scope.end) & still_open
    rows = (
        actions.values("work_group_id")
        .annotate(
            opened=Count("id", filter=opened),
            closed=Count("id", filter=closed),
            overdue=Count("id", filter=overdue),
        )
        .values_list("work_group_id", "opened", "closed", "overdue")
        .order_by()
    )
    return {group: (o, c, d) for group, o, c, d in rows}


def _positions(meetings):
    return GoalPosition.objects.filter(meeting__in=meetings.values("pk"))


def _goal_rows(meetings) -> tuple:
    """Per goal: its group, title, check-outs, first and latest position in the
    period, ordered in SQL by the meetings' check-out."""
    order = ("meeting__checked_out_at", "meeting_id")
    first = Window(
        FirstValue("position"), partition_by=[F("goal_id")], order_by=[F(o).asc() for o in order]
    )
    latest = Window(
        FirstValue("position"), partition_by=[F("goal_id")], order_by=[F(o).desc() for o in order]
    )
    count = Window(Count("id"), partition_by=[F("goal_id")])
    rows = (
        _positions(meetings)
        .annotate(first=first, latest=latest, n=count)
        .values_list("goal__work_group__name", "goal__title", "n", "first", "latest", "goal_id")
        .distinct()
        .order_by("goal__work_group__name", "goal__title", "goal_id")
    )
    return tuple(row[:5] for row in rows[:MAX_ROWS])


def _trend(scope: Scope, meetings) -> Series:
    """Per month, each goal's latest position that month is one answer; the
    month's point is their mean as the engine shows it."""
    latest: dict[date, dict[int, tuple]] = defaultdict(dict)
    rows = (
        _positions(meetings)
        .annotate(
            year=ExtractYear("meeting__checked_out_at"),
            month=ExtractMonth("meeting__checked_out_at"),
        )
        .values_list(
            "goal_id", "year", "month", "meeting__checked_out_at", "meeting_id", "position"
        )
        .order_by()
    )
    for goal, year, month, when, meeting, position in rows:
        month_start = date(year, month, 1)
        seen = latest[month_start].get(goal)
        if seen is None or (when, meeting) > seen[:2]:
            latest[month_start][goal] = (when, meeting, position)
    points = []
    for month in scope.months():
        placed = latest.get(month, {})
        label = f"{month:%Y-%m}"
        if not placed:
            points.append(Point(label, None))
            continue
        cell = publish_subject(
            subject=scope.subject(f"groups:goal-position:{label}"),
            answers=[Answer(goal, None, float(v[2])) for goal, v in sorted(placed.items())],
            tree={},
        ).everyone
        value = round(cell.mean, 1) if cell.published else None
        points.append(Point(label, value, suppressed=not cell.published))
    return Series(
        "groups.goal_position", _("Mean goal position per month (0 to 10)"), tuple(points)
    )
