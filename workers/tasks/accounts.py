from spiral.platform.accounts.services import session_clear_expired
from spiral.workers.app import app


@app.task(name="spiral.accounts.clear_expired_sessions")
def clear_expired_sessions() -> int:
    return session_clear_expired()
