"""Every write of the climate pulse: opening and closing pulses, a member's
answer, and the improvement the group chooses. Keyword-only, one transaction
each, audited. Audit events say that someone answered, never what: the answer
itself is stored apart from the person (``models.ClimateAnswer``)."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.audit.services import audit_record
from spiral.platform.core.errors import ConflictError
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.climate.aspects import ASPECT_KEYS, RATING_MAX, RATING_MIN
from spiral.programs.climate.kinds import CLIMATE_PULSE
from spiral.programs.climate.models import (
    ClimateAnswer,
    ClimateImprovement,
    ClimateParticipation,
    ClimatePulse,
)
from spiral.programs.org.models import Person, WorkGroup
from spiral.programs.programmes.models import ComponentInstance, Programme

PULSE_DAYS = 14  # how long a pulse stays open unless its leader says otherwise
ACTIVITY_MAX_LENGTH = 500
TOPIC_OPENED = "climate.pulse_opened"
# Held by the relay until a few days before the pulse closes, in the morning:
# then the members who have not answered are reminded (``notices``).
TOPIC_DUE = "climate.pulse_due"
REMIND_DAYS_BEFORE = 3
REMIND_AT = time(8)
# The contract with the groups app, which turns the choice into an action:
# {"work_group_id", "pulse_id", "text", "owner_person_id", "due"}.
TOPIC_IMPROVEMENT = "climate.improvement_chosen"


def group_members(*, work_group: WorkGroup) -> QuerySet[Person]:
    """Who rates a work group's climate: its members who have not left."""
    return work_group.members.exclude(status=Person.Status.LEFT)


