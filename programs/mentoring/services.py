"""Every write of mentoring: keyword-only, one transaction, an audit event.

The audit trail names profiles, requests, proposals and answers, never the
text of a mentee's wishes or of a mentorship's goals.
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from spiral.platform.audit.services import audit_record
from spiral.programs.mentoring import matching
from spiral.programs.mentoring.kinds import MENTORING, SUPERVISION_GROUP
from spiral.programs.mentoring.models import (
    Answer,
    MatchingRun,
    MatchProposal,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    MentorshipGoal,
    SupervisionGroup,
)
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.sessions.models import SessionSeries
from spiral.programs.sessions.reminders import nudge_many
from spiral.programs.sessions.services import (
    HORIZON,
    series_materialise,
    series_participants_set,
)

# Meetings: every four weeks, six times (mentoring); every other week, ten
# times (supervision). The organiser moves or cancels single ones as usual.
MENTORING_RULE = "FREQ=WEEKLY;INTERVAL=4;COUNT=6"
SUPERVISION_RULE = "FREQ=WEEKLY;INTERVAL=2;COUNT=10"
MEETING_TIME = time(9, 0)
PROPOSED = (
    gettext_noop("Mentoring: a proposal for you"),
    gettext_noop(
        "Spiral proposes a mentoring pair with you in it. Read why, and accept or "
        "decline, under Mentoring in Spiral."
    ),
)


def _words(values) -> list[str]:
    return sorted(matching.normalised(values or []))


@transaction.atomic
def profile_save(
    *,
    person: Person,
    profession: str,
    interests: list[str],
    languages: list[str],
    capacity: int,
    unit: OrgUnit | None = None,
    active: bool = True,
) -> MentorProfile:
    """The person's profile in the mentor pool, made or changed."""
    profile = MentorProfile.objects.select_for_update().filter(person=person).first()
    made = profile is None
    if made:
        profile = MentorProfile(person=person)
    before = {"capacity": profile.capacity, "active": profile.active}
    profile.profession = profession.strip()
    profile.interests, profile.languages = _words(interests), _words(languages)
    profile.capacity, profile.active = capacity, active
    profile.unit = unit or profile.unit or person.unit
    profile.full_clean(exclude=["person"])
    profile.save()
    audit_record(
        action="mentor_profile.created" if made else "mentor_profile.updated",
        obj=profile,
        changes={"capacity": [before["capacity"], capacity], "active": [before["active"], active]},
    )
    return profile


@transaction.atomic
def request_create(
    *,
    mentee: Person,
    profession: str = "",
    interests: list[str] = (),
    languages: list[str] = (),
    wishes: str = "",
) -> MentoringRequest:
    """A mentee's request for a mentor; one open request at a time."""
    if MentoringRequest.objects.filter(mentee=mentee, status=MentoringRequest.Status.OPEN).exists():
        raise ValidationError({"mentee": [_("You already have an open request for a mentor.")]})
    if Mentorship.objects.filter(mentee=mentee, status=Mentorship.Status.ACTIVE).exists():
        raise ValidationError({"mentee": [_("You already have a mentor.")]})
    request = MentoringRequest.objects.create(
        mentee=mentee,
        profession=profession.strip(),
        interests=_words(interests),
        languages=_words(languages),
        wishes=wishes,
    )
    audit_record(action="mentoring_request.created", obj=request, changes={})
    return request


def request_wishes_read(*, request: MentoringRequest, reader_person_id: int | None) -> None:
    """A mentee's wishes read by someone else (HR matching them): written to
    the audit trail with the reader, never with the text."""
    if request.wishes and reader_person_id != request.mentee_id:
        audit_record(action="mentoring_request.wishes_read", obj=request, changes={})


@transaction.atomic
def request_withdraw(*, request: MentoringRequest) -> MentoringRequest:
    request = MentoringRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MentoringRequest.Status.OPEN:
        raise ValidationError({"status": [_("Only an open request can be withdrawn.")]})
    request.status = MentoringRequest.Status.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    MatchProposal.objects.filter(request=request, status=MatchProposal.Status.PROPOSED).update(
        status=MatchProposal.Status.WITHDRAWN
    )
    audit_record(
        action="mentoring_request.withdrawn",
        obj=request,
        changes={"status": [MentoringRequest.Status.OPEN, request.status]},
    )
    return request


