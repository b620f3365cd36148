"""Mentoring's part of the demo tenant: a pool, requests, one run with a
decline and its rematch, mentorships with meetings and goals, a supervision
group. The demo tenant is made once for the package (``demo`` in its
conftest)."""

from spiral.programs.mentoring.models import (
    MatchingRun,
    MatchProposal,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    SupervisionGroup,
)
from spiral.programs.org.models import Person
from spiral.programs.sessions.models import Session


def test_the_pool_was_matched_once_with_a_decline_and_a_rematch(in_demo):
    mentors = Person.objects.filter(is_mentor=True, status="active")
    assert MentorProfile.objects.count() == mentors.count() > 0
    (run,) = MatchingRun.objects.all()
    assert run.rounds == 2
    assert MatchProposal.objects.filter(status="declined").count() == 1
    assert MatchProposal.objects.filter(status="accepted").count() >= 1
    assert MentoringRequest.objects.filter(status="matched").count() >= 1


def test_mentorships_have_meetings_and_goals(in_demo):
    for mentorship in Mentorship.objects.select_related("series"):
        assert mentorship.series.kind == "mentoring"
        assert mentorship.series.organiser_id == mentorship.mentor_id
        assert Session.objects.filter(series=mentorship.series).exists()
        assert mentorship.goals.exists()
    assert SupervisionGroup.objects.get().series.kind == "supervision_group"
