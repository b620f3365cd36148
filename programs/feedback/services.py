"""Every write of feedback rounds: keyword-only, one transaction, state checks,
an audit event, outbox messages for what others should hear.

What the audit trail records about giving feedback is deliberately little: the
giver (the acting person, as always) and the round, never the receiver or the
text, so that even the trail cannot tell a receiver who wrote to them in a
confidential round. Private text never goes to a log or an audit event.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from spiral.platform.audit.services import audit_record, audit_record_many
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.feedback.kinds import ROUND_DUE
from spiral.programs.feedback.models import RATING_MAX, RATING_MIN, FeedbackItem, FeedbackRound
from spiral.programs.org.models import ManagementGoal, ManagementGroup, Person
from spiral.programs.org.selectors import philosophy_in_force
from spiral.programs.sessions.reminders import nudge_many

# ROUND_DUE, the topic of the kind's own handler: "remind before the deadline"
# and "nudge those late after it" (see kinds.py), held until due by the relay.
REMIND_BEFORE = timedelta(days=2)

REMINDER = (
    gettext_noop("Feedback round: the deadline is near"),
    gettext_noop(
        "The feedback round of your management group closes soon. Give your feedback "
        "to each colleague in Spiral before the deadline."
    ),
)
LATE = (
    gettext_noop("Feedback round: your colleagues are waiting"),
    gettext_noop(
        "The deadline of your management group's feedback round has passed and your "
        "feedback to some colleagues is missing. You can still give it in Spiral "
        "until the round closes."
    ),
)
NUDGE = (
    gettext_noop("Feedback round: a reminder from your chair"),
    gettext_noop(
        "Your chair reminds you to give your feedback in the open feedback round. "
        "You find it in Spiral."
    ),
)
SUMMARY = (
    gettext_noop("Feedback round closed: your summary"),
    gettext_noop(
        "The feedback round of your management group is closed. Read the feedback "
        "your colleagues gave you in Spiral."
    ),
)


def _now() -> datetime:
    return timezone.now()


@transaction.atomic
def round_create(
    *,
    group: ManagementGroup,
    title: str,
    deadline: datetime,
    mode: str = FeedbackRound.Mode.NAMED,
    component_instance=None,
    at: datetime | None = None,
) -> FeedbackRound:
    """A draft round of ``group``; it fixes its people and topics when it opens.
    ``at`` is the moment it happens (now; history written afterwards, such as
    the demo tenant's past, gives its own)."""
    if deadline <= (at or _now()):
        raise ValidationError({"deadline": [_("Choose a deadline in the future.")]})
    round = FeedbackRound(
        group=group,
        title=title,
        deadline=deadline,
        mode=mode,
        component_instance=component_instance,
    )
    round.full_clean()
    round.save()
    audit_record(
        action="feedback_round.created",
        obj=round,
        changes={"group": [None, str(group.public_id)], "mode": [None, mode]},
    )
    return round


@transaction.atomic
def round_open(
    *,
    round: FeedbackRound,
    today=None,
    at: datetime | None = None,
    deadline: datetime | None = None,
) -> FeedbackRound:
    """Opens a draft: fixes the participants (the chair and the members now),
    the goals now and the philosophy version in force today, and schedules the
    reminder before the deadline and the nudge after it. ``deadline``, when
    given, replaces the draft's (a programme's draft comes with one of its
    own). ``at``: as in round_create (``today`` is then its day)."""
    round = FeedbackRound.objects.select_for_update().select_related("group").get(pk=round.pk)
    if round.status != FeedbackRound.Status.DRAFT:
        raise ValidationError({"status": [_("Only a draft round can be opened.")]})
    now = at or _now()
    moved = deadline is not None and deadline != round.deadline
    if moved:
        old_deadline, round.deadline = round.deadline, deadline
    if round.deadline <= now:
        raise ValidationError({"deadline": [_("Choose a deadline in the future.")]})
    group = round.group
    people = set(group.members.values_list("pk", flat=True))
    if group.chair_id:
        people.add(group.chair_id)
    people = sorted(
        Person.objects.filter(pk__in=people)
        .exclude(status=Person.Status.LEFT)
        .values_list("pk", flat=True)
    )
    if len(people) < 2:
        raise ValidationError(
            {"participants": [_("A feedback round needs at least two people in the group.")]}
        )
    goals = list(ManagementGoal.objects.filter(group=group).values_list("pk", flat=True))
    version = philosophy_in_force(group=group, on=today or timezone.localdate(now))
    if not goals and not (version and version.principles):
        raise ValidationError(
            {"goals": [_("The group needs goals or a leadership philosophy to give feedback on.")]}
        )
    round.status = FeedbackRound.Status.OPEN
    round.opened_at = now
    round.philosophy = version
    round.save(update_fields=["status", "opened_at", "philosophy", "deadline", "updated_at"])
    round.participants.set(people)
    round.goals.set(goals)
    audit_record(
        action="feedback_round.opened",
        obj=round,
        changes={
            "status": [FeedbackRound.Status.DRAFT, FeedbackRound.Status.OPEN],
            "participants": [[], len(people)],
            "philosophy": [None, version.number if version else None],
            **({"deadline": [old_deadline, round.deadline]} if moved else {}),
        },
    )
    outbox_publish(
        [
            Publication(
                ROUND_DUE,
                f"{ROUND_DUE}:{round.public_id}:{stage}",
                {"round": str(round.public_id), "stage": stage},
                not_before=moment,
            )
            for stage, moment in (
                ("reminder", max(round.deadline - REMIND_BEFORE, round.opened_at)),
                ("late", round.deadline),
            )
        ]
    )
    return round


@transaction.atomic
def round_close(*, round: FeedbackRound, at: datetime | None = None) -> FeedbackRound:
    """Closes an open round: nothing can be given or changed any more. Every
    item's last change becomes the closing moment (a receiver's reads then say
    nothing about when each was written), and every receiver is told their
    summary is ready. ``at``: as in round_create."""
    round = FeedbackRound.objects.select_for_update().get(pk=round.pk)
    if round.status != FeedbackRound.Status.OPEN:
        raise ValidationError({"status": [_("Only an open round can be closed.")]})
    now = at or _now()
    round.status = FeedbackRound.Status.CLOSED
    round.closed_at = now
    round.save(update_fields=["status", "closed_at", "updated_at"])
    FeedbackItem.objects.filter(round=round).update(updated_at=now)
    audit_record(
        action="feedback_round.closed",
        obj=round,
        changes={"status": [FeedbackRound.Status.OPEN, FeedbackRound.Status.CLOSED]},
    )
    receivers = Person.objects.filter(
        pk__in=FeedbackItem.objects.filter(round=round).values("receiver_id")
    ).select_related("user")
    nudge_many(people=receivers, key=f"feedback:{round.public_id}:summary", subject=SUMMARY[0],
               body=SUMMARY[1])  # fmt: skip
    return round


def late_givers(*, round: FeedbackRound) -> list[Person]:
    """Participants who have not yet given feedback to every other one."""
    from spiral.programs.feedback.selectors import round_completion

    return [row.person for row in round_completion(round=round) if not row.complete]


@transaction.atomic
def round_nudge(*, round: FeedbackRound) -> int:
    """The chair's nudge: an email to each late giver (once a day at most),
    which names nobody else. Returns how many were nudged."""
    if round.status != FeedbackRound.Status.OPEN:
        raise ValidationError({"status": [_("Only an open round can be nudged.")]})
    prefetch_related_objects([round], "participants__user")
    late = late_givers(round=round)
    day = timezone.localdate().isoformat()
    nudge_many(people=late, key=f"feedback:{round.public_id}:nudge:{day}", subject=NUDGE[0],
               body=NUDGE[1])  # fmt: skip
    audit_record(action="feedback_round.nudged", obj=round, changes={"late": [None, len(late)]})
    return len(late)


def round_due(message: OutboxMessage) -> None:
    """The kind's handler of ROUND_DUE: before the deadline, a reminder to
    those who have not finished; after it, a nudge to the late givers."""
    round = (
        FeedbackRound.objects.filter(public_id=message.payload["round"])
        .prefetch_related("participants__user")
        .first()
    )
    if round is None or round.status != FeedbackRound.Status.OPEN:
        return
    stage = message.payload["stage"]
    subject, body = REMINDER if stage == "reminder" else LATE
    nudge_many(people=late_givers(round=round), key=f"feedback:{round.public_id}:{stage}",
               subject=subject, body=body)  # fmt: skip


def _clean_item(
    round: FeedbackRound,
    *,
    principles: Iterable[int],
    goals: Iterable[ManagementGoal],
    works: str,
    develop: str,
    ratings: dict,
) -> tuple[list[int], list[ManagementGoal], str, str, dict]:
    errors: dict[str, list[str]] = {}
    count = len(round.philosophy.principles) if round.philosophy else 0
    principles = sorted({int(p) for p in principles})
    if any(p < 0 or p >= count for p in principles):
        errors["principles"] = [_("Choose principles of the round's leadership philosophy.")]
    goals = list(goals)
    allowed = {goal.pk for goal in round.goals.all()}
    if any(goal.pk not in allowed for goal in goals):
        errors["goals"] = [_("Choose goals of the round.")]
    if not principles and not goals:
        errors["principles"] = [_("Refer to at least one goal or principle.")]
    works, develop = (works or "").strip(), (develop or "").strip()
    if not works and not develop:
        errors["works"] = [_("Write what works or what to develop.")]
    clean_ratings = {}
    for key, value in (ratings or {}).items():
        if value in (None, ""):
            continue
        try:
            position, value = int(key), int(value)
        except (TypeError, ValueError):
            errors["ratings"] = [_("Rate from 1 to 5.")]
            continue
        if position not in principles:
            errors["ratings"] = [_("Rate only the principles the feedback refers to.")]
        elif not RATING_MIN <= value <= RATING_MAX:
            errors["ratings"] = [_("Rate from 1 to 5.")]
        else:
            clean_ratings[str(position)] = value
    if errors:
        raise ValidationError(errors)
    return principles, goals, works, develop, clean_ratings


def _open_round(round: FeedbackRound) -> FeedbackRound:
    round = (
        FeedbackRound.objects.select_for_update(of=("self",))
        .select_related("philosophy")
        .get(pk=round.pk)
    )
    if round.status != FeedbackRound.Status.OPEN:
        raise ValidationError({"round": [_("The round is not open: feedback cannot change.")]})
    return round


@transaction.atomic
def feedback_give(
    *,
    round: FeedbackRound,
    giver: Person,
    receiver: Person,
    principles: Iterable[int] = (),
    goals: Iterable[ManagementGoal] = (),
    works: str = "",
    develop: str = "",
    ratings: dict | None = None,
) -> FeedbackItem:
    """The giver's feedback to one colleague in an open round (one item a pair)."""
    round = _open_round(round)
    people = set(round.participants.values_list("pk", flat=True))
    if giver.pk not in people:
        raise ValidationError({"giver": [_("Only participants of the round give feedback.")]})
    if receiver.pk not in people or receiver.pk == giver.pk:
        raise ValidationError({"receiver": [_("Choose another participant of the round.")]})
    if FeedbackItem.objects.filter(round=round, giver=giver, receiver=receiver).exists():
        raise ValidationError({"receiver": [_("You have given this colleague feedback already.")]})
    principles, goals, works, develop, ratings = _clean_item(
        round, principles=principles, goals=goals, works=works, develop=develop,
        ratings=ratings or {},
    )  # fmt: skip
    item = FeedbackItem.objects.create(
        round=round, giver=giver, receiver=receiver, principles=principles,
        works=works, develop=develop, ratings=ratings,
    )  # fmt: skip
    item.goals.set(goals)
    # The round and the giver (the acting person), never the receiver or the text.
    audit_record(action="feedback.given", obj=round)
    return item


@transaction.atomic
def feedback_give_many(
    *, round: FeedbackRound, items: Iterable[dict], at: datetime | None = None
) -> list[FeedbackItem]:
    """Many givers' feedback in an open round at once, as ``feedback_give``
    would give each (the same checks; each item a dict of its keyword
    arguments), in a few statements whatever their number: for history
    written afterwards, such as the demo tenant's past (``at``, the moment
    they were given). The audit trail gets one ``feedback.given`` event a
    item, naming the round only."""
    round = _open_round(round)
    prefetch_related_objects([round], "goals", "participants")
    people = {person.pk for person in round.participants.all()}
    taken = set(FeedbackItem.objects.filter(round=round).values_list("giver_id", "receiver_id"))
    rows, goal_rows = [], []
    for content in items:
        content = dict(content)
        giver, receiver = content.pop("giver"), content.pop("receiver")
        if giver.pk not in people:
            raise ValidationError({"giver": [_("Only participants of the round give feedback.")]})
        if receiver.pk not in people or receiver.pk == giver.pk:
            raise ValidationError({"receiver": [_("Choose another participant of the round.")]})
        if (giver.pk, receiver.pk) in taken:
            raise ValidationError(
                {"receiver": [_("You have given this colleague feedback already.")]}
            )
        taken.add((giver.pk, receiver.pk))
        principles, goals, works, develop, ratings = _clean_item(
            round, principles=content.get("principles", ()), goals=content.get("goals", ()),
            works=content.get("works", ""), develop=content.get("develop", ""),
            ratings=content.get("ratings") or {},
        )  # fmt: skip
        item = FeedbackItem(
            round=round, giver=giver, receiver=receiver, principles=principles,
            works=works, develop=develop, ratings=ratings,
        )  # fmt: skip
        if at is not None:
            item.created_at = item.updated_at = at
        rows.append(item)
        goal_rows.append(goals)
    created = FeedbackItem.objects.bulk_create(rows)
    if at is not None:  # auto_now fields: the moment given, not now
        FeedbackItem.objects.filter(pk__in=[item.pk for item in created]).update(
            created_at=at, updated_at=at
        )
    Through = FeedbackItem.goals.through
    Through.objects.bulk_create(
        Through(feedbackitem_id=item.pk, managementgoal_id=goal.pk)
        for item, goals in zip(created, goal_rows, strict=True)
        for goal in goals
    )
    audit_record_many(action="feedback.given", objects=[round] * len(created))
    return created


@transaction.atomic
def feedback_edit(
    *,
    item: FeedbackItem,
    principles: Iterable[int] | None = None,
    goals: Iterable[ManagementGoal] | None = None,
    works: str | None = None,
    develop: str | None = None,
    ratings: dict | None = None,
) -> FeedbackItem:
    """Changes an item while its round is open; never after."""
    round = _open_round(item.round)
    item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
    principles, goals, works, develop, ratings = _clean_item(
        round,
        principles=item.principles if principles is None else principles,
        goals=list(item.goals.all()) if goals is None else goals,
        works=item.works if works is None else works,
        develop=item.develop if develop is None else develop,
        ratings=item.ratings if ratings is None else ratings,
    )
    item.principles, item.works, item.develop, item.ratings = principles, works, develop, ratings
    item.save(update_fields=["principles", "works", "develop", "ratings", "updated_at"])
    item.goals.set(goals)
    audit_record(action="feedback.edited", obj=round)
    return item


@transaction.atomic
def feedback_save(*, round: FeedbackRound, giver: Person, receiver: Person, **content):
    """Gives or changes the giver's item for ``receiver`` (the page saves as
    one types). The round's row is locked before looking for the item, so two
    saves at once (a second keystroke while the first is saved) queue: the
    second finds the first's item and edits it, rather than failing as given
    already."""
    round = _open_round(round)
    existing = FeedbackItem.objects.filter(round=round, giver=giver, receiver=receiver).first()
    if existing is None:
        return feedback_give(round=round, giver=giver, receiver=receiver, **content)
    return feedback_edit(item=existing, **content)
