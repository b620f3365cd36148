from spiral.workers.app import app


@app.task(name="spiral.support.rounds_due")
def rounds_due() -> dict[str, int]:
    """Support-assessment rounds: open those whose cadence came round, close
    those past their day. Safe to run twice."""
    from spiral.programs.support.services import support_rounds_due

    return support_rounds_due()
