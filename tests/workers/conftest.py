import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def worker_queue() -> str:
    return f"spiral-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def celery_worker(subprocess_env, worker_queue, tmp_path):
    """A real Celery worker process on the real Redis broker (no eager mode),
    consuming a queue of its own. Yields the path of its log file."""
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "tests.workers.probe", "worker",
                "--pool=solo", "--without-heartbeat", "--without-mingle", "--without-gossip",
                "-Q", worker_queue, "--loglevel=INFO",
            ],
            cwd=REPO_ROOT, env=subprocess_env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_for(lambda: "ready" in log_path.read_text(), timeout=30, process=process)
            yield log_path
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_for(condition, *, timeout: float, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError("worker exited early")
        time.sleep(0.1)
    raise TimeoutError("condition not met in time")


@pytest.fixture
def wait_for():
    return _wait_for