@transaction.atomic
def run_start(*, started_by: Person | None) -> MatchingRun:
    """A matching run over every open request without a proposal and every
    active mentor with room: the proposals of the largest total score."""
    run = MatchingRun.objects.create(started_by=started_by)
    from spiral.programs.mentoring.rematch import match

    proposals = match(run=run, round=1)
    audit_record(
        action="matching_run.started",
        obj=run,
        changes={"proposals": [0, len(proposals)], "total_score": [0, run.total_score]},
    )
    _tell_proposed(run, proposals)
    return run


def _tell_proposed(run: MatchingRun, proposals: list[MatchProposal]) -> None:
    """One email to each person in a new proposal (once per run and round)."""
    people = {p for proposal in proposals for p in (proposal.mentor.person_id,
              proposal.request.mentee_id)}  # fmt: skip
    nudge_many(
        people=Person.objects.filter(pk__in=people).select_related("user"),
        key=f"mentoring:{run.public_id}:{run.rounds}",
        subject=PROPOSED[0],
        body=PROPOSED[1],
    )


@transaction.atomic
def proposal_answer(*, proposal: MatchProposal, person: Person, answer: str) -> MatchProposal:
    """The mentor's or the mentee's answer. A decline ends the proposal and
    matches the run again without that pair; two acceptances make the
    mentorship."""
    proposal = (
        MatchProposal.objects.select_for_update()
        .select_related("mentor__person", "request__mentee", "run")
        .get(pk=proposal.pk)
    )
    if proposal.status != MatchProposal.Status.PROPOSED:
        raise ValidationError({"status": [_("This proposal has been answered already.")]})
    if answer not in Answer.values:
        raise ValidationError({"answer": [_("Answer accepted or declined.")]})
    side = _side(proposal, person)
    setattr(proposal, side, answer)
    if answer == Answer.DECLINED:
        proposal.status = MatchProposal.Status.DECLINED
    elif proposal.mentor_answer == proposal.mentee_answer == Answer.ACCEPTED:
        proposal.status = MatchProposal.Status.ACCEPTED
    proposal.save(update_fields=[side, "status", "updated_at"])
    audit_record(action=f"match_proposal.{answer}", obj=proposal, changes={side: ["", answer]})
    if proposal.status == MatchProposal.Status.ACCEPTED:
        mentorship_create(proposal=proposal)
    if proposal.status == MatchProposal.Status.DECLINED:
        run_rematch(run=proposal.run)
    return proposal


def _side(proposal: MatchProposal, person: Person) -> str:
    if person.pk == proposal.mentor.person_id:
        return "mentor_answer"
    if person.pk == proposal.request.mentee_id:
        return "mentee_answer"
    raise ValidationError({"answer": [_("Only the mentor and the mentee answer a proposal.")]})


@transaction.atomic
def run_rematch(*, run: MatchingRun) -> list[MatchProposal]:
    """Matches the run again after a decline: pairs someone has accepted stay,
    declined pairs are left out, the rest is matched anew for the largest
    total score."""
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    run.rounds += 1
    run.save(update_fields=["rounds", "updated_at"])
    from spiral.programs.mentoring.rematch import match

    proposals = match(run=run, round=run.rounds)
    audit_record(
        action="matching_run.rematched",
        obj=run,
        changes={"rounds": [run.rounds - 1, run.rounds], "total_score": [None, run.total_score]},
    )
    _tell_proposed(run, proposals)
    return proposals


def _series(*, kind, title: str, organiser: Person, people: list[int], rule: str, starts_on):
    series = SessionSeries.objects.create(
        kind=kind.key,
        title=title,
        organiser=organiser,
        starts_on=starts_on,
        start_time=MEETING_TIME,
        rule=rule,
    )
    series.participants.set(people)
    audit_record(
        action="session_series.created", obj=series, changes={"participants": [[], people]}
    )
    series_materialise(series=series, until=timezone.now() + HORIZON)
    return series


def _first_meeting(today: date) -> date:
    return today + timedelta(days=7)


