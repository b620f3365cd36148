"""Every read of mentoring that crosses a permission line: each takes the
acting person and returns only what they may see. HR sees every profile,
request, run, proposal, mentorship and supervision group; a person sees their
own profile and requests, the proposals and mentorships they are in (and the
profiles of the mentors proposed to them), and the supervision groups they
lead or belong to."""

from django.db.models import Q, QuerySet

from spiral.programs.mentoring.models import (
    MatchingRun,
    MatchProposal,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    MentorshipGoal,
    SupervisionGroup,
)
from spiral.programs.org.actors import Actor


def _nobody(actor: Actor) -> bool:
    return actor.person_id is None and not actor.is_tenant_admin


def profile_list_visible(*, actor: Actor) -> QuerySet[MentorProfile]:
    profiles = MentorProfile.objects.select_related("person", "unit")
    if actor.is_tenant_admin:
        return profiles
    if actor.person_id is None:
        return profiles.none()
    proposed = MatchProposal.objects.filter(request__mentee_id=actor.person_id).values("mentor_id")
    return profiles.filter(Q(person_id=actor.person_id) | Q(pk__in=proposed))


def profile_of(*, actor: Actor) -> MentorProfile | None:
    if actor.person_id is None:
        return None
    return MentorProfile.objects.filter(person_id=actor.person_id).select_related("unit").first()


def request_list_visible(*, actor: Actor) -> QuerySet[MentoringRequest]:
    requests = MentoringRequest.objects.select_related("mentee")
    if actor.is_tenant_admin:
        return requests
    if actor.person_id is None:
        return requests.none()
    return requests.filter(mentee_id=actor.person_id)


def run_list_visible(*, actor: Actor) -> QuerySet[MatchingRun]:
    runs = MatchingRun.objects.select_related("started_by")
    return runs if actor.is_tenant_admin else runs.none()


def proposal_list_visible(*, actor: Actor) -> QuerySet[MatchProposal]:
    proposals = MatchProposal.objects.select_related(
        "run", "mentor__person", "request__mentee"
    ).order_by("-updated_at", "id")
    if actor.is_tenant_admin:
        return proposals
    if actor.person_id is None:
        return proposals.none()
    return proposals.filter(
        Q(mentor__person_id=actor.person_id) | Q(request__mentee_id=actor.person_id)
    )


def proposals_to_answer(*, actor: Actor) -> QuerySet[MatchProposal]:
    """The actor's proposals still waiting for their answer."""
    if actor.person_id is None:
        return MatchProposal.objects.none()
    mine = proposal_list_visible(actor=actor).filter(status=MatchProposal.Status.PROPOSED)
    return mine.filter(
        Q(mentor__person_id=actor.person_id, mentor_answer="")
        | Q(request__mentee_id=actor.person_id, mentee_answer="")
    )


def mentorship_list_visible(*, actor: Actor) -> QuerySet[Mentorship]:
    mentorships = Mentorship.objects.select_related("mentor", "mentee", "series")
    if actor.is_tenant_admin:
        return mentorships
    if actor.person_id is None:
        return mentorships.none()
    return mentorships.filter(Q(mentor_id=actor.person_id) | Q(mentee_id=actor.person_id))


def goal_list_visible(*, actor: Actor) -> QuerySet[MentorshipGoal]:
    """A mentorship's goals are its mentor's and mentee's alone."""
    if actor.person_id is None:
        return MentorshipGoal.objects.none()
    return MentorshipGoal.objects.select_related("mentorship").filter(
        Q(mentorship__mentor_id=actor.person_id) | Q(mentorship__mentee_id=actor.person_id)
    )


def supervision_group_list_visible(*, actor: Actor) -> QuerySet[SupervisionGroup]:
    groups = SupervisionGroup.objects.select_related("supervisor", "series").prefetch_related(
        "members"
    )
    if actor.is_tenant_admin:
        return groups
    if actor.person_id is None:
        return groups.none()
    return groups.filter(
        Q(supervisor_id=actor.person_id)
        | Q(pk__in=SupervisionGroup.members.through.objects.filter(
            person_id=actor.person_id).values("supervisiongroup_id"))
    )  # fmt: skip
