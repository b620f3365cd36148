"""Reads of programmes, scoped to the acting person, and the target population."""

from django.db.models import Prefetch, Q, QuerySet

from spiral.programs.org.actors import Actor
from spiral.programs.org.models import ManagementGroup, OrgUnit, Person, WorkGroup
from spiral.programs.org.selectors import person_list_visible, unit_list_visible
from spiral.programs.programmes.load import weekly_hours, weekly_limit
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


PREVIEW_LIMIT = 500


def programme_preview(
    *, actor: Actor, programme: Programme, offset: int = 0, limit: int = PREVIEW_LIMIT
) -> dict:
    """Who the programme's rule would enrol now, of the people ``actor`` may see
    (a process leader is not HR: others are neither named nor counted): their
    number, ``limit`` of them from ``offset`` by name (with their unit and the
    weekly programme hours they would have with this programme added), and
    everyone who would pass the tenant's weekly limit, by name. The API's
    preview and the set-up wizard's both read it. A fixed number of queries,
    whatever the number of people."""
    visible = person_list_visible(actor=actor)
    population = programme_population(programme=programme).filter(pk__in=visible.values("pk"))
    pks = list(population.order_by("family_name", "given_name", "id").values_list("pk", flat=True))
    hours = weekly_hours(people=pks, adding=programme)
    limit_hours = weekly_limit()
    over = [pk for pk in pks if hours[pk] > limit_hours]
    chosen = pks[offset : offset + limit]
    rows = {
        row[0]: row
        for row in visible.filter(pk__in=[*chosen, *over]).values_list(
            "pk", "public_id", "given_name", "family_name", "unit__public_id", "unit__name"
        )
    }

    def described(pk: int) -> dict:
        _, public_id, given, family, unit_id, unit_name = rows[pk]
        return {
            "id": str(public_id),
            "name": f"{given} {family}".strip(),
            "unit": None if unit_id is None else {"id": str(unit_id), "name": unit_name},
            "hours_per_week": round(hours[pk], 1),
        }

    return {
        "count": len(pks),
        "people": [described(pk) for pk in chosen if pk in rows],
        "overloaded": [described(pk) for pk in over if pk in rows],
        "weekly_limit": limit_hours,
    }


def _words(search: str) -> Q:
    scope = Q()
    for word in search.split()[:5]:
        scope &= (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(email__icontains=word)
        )
    return scope


def enrolment_candidates(*, actor: Actor, programme: Programme, search: str) -> QuerySet[Person]:
    """People the actor may see, in employment and not enrolled in the
    programme now, whose name or email holds every word of ``search``."""
    enrolled = Enrolment.objects.filter(
        programme=programme, status=Enrolment.Status.ENROLLED
    ).values("person_id")
    return (
        person_list_visible(actor=actor)
        .filter(_words(search), status=Person.Status.ACTIVE)
        .exclude(pk__in=enrolled)
        .order_by("family_name", "given_name", "id")
    )


def unit_choices(*, actor: Actor, search: str = "") -> QuerySet[OrgUnit]:
    """Units of the organisation tree for a programme's target rule, in tree
    order (the chart is visible to everyone), narrowed to names holding every
    word of ``search``."""
    scope = Q()
    for word in search.split()[:5]:
        scope &= Q(name__icontains=word)
    return unit_list_visible(actor=actor).filter(scope).order_by("path")


def programme_enrolments(*, actor: Actor, programme: Programme) -> QuerySet[Enrolment]:
    """A programme's enrolments the actor may see, by the person's name."""
    return (
        enrolment_list_visible(actor=actor)
        .filter(programme=programme)
        .select_related("person__unit")
        .order_by("person__family_name", "person__given_name", "id")
    )


def owner_candidates(*, actor: Actor) -> QuerySet[Person]:
    """Who may be offered as a programme's owner: people in employment the
    actor may see who are HR, senior managers or process leaders."""
    return (
        person_list_visible(actor=actor)
        .filter(Q(is_hr=True) | Q(is_senior_manager=True) | Q(is_process_leader=True))
        .filter(status=Person.Status.ACTIVE)
        .order_by("family_name", "given_name", "id")
    )
