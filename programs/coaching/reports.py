"""Coaching's part of a progress report (contract:
``spiral.programs.progress.sections``): the coachees who have a coach, how
their goals moved on the 0-10 scale, and how many exercises they answered.

Sessions held against planned are in the sessions section already. Every
figure is an aggregate per coachee through the anonymity engine; neither the
goals' titles nor notes nor exercise answers are read."""

import calendar
from collections import defaultdict
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.programs.anonymity.cells import Answer
from spiral.programs.anonymity.services import publish_subject
from spiral.programs.coaching.exercises import EXERCISES
from spiral.programs.coaching.models import CoachingTrack, ExerciseAnswer, GoalProgress
from spiral.programs.progress.sections import Figure, Point, Scope, Section, Series, Table, shown

ORDER = 20


def _tracks(scope: Scope):
    """The tracks with a coach that ran in the period: made by its end (or
    with a goal reading by then: history entered afterwards, as an import or
    the demo writes it), and not closed before its start (a closed track's
    last change is its close)."""
    read = GoalProgress.objects.filter(goal__track=OuterRef("pk"), recorded_at__date__lte=scope.end)
    tracks = CoachingTrack.objects.filter(coach__isnull=False).filter(
        Q(created_at__date__lte=scope.end) | Exists(read)
    )
    tracks = tracks.exclude(
        Q(status=CoachingTrack.Status.CLOSED) & Q(updated_at__date__lt=scope.start)
    )
    if scope.programme is not None:
        tracks = tracks.filter(instance__component__programme=scope.programme)
    return tracks


def _publish(scope: Scope, name: str, per_person: dict):
    answers = [Answer(person, None, float(value)) for person, value in sorted(per_person.items())]
    return publish_subject(subject=scope.subject(name), answers=answers, tree={}).everyone


def _total(cell) -> int | None:
    return round(cell.mean * cell.count) if cell.published else None


def report_sections(scope: Scope) -> list[Section]:
    tracks = _tracks(scope)
    per_coachee: dict[int, int] = defaultdict(int)
    for coachee in tracks.values_list("coachee_id", flat=True):
        if coachee in scope.person_ids:
            per_coachee[coachee] += 1
    if not per_coachee:
        return []
    coachees = _publish(scope, "coaching:tracks", per_coachee)
    goals = _goal_readings(scope, tracks)
    figures = [
        Figure(
            "coaching.coachees",
            _("Coachees with a coach"),
            coachees.count if coachees.published else None,
            **shown(coachees),
        ),
        Figure("coaching.tracks", _("Coaching tracks"), _total(coachees), **shown(coachees)),
        *_goal_figures(scope, goals),
    ]
    exercise_figures, exercise_table = _exercises(scope, tracks)
    figures.extend(exercise_figures)
    return [
        Section(
            key="coaching",
            level="individual",
            title=_("Coaching: goals and exercises"),
            figures=tuple(figures),
            series=(_progress_trend(scope, goals),),
            tables=(exercise_table,),
            note=_(
                "Goal progress is the latest reading of each goal on the scale 0 to 10, "
                "averaged per coachee. A goal moved up when its latest reading in the period "
                "is above the one before the period (or the first in it). Coaching sessions "
                "are counted in the sessions section."
            ),
        )
    ]


def _goal_readings(scope: Scope, tracks) -> dict[int, dict[int, list[tuple[date, int]]]]:
    """Per coachee and goal, its readings up to the end of the period, oldest
    first: one query, only the numbers."""
    rows = (
        GoalProgress.objects.filter(goal__track__in=tracks, recorded_at__date__lte=scope.end)
        .order_by("recorded_at", "id")
        .values_list("goal__track__coachee_id", "goal_id", "value", "recorded_at")
    )
    found: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for coachee, goal, value, at in rows:
        if coachee in scope.person_ids:
            found[coachee][goal].append((timezone.localtime(at).date(), value))
    return found