@transaction.atomic
def mentorship_create(
    *, proposal: MatchProposal | None = None, mentor: Person | None = None,
    mentee: Person | None = None, starts_on: date | None = None,
) -> Mentorship:  # fmt: skip
    """The mentorship of an accepted proposal (or of a pair HR names); the
    mentor organises their meetings. Support assignments (org) are left to
    the HR system that imports them: a mentorship is read through the
    mentoring selectors instead."""
    if proposal is not None:
        mentor, mentee = proposal.mentor.person, proposal.request.mentee
        MentoringRequest.objects.filter(pk=proposal.request_id).update(
            status=MentoringRequest.Status.MATCHED
        )
    today = starts_on or timezone.localdate()
    title = _("Mentoring: %(mentor)s and %(mentee)s") % {
        "mentor": mentor.name,
        "mentee": mentee.name,
    }
    series = _series(
        kind=MENTORING, title=title, organiser=mentor, people=sorted({mentor.pk, mentee.pk}),
        rule=MENTORING_RULE, starts_on=_first_meeting(today),
    )  # fmt: skip
    mentorship = Mentorship.objects.create(
        mentor=mentor, mentee=mentee, proposal=proposal, series=series, started_on=today
    )
    audit_record(
        action="mentorship.created",
        obj=mentorship,
        changes={"mentor": [None, str(mentor.public_id)], "mentee": [None, str(mentee.public_id)]},
    )
    return mentorship


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship) -> Mentorship:
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if mentorship.status != Mentorship.Status.ACTIVE:
        raise ValidationError({"status": [_("The mentorship has ended already.")]})
    mentorship.status = Mentorship.Status.ENDED
    mentorship.save(update_fields=["status", "updated_at"])
    audit_record(action="mentorship.ended", obj=mentorship, changes={"status": ["active", "ended"]})
    return mentorship


@transaction.atomic
def goal_add(*, mentorship: Mentorship, title: str) -> MentorshipGoal:
    if mentorship.status != Mentorship.Status.ACTIVE:
        raise ValidationError({"mentorship": [_("The mentorship has ended.")]})
    goal = MentorshipGoal(mentorship=mentorship, title=title.strip())
    goal.full_clean()
    goal.save()
    audit_record(action="mentorship_goal.added", obj=goal, changes={})
    return goal


@transaction.atomic
def goal_update(*, goal: MentorshipGoal, title: str | None = None,
                achieved: bool | None = None) -> MentorshipGoal:  # fmt: skip
    """Rewords a goal or marks it (not) achieved; the trail records the mark,
    never the words."""
    before = goal.achieved
    if title is not None:
        goal.title = title.strip()
    if achieved is not None:
        goal.achieved = achieved
    goal.full_clean()
    goal.save(update_fields=["title", "achieved", "updated_at"])
    audit_record(
        action="mentorship_goal.updated",
        obj=goal,
        changes={"achieved": [before, goal.achieved], "reworded": title is not None},
    )
    return goal


def goal_set_achieved(*, goal: MentorshipGoal, achieved: bool) -> MentorshipGoal:
    return goal_update(goal=goal, achieved=achieved)


@transaction.atomic
def supervision_group_create(
    *, name: str, supervisor: Person, members: list[Person], starts_on: date | None = None,
    at: datetime | None = None,
) -> SupervisionGroup:  # fmt: skip
    """A supervision group and its meetings, which the supervisor leads."""
    people = sorted({supervisor.pk, *(m.pk for m in members)})
    if len(people) < 2:
        raise ValidationError({"members": [_("A supervision group needs at least one member.")]})
    series = _series(
        kind=SUPERVISION_GROUP, title=name, organiser=supervisor, people=people,
        rule=SUPERVISION_RULE, starts_on=starts_on or _first_meeting(timezone.localdate(at)),
    )  # fmt: skip
    group = SupervisionGroup.objects.create(name=name, supervisor=supervisor, series=series)
    group.members.set([m.pk for m in members if m.pk != supervisor.pk])
    audit_record(
        action="supervision_group.created",
        obj=group,
        changes={"supervisor": [None, str(supervisor.public_id)], "members": [0, len(members)]},
    )
    return group


@transaction.atomic
def supervision_group_members_set(
    *, group: SupervisionGroup, members: list[Person]
) -> SupervisionGroup:
    """Who meets in the group: newcomers are invited to its coming sessions,
    those who leave get a cancellation (the sessions service does both)."""
    wanted = sorted({m.pk for m in members} - {group.supervisor_id})
    if not wanted:
        raise ValidationError({"members": [_("A supervision group needs at least one member.")]})
    before = sorted(group.members.values_list("pk", flat=True))
    group.members.set(wanted)
    if group.series_id:
        series_participants_set(series=group.series, people=[group.supervisor_id, *wanted])
    audit_record(
        action="supervision_group.members_changed",
        obj=group,
        changes={"members": [len(before), len(wanted)]},
    )
    return group
