"""Real Celery worker processes for the tests, and the relay nudges that beat
would send."""

import subprocess
import sys
from pathlib import Path

from django_tenants.utils import schema_context

from spiral.workers.app import app
from tests.conftest import REPO_ROOT


def worker_start(env: dict, queue: str, log_path: Path, *, loglevel: str = "WARNING"):
    """A worker of the test app (the product's tasks and a probe) on ``queue``,
    appending its output to ``log_path``."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.workers.probe", "worker", "--pool=solo",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "-Q", queue,
         f"--loglevel={loglevel}"],
        cwd=REPO_ROOT, env=env, stdout=log_path.open("a"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def relay_send(tenant, queue: str, *, times: int = 1, broker_url: str | None = None) -> None:
    """Asks for the tenant's outbox relay ``times``, as the scheduler does every
    minute, on the default broker or on ``broker_url``."""
    with schema_context(tenant.schema_name), app.connection_for_write(broker_url) as connection:
        for _ in range(times):
            app.send_task("spiral.outbox.relay", queue=queue, connection=connection)
