"""Every write of the support assessment: opening and closing rounds, and a
manager's answer. Keyword-only, one transaction each, audited. Audit events
name what changed, never a rating or the free text: HR reads the audit trail,
and HR sees aggregates only."""

from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.audit.services import audit_record
from spiral.platform.core.errors import ConflictError
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.programmes.models import ComponentInstance, Enrolment, Programme
from spiral.programs.support.kinds import SUPPORT_ASSESSMENT
from spiral.programs.support.models import SupportAnswer, SupportRound
from spiral.programs.support.questions import RATING_MAX, RATING_MIN, SUPPORT_KEYS

ROUND_DAYS = 21  # how long a round stays open unless HR says otherwise
NEED_MAX_LENGTH = 4000
TOPIC_OPENED = "support.round_opened"
TOPIC_CLOSED = "support.round_closed"
# Held by the relay until a few days before the round closes, in the morning:
# then those who have not answered are reminded (spiral.programs.support.notices).
TOPIC_DUE = "support.round_due"
REMIND_DAYS_BEFORE = 3
REMIND_AT = time(8)


def respondents(*, programme: Programme):
    """Who answers a programme's support assessment: its enrolled participants
    who are first-line or senior managers (and have not left)."""
    enrolled = Enrolment.objects.filter(
        programme=programme, status=Enrolment.Status.ENROLLED
    ).values("person_id")
    return (
        Person.objects.filter(pk__in=enrolled)
        .filter(Q(is_first_line_manager=True) | Q(is_senior_manager=True))
        .exclude(status=Person.Status.LEFT)
    )


def answering_unit(*, person: Person) -> OrgUnit | None:
    """The unit a manager answers for: the highest unit they manage, else their own."""
    managed = OrgUnit.objects.filter(manager=person).order_by("depth", "path").first()
    return managed or person.unit


