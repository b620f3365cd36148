"""Feedback rounds (make bench BENCH_ARGS='-k feedback'): closing a round in a
management group of 12 (everyone gave everyone feedback: 132 items, a summary
email to each), and aggregating 200 closed rounds across a tenant (each
round's completion and reciprocity, ``round_summaries``), against one
hand-written SQL aggregate of the same numbers, in the same run."""

import random
import time
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from spiral.programs.feedback import selectors, services
from spiral.programs.feedback.models import FeedbackItem, FeedbackRound
from spiral.programs.org.models import ManagementGroup, Person
from spiral.programs.org.services import management_goal_add, philosophy_version_add
from tests.benchmarks.conftest import report
from tests.factories import OrgUnitFactory

ROUNDS, GROUPS, GROUP_OF = 200, 40, 12
GIVEN = 0.85

SQL = """
WITH people AS (
    SELECT feedbackround_id AS round_id, count(*) AS n
    FROM feedback_feedbackround_participants GROUP BY feedbackround_id
), given AS (
    SELECT i.round_id, count(*) AS given,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM feedback_feedbackitem b
               WHERE b.round_id = i.round_id AND b.giver_id = i.receiver_id
                 AND b.receiver_id = i.giver_id)) / 2 AS mutual
    FROM feedback_feedbackitem i GROUP BY i.round_id
), givers AS (
    SELECT round_id, giver_id, count(*) AS n FROM feedback_feedbackitem
    GROUP BY round_id, giver_id
)
SELECT p.round_id, p.n, coalesce(g.given, 0), p.n * (p.n - 1),
       (SELECT count(*) FROM givers v WHERE v.round_id = p.round_id AND v.n >= p.n - 1),
       p.n * (p.n - 1) / 2, coalesce(g.given, 0) - coalesce(g.mutual, 0), coalesce(g.mutual, 0)
FROM people p LEFT JOIN given g ON g.round_id = p.round_id
"""


def _people(count: int) -> list[Person]:
    unit = OrgUnitFactory(name="Bänkförvaltningen", external_id="BENCH")
    return Person.objects.bulk_create(
        Person(external_id=f"B{n:05d}", given_name="Chef", family_name=f"Nummer {n}",
               email=f"chef{n}@bench.example.se", unit=unit)
        for n in range(count)
    )  # fmt: skip


def _closed_rounds(people: list[Person], rng: random.Random) -> list[FeedbackRound]:
    """ROUNDS closed rounds of GROUPS groups of 6..12, written in bulk (set-up)."""
    groups, members = [], {}
    for n in range(GROUPS):
        chosen = rng.sample(people, rng.randint(6, GROUP_OF))
        groups.append(ManagementGroup(name=f"Ledningsgrupp {n}", chair=chosen[0]))
        members[n] = chosen
    groups = ManagementGroup.objects.bulk_create(groups)
    now = timezone.now()
    rounds = FeedbackRound.objects.bulk_create(
        FeedbackRound(group=groups[n % GROUPS], title=f"Runda {n}", mode="named", status="closed",
                      deadline=now - timedelta(days=n), opened_at=now - timedelta(days=n + 14),
                      closed_at=now - timedelta(days=n))
        for n in range(ROUNDS)
    )  # fmt: skip
    Participant = FeedbackRound.participants.through
    Participant.objects.bulk_create(
        Participant(feedbackround_id=r.pk, person_id=p.pk)
        for n, r in enumerate(rounds)
        for p in members[n % GROUPS]
    )
    FeedbackItem.objects.bulk_create(
        FeedbackItem(round=r, giver=g, receiver=v, principles=[0], works="Bra")
        for n, r in enumerate(rounds)
        for g in members[n % GROUPS]
        for v in members[n % GROUPS]
        if g != v and rng.random() < GIVEN
    )
    return rounds