@transaction.atomic
def climate_pulse_open(
    *, instance: ComponentInstance, closes_on: date | None = None, now: datetime | None = None
) -> ClimatePulse:
    """Opens the next pulse of a work group's climate-pulse component."""
    instance = (
        ComponentInstance.objects.select_for_update(of=("self",))
        .select_related("component__programme", "work_group")
        .get(pk=instance.pk)
    )
    component, programme = instance.component, instance.component.programme
    if component.kind != CLIMATE_PULSE.key or instance.work_group is None:
        raise ConflictError(_("Only a work group's climate pulse opens pulses."))
    if programme.status != Programme.Status.ACTIVE:
        raise ConflictError(_("Pulses open only in an active programme."))
    if instance.climate_pulses.filter(status=ClimatePulse.Status.OPEN).exists():
        raise ConflictError(_("A pulse of this work group is already open."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    closes_on = closes_on or today + timedelta(days=PULSE_DAYS)
    if closes_on < today:
        raise ValidationError({"closes_on": [_("A pulse cannot close before today.")]})
    last = instance.climate_pulses.aggregate(last=Max("sequence"))["last"] or 0
    pulse = ClimatePulse.objects.create(
        instance=instance, work_group=instance.work_group, sequence=last + 1,
        title=component.title_sv, opened_at=now, closes_on=closes_on,
    )  # fmt: skip
    audit_record(
        action="climate_pulse.opened",
        obj=pulse,
        changes={"status": [None, ClimatePulse.Status.OPEN], "closes_on": [None, closes_on]},
    )
    payload = {"pulse": str(pulse.public_id), "work_group_id": pulse.work_group_id}
    messages = [Publication(TOPIC_OPENED, f"opened:{pulse.public_id}", payload)]
    day = closes_on - timedelta(days=REMIND_DAYS_BEFORE)
    remind_at = datetime.combine(day, REMIND_AT, tzinfo=timezone.get_default_timezone())
    if remind_at > now:  # a pulse of a few days has no reminder
        messages.append(Publication(TOPIC_DUE, f"due:{pulse.public_id}", payload, remind_at))
    outbox_publish(messages)
    return pulse


@transaction.atomic
def climate_pulse_close(*, pulse: ClimatePulse, now: datetime | None = None) -> ClimatePulse:
    """Closes a pulse: no more answers. ``now`` is for a past written
    afterwards (the demo tenant's)."""
    pulse = ClimatePulse.objects.select_for_update().get(pk=pulse.pk)
    if pulse.status != ClimatePulse.Status.OPEN:
        raise ConflictError(_("This pulse is already closed."))
    pulse.status = ClimatePulse.Status.CLOSED
    pulse.closed_at = now or timezone.now()
    pulse.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        action="climate_pulse.closed",
        obj=pulse,
        changes={"status": [ClimatePulse.Status.OPEN, ClimatePulse.Status.CLOSED]},
    )
    return pulse


def _clean_ratings(ratings) -> dict[str, int]:
    if not isinstance(ratings, dict):
        raise ValidationError({"ratings": [_("Rate each aspect from 1 to 5.")]})
    errors, clean = {}, {}
    unknown = sorted(set(map(str, ratings)) - set(ASPECT_KEYS))
    if unknown:
        message = _("Unknown aspects: %(keys)s.")
        errors["ratings"] = [message % {"keys": ", ".join(unknown)}]
    for key in ASPECT_KEYS:
        value = ratings.get(key)
        valid = isinstance(value, int) and not isinstance(value, bool)
        if not valid or not RATING_MIN <= value <= RATING_MAX:
            errors[f"ratings.{key}"] = [_("Give a rating from 1 to 5.")]
        else:
            clean[key] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _open_pulse(pulse: ClimatePulse, now: datetime | None) -> ClimatePulse:
    pulse = ClimatePulse.objects.select_for_update().get(pk=pulse.pk)
    if pulse.status != ClimatePulse.Status.OPEN or pulse.closes_on < timezone.localdate(now):
        raise ConflictError(_("This pulse is closed: answers can no longer be given."))
    return pulse


@transaction.atomic
def climate_answer_submit(
    *, pulse: ClimatePulse, person: Person, ratings: dict, now: datetime | None = None
) -> None:
    """A member's answer, once per pulse and never changed. Two rows that share
    nothing: that the person answered, and what was answered. Returns nothing,
    so that no caller can hold the two together."""
    pulse = _open_pulse(pulse, now)
    if not group_members(work_group=pulse.work_group).filter(pk=person.pk).exists():
        raise ConflictError(_("Only the work group's members answer its climate pulse."))
    clean = _clean_ratings(ratings)
    if ClimateParticipation.objects.filter(pulse=pulse, person=person).exists():
        raise ConflictError(_("You have answered this pulse already; an answer is not changed."))
    participation = ClimateParticipation.objects.create(pulse=pulse, person=person)
    ClimateAnswer.objects.create(pulse=pulse, ratings=clean)
    audit_record(
        action="climate_pulse.answered", obj=participation, changes={"answered": [False, True]}
    )


def _clean_choice(pulse: ClimatePulse, aspects, activity: str, owner, due) -> tuple:
    errors = {}
    aspects = list(dict.fromkeys(aspects or []))
    if not aspects or set(aspects) - set(ASPECT_KEYS):
        errors["aspects"] = [_("Choose one or more of the pulse's aspects.")]
    activity = (activity or "").strip()
    if not activity:
        errors["activity"] = [_("Name one concrete activity.")]
    elif len(activity) > ACTIVITY_MAX_LENGTH:
        message = _("At most %(count)d characters.")
        errors["activity"] = [message % {"count": ACTIVITY_MAX_LENGTH}]
    group = pulse.work_group
    if owner is not None and not (
        owner.pk == group.leader_id or group_members(work_group=group).filter(pk=owner.pk).exists()
    ):
        errors["owner"] = [_("The owner is one of the work group.")]
    if due is not None and due < timezone.localdate():
        errors["due"] = [_("The due date cannot be in the past.")]
    if errors:
        raise ValidationError(errors)
    return aspects, activity


@transaction.atomic
def climate_improvement_choose(
    *,
    pulse: ClimatePulse,
    chosen_by: Person,
    aspects: list[str],
    activity: str,
    owner: Person | None = None,
    due: date | None = None,
) -> ClimateImprovement:
    """What the group will improve after a pulse: its aspects and one concrete
    activity, once per pulse. Published, in the same transaction, for the
    groups app to make it an action of the group."""
    pulse = ClimatePulse.objects.select_for_update().select_related("work_group").get(pk=pulse.pk)
    if ClimateImprovement.objects.filter(pulse=pulse).exists():
        raise ConflictError(_("The group has already chosen its improvement for this pulse."))
    aspects, activity = _clean_choice(pulse, aspects, activity, owner, due)
    improvement = ClimateImprovement.objects.create(
        pulse=pulse, aspects=aspects, activity=activity, owner=owner, due=due, chosen_by=chosen_by
    )
    audit_record(
        action="climate_improvement.chosen", obj=improvement,
        changes={"aspects": [None, aspects], "owner": [None, owner.pk if owner else None]},
    )  # fmt: skip
    payload = {
        "work_group_id": pulse.work_group_id,
        "pulse_id": pulse.pk,
        "text": activity,
        "owner_person_id": owner.pk if owner else None,
        "due": due.isoformat() if due else None,
    }
    outbox_publish([Publication(TOPIC_IMPROVEMENT, f"improvement:{pulse.public_id}", payload)])
    return improvement
