"""Sessions for programme components. When enrolment gives a participant, a
work group, a management group or the programme a component, the outbox
message it writes (``programmes.component_instance.created``) becomes a
session series here if the component's kind meets (its rhythm in the kind
registry) and it has a cadence; the series' first 90 days are materialised at
once, so that the invitations go out.

The kind names the organiser: a participant's coach or mentor (the programme
owner until one is assigned), a management group's chair, a work group's
leader, or the programme owner. Who takes part follows the component's
audience: the participant (and their coach or mentor), a work group's leader
and members, a management group's chair and members. A programme-wide
component (a learning arena) starts with no one: people join it. Sessions
start at 09:00 local time on the programme's first day (or today, if that has
passed) and end with it."""

from datetime import date, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from spiral.platform.audit.services import audit_record
from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.org.models import Person, SupportAssignment
from spiral.programs.programmes.kinds import Organiser, Rhythm, kind_of
from spiral.programs.programmes.models import ComponentInstance
from spiral.programs.sessions.models import SessionSeries
from spiral.programs.sessions.services import (
    HORIZON,
    series_materialise,
    series_participants_set,
)

DEFAULT_START = time(9, 0)
SUPPORTERS = {
    Organiser.COACH: SupportAssignment.Kind.COACH,
    Organiser.MENTOR: SupportAssignment.Kind.MENTOR,
}


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
    # Other rhythms schedule something else: a climate pulse or a support
    # assessment opens rounds, which their own components turn into deadlines.
    if kind_of(instance.component.kind).rhythm != Rhythm.MEETINGS:
        return
    if not instance.component.cadence:
        return
    series_create_for_component(instance=instance)


def series_defaults_for_component(
    *, instance: ComponentInstance, starts_on: date | None = None
) -> tuple[dict, list[int]] | None:
    """The fields of the series ``instance`` gets and the ids of the people
    taking part, or None when the programme is over by then. The series starts
    on ``starts_on``: by default the programme's first day, or today if that
    has passed (history written at once, such as the demo tenant's past, gives
    a day of its own)."""
    component, programme = instance.component, instance.component.programme
    today = timezone.localdate()
    starts_on = starts_on or max(programme.starts_on or today, today)
    if programme.ends_on and programme.ends_on < starts_on:
        return None  # the programme is over
    organiser, participants = _people(instance)
    defaults = {
        "kind": component.kind,
        "title": component.title_sv,
        "organiser": organiser,
        "starts_on": starts_on,
        "start_time": DEFAULT_START,
        "duration_minutes": component.session_minutes,
        "rule": _rule_ending(component.cadence, programme.ends_on),
    }
    return defaults, participants


@transaction.atomic
def series_create_for_component(*, instance: ComponentInstance) -> SessionSeries | None:
    """The instance's series, made once (a repeat delivery finds it made)."""
    planned = series_defaults_for_component(instance=instance)
    if planned is None:
        return None
    defaults, participants = planned
    series, created = SessionSeries.objects.get_or_create(
        component_instance=instance, defaults=defaults
    )
    if created:
        series.participants.set(participants)
        audit_record(
            action="session_series.created",
            obj=series,
            changes={"participants": [[], participants]},
        )
        series_materialise(series=series, until=timezone.now() + HORIZON)
    return series


def series_follow_withdrawals(message: OutboxMessage) -> None:
    """People who left a programme leave the meetings of their own components
    (a coaching track, mentoring): everyone invited to them gets a cancellation."""
    withdrawn = SessionSeries.objects.filter(
        component_instance__enrolment_id__in=message.payload["enrolments"]
    )
    for series in withdrawn:
        series_participants_set(series=series, people=[])


def series_follow_group(message: OutboxMessage) -> None:
    """A group's meetings follow its head and members: newcomers are invited,
    those who left get a cancellation."""
    ((field, group_id),) = message.payload.items()
    instances = ComponentInstance.objects.select_related(
        "component__programme__owner", "work_group__leader", "management_group__chair"
    ).filter(**{f"{field}_id": group_id})
    for series in SessionSeries.objects.filter(component_instance__in=instances):
        _, people = _people(series.component_instance)
        series_participants_set(series=series, people=people)


def _people(instance: ComponentInstance) -> tuple[Person | None, list[int]]:
    """The organiser the kind names (the programme owner when there is none)
    and the people who take part."""
    owner = instance.component.programme.owner
    organiser = kind_of(instance.component.kind).organiser
    if instance.enrolment_id:
        person = instance.enrolment.person
        supporter = _supporter(organiser, person)
        if supporter is None:
            return owner, [person.pk]
        return supporter, sorted({person.pk, supporter.pk})
    if not (instance.work_group_id or instance.management_group_id):
        return owner, []
    group, head, role = _group(instance)
    people = set(group.members.values_list("pk", flat=True)) | ({head.pk} if head else set())
    return (head if organiser == role and head else owner), sorted(people)


def _group(instance: ComponentInstance) -> tuple:
    """The instance's group, its head, and the organiser role the head plays."""
    if instance.work_group_id:
        return instance.work_group, instance.work_group.leader, Organiser.WORK_GROUP_LEADER
    group = instance.management_group
    return group, group.chair, Organiser.CHAIR


def _supporter(organiser: Organiser, person: Person) -> Person | None:
    """The participant's active coach or mentor, when the kind is organised by
    one (the most recently assigned, if several)."""
    if organiser not in SUPPORTERS:
        return None
    assignment = (
        SupportAssignment.objects.select_related("supporter")
        .filter(kind=SUPPORTERS[organiser], person=person)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
        .order_by("-created_at", "-id")
        .first()
    )
    return assignment.supporter if assignment else None


def _rule_ending(cadence: str, ends_on: date | None) -> str:
    """The cadence, ending with the programme unless it ends by itself."""
    parts = {part.split("=", 1)[0].upper() for part in cadence.split(";") if part}
    if ends_on is None or parts & {"UNTIL", "COUNT"}:
        return cadence
    return f"{cadence};UNTIL={ends_on:%Y%m%d}T235959"
