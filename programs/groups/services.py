"""Every write of a work group's contract and learning meetings. Keyword-only,
one transaction each, audited. Audit events name which fields changed, never
what people wrote: expectations, fears and takeaways are the group's own."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.audit.services import audit_record
from spiral.platform.core.errors import ConflictError
from spiral.programs.groups.kinds import GROUP_MEETINGS
from spiral.programs.groups.membership import belongs
from spiral.programs.groups.models import (
    POSITION_MAX,
    ContractAcceptance,
    GoalPosition,
    GroupContract,
    GroupGoal,
    GroupMeeting,
    ParticipantNote,
)
from spiral.programs.org.models import Person, WorkGroup
from spiral.programs.sessions.models import Session

RULES_MAX = 30
RULE_MAX_LENGTH = 300
TEXT_MAX_LENGTH = 4000


def member_required(work_group: WorkGroup, person: Person) -> None:
    if not belongs(work_group=work_group, person_id=person.pk):
        raise ConflictError(_("Only the work group's leader and members take part in this."))


def clean_text(field: str, value, limit: int = TEXT_MAX_LENGTH) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError({field: [_("At most %(count)d characters.") % {"count": limit}]})
    return value


def _lines(field: str, values, limit: int = RULES_MAX) -> list[str]:
    if not isinstance(values, list | tuple) or len(values) > limit:
        raise ValidationError(
            {field: [_("Give a list of at most %(count)d items.") % {"count": limit}]}
        )
    lines = [clean_text(field, value, RULE_MAX_LENGTH) for value in values]
    return [line for line in lines if line]


@transaction.atomic
def contract_version_add(
    *, work_group: WorkGroup, rules: list[str], written_by: Person | None = None
) -> GroupContract:
    """A new version of the group's contract: it is in force at once, and
    every member is asked to accept it (earlier acceptances were of the old)."""
    WorkGroup.objects.select_for_update().get(pk=work_group.pk)
    clean = _lines("rules", rules)
    if not clean:
        raise ValidationError({"rules": [_("A contract has at least one rule.")]})
    last = work_group.contracts.aggregate(last=Max("number"))["last"] or 0
    contract = GroupContract.objects.create(
        work_group=work_group, number=last + 1, rules=clean, written_by=written_by
    )
    audit_record(
        action="group_contract.versioned", obj=contract,
        changes={"number": [last or None, contract.number], "rules": [None, len(clean)]},
    )  # fmt: skip
    return contract


@transaction.atomic
def contract_accept(
    *, contract: GroupContract, person: Person, now: datetime | None = None
) -> ContractAcceptance:
    """A member accepts the version in force; accepting it twice changes nothing."""
    contract = GroupContract.objects.select_related("work_group").get(pk=contract.pk)
    member_required(contract.work_group, person)
    latest = contract.work_group.contracts.aggregate(last=Max("number"))["last"]
    if contract.number != latest:
        raise ConflictError(_("Only the version in force can be accepted."))
    acceptance, created = ContractAcceptance.objects.get_or_create(
        contract=contract, person=person, defaults={"accepted_at": now or timezone.now()}
    )
    if created:
        audit_record(
            action="group_contract.accepted", obj=contract,
            changes={"accepted_by": [None, person.pk]},
        )  # fmt: skip
    return acceptance


def _work_group_of(session: Session) -> WorkGroup:
    instance = session.component_instance
    if session.kind != GROUP_MEETINGS.key or instance is None or instance.work_group_id is None:
        raise ValidationError({"session": [_("Choose a session of a work group's meetings.")]})
    return instance.work_group


@transaction.atomic
def meeting_open(*, session: Session) -> GroupMeeting:
    """The meeting of one session of the group's meeting series, made once."""
    session = Session.objects.select_related("component_instance__work_group").get(pk=session.pk)
    work_group = _work_group_of(session)
    if session.status == Session.Status.CANCELLED:
        raise ConflictError(_("A cancelled session has no meeting."))
    meeting, created = GroupMeeting.objects.get_or_create(
        session=session, defaults={"work_group": work_group}
    )
    if created:
        audit_record(
            action="group_meeting.opened", obj=meeting, changes={"session": [None, session.pk]}
        )
    return meeting


CHECK_IN_FIELDS = ("purpose", "roles", "time_frame", "agenda", "open_questions")


