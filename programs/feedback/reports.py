"""The feedback loop's part of a progress report (contract:
``spiral.programs.progress.sections``): for the rounds closed in the period,
how completely participants gave feedback and how much of it went both ways.
Both through the anonymity engine; never who gave what to whom."""

from django.db.models import Count
from django.utils.translation import gettext as _

from spiral.programs.anonymity.cells import Answer
from spiral.programs.anonymity.services import publish_subject
from spiral.programs.feedback.models import FeedbackItem, FeedbackRound
from spiral.programs.feedback.selectors import round_reciprocity_shown, round_summaries
from spiral.programs.progress.sections import Figure, Scope, Section, Table, shown

ORDER = 60


def _rounds(scope: Scope):
    rounds = FeedbackRound.objects.filter(
        status=FeedbackRound.Status.CLOSED,
        closed_at__date__gte=scope.start,
        closed_at__date__lte=scope.end,
    ).select_related("group")
    if scope.programme is not None:
        rounds = rounds.filter(component_instance__component__programme=scope.programme)
    if scope.unit_ids is not None:
        rounds = rounds.filter(group__unit_id__in=scope.unit_ids)
    return list(rounds.order_by("closed_at", "id"))


def report_sections(scope: Scope) -> list[Section]:
    rounds = _rounds(scope)
    if not rounds:
        return []
    summaries = round_summaries(rounds=rounds)
    completion = _completion(scope, rounds)
    involved = set(
        FeedbackItem.objects.filter(round__in=rounds).values_list("giver_id", flat=True)
    ) | set(FeedbackItem.objects.filter(round__in=rounds).values_list("receiver_id", flat=True))
    both = publish_subject(
        subject=scope.subject("feedback:reciprocity"),
        answers=[Answer(person, None, 1.0) for person in sorted(involved)],
        tree={},
    ).everyone
    connected = sum(s.reciprocity.connected for s in summaries.values())
    mutual = sum(s.reciprocity.mutual for s in summaries.values())
    share = round(100 * mutual / connected, 1) if both.published and connected else None
    figures = (
        Figure("feedback.rounds", _("Feedback rounds closed"), len(rounds)),
        Figure(
            "feedback.participants",
            _("Participants in feedback rounds"),
            completion.count if completion.published else None,
            **shown(completion),
        ),
        Figure(
            "feedback.completion",
            _("Feedback given of that expected"),
            round(100 * completion.mean, 1) if completion.published else None,
            measure="%",
            **shown(completion),
        ),
        Figure(
            "feedback.reciprocity",
            _("Pairs with feedback both ways"),
            share,
            measure="%",
            **shown(both),
        ),
    )
    rows = []
    for feedback_round in rounds:
        summary = summaries.get(feedback_round.pk)
        reciprocity = round_reciprocity_shown(round=feedback_round)
        rows.append(
            (
                feedback_round.group.name,
                feedback_round.closed_at.date().isoformat(),
                summary.participants if summary else 0,
                round(100 * reciprocity.share, 1)
                if reciprocity.shown and reciprocity.share is not None
                else None,
            )
        )
    columns = (_("Management group"), _("Closed on"), _("Participants"), _("Both ways (%)"))
    return [
        Section(
            key="feedback",
            level="organisation",
            title=_("Mutual feedback in management groups"),
            figures=figures,
            tables=(Table("feedback.rounds", _("Rounds"), columns, tuple(rows)),),
        )
    ]


def _completion(scope: Scope, rounds):
    """One answer per participant of the rounds: the share of the feedback
    expected of them (one item per colleague per round) that they gave."""
    expected: dict[int, int] = {}
    for feedback_round in rounds:
        people = [p.pk for p in feedback_round.participants.all()]
        for person in people:
            expected[person] = expected.get(person, 0) + len(people) - 1
    given = dict(
        FeedbackItem.objects.filter(round__in=rounds)
        .values("giver_id")
        .annotate(n=Count("id"))
        .values_list("giver_id", "n")
    )
    answers = [
        Answer(person, None, min(1.0, given.get(person, 0) / n))
        for person, n in sorted(expected.items())
        if n > 0
    ]
    return publish_subject(
        subject=scope.subject("feedback:completion"), answers=answers, tree={}
    ).everyone
