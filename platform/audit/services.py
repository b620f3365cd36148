"""Writes audit events in the caller's transaction (every service that changes
data calls these). There is deliberately no service that changes or removes one."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models

from spiral.platform.audit.changes import Changes
from spiral.platform.audit.context import current_acting
from spiral.platform.audit.models import AuditEvent

BATCH = 2000
ChangesOf = Mapping[str, Any] | Callable[[models.Model], Mapping[str, Any] | None] | None


def object_key(obj: models.Model) -> tuple[str, str]:
    """(model label, public id or else primary key) naming the object."""
    identity = getattr(obj, "public_id", None) or obj.pk
    return obj._meta.label_lower, str(identity)


def _event(action: str, obj: models.Model, changes: Mapping[str, Any] | None) -> AuditEvent:
    acting = current_acting()
    object_type, object_id = object_key(obj)
    return AuditEvent(
        actor_user_id=acting.user_id,
        actor_person_id=acting.person_id,
        actor_client=acting.client_id,
        actor_label=acting.label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=dict(changes or {}),
    )


def audit_record(
    *, action: str, obj: models.Model, changes: Changes | Mapping[str, Any] | None = None
) -> AuditEvent:
    """One event, in the caller's transaction."""
    event = _event(action, obj, changes)
    event.save()
    return event


def audit_record_many(
    *, action: str, objects: Iterable[models.Model], changes: ChangesOf = None
) -> int:
    """One event per object, in bulk (a statement per BATCH events). ``changes``
    is the same for all, or a function of the object."""
    per_object = changes if callable(changes) else (lambda obj: changes)
    events = [_event(action, obj, per_object(obj)) for obj in objects]
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(events)
