"""sessions_history_record: a past written at once (the demo tenant's, or one
brought from another system) keeps the rules of holding one session."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from spiral.platform.audit.models import AuditEvent
from spiral.platform.core.errors import ConflictError
from spiral.programs.sessions.models import Attendance, Session
from spiral.programs.sessions.services import sessions_history_record


@pytest.fixture
def sessions(world, in_tenant):
    def make(starts_in: timedelta, status=Session.Status.SCHEDULED):
        start = timezone.now() + starts_in
        session = Session.objects.create(
            kind="group_meetings", title="Gruppmöte", organiser=world.people["manager"],
            starts_at=start, ends_at=start + timedelta(hours=1), status=status,
        )  # fmt: skip
        Attendance.objects.create(session=session, person=world.people["staff"])
        return session

    with in_tenant(world.tenant):
        yield make


def test_past_sessions_become_held_with_who_came_in_bulk(world, sessions):
    people = world.people
    first, second = sessions(-timedelta(days=14)), sessions(-timedelta(days=7))
    attendance = {
        first.pk: {people["staff"].pk: True, people["manager"].pk: True},
        second.pk: {people["staff"].pk: False},
    }
    assert sessions_history_record(attendance=attendance) == 2
    assert set(Session.objects.values_list("status", flat=True)) == {"held"}
    recorded = set(Attendance.objects.values_list("session", "person", "attended"))
    assert recorded == {
        (first.pk, people["staff"].pk, True),
        (first.pk, people["manager"].pk, True),  # not on the session before: added
        (second.pk, people["staff"].pk, False),
    }
    events = AuditEvent.objects.filter(object_id__in=[str(first.public_id), str(second.public_id)])
    assert events.filter(action="session.held").count() == 2
    assert events.filter(action="session.attendance_recorded").count() == 2
    # the same history again changes nothing
    assert sessions_history_record(attendance=attendance) == 0
    assert events.count() == 4


def test_a_session_that_has_not_started_or_was_cancelled_cannot_be_held(world, sessions):
    coming = sessions(timedelta(days=1))
    with pytest.raises(ValidationError):
        sessions_history_record(attendance={coming.pk: {}})
    cancelled = sessions(-timedelta(days=1), status=Session.Status.CANCELLED)
    with pytest.raises(ConflictError):
        sessions_history_record(attendance={cancelled.pk: {}})
    assert not Session.objects.filter(status="held").exists()
