"""What the tests of programmes, sessions and reminders share."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.sessions.models import Attendance, Session

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2027, 3, 3, 12, 0, tzinfo=STOCKHOLM)  # a Wednesday: no digest


@pytest.fixture
def session_for(world, in_tenant):
    def make(kind="group_meetings", starts_in=timedelta(hours=20)):
        with in_tenant(world.tenant):
            start = NOW + starts_in
            session = Session.objects.create(
                kind=kind, title="Gruppmöte", organiser=world.people["manager"],
                starts_at=start, ends_at=start + timedelta(hours=1),
            )  # fmt: skip
            Attendance.objects.create(session=session, person=world.people["staff"])
            return session

    return make


def emails_of(in_tenant, world):
    with in_tenant(world.tenant):
        return list(OutboxMessage.objects.filter(topic="email.send").order_by("id"))
