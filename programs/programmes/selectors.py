"""Reads of programmes, scoped to the acting person, and the target population."""

from django.db.models import Prefetch, Q, QuerySet

from spiral.programs.org.actors import Actor
from spiral.programs.org.models import ManagementGroup, OrgUnit, Person, WorkGroup
from spiral.programs.org.selectors import person_list_visible
from spiral.programs.programmes.models import (
    Audience,
    ComponentInstance,
    Enrolment,
    Programme,
    ProgrammeComponent,
    ProgrammeTemplate,
)


def template_list_visible(*, actor: Actor) -> QuerySet[ProgrammeTemplate]:
    """Templates hold no personal data: everyone in the tenant may read them."""
    return ProgrammeTemplate.objects.prefetch_related("components")


def programme_list_visible(*, actor: Actor) -> QuerySet[Programme]:
    programmes = Programme.objects.select_related("owner", "template").prefetch_related(
        "components", "process_leaders"
    )
    if actor.sees_whole_tenant:
        return programmes
    if actor.person_id is None:
        return programmes.none()
    enrolled = Enrolment.objects.filter(person_id=actor.person_id).values("programme_id")
    return programmes.filter(
        Q(owner_id=actor.person_id) | Q(process_leaders__id=actor.person_id) | Q(pk__in=enrolled)
    ).distinct()


def enrolment_list_visible(*, actor: Actor) -> QuerySet[Enrolment]:
    """Whoever runs a programme sees its enrolments of people they may see (a
    process leader is not HR: others are not even named); a participant their own."""
    enrolments = Enrolment.objects.select_related("programme", "person")
    if actor.sees_whole_tenant:
        return enrolments
    if actor.person_id is None:
        return enrolments.none()
    run = Programme.objects.filter(
        Q(owner_id=actor.person_id) | Q(process_leaders__id=actor.person_id)
    ).values("pk")
    seen = person_list_visible(actor=actor).values("pk")
    return enrolments.filter(
        Q(programme_id__in=run, person_id__in=seen) | Q(person_id=actor.person_id)
    )


def enrolment_list_mine(*, actor: Actor) -> QuerySet[Enrolment]:
    """The acting person's own enrolments, each programme with ``my_components``:
    the components that reach them (their own, those of a work group they lead
    or belong to, of a management group they chair or sit in, and the
    programme's as a whole). Three queries however many programmes."""
    if actor.person_id is None:
        return Enrolment.objects.none()
    me = actor.person_id
    groups = WorkGroup.objects.filter(Q(leader_id=me) | Q(members=me)).values("pk")
    boards = ManagementGroup.objects.filter(Q(chair_id=me) | Q(members=me)).values("pk")
    reaching = ComponentInstance.objects.filter(
        Q(enrolment__person_id=me) | Q(work_group__in=groups) | Q(management_group__in=boards)
    ).values("component_id")
    mine = ProgrammeComponent.objects.filter(
        Q(pk__in=reaching) | Q(audience=Audience.PROGRAMME)
    ).order_by("position", "id")
    return (
        enrolment_list_visible(actor=actor)
        .filter(person_id=me)
        .prefetch_related(Prefetch("programme__components", mine, to_attr="my_components"))
        .order_by("-created_at", "-id")
    )


def programme_population(*, programme: Programme) -> QuerySet[Person]:
    """Who the programme's rule enrols now: active people with any of the target
    roles in any of the target subtrees, plus includes, minus excludes. Runs in
    the tenant's schema, so it can only ever name this tenant's people."""
    chosen = Q(pk__in=[])
    if programme.target_roles:
        by_role = Q(pk__in=[])
        for role in programme.target_roles:
            by_role |= Q(**{f"is_{role}": True})
        if programme.target_units:
            paths = OrgUnit.objects.filter(public_id__in=programme.target_units).values_list(
                "path", flat=True
            )
            under = Q(pk__in=[])
            for path in paths:
                under |= Q(unit__path__startswith=path)
            by_role &= under
        chosen |= by_role
    if programme.include_people:
        chosen |= Q(public_id__in=programme.include_people)
    people = Person.objects.filter(chosen, status=Person.Status.ACTIVE)
    if programme.exclude_people:
        people = people.exclude(public_id__in=programme.exclude_people)
    return people
