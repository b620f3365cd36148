from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from spiral.programs.org.actors import Actor
from spiral.programs.sessions.models import Session


def session_list_visible(*, actor: Actor) -> QuerySet[Session]:
    """Administrators see every session; a person the sessions they organise or
    are invited to."""
    sessions = Session.objects.select_related("organiser")
    if actor.sees_whole_tenant:
        return sessions
    if actor.person_id is None:
        return sessions.none()
    return sessions.filter(
        Q(organiser_id=actor.person_id) | Q(attendances__person_id=actor.person_id)
    ).distinct()


def session_list_mine_upcoming(*, actor: Actor, now: datetime | None = None) -> QuerySet[Session]:
    """Of the sessions the actor may see, those they organise or are invited to
    that have not started yet, moved and cancelled ones too (they say so). For a
    person who does not administer, the same rows as GET
    /api/v1/sessions/?starts_after=<now>; an administrator gets their own here,
    not the whole tenant's."""
    if actor.person_id is None:
        return Session.objects.none()
    own = Q(organiser_id=actor.person_id) | Q(attendances__person_id=actor.person_id)
    return (
        session_list_visible(actor=actor)
        .filter(own, starts_at__gte=now or timezone.now())
        .distinct()
        .order_by("starts_at", "id")
    )


def session_list_of_programme(*, actor: Actor, programme, since) -> QuerySet[Session]:
    """The sessions of a programme's components the actor may see, from
    ``since`` on, in time order (moved and cancelled ones too: a page marks them)."""
    return (
        session_list_visible(actor=actor)
        .filter(component_instance__component__programme=programme, starts_at__gte=since)
        .order_by("starts_at", "id")
    )
