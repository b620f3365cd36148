"""Writes audit events in the caller's transaction (every service that changes
data calls these). There is deliberately no service that changes or removes one."""

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

from spiral.platform.audit.changes import Changes
from spiral.platform.audit.context import current_acting
from spiral.platform.audit.models import AuditEvent

BATCH = 10000
ChangesOf = Mapping[str, Any] | Callable[[models.Model], Mapping[str, Any] | None] | None


def object_key(obj: models.Model) -> tuple[str, str]:
    """(model label, public id or else primary key) naming the object."""
    identity = getattr(obj, "public_id", None) or obj.pk
    return obj._meta.label_lower, str(identity)


def _event(
    action: str, object_type: str, object_id: str, changes: Mapping[str, Any] | None
) -> AuditEvent:
    acting = current_acting()
    return AuditEvent(
        actor_user_id=acting.user_id,
        actor_person_id=acting.person_id,
        actor_client=acting.client_id,
        actor_label=acting.label,
        action=action,
        object_type=object_type,
        object_id=object_id[:64],
        changes=dict(changes or {}),
    )


def audit_record(
    *, action: str, obj: models.Model, changes: Changes | Mapping[str, Any] | None = None
) -> AuditEvent:
    """One event, in the caller's transaction."""
    event = _event(action, *object_key(obj), changes)
    event.save()
    return event


def audit_record_about(
    *, action: str, object_type: str, object_id: str, changes: Mapping[str, Any] | None = None
) -> AuditEvent:
    """One event about something that is not a row (a lockout of an address)."""
    event = _event(action, object_type, object_id, changes)
    event.save()
    return event


def audit_record_many(
    *, action: str, objects: Iterable[models.Model], changes: ChangesOf = None
) -> int:
    """One event per object, in one statement per BATCH events. ``changes`` is
    the same for all, or a function of the object.

    Not bulk_create: compiling its INSERT cost 0.15 ms an event (7.5 s of the
    50,000-person import); columns sent as arrays and unnested cost almost nothing.
    """
    per_object = changes if callable(changes) else (lambda obj: changes)
    keys, payloads = [], []
    for obj in objects:
        keys.append(object_key(obj))
        payloads.append(json.dumps(dict(per_object(obj) or {}), cls=DjangoJSONEncoder))
    acting = current_acting()
    actor = [acting.user_id, acting.person_id, acting.client_id, acting.label, action]
    with connection.cursor() as cursor:
        for start in range(0, len(keys), BATCH):
            batch = keys[start : start + BATCH]
            cursor.execute(
                _INSERT_MANY,
                [
                    *actor,
                    [object_type for object_type, _ in batch],
                    [object_id for _, object_id in batch],
                    payloads[start : start + BATCH],
                ],
            )
    return len(keys)


_INSERT_MANY = """
INSERT INTO audit_auditevent
    (actor_user_id, actor_person_id, actor_client, actor_label, action,
     object_type, object_id, changes)
SELECT %s::bigint, %s::bigint, %s, %s, %s, t.object_type, t.object_id, t.changes::jsonb
FROM unnest(%s::text[], %s::text[], %s::text[]) AS t(object_type, object_id, changes)
"""
