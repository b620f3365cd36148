from spiral.workers.app import app


@app.task(name="spiral.climate.pulses_due")
def pulses_due() -> dict[str, int]:
    """Climate pulses: open those whose cadence came round, close those past
    their day. Safe to run twice."""
    from spiral.programs.climate.cadence import climate_pulses_due

    return climate_pulses_due()
