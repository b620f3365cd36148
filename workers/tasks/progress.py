from spiral.workers.app import app


@app.task(name="spiral.progress.report_build", soft_time_limit=540, time_limit=600)
def report_build(report_id: int) -> str | None:
    """Builds one report and stores it with its files in one transaction.
    Safe to run twice (a ready report is left alone)."""
    from spiral.programs.progress.services import report_produce

    report = report_produce(report_id=report_id)
    return report.status if report else None


@app.task(name="spiral.progress.reports_schedule")
def reports_schedule() -> int:
    """Each active programme's report of the period just ended, once."""
    from spiral.programs.progress.services import reports_schedule as schedule

    return schedule()


@app.task(name="spiral.progress.reports_resume")
def reports_resume() -> int:
    """Reports whose worker died go back to the queue."""
    from spiral.programs.progress.services import reports_resume as resume

    return resume()


@app.task(name="spiral.progress.reports_expire")
def reports_expire() -> int:
    """Deletes reports past the tenant's retention."""
    from spiral.programs.progress.services import reports_expire as expire

    return expire()
