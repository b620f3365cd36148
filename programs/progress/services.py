"""Every write of progress: reports (requested, produced by a worker, failed,
retried, expired), KPI values, milestones and next steps. Keyword-only, one
transaction each, audited; a report is written with its files in one
transaction, so a worker killed while building leaves no half of it."""

import logging
import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.audit.services import audit_record
from spiral.platform.core.errors import ConflictError
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.programmes.models import Programme
from spiral.programs.progress.builder import build_document, scope_of
from spiral.programs.progress.models import Report, ReportFile, ReportSettings
from spiral.programs.progress.renderers import RENDERERS

log = logging.getLogger(__name__)
TOPIC_READY = "progress.report_ready"
TOPIC_BUILD = "progress.report_build"
LANGUAGES = ("sv", "en")
MAX_ATTEMPTS = 3  # builds a stuck report gets before it is marked failed


def report_settings() -> ReportSettings:
    """The tenant's schedule and retention (made with the defaults when first read)."""
    found = ReportSettings.objects.order_by("id").first()
    return found or ReportSettings.objects.create()


@transaction.atomic
def report_settings_update(*, schedule: str, retention_days: int, language: str) -> ReportSettings:
    current = report_settings()
    if schedule not in ReportSettings.Schedule.values:
        raise ValidationError({"schedule": [_("Choose monthly, quarterly or off.")]})
    if not 7 <= int(retention_days) <= 3650:
        raise ValidationError({"retention_days": [_("Keep reports 7 to 3650 days.")]})
    if language not in LANGUAGES:
        raise ValidationError({"language": [_("Swedish (sv) or English (en).")]})
    before = {"schedule": current.schedule, "retention_days": current.retention_days}
    current.schedule, current.retention_days, current.language = schedule, retention_days, language
    current.save()
    audit_record(
        action="report_settings.updated",
        obj=current,
        changes={k: [v, getattr(current, k)] for k, v in before.items()},
    )
    return current


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError({"period_end": [_("The period ends on or after its start.")]})
    if (end - start).days > 3 * 366:
        raise ValidationError({"period_end": [_("A report covers at most three years.")]})


@transaction.atomic
def report_request(
    *,
    owner: Person | None,
    programme: Programme | None,
    unit: OrgUnit | None,
    period_start: date,
    period_end: date,
    language: str = "sv",
    user_id: int | None = None,
    scheduled: bool = False,
    enqueue: bool = True,
) -> Report:
    """A report waiting for a worker; the worker is asked after commit (unless
    ``enqueue`` is False: the caller produces it, as the demo builder does)."""
    _check_period(period_start, period_end)
    if language not in LANGUAGES:
        raise ValidationError({"language": [_("Swedish (sv) or English (en).")]})
    report = Report.objects.create(
        owner=owner,
        programme=programme,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        language=language,
        requested_by_user=user_id,
        scheduled=scheduled,
    )
    audit_record(
        action="report.requested",
        obj=report,
        changes={"period": [None, f"{period_start}/{period_end}"]},
    )
    if enqueue:
        _enqueue(report)
    return report


def _enqueue(report: Report) -> None:
    from spiral.workers.tasks.progress import report_build

    transaction.on_commit(lambda: report_build.delay(report.pk))


