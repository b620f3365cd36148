"""The group's actions: added in meetings (or chosen after a climate pulse),
shown at each check-in until closed; the overdue ones are listed for the
leader and their owners are nudged, once a day at most."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from spiral.platform.audit.services import audit_record
from spiral.platform.core.errors import ConflictError
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.services import outbox_publish
from spiral.programs.groups.membership import belongs
from spiral.programs.groups.models import GroupAction, GroupMeeting
from spiral.programs.org.models import Person, WorkGroup
from spiral.programs.sessions import reminders

TOPIC_IMPROVEMENT_CHOSEN = "climate.improvement_chosen"
TEXT_MAX_LENGTH = 500
NUDGE_SUBJECT = gettext_noop("An action of your work group is overdue")
NUDGE_BODY = gettext_noop(
    "An action you own in your work group has passed its due date. Do it, or "
    "tell the group at the next meeting what stands in the way."
)


@transaction.atomic
def action_add(
    *, work_group: WorkGroup, text: str, owner: Person | None = None, due: date | None = None,
    meeting: GroupMeeting | None = None, pulse_id: int | None = None,
) -> GroupAction:  # fmt: skip
    text = (text or "").strip()
    if not text or len(text) > TEXT_MAX_LENGTH:
        raise ValidationError({"text": [_("Say what is to be done, in at most 500 characters.")]})
    if owner is not None and not belongs(work_group=work_group, person_id=owner.pk):
        raise ValidationError({"owner": [_("The owner must be the group's leader or a member.")]})
    if meeting is not None and meeting.work_group_id != work_group.pk:
        raise ValidationError({"meeting": [_("The meeting is another group's.")]})
    action = GroupAction.objects.create(
        work_group=work_group, text=text, owner=owner, due=due, meeting=meeting, pulse_id=pulse_id
    )
    audit_record(
        action="group_action.added", obj=action,
        changes={"owner": [None, owner.pk if owner else None], "due": [None, due]},
    )  # fmt: skip
    return action


@transaction.atomic
def action_close(*, action: GroupAction, now: datetime | None = None) -> GroupAction:
    action = GroupAction.objects.select_for_update().get(pk=action.pk)
    if action.status == GroupAction.Status.CLOSED:
        raise ConflictError(_("This action is already closed."))
    action.status = GroupAction.Status.CLOSED
    action.closed_at = now or timezone.now()
    action.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        action="group_action.closed", obj=action,
        changes={"status": [GroupAction.Status.OPEN, GroupAction.Status.CLOSED]},
    )  # fmt: skip
    return action


def actions_overdue(*, today: date | None = None):
    today = today or timezone.localdate()
    return GroupAction.objects.filter(status=GroupAction.Status.OPEN, due__lt=today)


def actions_overdue_nudge(*, now: datetime | None = None) -> int:
    """Nudges the owner of every overdue open action (a periodic task per
    tenant runs it hourly). The message's key names the action and the day, so
    a second run the same day writes nothing. The same preferences, language
    and quiet hours as every nudge (spiral.programs.sessions.reminders), in a
    few statements whatever the number of actions. Returns how many were written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    overdue = list(
        actions_overdue(today=today).filter(owner__isnull=False).select_related("owner__user")
    )
    keyed = {f"group-action:{a.public_id}:{today.isoformat()}": a for a in overdue}
    # The key the outbox stores, as reminders' nudges write it.
    stored = {f"nudges:{key}:{a.owner_id}": key for key, a in keyed.items()}
    sent = set(OutboxMessage.objects.filter(key__in=stored).values_list("key", flat=True))
    due = {key: a for key, a in keyed.items() if f"nudges:{key}:{a.owner_id}" not in sent}
    preferences = reminders._preferences({a.owner_id for a in due.values()})
    messages = [
        reminders._message(
            "nudges", a.owner, key, lambda: (_(NUDGE_SUBJECT), _(NUDGE_BODY)), now,
            preferences.get(a.owner_id),
        )
        for key, a in due.items()
    ]  # fmt: skip
    messages = [message for message in messages if message is not None]
    if messages:
        outbox_publish(messages)
    return len(messages)


def improvement_chosen(message: OutboxMessage) -> None:
    """After a climate pulse the group chose one activity to improve its
    climate: it becomes one of the group's actions, once per pulse however
    often the message is delivered."""
    payload = message.payload
    work_group = WorkGroup.objects.filter(pk=payload["work_group_id"]).first()
    if work_group is None:
        return  # removed since
    pulse_id = int(payload["pulse_id"])
    if GroupAction.objects.filter(work_group=work_group, pulse_id=pulse_id).exists():
        return
    owner_id = payload.get("owner_person_id")
    owner = Person.objects.filter(pk=owner_id).first() if owner_id else None
    if owner is not None and not belongs(work_group=work_group, person_id=owner.pk):
        owner = None  # left the group since: the group gives it an owner again
    due = parse_date(payload["due"]) if payload.get("due") else None
    try:
        action_add(
            work_group=work_group, text=payload["text"][:TEXT_MAX_LENGTH], owner=owner, due=due,
            pulse_id=pulse_id,
        )  # fmt: skip
    except IntegrityError:
        return  # a concurrent delivery made it
