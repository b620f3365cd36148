"""Every read of feedback rounds, for an Actor.

What each reader gets:
- a round: its chair, its participants and HR (tenant administrators) see it;
- items: a giver reads what they gave (``item_list_given``); a receiver reads
  what they received once the round is closed (``item_list_received``),
  without the giver in a confidential round, without the time of giving and
  in an order that says nothing about it;
- the chair: completion per participant (how many they gave of how many),
  never contents;
- the chair, HR and participants: reciprocity and themes, aggregates only,
  themes through the anonymity engine.
"""

import builtins
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from spiral.programs.anonymity.cells import Answer
from spiral.programs.anonymity.services import publish_subject
from spiral.programs.feedback.models import FeedbackItem, FeedbackRound
from spiral.programs.org.actors import Actor
from spiral.programs.org.models import ManagementGoal, ManagementGroup, Person

# In a confidential round a receiver reads their feedback only when it comes
# from at least this many givers: with one, anyone who knows who took part
# would know who wrote it. Deliberately not the tenant's anonymity threshold
# (5 by default): a management group is often 5 to 8 people, so a receiver
# in a group of five (four possible givers) would never read anything.
# Instead what would make givers identifiable is withheld: in a confidential
# round the chair sees only whether each member has finished, never how many
# colleagues they gave to (``round_completion_shown``, the page and the API's
# completion), so partial giving cannot be matched to what a receiver reads.
CONFIDENTIAL_MIN_GIVERS = 2


def round_list_visible(*, actor: Actor) -> QuerySet[FeedbackRound]:
    rounds = FeedbackRound.objects.select_related("group", "philosophy").prefetch_related(
        Prefetch("participants", queryset=Person.objects.order_by("family_name", "given_name")),
        Prefetch("goals", queryset=ManagementGoal.objects.order_by("id")),
    )
    if actor.sees_whole_tenant and not actor.is_client:
        return rounds
    if actor.person_id is None:
        return rounds.none()
    taking_part = FeedbackRound.participants.through.objects.filter(person_id=actor.person_id)
    return rounds.filter(
        Q(group__chair_id=actor.person_id) | Q(pk__in=taking_part.values("feedbackround_id"))
    )


def management_groups_chaired(*, actor: Actor) -> QuerySet[ManagementGroup]:
    """The management groups the actor chairs: those they may start a round in."""
    if actor.person_id is None:
        return ManagementGroup.objects.none()
    return ManagementGroup.objects.filter(chair_id=actor.person_id).order_by("name", "id")


def round_open_for(*, actor: Actor) -> QuerySet[FeedbackRound]:
    """Open rounds the actor gives feedback in."""
    if actor.person_id is None:
        return FeedbackRound.objects.none()
    return round_list_visible(actor=actor).filter(
        status=FeedbackRound.Status.OPEN, participants=actor.person_id
    )


def item_list_given(*, actor: Actor) -> QuerySet[FeedbackItem]:
    if actor.person_id is None:
        return FeedbackItem.objects.none()
    return (
        FeedbackItem.objects.filter(giver_id=actor.person_id)
        .select_related("round", "receiver")
        .prefetch_related("goals")
    )


def item_list_received(*, actor: Actor, round: FeedbackRound | None = None) -> list[dict]:
    """What the actor received in closed rounds: plain rows, the giver only in
    named rounds, ordered by round and then by the item's random id."""
    if actor.person_id is None:
        return []
    items = FeedbackItem.objects.filter(
        receiver_id=actor.person_id, round__status=FeedbackRound.Status.CLOSED
    )
    if round is not None:
        items = items.filter(round=round)
    confidential = (
        items.filter(round__mode=FeedbackRound.Mode.CONFIDENTIAL)
        .values("round_id")
        .annotate(givers=Count("giver_id", distinct=True))
        .values_list("round_id", "givers")
    )
    shown_rounds = [
        round_id for round_id, givers in confidential if givers >= CONFIDENTIAL_MIN_GIVERS
    ]
    items = items.filter(
        Q(round__mode=FeedbackRound.Mode.NAMED) | Q(round_id__in=shown_rounds)
    ).order_by("round__deadline", "round_id", "public_id")
    rows = []
    for item in items.select_related("round", "giver").prefetch_related("goals"):
        named = item.round.mode == FeedbackRound.Mode.NAMED
        rows.append(
            {
                "id": item.public_id,
                "round": item.round.public_id,
                "giver": item.giver.public_id if named else None,
                "giver_name": item.giver.name if named else "",
                "principles": list(item.principles),
                "goals": [goal.public_id for goal in item.goals.all()],
                "works": item.works,
                "develop": item.develop,
                "ratings": dict(item.ratings),
            }
        )
    return rows


def received_withheld(*, actor: Actor, round: FeedbackRound) -> bool:
    """Whether feedback the actor received in a closed confidential round is
    held back because it came from too few givers to hide who wrote it."""
    if actor.person_id is None or round.mode != FeedbackRound.Mode.CONFIDENTIAL:
        return False
    givers = (
        FeedbackItem.objects.filter(round=round, receiver_id=actor.person_id)
        .values("giver_id")
        .distinct()
        .count()
    )
    return 0 < givers < CONFIDENTIAL_MIN_GIVERS


