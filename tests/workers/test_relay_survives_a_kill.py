"""The outbox relay loses nothing and never doubles silently: a real worker is
killed (SIGKILL) while relaying 1,000 emails to a real SMTP server, and a new
worker finishes the job."""

import os
import signal
import time

import pytest
from django_tenants.utils import schema_context

from spiral.platform.outbox.email import TOPIC, message_id
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.services import outbox_publish
from tests.workers.processes import relay_send, worker_start

pytestmark = pytest.mark.worker
COUNT = 1000


def test_a_killed_relay_loses_nothing(
    real_commits, provisioned_tenants, subprocess_env, worker_queue, wait_for, tmp_path, smtp_sink
):
    tenant = provisioned_tenants["a"]
    sink = smtp_sink
    port = sink.port
    keys = [f"kill-test:{n}" for n in range(COUNT)]
    with schema_context(tenant.schema_name):
        outbox_publish(
            (TOPIC, key, {"to": "mottagare@example.se", "subject": key, "body": "Hej"})
            for key in keys
        )
    # A short lease, so that what the killed worker had claimed is due again soon.
    env = {**subprocess_env, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port),
           "OUTBOX_LEASE_SECONDS": "8", "OUTBOX_DELIVERY_TIMEOUT_SECONDS": "2"}  # fmt: skip
    log_path = tmp_path / "workers.log"
    try:
        worker = worker_start(env, worker_queue, log_path)
        relay_send(tenant, worker_queue, times=3)
        wait_for(lambda: sink.count >= 300, timeout=120, process=worker)
        os.kill(worker.pid, signal.SIGKILL)  # in the middle of relaying
        worker.wait(timeout=30)
        killed_at = sink.count
        assert killed_at < COUNT

        worker = worker_start(env, worker_queue, log_path)

        def all_arrived():
            relay_send(tenant, worker_queue)
            return sink.count >= COUNT and len(set(sink.ids)) >= COUNT

        wait_for(all_arrived, timeout=180, process=worker, interval=2)
        time.sleep(1)  # let anything still in flight arrive
        worker.terminate()
        worker.wait(timeout=30)

        expected = {message_id(key) for key in keys}
        assert set(sink.ids) == expected  # all 1,000 arrived
        repeats = len(sink.ids) - len(set(sink.ids))
        assert repeats <= 1, f"{repeats} repeats after one kill"  # at most one per kill
        with schema_context(tenant.schema_name):
            assert not OutboxMessage.objects.filter(key__in=keys, relayed_at=None).exists()
    finally:
        with schema_context(tenant.schema_name):
            OutboxMessage.objects.filter(key__in=keys).delete()
