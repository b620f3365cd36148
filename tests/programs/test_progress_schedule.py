"""Scheduled reports, retention, the owner's email, and the sections'
plain-data contract."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.programmes.models import Programme
from spiral.programs.progress.models import Report, ReportSettings
from spiral.programs.progress.sections import Figure, Section, section_from_dict
from spiral.programs.progress.services import (
    last_period,
    report_produce,
    report_request,
    report_settings_update,
    reports_expire,
    reports_schedule,
)
from tests.programs.progress_world import END, START, progress_world


def test_the_last_whole_month_or_quarter():
    assert last_period(date(2027, 3, 2), "monthly") == (date(2027, 2, 1), date(2027, 2, 28))
    assert last_period(date(2027, 1, 5), "monthly") == (date(2026, 12, 1), date(2026, 12, 31))
    assert last_period(date(2027, 5, 10), "quarterly") == (date(2027, 1, 1), date(2027, 3, 31))


def test_each_active_programme_gets_its_monthly_report_once(world):
    setup = progress_world(world)
    with schema_context(world.tenant.schema_name):
        Programme.objects.filter(pk=setup.programme.pk).update(status="active")
        assert reports_schedule(today=date(2027, 3, 2)) == 1
        assert reports_schedule(today=date(2027, 3, 20)) == 0  # the same period: once
        report = Report.objects.get(scheduled=True)
        assert (report.period_start, report.period_end) == (date(2027, 2, 1), date(2027, 2, 28))
        assert report.owner == world.people["hr"]
        report_settings_update(schedule="off", retention_days=30, language="en")
        assert reports_schedule(today=date(2027, 4, 2)) == 0
        with pytest.raises(Exception, match="schedule"):
            report_settings_update(schedule="weekly", retention_days=30, language="en")
        assert ReportSettings.objects.get().retention_days == 30


def test_reports_past_their_retention_are_deleted_with_their_files(world):
    setup = progress_world(world)
    with schema_context(world.tenant.schema_name):
        report = report_request(
            owner=world.people["hr"],
            programme=setup.programme,
            unit=None,
            period_start=START,
            period_end=END,
        )
        report_produce(report_id=report.pk)
        report.refresh_from_db()
        assert reports_expire(now=report.expires_at - timedelta(seconds=1)) == 0
        assert reports_expire(now=report.expires_at + timedelta(seconds=1)) == 1
        assert not Report.objects.filter(pk=report.pk).exists()


def test_the_owner_is_emailed_a_link_never_figures(world):
    setup = progress_world(world)
    with schema_context(world.tenant.schema_name):
        report = report_request(
            owner=world.people["hr"],
            programme=setup.programme,
            unit=None,
            period_start=START,
            period_end=END,
        )
        report_produce(report_id=report.pk)
        outbox_relay()
        email = OutboxMessage.objects.get(key=f"report-ready-email:{report.public_id}")
        assert email.payload["to"] == world.people["hr"].email
        assert "/progress/" in email.payload["body"] and "33" not in email.payload["body"]


def test_the_report_list_costs_the_same_queries_for_1_and_20_reports(world):
    setup = progress_world(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert world.client("hr").get("/api/v1/reports/").status_code == 200
        # Switching schemas between requests is the test's doing, not the view's.
        return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET "))

    with schema_context(world.tenant.schema_name):
        report_request(
            owner=None, programme=setup.programme, unit=None, period_start=START, period_end=END
        )
    count()  # warm: the first request of a login loads it once
    one = count()
    with schema_context(world.tenant.schema_name):
        for _ in range(19):
            report_request(
                owner=None, programme=setup.programme, unit=None, period_start=START, period_end=END
            )
    assert count() == one


def test_a_section_is_plain_data_that_survives_json():
    section = Section(
        key="x",
        level="group",
        title="T",
        figures=(Figure("a", "A", None, suppressed=True, reason="too_few"),),
    )
    assert section_from_dict(section.as_dict()) == section
    with pytest.raises(ValueError, match="level"):
        Section(key="y", level="team", title="T")
    assert timezone.now()


def test_hr_sets_the_schedule_on_its_page_and_others_may_not(world):
    response = world.client("hr").post(
        "/progress/settings/", {"schedule": "quarterly", "retention_days": 90, "language": "en"}
    )
    assert response.status_code == 302
    with schema_context(world.tenant.schema_name):
        current = ReportSettings.objects.get()
    assert (current.schedule, current.retention_days, current.language) == ("quarterly", 90, "en")
    assert world.client("senior").get("/progress/settings/").status_code == 403


def test_a_report_of_a_unit_subtree_covers_its_people_only(world):
    from spiral.programs.progress.builder import build_document, scope_of

    setup = progress_world(world)
    with schema_context(world.tenant.schema_name):
        scope = scope_of(programme=setup.programme, unit=world.units["e1"], start=START, end=END)
        document = build_document(scope=scope, unit=world.units["e1"])
    figures = {f["key"]: f["value"] for s in document["sections"] for f in s["figures"]}
    assert document["participants"] == 6
    assert figures["coaching_track.participants"] == 6
    assert figures["coaching_track.held"] == 12 and figures["coaching_track.attended"] == 12
    assert figures["kpi.sick-leave"] == 5.5  # Norr's own latest value
    assert "Hemtjänst Norr" in document["title"]


def test_a_report_whose_worker_keeps_dying_is_marked_failed_not_retried_forever(world):
    from spiral.programs.progress.services import reports_resume

    with schema_context(world.tenant.schema_name):
        report = Report.objects.create(
            period_start=START, period_end=END, status="running", attempts=3
        )
        assert reports_resume(older_than=timedelta(seconds=-1)) == 1
        report.refresh_from_db()
        assert report.status == Report.Status.FAILED and "3 times" in report.error
        again = Report.objects.create(
            period_start=START, period_end=END, status="running", attempts=1
        )
        reports_resume(older_than=timedelta(seconds=-1))
        again.refresh_from_db()
        assert again.status == Report.Status.QUEUED