@transaction.atomic
def support_round_open(
    *, instance: ComponentInstance, closes_on: date | None = None, now: datetime | None = None
) -> SupportRound:
    """Opens the next round of a programme's support assessment."""
    instance = (
        ComponentInstance.objects.select_for_update()
        .select_related("component__programme")
        .get(pk=instance.pk)
    )
    component, programme = instance.component, instance.component.programme
    if component.kind != SUPPORT_ASSESSMENT.key:
        raise ConflictError(_("Only a support assessment opens support rounds."))
    if programme.status != Programme.Status.ACTIVE:
        raise ConflictError(_("Rounds open only in an active programme."))
    if instance.support_rounds.filter(status=SupportRound.Status.OPEN).exists():
        raise ConflictError(_("A round of this support assessment is already open."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    closes_on = closes_on or today + timedelta(days=ROUND_DAYS)
    if closes_on < today:
        raise ValidationError({"closes_on": [_("A round cannot close before today.")]})
    last = instance.support_rounds.aggregate(last=Max("sequence"))["last"] or 0
    support_round = SupportRound.objects.create(
        instance=instance,
        programme=programme,
        sequence=last + 1,
        title=component.title_sv,
        opened_at=now,
        closes_on=closes_on,
    )
    audit_record(
        action="support_round.opened",
        obj=support_round,
        changes={"status": [None, SupportRound.Status.OPEN], "closes_on": [None, closes_on]},
    )
    payload = {"round": str(support_round.public_id)}
    messages = [Publication(TOPIC_OPENED, f"opened:{support_round.public_id}", payload)]
    remind_at = _reminder_moment(closes_on)
    if remind_at > now:  # a round of a few days has no reminder
        messages.append(
            Publication(TOPIC_DUE, f"due:{support_round.public_id}", payload, remind_at)
        )
    outbox_publish(messages)
    return support_round


def _reminder_moment(closes_on: date) -> datetime:
    day = closes_on - timedelta(days=REMIND_DAYS_BEFORE)
    return datetime.combine(day, REMIND_AT, tzinfo=timezone.get_default_timezone())


@transaction.atomic
def support_round_close(
    *, support_round: SupportRound, now: datetime | None = None
) -> SupportRound:
    """Closes a round: answers are final, and its results can be published.
    ``now`` is for a past written afterwards (the demo tenant's)."""
    support_round = SupportRound.objects.select_for_update().get(pk=support_round.pk)
    if support_round.status != SupportRound.Status.OPEN:
        raise ConflictError(_("This round is already closed."))
    support_round.status = SupportRound.Status.CLOSED
    support_round.closed_at = now or timezone.now()
    support_round.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        action="support_round.closed",
        obj=support_round,
        changes={"status": [SupportRound.Status.OPEN, SupportRound.Status.CLOSED]},
    )
    outbox_publish(
        [Publication(TOPIC_CLOSED, f"closed:{support_round.public_id}",
                     {"round": str(support_round.public_id)})]
    )  # fmt: skip
    return support_round


def _clean_ratings(ratings) -> dict[str, int]:
    if not isinstance(ratings, dict):
        raise ValidationError({"ratings": [_("Rate each kind of support from 1 to 5.")]})
    errors, clean = {}, {}
    unknown = sorted(set(map(str, ratings)) - set(SUPPORT_KEYS))
    if unknown:
        message = _("Unknown kinds of support: %(keys)s.")
        errors["ratings"] = [message % {"keys": ", ".join(unknown)}]
    for key in SUPPORT_KEYS:
        value = ratings.get(key)
        valid = isinstance(value, int) and not isinstance(value, bool)
        if not valid or not RATING_MIN <= value <= RATING_MAX:
            errors[f"ratings.{key}"] = [_("Give a rating from 1 to 5.")]
        else:
            clean[key] = value
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def support_answer_submit(
    *,
    support_round: SupportRound,
    person: Person,
    ratings: dict,
    need: str = "",
    now: datetime | None = None,
) -> SupportAnswer:
    """A manager's answer, given or changed while the round is open. The text
    of ``need`` is private: it is stored, and never logged or audited. ``now``
    is for a past written afterwards (the demo tenant's)."""
    support_round = SupportRound.objects.select_for_update().get(pk=support_round.pk)
    if support_round.status != SupportRound.Status.OPEN or (
        support_round.closes_on < timezone.localdate(now)
    ):
        raise ConflictError(_("This round is closed: answers can no longer be given or changed."))
    if not respondents(programme=support_round.programme).filter(pk=person.pk).exists():
        raise ConflictError(_("Only the programme's managers answer its support assessment."))
    clean = _clean_ratings(ratings)
    need = (need or "").strip()
    if len(need) > NEED_MAX_LENGTH:
        raise ValidationError(
            {"need": [_("At most %(count)d characters.") % {"count": NEED_MAX_LENGTH}]}
        )
    answer = SupportAnswer.objects.filter(round=support_round, respondent=person).first()
    if answer is None:
        answer = SupportAnswer.objects.create(
            round=support_round,
            respondent=person,
            unit=answering_unit(person=person),
            ratings=clean,
            need=need,
        )
        audit_record(action="support_answer.given", obj=answer, changes={"answered": [False, True]})
        return answer
    changed = [f for f, v in (("ratings", clean), ("need", need)) if getattr(answer, f) != v]
    if changed:
        answer.ratings, answer.need = clean, need
        answer.save(update_fields=["ratings", "need", "updated_at"])
        # Which fields changed, never their values.
        audit_record(action="support_answer.changed", obj=answer, changes={"fields": changed})
    return answer


def _last_occurrence(cadence: str, starts_on: date, today: date) -> date | None:
    start = datetime.combine(starts_on, datetime.min.time())
    try:
        moment = rrulestr(f"RRULE:{cadence}", dtstart=start).before(
            datetime.combine(today, datetime.max.time()), inc=True
        )
    except (ValueError, TypeError):
        return None
    return moment.date() if moment else None


def support_rounds_due(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic work of the tenant (a worker runs it every hour): rounds
    past their closing day close, and every active programme's support
    assessment whose cadence came round since its last round opens a new one
    (the first on the programme's first day). Safe to run twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    closed = opened = 0
    for support_round in SupportRound.objects.filter(
        status=SupportRound.Status.OPEN, closes_on__lt=today
    ):
        support_round_close(support_round=support_round)
        closed += 1
    instances = (
        ComponentInstance.objects.filter(
            component__kind=SUPPORT_ASSESSMENT.key,
            component__programme__status=Programme.Status.ACTIVE,
        )
        .exclude(component__cadence="")
        .select_related("component__programme")
        .annotate(last_opened=Max("support_rounds__opened_at"))
    )
    for instance in instances:
        programme = instance.component.programme
        if programme.ends_on and programme.ends_on < today:
            continue
        due = _last_occurrence(instance.component.cadence, programme.starts_on or today, today)
        if due is None:
            continue
        if instance.last_opened and timezone.localdate(instance.last_opened) >= due:
            continue
        if instance.support_rounds.filter(status=SupportRound.Status.OPEN).exists():
            continue
        closes_on = due + timedelta(days=ROUND_DAYS)
        if closes_on < today:
            continue  # that occurrence's round would be over already
        if programme.ends_on:
            closes_on = min(closes_on, programme.ends_on)
        support_round_open(instance=instance, closes_on=max(closes_on, today), now=now)
        opened += 1
    return {"opened": opened, "closed": closed}
