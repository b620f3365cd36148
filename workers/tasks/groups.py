from spiral.workers.app import app


@app.task(name="spiral.groups.actions_overdue")
def actions_overdue() -> int:
    """Nudges the owners of the tenant's overdue group actions; once per
    action per day (the message key names the day), so safe to run twice."""
    from spiral.programs.groups.actions import actions_overdue_nudge

    return actions_overdue_nudge()