@transaction.atomic
def meeting_check_in(
    *, meeting: GroupMeeting, now: datetime | None = None, **fields
) -> GroupMeeting:
    """The check-in's shared part. The contract in force is fixed on the
    meeting the first time it checks in: later versions belong to later meetings."""
    meeting = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    unknown = set(fields) - set(CHECK_IN_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This cannot be changed here.")] for name in unknown})
    clean = {
        name: _lines(name, value)
        if name == "agenda"
        else clean_text(name, value, 200 if name == "time_frame" else TEXT_MAX_LENGTH)
        for name, value in fields.items()
    }
    changed = [name for name, value in clean.items() if getattr(meeting, name) != value]
    for name in changed:
        setattr(meeting, name, clean[name])
    if meeting.checked_in_at is None:
        meeting.checked_in_at = now or timezone.now()
        meeting.contract = meeting.work_group.contracts.order_by("-number").first()
        changed += ["checked_in_at", "contract"]
    if changed:
        meeting.save()
        audit_record(action="group_meeting.checked_in", obj=meeting, changes={"fields": changed})
    return meeting


NOTE_FIELDS = {"expectations": TEXT_MAX_LENGTH, "fears": TEXT_MAX_LENGTH, "takeaway": 300}


@transaction.atomic
def note_write(*, meeting: GroupMeeting, person: Person, **fields) -> ParticipantNote:
    """A participant's own words: expectations and fears, or the takeaway."""
    meeting = GroupMeeting.objects.select_related("work_group").get(pk=meeting.pk)
    member_required(meeting.work_group, person)
    unknown = set(fields) - set(NOTE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This cannot be changed here.")] for name in unknown})
    clean = {name: clean_text(name, value, NOTE_FIELDS[name]) for name, value in fields.items()}
    note, _created = ParticipantNote.objects.get_or_create(meeting=meeting, person=person)
    changed = [name for name, value in clean.items() if getattr(note, name) != value]
    if changed:
        for name in changed:
            setattr(note, name, clean[name])
        note.save()
        audit_record(
            action="group_meeting.note_written",
            obj=meeting,
            changes={"fields": changed, "person": person.pk},
        )
    return note


def _clean_positions(goals) -> list[tuple[str, int]]:
    if not isinstance(goals, list | tuple) or len(goals) > RULES_MAX:
        raise ValidationError(
            {"goals": [_("Give a list of goals, each with a position from 0 to 10.")]}
        )
    errors, clean, seen = {}, [], set()
    for index, goal in enumerate(goals):
        title = clean_text(f"goals.{index}.title", (goal or {}).get("title"), 300)
        position = (goal or {}).get("position")
        if not title:
            errors[f"goals.{index}.title"] = [_("Name the goal.")]
        elif title.lower() in seen:
            errors[f"goals.{index}.title"] = [_("This goal is named twice.")]
        valid = isinstance(position, int) and not isinstance(position, bool)
        if not valid or not 0 <= position <= POSITION_MAX:
            errors[f"goals.{index}.position"] = [_("Give a position from 0 to 10.")]
        seen.add(title.lower())
        clean.append((title, position))
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def meeting_check_out(
    *, meeting: GroupMeeting, goals, activities: str = "", next_purpose: str = "",
    now: datetime | None = None,
) -> GroupMeeting:  # fmt: skip
    """Where the group stands on each goal (0 = today, 10 = where it wants to
    be), what moves it a step, and the next meeting's purpose. A goal named as
    before (in any case) continues its trend; checking out again replaces the
    positions."""
    meeting = (
        GroupMeeting.objects.select_for_update().select_related("work_group").get(pk=meeting.pk)
    )
    positions = _clean_positions(goals)
    existing = {goal.title.lower(): goal for goal in meeting.work_group.goals.all()}
    GoalPosition.objects.filter(meeting=meeting).delete()
    for title, position in positions:
        goal = existing.get(title.lower()) or GroupGoal.objects.create(
            work_group=meeting.work_group, title=title
        )
        GoalPosition.objects.create(meeting=meeting, goal=goal, position=position)
    meeting.activities = clean_text("activities", activities)
    meeting.next_purpose = clean_text("next_purpose", next_purpose)
    meeting.checked_out_at = meeting.checked_out_at or now or timezone.now()
    meeting.save()
    audit_record(
        action="group_meeting.checked_out", obj=meeting,
        changes={"positions": {title: position for title, position in positions}},
    )  # fmt: skip
    return meeting
