"""The load guard: hours a week that programmes ask of each person."""

from collections import Counter
from decimal import Decimal

from django.db import connection
from django.db.models import Count

from spiral.programs.org.models import ManagementGroup, WorkGroup
from spiral.programs.programmes.models import Audience, Enrolment, Programme

_PER_WEEK = {"DAILY": 7.0, "WEEKLY": 1.0, "MONTHLY": 12 / 52, "YEARLY": 1 / 52}


def sessions_per_week(cadence: str) -> float:
    """From an RFC 5545 rule's FREQ and INTERVAL; a one-off (no rule) is 0."""
    parts = dict(part.split("=", 1) for part in cadence.split(";") if "=" in part)
    per_week = _PER_WEEK.get(parts.get("FREQ", ""), 0.0)
    return per_week / max(int(parts.get("INTERVAL", "1")), 1)


def _hours(programme: Programme, groups_led: int, management_groups: int) -> float:
    hours = 0.0
    for component in programme.components.all():
        times = {
            Audience.EACH_PARTICIPANT: 1,
            Audience.PROGRAMME: 1,
            Audience.EACH_WORK_GROUP: groups_led,
            Audience.EACH_MANAGEMENT_GROUP: min(management_groups, 1),
        }[component.audience]
        hours += times * component.session_minutes / 60 * sessions_per_week(component.cadence)
    return hours


def weekly_limit() -> float:
    return float(getattr(connection.tenant, "weekly_programme_hours_limit", Decimal(4)))


def overloaded(*, people: list[int], adding: Programme | None = None) -> list[dict]:
    """People whose weekly programme hours (their active programmes, plus
    ``adding``) would pass the tenant's limit, with their hours. A fixed number
    of queries, whatever the number of people."""
    limit = weekly_limit()
    hours = weekly_hours(people=people, adding=adding)
    return [
        {"person": person_id, "hours_per_week": round(hours[person_id], 1)}
        for person_id in people
        if hours[person_id] > limit
    ]


def weekly_hours(*, people: list[int], adding: Programme | None = None) -> dict[int, float]:
    """Each person's weekly programme hours: their active programmes, plus
    ``adding``. A fixed number of queries, whatever the number of people."""
    led = dict(
        WorkGroup.objects.filter(leader_id__in=people)
        .values_list("leader_id")
        .annotate(n=Count("id"))
    )
    memberships = Counter(
        ManagementGroup.members.through.objects.filter(person_id__in=people).values_list(
            "person_id", flat=True
        )
    )
    enrolments = Enrolment.objects.filter(
        person_id__in=people,
        status=Enrolment.Status.ENROLLED,
        programme__status=Programme.Status.ACTIVE,
    ).select_related("programme")
    programmes_of: dict[int, list[Programme]] = {}
    for enrolment in enrolments.prefetch_related("programme__components"):
        programmes_of.setdefault(enrolment.person_id, []).append(enrolment.programme)
    hours = {}
    for person_id in people:
        programmes = programmes_of.get(person_id, [])
        if adding is not None and adding not in programmes:
            programmes = [*programmes, adding]
        hours[person_id] = sum(
            _hours(p, led.get(person_id, 0), memberships[person_id]) for p in programmes
        )
    return hours
