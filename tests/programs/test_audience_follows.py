"""Who is invited follows who is in the audience: a person withdrawn from a
programme, or taken out of a work group, gets a cancellation of the series
they no longer take part in; a newcomer to the group gets the invitation."""

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.programmes.models import Enrolment
from spiral.programs.sessions.models import SessionSeries
from tests.world import running_programme

JSON = "application/json"


def _calendar_emails(world, in_tenant, person, *, method: str) -> list[str]:
    with in_tenant(world.tenant):
        return [
            message.payload["calendar"]
            for message in OutboxMessage.objects.filter(topic=EMAIL).order_by("id")
            if message.payload["to"] == person.email and message.payload.get("method") == method
        ]


def _series_uid(world, in_tenant, kind: str) -> str:
    with in_tenant(world.tenant):
        return f"{SessionSeries.objects.get(kind=kind).public_id}@spiral"


def test_a_withdrawn_participant_gets_a_cancellation_of_their_series(world, in_tenant):
    programme, manager = running_programme(world), world.people["manager"]
    with in_tenant(world.tenant):
        outbox_relay()  # series made and invited
        enrolment = Enrolment.objects.get(programme=programme, person=manager)
    uid = _series_uid(world, in_tenant, "coaching_track")
    assert not _calendar_emails(world, in_tenant, manager, method="CANCEL")
    withdrawn = world.client("hr").post(
        f"/api/v1/enrolments/{enrolment.public_id}/withdraw/", {"reason": "Byter tjänst"}, JSON
    )
    assert withdrawn.status_code == 200
    with in_tenant(world.tenant):
        outbox_relay()  # the scheduler follows the withdrawal
        series = SessionSeries.objects.get(kind="coaching_track")
        assert not series.participants.exists()
    cancellations = _calendar_emails(world, in_tenant, manager, method="CANCEL")
    assert any(uid in calendar for calendar in cancellations)


def test_a_work_groups_meetings_follow_its_members(world, in_tenant):
    running_programme(world)
    staff, other = world.people["staff"], world.people["other_staff"]
    with in_tenant(world.tenant):
        outbox_relay()
    uid = _series_uid(world, in_tenant, "group_meetings")
    members = [str(world.people["manager"].public_id), str(other.public_id)]
    changed = world.client("hr").patch(
        f"/api/v1/work-groups/{world.work_group.public_id}/", {"members": members}, JSON
    )
    assert changed.status_code == 200
    with in_tenant(world.tenant):
        outbox_relay()
        series = SessionSeries.objects.get(kind="group_meetings")
        taking_part = set(series.participants.values_list("pk", flat=True))
    assert taking_part == {world.people["manager"].pk, other.pk}
    assert any(uid in c for c in _calendar_emails(world, in_tenant, staff, method="CANCEL"))
    assert any(uid in c for c in _calendar_emails(world, in_tenant, other, method="REQUEST"))