def _round_of_twelve(people: list[Person]) -> FeedbackRound:
    group = ManagementGroup.objects.create(
        name="Ledningsgrupp Tolv", chair=people[0]
    )  # the chair and eleven members
    group.members.set(people[1:GROUP_OF])
    goal = management_goal_add(group=group, title="Tillitsbaserad styrning")
    philosophy_version_add(
        group=group, principles=["Vi litar på varandra", "Vi delar ansvar"],
        in_force_from=timezone.localdate() - timedelta(days=30),
    )  # fmt: skip
    round = services.round_create(
        group=group, title="Tolv", deadline=timezone.now() + timedelta(days=7)
    )
    round = services.round_open(round=round)
    services.feedback_give_many(
        round=round,
        items=[
            {"giver": g, "receiver": v, "principles": [0, 1], "goals": [goal],
             "works": "Du lyssnar", "develop": "Mer tid", "ratings": {"0": 4, "1": 3}}
            for g in people[:GROUP_OF] for v in people[:GROUP_OF] if g != v
        ],
    )  # fmt: skip
    return round


def _timed(func, repeat: int = 5):
    """The best of ``repeat`` runs and the queries of one."""
    best, result, queries = None, None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = func()
            seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
        queries = len(captured)
    return best, queries, result


def test_close_a_round_of_12_and_aggregate_200_rounds(db, provisioned_tenants):
    tenant = provisioned_tenants["a"]
    with schema_context(tenant.schema_name):
        people = _people(400)
        rounds = _closed_rounds(people[GROUP_OF:], random.Random(2026))  # noqa: S311
        twelve = _round_of_twelve(people)

        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            twelve = services.round_close(round=twelve)
            close_seconds = time.perf_counter() - started
        close_queries = len(captured)
        summary_seconds, summary_queries, (_, _, themes) = _timed(
            lambda: (
                selectors.round_completion(round=twelve),
                selectors.round_reciprocity(round=twelve),
                selectors.round_themes(round=twelve),
            ),
            repeat=1,
        )

        seconds, queries, summaries = _timed(lambda: selectors.round_summaries(rounds=rounds))
        one_by_one, one_by_one_queries, _ = _timed(
            lambda: [
                (selectors.round_completion(round=r), selectors.round_reciprocity(round=r))
                for r in FeedbackRound.objects.filter(
                    pk__in=[r.pk for r in rounds]
                ).prefetch_related("participants")
            ],
            repeat=1,
        )

        def by_hand():
            with connection.cursor() as cursor:
                cursor.execute(SQL)
                return cursor.fetchall()

        baseline, _, rows = _timed(by_hand)

    ours = {
        pk: (s.participants, s.given, s.expected, s.complete, s.reciprocity.pairs,
             s.reciprocity.connected, s.reciprocity.mutual)
        for pk, s in summaries.items()
        if pk != twelve.pk
    }  # fmt: skip
    theirs = {row[0]: tuple(row[1:]) for row in rows if row[0] != twelve.pk}
    assert ours == theirs and len(ours) == ROUNDS
    items = sum(s.given for s in summaries.values())
    report(
        "Feedback rounds (one tenant)",
        [
            (f"closing a round of {GROUP_OF} (132 items, a summary to each) (s)",
             f"{close_seconds:.3f}"),
            ("  queries", str(close_queries)),
            ("  then its completion, reciprocity and themes (s)", f"{summary_seconds:.3f}"),
            ("  queries", str(summary_queries)),
            (f"aggregating {ROUNDS} rounds ({items:,} items): round_summaries (s)",
             f"{seconds:.4f}"),
            ("  queries", str(queries)),
            ("  the per-round selectors one by one, for comparison (s)", f"{one_by_one:.3f}"),
            ("  queries", str(one_by_one_queries)),
            ("baseline: one hand-written SQL aggregate of the same numbers (s)",
             f"{baseline:.4f}"),
            ("ratio round_summaries / baseline", f"{seconds / baseline:.2f}"),
        ],
    )  # fmt: skip
    assert queries == 3
    assert themes and all(theme.shown for theme in themes)  # 12 givers, over the threshold
    assert close_queries < 20
