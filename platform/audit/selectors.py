"""Reads of the audit trail: tenant administrators see their tenant's whole
trail; nobody else, integrations included, sees any of it."""

from datetime import datetime
from typing import Protocol
from uuid import UUID

from django.apps import apps
from django.db.models import OuterRef, QuerySet, Subquery

from spiral.platform.audit.models import AuditEvent


class ReaderLike(Protocol):
    is_tenant_admin: bool
    client_id: str | None


def audit_event_list_visible(*, actor: ReaderLike) -> QuerySet[AuditEvent]:
    """Each event with its acting person's public id (``actor_person_public_id``),
    which is what the API names people by."""
    if actor.client_id is None and actor.is_tenant_admin:
        person = apps.get_model("org", "Person")
        public_id = person.objects.filter(pk=OuterRef("actor_person_id")).values("public_id")
        return AuditEvent.objects.annotate(actor_person_public_id=Subquery(public_id[:1]))
    return AuditEvent.objects.none()


def audit_event_filter(
    events: QuerySet[AuditEvent],
    *,
    object_type: str | None = None,
    object_id: str | None = None,
    actor_person: UUID | str | None = None,
    actor_client: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """Narrows visible events by object, by actor (a person's public id or an
    integration's client id) and by time (``since`` inclusive, ``until`` not)."""
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=str(object_id))
    if actor_person:
        # Events keep the person's row id; the API speaks public ids.
        person = apps.get_model("org", "Person")
        events = events.filter(
            actor_person_id__in=person.objects.filter(public_id=actor_person).values("pk")
        )
    if actor_client:
        events = events.filter(actor_client=actor_client)
    if since:
        events = events.filter(occurred_at__gte=since)
    if until:
        events = events.filter(occurred_at__lt=until)
    return events