@dataclass(frozen=True)
class Completion:
    person: Person
    given: int
    expected: int

    @property
    def complete(self) -> bool:
        return self.given >= self.expected


def round_completion(*, round: FeedbackRound) -> list[Completion]:
    """For each participant, how many colleagues they gave feedback to (two queries)."""
    participants = list(round.participants.all())
    given = dict(
        FeedbackItem.objects.filter(round=round)
        .values("giver_id")
        .annotate(n=Count("id"))
        .values_list("giver_id", "n")
    )
    expected = max(len(participants) - 1, 0)
    return [Completion(p, given.get(p.pk, 0), expected) for p in participants]


@dataclass(frozen=True)
class CompletionShown:
    """A row of completion as the chair sees it: ``given`` and ``expected``
    are None in a confidential round, where only ``complete`` is shown."""

    person: Person
    given: int | None
    expected: int | None
    complete: bool


def round_completion_shown(*, round: FeedbackRound) -> list[CompletionShown]:
    """``round_completion`` for the chair's eyes (the page and the API): in a
    confidential round only whether each member has finished, no counts (see
    ``CONFIDENTIAL_MIN_GIVERS``)."""
    confidential = round.mode == FeedbackRound.Mode.CONFIDENTIAL
    return [
        CompletionShown(
            person=row.person,
            given=None if confidential else row.given,
            expected=None if confidential else row.expected,
            complete=row.complete,
        )
        for row in round_completion(round=round)
    ]


@dataclass(frozen=True)
class Reciprocity:
    """Unordered pairs of participants: all of them, those with feedback in at
    least one direction, and those with feedback both ways. The share reported
    is both-ways over at-least-one-way (None while no feedback is given)."""

    pairs: int
    connected: int
    mutual: int

    @property
    def share(self) -> float | None:
        return round(self.mutual / self.connected, 3) if self.connected else None


def _directions(round: FeedbackRound) -> set[tuple[int, int]]:
    """(giver, receiver) of every item of the round."""
    return set(FeedbackItem.objects.filter(round=round).values_list("giver_id", "receiver_id"))


