from spiral.programs.sessions.services import sessions_materialise_horizon
from spiral.workers.app import app


@app.task(name="spiral.sessions.materialise_horizon")
def materialise_horizon() -> int:
    """The tenant's sessions for the next 90 days. Safe to run twice."""
    return sessions_materialise_horizon()


@app.task(name="spiral.sessions.notifications_due")
def notifications_due() -> int:
    """Reminders and follow-ups now due, into the outbox. Safe to run twice."""
    from spiral.programs.sessions.reminders import notifications_due as write_due

    return write_due()
