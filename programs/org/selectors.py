"""Reads of the organisation, each scoped to what the acting person may see.

- tenant administrators (and HR) and integrations: the whole tenant;
- a senior manager: the subtrees of the units they manage;
- a first-line manager (anyone who manages a unit): that unit and the work
  groups they lead;
- a coach or mentor: the people assigned to them;
- everyone: themselves, and the groups they belong to.
The organisation chart itself (unit names and structure) is visible to all.
"""

from django.db.models import Count, Q, QuerySet

from spiral.programs.org.actors import Actor
from spiral.programs.org.models import (
    ManagementGroup,
    OrgUnit,
    Person,
    PhilosophyVersion,
    WorkGroup,
)

_NOTHING = Q(pk__in=[])


def _managed_scope(actor: Actor, unit_field: str) -> Q:
    """Rows whose unit the actor manages (a senior manager: or lies below)."""
    if actor.is_senior_manager and actor.managed_unit_paths:
        scope = _NOTHING
        for path in actor.managed_unit_paths:
            scope |= Q(**{f"{unit_field}__path__startswith": path})
        return scope
    if actor.managed_unit_ids:
        return Q(**{f"{unit_field}_id__in": actor.managed_unit_ids})
    return _NOTHING


def unit_list_visible(*, actor: Actor) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.select_related("parent", "manager")


def unit_subtree(*, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The unit and everything under it, in one query."""
    return OrgUnit.objects.filter(path__startswith=unit.path)


def person_list_visible(*, actor: Actor) -> QuerySet[Person]:
    people = Person.objects.select_related("unit")
    if actor.sees_whole_tenant:
        return people
    scope = _managed_scope(actor, "unit")
    if actor.person_id:
        scope |= Q(pk=actor.person_id)
    if actor.led_work_group_ids:
        members = WorkGroup.members.through.objects.filter(
            workgroup_id__in=actor.led_work_group_ids
        ).values("person_id")
        scope |= Q(pk__in=members)
    if actor.supported_person_ids:
        scope |= Q(pk__in=actor.supported_person_ids)
    return people.filter(scope)


def person_filter(
    people: QuerySet[Person],
    *,
    search: str | None = None,
    unit=None,
    under=None,
    role: str | None = None,
    status: str | None = None,
) -> QuerySet[Person]:
    """Narrows visible people: ``search`` (any word in a name, or the email
    contains it), ``unit`` (a unit's public id), ``under`` (that unit or any
    below it), ``role`` ("hr" for is_hr...) and ``status``. The API's filters
    and the people page both call it, so they list the same people."""
    if search:
        scope = Q(email__icontains=search)
        for word in search.split():
            scope |= Q(given_name__icontains=word) | Q(family_name__icontains=word)
        people = people.filter(scope)
    if unit:
        people = people.filter(unit__public_id=unit)
    if under:
        # An unknown unit gives a path that matches nothing.
        people = people.filter(unit__path__startswith=unit_path(public_id=under) or "/unknown/")
    if role:
        people = people.filter(**{f"is_{role}": True})
    if status:
        people = people.filter(status=status)
    return people


def unit_people_counts(*, actor: Actor) -> QuerySet:
    """For each unit, its people who have not left and how many of them are
    managers (first-line or senior), of the people the actor may see: one
    aggregate query, rows of {"unit_id", "people", "managers"}."""
    managers = Q(is_first_line_manager=True) | Q(is_senior_manager=True)
    return (
        person_list_visible(actor=actor)
        .exclude(status=Person.Status.LEFT)
        .exclude(unit=None)
        .order_by()
        .values("unit_id")
        .annotate(people=Count("pk"), managers=Count("pk", filter=managers))
    )


def person_of(*, actor: Actor) -> Person:
    """The acting person's own record (the caller's calendar, preferences...)."""
    return Person.objects.get(pk=actor.person_id)


def unit_path(*, public_id) -> str | None:
    """A unit's path, for an indexed prefix query over its subtree. The chart
    is visible to everyone, so any unit of the tenant can be named."""
    return OrgUnit.objects.filter(public_id=public_id).values_list("path", flat=True).first()


def work_group_list_visible(*, actor: Actor) -> QuerySet[WorkGroup]:
    groups = WorkGroup.objects.select_related("unit", "leader").prefetch_related("members")
    if actor.sees_whole_tenant:
        return groups
    scope = _managed_scope(actor, "unit") | Q(pk__in=actor.led_work_group_ids)
    if actor.person_id:
        member_of = WorkGroup.members.through.objects.filter(person_id=actor.person_id)
        scope |= Q(pk__in=member_of.values("workgroup_id"))
    return groups.filter(scope)


def management_group_list_visible(*, actor: Actor) -> QuerySet[ManagementGroup]:
    groups = ManagementGroup.objects.select_related("unit", "chair").prefetch_related(
        "members", "goals", "philosophy_versions"
    )
    if actor.sees_whole_tenant:
        return groups
    scope = _managed_scope(actor, "unit") if actor.is_senior_manager else _NOTHING
    if actor.person_id:
        member_of = ManagementGroup.members.through.objects.filter(person_id=actor.person_id)
        scope |= Q(chair_id=actor.person_id) | Q(pk__in=member_of.values("managementgroup_id"))
    return groups.filter(scope)


def philosophy_in_force(*, group: ManagementGroup, on) -> PhilosophyVersion | None:
    """The version of the group's leadership philosophy in force on a date."""
    return (
        PhilosophyVersion.objects.filter(group=group, in_force_from__lte=on)
        .order_by("-in_force_from", "-number")
        .first()
    )