def round_reciprocity(
    *, round: FeedbackRound, directions: set[tuple[int, int]] | None = None
) -> Reciprocity:
    n = len(round.participants.all())
    directions = _directions(round) if directions is None else directions
    connected = {frozenset(pair) for pair in directions}
    mutual = sum(1 for giver, receiver in directions if (receiver, giver) in directions) // 2
    return Reciprocity(pairs=n * (n - 1) // 2, connected=len(connected), mutual=mutual)


@dataclass(frozen=True)
class ReciprocityShown:
    """Reciprocity as people see it (the API and the round's page): the pair
    counts only where the anonymity engine shows them, else None with why."""

    pairs: int
    connected: int | None
    mutual: int | None
    share: float | None
    shown: bool
    reason: str | None


def round_reciprocity_shown(*, round: FeedbackRound) -> ReciprocityShown:
    """``round_reciprocity`` through the anonymity engine: once the round has
    closed (its answers no longer change), and only where the people who gave
    or received feedback are at least the tenant's threshold
    (``feedback-round:<id>:reciprocity``, one answer per such person). In a
    smaller group the pairs would say who gave to whom."""
    directions = _directions(round)  # read once, for the figures and the engine
    figures = round_reciprocity(round=round, directions=directions)
    if round.status != FeedbackRound.Status.CLOSED:
        return ReciprocityShown(figures.pairs, None, None, None, shown=False, reason="open")
    involved = {person for pair in directions for person in pair}
    cell = publish_subject(
        subject=f"feedback-round:{round.pk}:reciprocity",
        answers=[Answer(respondent=person, value=1.0) for person in sorted(involved)],
        tree={},
    ).everyone
    if not cell.published:
        reason = cell.reason.value if cell.reason else "too_few"
        return ReciprocityShown(figures.pairs, None, None, None, shown=False, reason=reason)
    return ReciprocityShown(
        figures.pairs, figures.connected, figures.mutual, figures.share, shown=True, reason=None
    )


@dataclass(frozen=True)
class Theme:
    """One goal or principle of the round: how many givers referred to it and,
    for a principle, their mean rating; each figure shown only where the
    anonymity engine shows its cell (None otherwise)."""

    kind: str  # "goal" or "principle"
    key: str  # the goal's public id, or the principle's position
    text: str
    givers: int | None
    references: int | None
    mean_rating: float | None
    shown: bool
    reason: str | None


def round_themes(*, round: FeedbackRound) -> list[Theme]:
    """The group's themes of a closed round (empty before it closes), most
    referred to first. Through the anonymity engine, one subject per measure:
    ``feedback-round:<id>:goal:<id>`` and ``...:principle:<n>`` count the givers
    who referred to it (each answer: one giver, valued with how many of their
    items referred to it, so the cell's mean times its count is the number of
    references); ``...:principle:<n>:rating`` averages each giver's mean rating.
    Below the tenant's threshold of givers a theme is hidden, counts included."""
    if round.status != FeedbackRound.Status.CLOSED:
        return []
    items = list(FeedbackItem.objects.filter(round=round).prefetch_related("goals").order_by("id"))
    refs: dict[tuple[str, str], dict[int, int]] = {}
    ratings: dict[str, dict[int, list[int]]] = {}
    for item in items:
        for goal in item.goals.all():
            per_giver = refs.setdefault(("goal", str(goal.public_id)), {})
            per_giver[item.giver_id] = per_giver.get(item.giver_id, 0) + 1
        for position in item.principles:
            per_giver = refs.setdefault(("principle", str(position)), {})
            per_giver[item.giver_id] = per_giver.get(item.giver_id, 0) + 1
        for position, value in item.ratings.items():
            ratings.setdefault(position, {}).setdefault(item.giver_id, []).append(int(value))
    texts = {("goal", str(g.public_id)): g.title for g in round.goals.all()}
    principles = round.philosophy.principles if round.philosophy else []
    texts |= {("principle", str(n)): text for n, text in enumerate(principles)}
    themes = []
    for (kind, key), text in texts.items():
        subject = f"feedback-round:{round.public_id}:{kind}:{key}"
        answers = [
            Answer(respondent=giver, value=float(count))
            for giver, count in sorted(refs.get((kind, key), {}).items())
        ]
        cell = publish_subject(subject=subject, answers=answers, tree={}).everyone
        mean = None
        if kind == "principle" and key in ratings:
            rated = [
                Answer(respondent=giver, value=sum(values) / len(values))
                for giver, values in sorted(ratings[key].items())
            ]
            rating_cell = publish_subject(
                subject=f"{subject}:rating", answers=rated, tree={}
            ).everyone
            mean = round_to(rating_cell.mean) if rating_cell.published else None
        themes.append(
            Theme(
                kind=kind,
                key=key,
                text=text,
                givers=cell.count if cell.published else None,
                references=builtins.round(cell.mean * cell.count) if cell.published else None,
                mean_rating=mean,
                shown=cell.published,
                reason=None if cell.published else str(cell.reason or "too_few"),
            )
        )
    themes.sort(key=lambda t: (not t.shown, -(t.references or 0), t.kind, t.key))
    return themes


def round_to(value: float | None) -> float | None:
    return None if value is None else builtins.round(value, 2)


def round_topics(*, round: FeedbackRound) -> dict:
    """The goals and principles a round's items may refer to."""
    return {
        "goals": list(round.goals.all()),
        "principles": list(enumerate(round.philosophy.principles if round.philosophy else [])),
    }


@dataclass(frozen=True)
class RoundSummary:
    """A round's completion and reciprocity in figures: participants, items
    given of those expected, participants who gave to everyone, and its
    ``Reciprocity`` (pairs, connected, mutual)."""

    participants: int
    given: int
    expected: int
    complete: int
    reciprocity: Reciprocity


def round_summaries(*, rounds) -> dict[int, RoundSummary]:
    """``round_completion`` and ``round_reciprocity`` in figures for many
    rounds at once (a tenant's overview), by round id: three queries whatever
    the number of rounds, the pairs counted in the database."""
    ids = [r.pk for r in rounds] if not isinstance(rounds, QuerySet) else rounds.values("pk")
    Participant = FeedbackRound.participants.through
    people = dict(
        Participant.objects.filter(feedbackround_id__in=ids)
        .values("feedbackround_id")
        .annotate(n=Count("person_id"))
        .values_list("feedbackround_id", "n")
    )
    back = FeedbackItem.objects.filter(
        round_id=OuterRef("round_id"), giver_id=OuterRef("receiver_id"),
        receiver_id=OuterRef("giver_id"),
    )  # fmt: skip
    directed = {
        row["round_id"]: row
        for row in FeedbackItem.objects.filter(round_id__in=ids)
        .annotate(both=Exists(back))
        .values("round_id")
        .annotate(given=Count("id"), both_ways=Count("id", filter=Q(both=True)))
        .order_by()
    }
    per_giver = (
        FeedbackItem.objects.filter(round_id__in=ids)
        .values("round_id", "giver_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("round_id", "n")
    )
    complete: dict[int, int] = {}
    for round_id, n in per_giver:
        if n >= people.get(round_id, 0) - 1:
            complete[round_id] = complete.get(round_id, 0) + 1
    summaries = {}
    for round_id in people.keys() | directed.keys():
        n = people.get(round_id, 0)
        row = directed.get(round_id, {"given": 0, "both_ways": 0})
        mutual = row["both_ways"] // 2
        summaries[round_id] = RoundSummary(
            participants=n,
            given=row["given"],
            expected=n * (n - 1),
            complete=complete.get(round_id, 0),
            reciprocity=Reciprocity(
                pairs=n * (n - 1) // 2, connected=row["given"] - mutual, mutual=mutual
            ),
        )
    return summaries
