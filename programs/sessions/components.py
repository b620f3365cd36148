"""Sessions for programme components. When enrolment gives a participant, a
work group, a management group or the programme a component, the outbox
message it writes (``programmes.component_instance.created``) becomes a
session series here if the component is one that meets (MEETING_KINDS) and has
a cadence; the series' first 90 days are materialised at once, so that the
invitations go out.

Who takes part follows the component's audience: a participant alone (a coach
joins with the coaching track), a work group's leader and members, a management
group's chair and members. A programme-wide component (a learning arena) starts
with no one: people join it. Sessions start at 09:00 local time on the
programme's first day (or today, if that has passed) and end with it."""

from datetime import date, time

from django.db import transaction
from django.utils import timezone

from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.org.models import Person
from spiral.programs.programmes.models import ComponentInstance
from spiral.programs.sessions.models import SessionSeries
from spiral.programs.sessions.services import HORIZON, series_materialise

DEFAULT_START = time(9, 0)
# Components whose cadence is a meeting. The others schedule something else:
# a climate pulse or a support assessment opens a round, and their own
# components turn their cadence into deadlines and nudges.
MEETING_KINDS = {"coaching_track", "mentoring", "group_meetings", "feedback_loop", "learning_arena"}


def series_for_component(message: OutboxMessage) -> None:
    payload = message.payload
    instance = (
        ComponentInstance.objects.select_related(
            "component__programme__owner",
            "enrolment__person",
            "work_group__leader",
            "management_group__chair",
        )
        .filter(
            component_id=payload["component"],
            enrolment_id=payload["enrolment"],
            work_group_id=payload["work_group"],
            management_group_id=payload["management_group"],
        )
        .first()
    )
    if instance is None:
        return  # removed since
    if instance.component.kind not in MEETING_KINDS or not instance.component.cadence:
        return
    series_create_for_component(instance=instance)


@transaction.atomic
def series_create_for_component(*, instance: ComponentInstance) -> SessionSeries | None:
    """The instance's series, made once (a repeat delivery finds it made)."""
    component, programme = instance.component, instance.component.programme
    today = timezone.localdate()
    starts_on = max(programme.starts_on or today, today)
    if programme.ends_on and programme.ends_on < starts_on:
        return None  # the programme is over
    organiser, participants = _people(instance)
    series, created = SessionSeries.objects.get_or_create(
        component_instance=instance,
        defaults={
            "kind": component.kind,
            "title": component.title_sv,
            "organiser": organiser,
            "starts_on": starts_on,
            "start_time": DEFAULT_START,
            "duration_minutes": component.session_minutes,
            "rule": _rule_ending(component.cadence, programme.ends_on),
        },
    )
    if created:
        series.participants.set(participants)
        series_materialise(series=series, until=timezone.now() + HORIZON)
    return series


def _people(instance: ComponentInstance) -> tuple[Person | None, list[int]]:
    if instance.enrolment_id:
        person = instance.enrolment.person
        return person, [person.pk]
    if instance.work_group_id:
        return _group_people(instance.work_group, head=instance.work_group.leader)
    if instance.management_group_id:
        return _group_people(instance.management_group, head=instance.management_group.chair)
    return instance.component.programme.owner, []


def _group_people(group, *, head: Person | None) -> tuple[Person | None, list[int]]:
    """The group's head organises; the head and the members take part."""
    people = set(group.members.values_list("pk", flat=True))
    if head is not None:
        people.add(head.pk)
    return head, sorted(people)


def _rule_ending(cadence: str, ends_on: date | None) -> str:
    """The cadence, ending with the programme unless it ends by itself."""
    parts = {part.split("=", 1)[0].upper() for part in cadence.split(";") if part}
    if ends_on is None or parts & {"UNTIL", "COUNT"}:
        return cadence
    return f"{cadence};UNTIL={ends_on:%Y%m%d}T235959"
