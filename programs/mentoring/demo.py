"""Mentoring in the demo tenant (``spiral demo``): every person flagged mentor
keeps a profile in the pool, staff from across the organisation have asked
for a mentor, and HR has run one matching. Most pairs accepted (mentorships
with their meetings and a goal or two), one mentee declined and got a new
proposal from the rematch, and a few proposals still wait for an answer. The
coaches meet the mentors in a supervision group.

Written through the services, as people would have done it."""

from spiral.programs.mentoring import services
from spiral.programs.mentoring.models import MatchProposal
from spiral.programs.org.models import Person

INTERESTS = ("planering", "ledarskap", "bemötande", "demens", "digitalisering",
             "arbetsmiljö", "rehabilitering", "dokumentation", "handledning")  # fmt: skip
LANGUAGES = ("svenska", "engelska", "finska", "arabiska")
GOALS = (
    "Leda ett arbetsplatsmöte på egen hand",
    "Hitta ett sätt att planera veckan som håller",
    "Våga ge återkoppling till en kollega",
    "Lära mig mer om hur andra enheter arbetar",
)
MENTEES_PER_MENTOR = 2
ACCEPTED = 0.75  # how likely a proposal was accepted by both by now


def demo_history(world) -> None:
    """See spiral.tenants.demo.world."""
    rng = world.rng
    mentors = world.with_role("mentor")
    if not mentors:
        return
    for person in mentors:
        services.profile_save(
            person=person, profession=person.title or "Medarbetare",
            interests=rng.sample(INTERESTS, rng.randint(2, 4)),
            languages=["svenska", *rng.sample(LANGUAGES[1:], rng.randint(0, 1))],
            capacity=rng.randint(1, 3),
        )  # fmt: skip
    staff = [
        person
        for _, person in sorted(world.people.items())
        if person.status == Person.Status.ACTIVE
        and not any(getattr(person, flag) for flag in Person.ROLE_FIELDS)
    ]
    for person in rng.sample(staff, min(len(staff), MENTEES_PER_MENTOR * len(mentors))):
        services.request_create(
            mentee=person, interests=rng.sample(INTERESTS, rng.randint(1, 3)),
            languages=["svenska"], wishes="",
        )  # fmt: skip
    hr = next(iter(world.with_role("hr")), None)
    run = services.run_start(started_by=hr)
    _answer(world, run)
    coaches = world.with_role("coach")
    if coaches and len(mentors) > 1:
        services.supervision_group_create(
            name="Handledning för mentorer", supervisor=coaches[0], members=mentors[:8]
        )


def _waiting(run) -> list[MatchProposal]:
    return list(
        run.proposals.filter(status=MatchProposal.Status.PROPOSED)
        .select_related("mentor__person", "request__mentee")
        .order_by("id")
    )


def _answer(world, run) -> None:
    waiting = _waiting(run)
    if waiting:  # one declined: the run matched again without the pair
        first = waiting[0]
        services.proposal_answer(proposal=first, person=first.request.mentee, answer="declined")
    for proposal in _waiting(run):
        if world.chance("mentoring", proposal.request_id) >= ACCEPTED:
            continue  # still waiting for an answer
        mentee, mentor = proposal.request.mentee, proposal.mentor.person
        services.proposal_answer(proposal=proposal, person=mentor, answer="accepted")
        proposal = services.proposal_answer(proposal=proposal, person=mentee, answer="accepted")
        for title in world.rng.sample(GOALS, world.rng.randint(1, 2)):
            services.goal_add(mentorship=proposal.mentorship, title=title)
