"""The managers' learning arena in the demo tenant (``spiral demo``): a third
of the first-line managers, from across the förvaltningar, and a few senior
managers joined it when the programme started and fill its seats; a few more
managers wait on its waitlist. Most members came to its sessions so far and
rated them; they proposed topics and voted, and the facilitators took the most
wanted up in the sessions. Mixing across units is what an arena is for. All
through the product's services."""

from spiral.programs.arenas import meetings
from spiral.programs.arenas.models import Arena
from spiral.programs.arenas.services import arena_create, arena_join, arena_series
from spiral.programs.sessions.models import Session
from spiral.programs.sessions.services import sessions_history_record

MEMBERS_SHARE = 1 / 3
SENIOR_MEMBERS = 4
WAITING = 5
PRESENT = 0.8
TOPICS = (
    "Att leda på distans när personalen arbetar i hemtjänsten",
    "Introduktion av nyanställda undersköterskor",
    "Schemaläggning som minskar delade turer",
    "Hur vi följer upp sjukfrånvaro tidigt",
    "Medarbetarsamtal som leder till något",
)
COMMENTS = (
    "Bra att höra hur andra förvaltningar gör.",
    "Vi hann inte prata klart om schemat.",
    "Nyttigt, tar med mig idéer till min grupp.",
    "",
)


def demo_history(world) -> None:
    """See spiral.tenants.demo.world."""
    first_line = world.with_role("first_line_manager")
    senior = world.with_role("senior_manager")
    chosen = world.rng.sample(first_line, round(len(first_line) * MEMBERS_SHARE) + WAITING)
    members = chosen[:-WAITING] + world.rng.sample(senior, SENIOR_MEMBERS)
    waiting = chosen[-WAITING:]
    for series in world.series("learning_arena"):
        arena = Arena.objects.filter(component_instance_id=series.component_instance_id).first()
        if arena is None:  # the outbox's subscriber has not run in the builder
            arena = arena_create(
                title=series.title, kind=Arena.Kind.MANAGERS_NETWORK, capacity=len(members),
                facilitators=[world.programme.owner, *world.rng.sample(senior, 1)],
                component_instance=series.component_instance,
                description="Ett nätverk för chefer från hela kommunen: vi delar erfarenheter "
                "och tar upp de ämnen ni föreslår.",
            )  # fmt: skip
        arena_series(arena)
        for person in [*members, *waiting]:  # the seats, then the waitlist
            arena_join(arena=arena, person=person)
        held = list(world.held(series))
        _attendance(world, held, members)
        _topics(world, arena, members, series, held)
        _ratings(world, held)


def _attendance(world, held, members) -> None:
    sessions_history_record(
        attendance={
            session.pk: {
                person.pk: world.chance("arena", session.occurrence, person.external_id) < PRESENT
                for person in members
            }
            for session in held
        }
    )


def _topics(world, arena, members, series, held) -> None:
    topics = [
        meetings.topic_propose(arena=arena, person=world.rng.choice(members), title=title)
        for title in TOPICS
    ]
    for topic in topics:
        for person in world.rng.sample(members, world.rng.randint(2, len(members) // 2)):
            meetings.topic_vote(topic=topic, person=person)
    coming = Session.objects.filter(series=series, status=Session.Status.SCHEDULED)
    for topic, session in zip(topics, [*held, *coming.order_by("starts_at")[:1]], strict=False):
        meetings.topic_pick(topic=topic, session=session)


def _ratings(world, held) -> None:
    for session in held:
        for attendance in session.attendances.filter(attended=True).select_related("person"):
            person = attendance.person
            meetings.session_rate(
                session=session, person=person,
                rating=world.rng.choice((3, 4, 4, 5, 5)), comment=world.rng.choice(COMMENTS),
            )  # fmt: skip
