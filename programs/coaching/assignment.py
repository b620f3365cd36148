"""Choosing a coach for a track.

A coach is a person flagged ``is_coach`` who is active (not leaving, not
left). Never the coachee themself, never anyone in their reporting line: the
managers of the coachee's unit and of every unit above it, and anyone in the
units the coachee manages (a coach must not be their boss, nor their staff).
Among those with room, the least loaded relative to their capacity wins
(ties: fewest coachees, then the longest-standing coach), so tracks spread
over coaches in proportion to what each can take."""

from django.db.models import Count, Q

from spiral.programs.coaching.models import DEFAULT_CAPACITY, CoachingTrack
from spiral.programs.org.models import OrgUnit, Person


def reporting_line_ids(*, person: Person) -> set[int]:
    """Ids of the people above and below ``person`` in the organisation (two queries)."""
    path = person.unit.path if person.unit_id else ""
    above = [segment for segment in path.split("/") if segment]
    managed_paths = list(OrgUnit.objects.filter(manager=person).values_list("path", flat=True))
    below = Q(pk__in=[])
    for path in managed_paths:
        below |= Q(unit__path__startswith=path)
    managers = OrgUnit.objects.filter(public_id__in=above).exclude(manager=None)
    ids = set(managers.values_list("manager_id", flat=True))
    if managed_paths:
        ids |= set(Person.objects.filter(below).values_list("pk", flat=True))
    ids.discard(person.pk)
    return ids


def coach_may_take(*, coach: Person, coachee: Person) -> bool:
    return (
        coach.is_coach
        and coach.status == Person.Status.ACTIVE
        and coach.pk != coachee.pk
        and coach.pk not in reporting_line_ids(person=coachee)
    )


def coach_loads(*, exclude: set[int] = frozenset()) -> list[tuple[int, int, int]]:
    """(coach id, active tracks, capacity) of every active coach, locked in
    order so that two assignments at once cannot both fill the last place."""
    coaches = (
        Person.objects.filter(is_coach=True, status=Person.Status.ACTIVE)
        .exclude(pk__in=exclude)
        .select_related("coach_profile")
        .order_by("id")
        .select_for_update(of=("self",))
    )
    coaches = list(coaches)
    loads = dict(
        CoachingTrack.objects.filter(
            coach__in=[coach.pk for coach in coaches], status=CoachingTrack.Status.ACTIVE
        )
        .values_list("coach_id")
        .annotate(n=Count("pk"))
        .values_list("coach_id", "n")
    )
    return [(coach.pk, loads.get(coach.pk, 0), _capacity(coach)) for coach in coaches]


def _capacity(coach: Person) -> int:
    profile = getattr(coach, "coach_profile", None)
    return profile.capacity if profile is not None else DEFAULT_CAPACITY


def coach_choose(*, coachee: Person, exclude: set[int] = frozenset()) -> int | None:
    """The id of the coach the coachee gets, or None when no coach has room."""
    barred = reporting_line_ids(person=coachee) | {coachee.pk} | set(exclude)
    candidates = [
        (load / capacity, load, coach_id)
        for coach_id, load, capacity in coach_loads(exclude=barred)
        if capacity > load
    ]
    return min(candidates)[2] if candidates else None
