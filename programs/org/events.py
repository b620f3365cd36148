"""What the organisation tells the rest of the domain, through the outbox.

``people_changed_publish`` is called by every path that creates, changes,
moves or marks people leaving (people API, HR import, unit moves, later SCIM),
inside the transaction of the change. Subscribers (enrolment following the
organisation, ...) run afterwards in a worker, never inside the request: a
relay is asked for within ``PEOPLE_CHANGED_RELAY_SECONDS`` of the commit, and
the relay that runs every minute delivers it in any case.
"""

import uuid

from django.conf import settings

from spiral.platform.outbox.services import outbox_publish, outbox_relay_soon
from spiral.platform.outbox.subscribers import subscribers_of

PEOPLE_CHANGED = "org.people_changed"


def people_changed_publish() -> None:
    # One message per call; subscribers that re-read the current state
    # coalesce them, so a burst of changes gives one run.
    outbox_publish([(PEOPLE_CHANGED, f"{PEOPLE_CHANGED}:{uuid.uuid4().hex}", {})])
    outbox_relay_soon(
        subscribers=[subscriber.name for subscriber in subscribers_of(PEOPLE_CHANGED)],
        within_seconds=settings.PEOPLE_CHANGED_RELAY_SECONDS,
    )


GROUP_CHANGED = "org.group.changed"


def group_changed_publish(group) -> None:
    """A work or management group's head or members changed: what it takes
    part in (its meetings) follows. ``{"work_group": id}`` or ``{"management_group": id}``."""
    field = type(group)._meta.model_name.replace("group", "_group")
    key = f"{GROUP_CHANGED}:{uuid.uuid4().hex}"
    outbox_publish([(GROUP_CHANGED, key, {field: group.pk})])
