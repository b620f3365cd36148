"""The database side of a matching run: who is matched, with what room, and
the proposals written from the solver's answer (programs/mentoring/matching.py).

Who a (re)match takes:
  - open requests with no live proposal, or whose live proposal belongs to
    this run and nobody has answered yet (a rematch may move those);
  - pairs where someone has accepted stay as they are and take their room;
  - active mentors, each with their capacity less their active mentorships
    and the live proposals on them that this match does not move;
  - pairs declined before, for the same request, are left out.
A proposal the rematch keeps unchanged stays the same row.
"""

from collections import Counter

from django.db.models import Count, Q

from spiral.programs.mentoring import matching
from spiral.programs.mentoring.models import (
    MatchingRun,
    MatchProposal,
    MentoringRequest,
    MentorProfile,
    Mentorship,
)
from spiral.programs.org.models import OrgUnit

LIVE = (MatchProposal.Status.PROPOSED, MatchProposal.Status.ACCEPTED)


def _movable(run: MatchingRun):
    return MatchProposal.objects.filter(
        run=run, status=MatchProposal.Status.PROPOSED, mentor_answer="", mentee_answer=""
    )


def _managed_paths() -> dict[int, tuple[str, ...]]:
    paths: dict[int, list[str]] = {}
    for manager, path in OrgUnit.objects.filter(manager__isnull=False).values_list(
        "manager_id", "path"
    ):
        paths.setdefault(manager, []).append(path)
    return {person: tuple(found) for person, found in paths.items()}


def _requests(run: MatchingRun, movable_ids: set[int]) -> list[MentoringRequest]:
    held = MatchProposal.objects.filter(status__in=LIVE).exclude(pk__in=movable_ids)
    return list(
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .exclude(pk__in=held.values("request_id"))
        .select_related("mentee__unit")
        .order_by("id")
    )


def _mentors(movable_ids: set[int]) -> list[tuple[MentorProfile, int]]:
    """Active profiles with the room they have left."""
    profiles = (
        MentorProfile.objects.filter(active=True)
        .select_related("unit")
        .annotate(
            live=Count(
                "proposals",
                filter=Q(proposals__status=MatchProposal.Status.PROPOSED)
                & ~Q(proposals__pk__in=movable_ids),
            )
        )
        .order_by("id")
    )
    mentoring = Counter(
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE).values_list(
            "mentor_id", flat=True
        )
    )
    rooms = [(p, p.capacity - p.live - mentoring[p.person_id]) for p in profiles]
    return [(profile, room) for profile, room in rooms if room > 0]


def _sides(requests, mentors, managed) -> tuple[list, list]:
    mentees = [
        matching.Side(
            key=r.pk,
            person=r.mentee_id,
            unit_path=r.mentee.unit.path if r.mentee.unit else None,
            profession=r.profession or r.mentee.title,
            interests=frozenset(r.interests),
            languages=frozenset(r.languages),
            managed_paths=managed.get(r.mentee_id, ()),
        )
        for r in requests
    ]
    pool = [
        matching.Side(
            key=p.pk,
            person=p.person_id,
            unit_path=p.unit.path if p.unit else None,
            profession=p.profession,
            interests=frozenset(p.interests),
            languages=frozenset(p.languages),
            managed_paths=managed.get(p.person_id, ()),
            capacity=room,
        )
        for p, room in mentors
    ]
    return mentees, pool


def match(*, run: MatchingRun, round: int) -> list[MatchProposal]:
    """Solves and writes the run's proposals; returns the new ones. The
    caller holds the transaction."""
    movable = {p.pk: p for p in _movable(run)}
    requests = _requests(run, set(movable))
    mentors = _mentors(set(movable))
    mentees, pool = _sides(requests, mentors, _managed_paths())
    declined = MatchProposal.objects.filter(
        request__in=requests, status=MatchProposal.Status.DECLINED
    ).values_list("request_id", "mentor_id")
    scores = matching.score_matrix(mentees, pool, declined=list(declined))
    assignment = matching.solve(scores, [side.capacity for side in pool])
    wanted = {
        (mentees[row].key, pool[column].key): (mentees[row], pool[column])
        for row, column in enumerate(assignment)
        if column >= 0
    }
    kept = {(p.request_id, p.mentor_id) for p in movable.values()} & set(wanted)
    gone = [pk for pk, p in movable.items() if (p.request_id, p.mentor_id) not in kept]
    MatchProposal.objects.filter(pk__in=gone).update(status=MatchProposal.Status.WITHDRAWN)
    new = MatchProposal.objects.bulk_create(
        [
            _proposal(run, round, mentee, mentor)
            for pair, (mentee, mentor) in wanted.items()
            if pair not in kept
        ]
    )
    run.mentees, run.mentors = max(run.mentees, len(mentees)), max(run.mentors, len(pool))
    run.total_score = sum(
        MatchProposal.objects.filter(run=run, status__in=LIVE).values_list("score", flat=True)
    )
    run.save(update_fields=["mentees", "mentors", "total_score", "updated_at"])
    return list(
        MatchProposal.objects.filter(pk__in=[p.pk for p in new]).select_related("mentor", "request")
    )


def _proposal(run, round, mentee: matching.Side, mentor: matching.Side) -> MatchProposal:
    reasons = matching.score_parts(mentee, mentor)
    return MatchProposal(
        run=run,
        request_id=mentee.key,
        mentor_id=mentor.key,
        score=reasons["total"],
        reasons=reasons,
        round=round,
    )
