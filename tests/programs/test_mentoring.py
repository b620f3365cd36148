"""Mentoring: matching runs, answers and rematches, mentorships with meetings,
supervision groups, the audit trail and what each person may see."""

import pytest
from django.core.exceptions import ValidationError

from spiral.platform.audit.models import AuditEvent
from spiral.programs.mentoring import rules, selectors, services
from spiral.programs.mentoring.models import MatchProposal, MentoringRequest
from spiral.programs.org.actors import Actor
from spiral.programs.sessions.models import Attendance, Session
from tests.mentoring_world import mentoring_world, proposal_of


@pytest.fixture
def mw(world, in_tenant):
    return mentoring_world(world, in_tenant)


def actor(person) -> Actor:
    return Actor(person_id=person.pk)


def test_a_run_proposes_the_optimal_pairs_with_their_reasons(world, in_tenant, mw):
    p = world.people
    with in_tenant(world.tenant):
        # When HR starts a run
        run = services.run_start(started_by=p["hr"])
        # Then staff gets other_staff and manager gets coach (80 in all)
        pairs = {(x.request.mentee_id, x.mentor.person_id): x for x in run.proposals.all()}
        expected = {(p["staff"].pk, p["other_staff"].pk), (p["manager"].pk, p["coach"].pk)}
        assert set(pairs) == expected
        assert run.total_score == 80
        # ... each with the parts of its score
        reasons = pairs[(p["staff"].pk, p["other_staff"].pk)].reasons
        assert reasons["parts"] == {"base": 10, "profession": 30, "interests": 10, "language": 20}
        assert reasons["shared_interests"] == ["vård"]
        assert AuditEvent.objects.filter(action="matching_run.started").exists()


def test_the_reporting_line_and_the_own_unit_are_never_proposed(world, in_tenant, mw):
    p = world.people
    with in_tenant(world.tenant):
        # Given only the senior manager has room (the others left the pool)
        for key in ("other_staff", "coach"):
            profile = mw.profiles[key]
            services.profile_save(person=profile.person, profession=profile.profession,
                                  interests=[], languages=[], capacity=1, active=False)  # fmt: skip
        # When matched
        run = services.run_start(started_by=p["hr"])
        # Then nobody below the senior manager is proposed to them
        assert run.proposals.count() == 0


def test_a_decline_rematches_without_the_declined_pair(world, in_tenant, mw):
    p = world.people
    with in_tenant(world.tenant):
        run = services.run_start(started_by=p["hr"])
        # When staff declines other_staff
        services.proposal_answer(
            proposal=proposal_of(run, p["staff"]), person=p["staff"], answer="declined"
        )
        # Then the run matches again: staff with coach, manager with other_staff
        live = {
            (x.request.mentee_id, x.mentor.person_id)
            for x in run.proposals.filter(status="proposed")
        }
        assert live == {(p["staff"].pk, p["coach"].pk), (p["manager"].pk, p["other_staff"].pk)}
        run.refresh_from_db()
        assert run.rounds == 2 and run.total_score == 50
        assert run.proposals.filter(status="withdrawn").count() == 1


def test_a_rematch_keeps_a_pair_someone_accepted(world, in_tenant, mw):
    p = world.people
    with in_tenant(world.tenant):
        run = services.run_start(started_by=p["hr"])
        kept = proposal_of(run, p["manager"])
        # Given the manager accepted the coach
        services.proposal_answer(proposal=kept, person=p["manager"], answer="accepted")
        # When staff declines other_staff
        services.proposal_answer(
            proposal=proposal_of(run, p["staff"]), person=p["staff"], answer="declined"
        )
        # Then the manager keeps the coach; staff gets the coach's second place
        assert proposal_of(run, p["manager"]).pk == kept.pk
        assert proposal_of(run, p["staff"]).mentor.person_id == p["coach"].pk


