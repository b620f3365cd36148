"""A report survives its worker being killed: a real worker is killed
(SIGKILL) after building a report and before writing it; nothing of the report
is written, and a new worker, asked by the resume task that beat runs,
produces it whole."""

import os
import signal
from datetime import date

import pytest
from django_tenants.utils import schema_context

from spiral.programs.progress.models import Report
from spiral.workers.app import app
from tests.workers.processes import worker_start

pytestmark = pytest.mark.worker


def _send(tenant, queue: str, name: str, *args) -> None:
    with schema_context(tenant.schema_name), app.connection_for_write() as connection:
        app.send_task(name, args=args, queue=queue, connection=connection)


def _report(tenant, pk: int) -> Report:
    with schema_context(tenant.schema_name):
        return Report.objects.get(pk=pk)


def _files(tenant, pk: int) -> int:
    with schema_context(tenant.schema_name):
        return Report.objects.get(pk=pk).files.count()


def test_a_killed_report_worker_leaves_nothing_half_written(
    real_commits, provisioned_tenants, subprocess_env, worker_queue, wait_for, tmp_path
):
    tenant = provisioned_tenants["a"]
    with schema_context(tenant.schema_name):
        report = Report.objects.create(period_start=date(2027, 1, 1), period_end=date(2027, 1, 31))
    log_path = tmp_path / "workers.log"
    # Tasks a worker sends (the resume task queues the build) go to its own queue.
    env = {**subprocess_env, "CELERY_DEFAULT_QUEUE": worker_queue}
    try:
        # Given a worker that pauses between building the report and writing it
        worker = worker_start(
            {**env, "SPIRAL_REPORT_PAUSE_BEFORE_WRITE": "60"}, worker_queue, log_path
        )
        _send(tenant, worker_queue, "spiral.progress.report_build", report.pk)
        wait_for(
            lambda: _report(tenant, report.pk).status == Report.Status.RUNNING,
            timeout=60,
            process=worker,
        )
        # when it is killed in that pause
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        # then nothing of the report is written
        stuck = _report(tenant, report.pk)
        assert stuck.status == Report.Status.RUNNING and stuck.document is None
        assert _files(tenant, report.pk) == 0
        # and a new worker, asked to resume stuck reports, produces it whole
        worker = worker_start({**env, "SPIRAL_REPORT_LEASE_SECONDS": "0"}, worker_queue, log_path)
        _send(tenant, worker_queue, "spiral.progress.reports_resume")
        wait_for(
            lambda: _report(tenant, report.pk).status == Report.Status.READY,
            timeout=120,
            process=worker,
            interval=0.5,
        )
        worker.terminate()
        worker.wait(timeout=30)
        done = _report(tenant, report.pk)
        assert done.attempts == 2 and done.document["sections"] == []
        assert _files(tenant, report.pk) == 4
    finally:
        with schema_context(tenant.schema_name):
            Report.objects.filter(pk=report.pk).delete()
