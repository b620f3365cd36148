"""Every read of learning arenas for an Actor. An arena (its title, kind,
capacity and how full it is) is no secret inside the organisation: anyone of
it can look one up, and is told on joining whether it is open to them. Who is
in it, its topics and its sessions are for its members and facilitators (and
HR). Results come from ``spiral.programs.arenas.results``."""

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from spiral.programs.arenas.audience import admits_q
from spiral.programs.arenas.models import Arena, Membership, SessionRating, Topic, TopicVote
from spiral.programs.org.actors import Actor
from spiral.programs.org.models import Person
from spiral.programs.sessions.models import Session

Status = Membership.Status


def _count(queryset) -> Coalesce:
    counted = queryset.order_by().values("arena_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def arena_list_visible(*, actor: Actor) -> QuerySet[Arena]:
    """Every arena of the tenant for anyone of the organisation, each annotated
    for the actor: ``member_count``, ``waitlist_count``, ``request_count``,
    ``my_status`` and ``my_position`` (their own place, if any),
    ``facilitates`` and ``admitted`` (the audience rule lets them join)."""
    if actor.is_client or not (actor.person_id or actor.is_tenant_admin):
        return Arena.objects.none()
    places = Membership.objects.filter(arena_id=OuterRef("pk"))
    mine = places.filter(person_id=actor.person_id).order_by()
    person = (
        Person.objects.filter(pk=actor.person_id).first() if actor.person_id is not None else None
    )
    admitted = admits_q(person) if person is not None else Q(pk__in=[])
    leads = Arena.facilitators.through.objects.filter(
        arena_id=OuterRef("pk"), person_id=actor.person_id
    )
    return Arena.objects.select_related("series").annotate(
        member_count=_count(places.filter(status=Status.MEMBER)),
        waitlist_count=_count(places.filter(status=Status.WAITLISTED)),
        request_count=_count(places.filter(status=Status.REQUESTED)),
        my_status=Subquery(mine.values("status")[:1]),
        my_position=Subquery(mine.values("waitlist_position")[:1]),
        facilitates=Exists(leads),
        admitted=ExpressionWrapper(admitted, output_field=BooleanField()),
    )


def arena_list_mine(*, actor: Actor) -> QuerySet[Arena]:
    """The arenas the actor may join, is in or facilitates (HR: every one)."""
    arenas = arena_list_visible(actor=actor)
    if actor.is_tenant_admin:
        return arenas
    return arenas.filter(Q(admitted=True) | Q(my_status__isnull=False) | Q(facilitates=True))


def arena_list_facilitated(*, actor: Actor) -> QuerySet[Arena]:
    """The arenas the actor facilitates (HR: every one): their facilitator page."""
    arenas = arena_list_visible(actor=actor)
    return arenas if actor.is_tenant_admin else arenas.filter(facilitates=True)


def arena_places(*, arena: Arena, status: str) -> QuerySet[Membership]:
    """An arena's members, waitlist (in order) or requests, with their units."""
    return (
        Membership.objects.select_related("person__unit")
        .filter(arena=arena, status=status)
        .order_by("waitlist_position", "created_at", "id")
    )


def promotions_mine(*, actor: Actor) -> QuerySet[Membership]:
    """The actor's seats that came from the waitlist: their page tells them."""
    return Membership.objects.select_related("arena").filter(
        person_id=actor.person_id, status=Status.MEMBER, promoted_at__isnull=False
    )


def _taking_part(actor: Actor, arena_field: str) -> Q:
    members = Membership.objects.filter(person_id=actor.person_id, status=Status.MEMBER)
    leads = Arena.facilitators.through.objects.filter(person_id=actor.person_id)
    return Q(**{f"{arena_field}__in": members.values("arena_id")}) | Q(
        **{f"{arena_field}__in": leads.values("arena_id")}
    )


def topic_list_visible(*, actor: Actor) -> QuerySet[Topic]:
    """The topics of the arenas the actor is a member or facilitator of (HR:
    all), with ``vote_count``, ``voted`` (by the actor) and ``facilitates``."""
    if actor.is_client or not (actor.person_id or actor.is_tenant_admin):
        return Topic.objects.none()
    votes = TopicVote.objects.filter(topic_id=OuterRef("pk")).order_by().values("topic_id")
    leads = Arena.facilitators.through.objects.filter(
        arena_id=OuterRef("arena_id"), person_id=actor.person_id
    )
    topics = Topic.objects.select_related("arena", "session").annotate(
        facilitates=Exists(leads),
        vote_count=Coalesce(
            Subquery(votes.annotate(n=Count("*")).values("n"), output_field=IntegerField()), 0
        ),
        voted=Exists(TopicVote.objects.filter(topic_id=OuterRef("pk"), person_id=actor.person_id))
        if actor.person_id
        else Value(False),
    )
    if actor.is_tenant_admin:
        return topics
    return topics.filter(_taking_part(actor, "arena_id"))


def arena_session_list_visible(*, actor: Actor) -> QuerySet[Session]:
    """The sessions of the arenas the actor is a member or facilitator of (HR:
    all), with ``arena_public_id``, ``facilitates`` and ``rated`` (by the actor)."""
    if actor.is_client or not (actor.person_id or actor.is_tenant_admin):
        return Session.objects.none()
    leads = Arena.facilitators.through.objects.filter(
        arena_id=OuterRef("series__arena"), person_id=actor.person_id
    )
    rated = SessionRating.objects.filter(session_id=OuterRef("pk"), person_id=actor.person_id)
    sessions = (
        Session.objects.filter(series__arena__isnull=False)
        .select_related("series__arena")
        .annotate(facilitates=Exists(leads), rated=Exists(rated))
    )
    if actor.is_tenant_admin:
        return sessions
    return sessions.filter(_taking_part(actor, "series__arena"))


def session_invited(*, session: Session) -> QuerySet[Person]:
    """The people a session invited (its attendance rows): those whose
    attendance a facilitator records."""
    return Person.objects.filter(attendances__session=session)
