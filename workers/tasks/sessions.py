from spiral.programs.sessions.services import sessions_materialise_horizon
from spiral.workers.app import app


@app.task(name="spiral.sessions.materialise_horizon")
def materialise_horizon() -> int:
    """The tenant's sessions for the next 90 days. Safe to run twice."""
    return sessions_materialise_horizon()