def test_two_acceptances_make_a_mentorship_with_meetings(world, in_tenant, mw):
    p = world.people
    with in_tenant(world.tenant):
        run = services.run_start(started_by=p["hr"])
        proposal = proposal_of(run, p["staff"])
        services.proposal_answer(proposal=proposal, person=p["other_staff"], answer="accepted")
        proposal.refresh_from_db()
        assert proposal.status == MatchProposal.Status.PROPOSED
        services.proposal_answer(proposal=proposal, person=p["staff"], answer="accepted")
        proposal.refresh_from_db()
        # Then the pair is a mentorship ...
        assert proposal.status == MatchProposal.Status.ACCEPTED
        mentorship = proposal.mentorship
        assert (mentorship.mentor, mentorship.mentee) == (p["other_staff"], p["staff"])
        assert MentoringRequest.objects.get(mentee=p["staff"]).status == "matched"
        # ... whose meetings the mentor organises, both invited
        series = mentorship.series
        assert (series.kind, series.organiser) == ("mentoring", p["other_staff"])
        sessions = Session.objects.filter(series=series)
        assert sessions.exists()
        assert set(Attendance.objects.filter(session__in=sessions).values_list(
            "person_id", flat=True)) == {p["staff"].pk, p["other_staff"].pk}  # fmt: skip
        # ... and both read it
        for person in (p["staff"], p["other_staff"]):
            assert mentorship in selectors.mentorship_list_visible(actor=actor(person))
        # and the answered proposal cannot be answered again
        with pytest.raises(ValidationError):
            services.proposal_answer(proposal=proposal, person=p["staff"], answer="declined")


def test_only_the_pair_answers_and_sees_a_proposal(world, in_tenant, mw):
    p = world.people
    with in_tenant(world.tenant):
        run = services.run_start(started_by=p["hr"])
        proposal = proposal_of(run, p["staff"])
        with pytest.raises(ValidationError):
            services.proposal_answer(proposal=proposal, person=p["manager"], answer="accepted")
        assert rules.answers_proposal(actor(p["staff"]), proposal)
        assert rules.answers_proposal(actor(p["other_staff"]), proposal)
        assert not rules.answers_proposal(actor(p["manager"]), proposal)
        seen = selectors.proposal_list_visible(actor=actor(p["manager"]))
        assert proposal not in seen
        assert selectors.run_list_visible(actor=actor(p["manager"])).count() == 0
        assert selectors.request_list_visible(actor=actor(p["other_staff"])).count() == 0


def test_goals_are_the_pairs_alone(world, in_tenant, mw):
    p = world.people
    with in_tenant(world.tenant):
        mentorship = services.mentorship_create(mentor=p["coach"], mentee=p["staff"])
        goal = services.goal_add(mentorship=mentorship, title="Leda ett arbetsplatsmöte")
        services.goal_set_achieved(goal=goal, achieved=True)
        assert goal in selectors.goal_list_visible(actor=actor(p["staff"]))
        hr = Actor(person_id=p["hr"].pk, is_tenant_admin=True)
        assert goal not in selectors.goal_list_visible(actor=hr)
        assert mentorship in selectors.mentorship_list_visible(actor=hr)
        # The trail names the goal, never its text
        event = AuditEvent.objects.filter(action="mentorship_goal.added").get()
        assert "arbetsplatsmöte" not in str(event.changes)


def test_one_open_request_at_a_time(world, in_tenant, mw):
    with in_tenant(world.tenant):
        with pytest.raises(ValidationError) as error:
            services.request_create(mentee=world.people["staff"])
        assert "mentee" in error.value.message_dict


def test_capacity_is_1_to_4(world, in_tenant, mw):
    with in_tenant(world.tenant):
        with pytest.raises(ValidationError) as error:
            services.profile_save(person=world.people["hr"], profession="HR", interests=[],
                                  languages=[], capacity=5)  # fmt: skip
        assert "capacity" in error.value.message_dict


def test_a_supervision_group_meets_with_its_supervisor(world, in_tenant):
    p = world.people
    with in_tenant(world.tenant):
        group = services.supervision_group_create(
            name="Handledning Hemtjänst", supervisor=p["coach"],
            members=[p["staff"], p["other_staff"]],
        )  # fmt: skip
        assert group.series.kind == "supervision_group"
        assert group.series.organiser == p["coach"]
        assert group in selectors.supervision_group_list_visible(actor=actor(p["staff"]))
        assert group not in selectors.supervision_group_list_visible(actor=actor(p["manager"]))