def report_produce(*, report_id: int, now: datetime | None = None) -> Report | None:
    """Builds the report in memory, renders every format, then writes them and
    the status in one transaction. Safe to run twice: a ready report is left
    as it is. A failure records why and leaves the report retriable."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status == Report.Status.READY:
            return report
        report.status, report.started_at = Report.Status.RUNNING, timezone.now()
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "attempts", "updated_at"])
    try:
        files = _built(report, now)
    except Exception as error:  # recorded on the report, retried on request
        log.exception("report failed", extra={"report": str(report.public_id)})
        return _failed(report, error)
    return _store(report, *files)


def _built(report: Report, now) -> tuple[dict, dict[str, bytes]]:
    scope = scope_of(
        programme=report.programme,
        unit=report.unit,
        start=report.period_start,
        end=report.period_end,
        language=report.language,
    )
    document = build_document(scope=scope, unit=report.unit, now=now)
    rendered = {name: render(document) for name, render in RENDERERS.items()}
    pause = getattr(settings, "SPIRAL_REPORT_PAUSE_BEFORE_WRITE", 0)
    if pause:  # only the kill test sets it: a window in which nothing is written yet
        time.sleep(pause)
    return document, rendered


@transaction.atomic
def _store(report: Report, document: dict, rendered: dict[str, bytes]) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.READY:
        return report  # another worker finished it meanwhile
    ReportFile.objects.filter(report=report).delete()
    ReportFile.objects.bulk_create(
        ReportFile(report=report, format=name, content=content, size=len(content))
        for name, content in rendered.items()
    )
    now = timezone.now()
    report.document, report.status, report.error = document, Report.Status.READY, ""
    report.ready_at = now
    report.expires_at = now + timedelta(days=report_settings().retention_days)
    report.save()
    audit_record(
        action="report.ready",
        obj=report,
        changes={"status": [Report.Status.RUNNING, Report.Status.READY]},
    )
    _tell_owner(report)
    return report


def _tell_owner(report: Report) -> None:
    if report.owner_id is None:
        return
    outbox_publish(
        [
            Publication(
                TOPIC_READY, f"report-ready:{report.public_id}", {"report": str(report.public_id)}
            )
        ]
    )


@transaction.atomic
def _failed(report: Report, error: Exception) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.status = Report.Status.FAILED
    # The kind of error and its message; never the data it was working on.
    report.error = f"{type(error).__name__}: {error}"[:500]
    report.save(update_fields=["status", "error", "updated_at"])
    audit_record(
        action="report.failed",
        obj=report,
        changes={"status": [Report.Status.RUNNING, Report.Status.FAILED]},
    )
    return report


@transaction.atomic
def report_retry(*, report: Report) -> Report:
    """A failed report (or one whose worker died) goes back to the queue."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.READY:
        raise ConflictError(_("This report is ready; there is nothing to retry."))
    report.status, report.error = Report.Status.QUEUED, ""
    report.save(update_fields=["status", "error", "updated_at"])
    audit_record(action="report.retried", obj=report, changes={"status": [None, "queued"]})
    _enqueue(report)
    return report


def reports_resume(*, older_than: timedelta | None = None) -> int:
    """Reports left queued or running (their worker was killed) longer than
    the lease go back to the queue. Beat runs it; safe to run twice."""
    lease = older_than or timedelta(seconds=settings.SPIRAL_REPORT_LEASE_SECONDS)
    stuck = Report.objects.filter(
        status__in=[Report.Status.QUEUED, Report.Status.RUNNING],
        updated_at__lt=timezone.now() - lease,
    )
    count = 0
    for report in stuck:
        if report.attempts >= MAX_ATTEMPTS:
            # A report that kills its worker every time must not loop forever.
            _failed(report, RuntimeError(f"its worker stopped {report.attempts} times"))
        else:
            report_retry(report=report)
        count += 1
    return count


@transaction.atomic
def reports_expire(*, now: datetime | None = None) -> int:
    """Deletes the reports (and their files) past their retention."""
    expired = Report.objects.filter(expires_at__lt=now or timezone.now())
    count = 0
    for report in expired.select_for_update(skip_locked=True):
        audit_record(action="report.expired", obj=report, changes={"status": [report.status, None]})
        report.delete()
        count += 1
    return count


def reports_schedule(*, today: date | None = None) -> int:
    """The scheduled report of the period that has just ended, for every
    active programme (monthly or quarterly, as the tenant chose), owned by the
    programme's owner. A period's report is made once (a unique constraint)."""
    config = report_settings()
    if config.schedule == ReportSettings.Schedule.OFF:
        return 0
    start, end = last_period(today or timezone.localdate(), config.schedule)
    made = 0
    for programme in Programme.objects.filter(status=Programme.Status.ACTIVE):
        if Report.objects.filter(
            programme=programme, scheduled=True, period_start=start, period_end=end
        ).exists():
            continue
        report_request(
            owner=programme.owner,
            programme=programme,
            unit=None,
            period_start=start,
            period_end=end,
            language=config.language,
            scheduled=True,
        )
        made += 1
    return made


def last_period(today: date, schedule: str) -> tuple[date, date]:
    """The last whole month (or quarter) before ``today``."""
    end = today.replace(day=1) - timedelta(days=1)
    if schedule == ReportSettings.Schedule.QUARTERLY:
        quarter_end_month = (today.month - 1) // 3 * 3
        end = date(today.year, quarter_end_month + 1, 1) - timedelta(days=1)
        start_month = end.month - 2
        return date(end.year, start_month, 1), end
    return end.replace(day=1), end