def _latest_mean(goals: dict[int, list], day: date) -> float | None:
    """The mean of the goals' latest readings on ``day``, of those read by then."""
    latest = [[v for d, v in readings if d <= day] for readings in goals.values()]
    latest = [values[-1] for values in latest if values]
    return sum(latest) / len(latest) if latest else None


def _moved_up(readings: list, start: date) -> bool:
    before = [v for d, v in readings if d < start]
    during = [v for d, v in readings if d >= start]
    if not during:
        return False
    baseline = before[-1] if before else during[0]
    return during[-1] > baseline


def _goal_figures(scope: Scope, goals) -> list[Figure]:
    if not goals:  # coachees without goals read yet: nothing to withhold
        return [
            Figure("coaching.goals", _("Goals followed"), 0),
            Figure("coaching.goal_progress", _("Goal progress (mean of latest readings)"), None),
            Figure("coaching.goals_moved_up", _("Goals that moved up in the period"), None),
        ]
    means = {p: m for p, g in goals.items() if (m := _latest_mean(g, scope.end)) is not None}
    progress = _publish(scope, "coaching:goal_progress", means)
    counted = _publish(scope, "coaching:goals", {p: len(g) for p, g in goals.items()})
    up = _publish(
        scope,
        "coaching:goals_up",
        {p: sum(_moved_up(r, scope.start) for r in g.values()) for p, g in goals.items()},
    )
    share = None
    if counted.published and up.published and _total(counted):
        share = round(100 * _total(up) / _total(counted), 1)
    hidden = share is None
    return [
        Figure("coaching.goals", _("Goals followed"), _total(counted), **shown(counted)),
        Figure(
            "coaching.goal_progress",
            _("Goal progress (mean of latest readings)"),
            round(progress.mean, 1) if progress.published else None,
            measure="0\u201310",
            **shown(progress),
        ),
        Figure(
            "coaching.goals_moved_up",
            _("Goals that moved up in the period"),
            share,
            measure="%",
            suppressed=hidden,
            reason="too_few" if hidden else None,
        ),
    ]


def _progress_trend(scope: Scope, goals) -> Series:
    """The mean goal progress at the end of every month of the period."""
    points = []
    for month in scope.months():
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        day = min(last, scope.end)
        means = {p: m for p, g in goals.items() if (m := _latest_mean(g, day)) is not None}
        cell = _publish(scope, f"coaching:goal_progress:{month:%Y-%m}", means)
        value = round(cell.mean, 1) if cell.published else None
        points.append(Point(f"{month:%Y-%m}", value, suppressed=bool(means) and not cell.published))
    return Series("coaching.goal_progress_trend", _("Goal progress per month"), tuple(points))


def _exercises(scope: Scope, tracks) -> tuple[list[Figure], Table]:
    """Exercise answers made in the period, per coachee and exercise: counts
    only, in one query (the answers' text is never read)."""
    rows = (
        ExerciseAnswer.objects.filter(
            track__in=tracks,
            created_at__date__gte=scope.start,
            created_at__date__lte=scope.end,
        )
        .values_list("track__coachee_id", "exercise")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_kind: dict[str, dict[int, int]] = defaultdict(dict)
    everyone: dict[int, int] = defaultdict(int)
    for coachee, exercise, n in rows:
        if coachee in scope.person_ids:
            per_kind[exercise][coachee] = n
            everyone[coachee] += n
    total = _publish(scope, "coaching:exercises", everyone)
    figures = [
        Figure(
            "coaching.exercises",
            _("Exercise answers given"),
            _total(total) if everyone else 0,
            **(shown(total) if everyone else {}),
        )
    ]
    table_rows = []
    for exercise in EXERCISES:
        people = per_kind.get(exercise.key, {})
        cell = _publish(scope, f"coaching:exercise:{exercise.key}", people)
        if not people:
            table_rows.append((exercise.title, 0, 0))
        else:
            table_rows.append(
                (exercise.title, cell.count if cell.published else None, _total(cell))
            )
    columns = (_("Exercise"), _("Coachees"), _("Answers"))
    return figures, Table("coaching.exercises", _("Exercises answered"), columns, tuple(table_rows))
