"""The managers' learning arena in the demo tenant (``spiral demo``): a third
of the first-line managers, from across the förvaltningar, and a few senior
managers joined it when the programme started, and most of them came to its
sessions so far. Mixing across units is what an arena is for."""

from spiral.programs.sessions.services import series_participants_set, sessions_history_record

MEMBERS_SHARE = 1 / 3
SENIOR_MEMBERS = 4
PRESENT = 0.8


def demo_history(world) -> None:
    """See spiral.tenants.demo.world."""
    first_line = world.with_role("first_line_manager")
    senior = world.with_role("senior_manager")
    members = world.rng.sample(first_line, round(len(first_line) * MEMBERS_SHARE))
    members += world.rng.sample(senior, SENIOR_MEMBERS)
    for series in world.series("learning_arena"):
        # Invites them to the coming sessions (the product's own path).
        series_participants_set(series=series, people=sorted(p.pk for p in members))
        sessions_history_record(
            attendance={
                session.pk: {
                    person.pk: world.chance("arena", session.occurrence, person.external_id)
                    < PRESENT
                    for person in members
                }
                for session in world.held(series)
            }
        )
