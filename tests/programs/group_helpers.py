"""A running programme whose work group meets: the world's work group (led by
the manager, with the staff member) gets its group_meetings series."""

from dataclasses import dataclass

from django_tenants.utils import schema_context

from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.sessions.models import Session
from tests.world import running_programme


@dataclass
class GroupSetup:
    programme: object
    work_group: object
    sessions: list  # the first meetings of the group's series, in time order


def group_setup(world) -> GroupSetup:
    programme = running_programme(world)
    with schema_context(world.tenant.schema_name):
        outbox_relay(limit=5000)
        sessions = list(
            Session.objects.filter(
                kind="group_meetings", component_instance__work_group=world.work_group
            ).order_by("starts_at")[:3]
        )
    assert len(sessions) >= 2, "the series has meetings"
    return GroupSetup(programme, world.work_group, sessions)
