"""How platform/localservices.py decides, in a folder of its own (not the
checkout's .spiral/): what is configured is used as it is, a server that
answers but refuses us is not used, and a run that shares the project's own
servers does not stop them under another run's feet."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from spiral.platform import localservices


@pytest.fixture
def folder():
    """A .spiral/ in a folder that an unprivileged user can reach (as root, the
    project's PostgreSQL runs as nobody)."""
    base = Path(tempfile.mkdtemp(prefix="spiral-services-"))
    base.chmod(0o755)
    try:
        yield base / ".spiral"
    finally:
        with localservices.locked(base / ".spiral"):
            state = localservices.State.load(base / ".spiral")
            localservices._stop_all(base / ".spiral", state)
        subprocess.run(["rm", "-rf", str(base)], check=False)


class Refuser:
    """Something on a port that is neither PostgreSQL nor Redis: it accepts and
    hangs up (as a server that wants a password, in effect, lets nobody in)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.port = self.socket.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            connection.close()

    def close(self):
        self.socket.close()


# A command that writes the URLs it was given to the file named by its argument.
SHOW = (
    "import json, os, sys; open(sys.argv[1], 'w').write(json.dumps({name: os.environ.get(name) "
    "for name in ('DATABASE_URL', 'REDIS_URL', 'CELERY_BROKER_URL')}))"
)


def test_dotenv_and_url_helpers():
    assert localservices.with_database(
        "postgres://u:p@db.example.se:6432/spiral?sslmode=require", "spiral_bench"
    ) == ("postgres://u:p@db.example.se:6432/spiral_bench?sslmode=require")


def test_what_is_configured_is_used_and_test_runs_take_redis_from_the_environment(folder):
    folder.parent.joinpath(".env").write_text(
        "# comment\nexport DATABASE_URL='postgres://postgres@db.example.se/spiral'\n"
        "REDIS_URL=redis://cache.example.se/0\nCELERY_BROKER_URL=redis://cache.example.se/1\n"
    )
    plan = localservices.decide_and_start({}, folder=folder)
    assert {d.how for d in plan.decisions.values()} == {"configured"}
    assert plan.environment == {}  # the child reads .env itself

    # The test settings put their own Redis databases before .env's values: for
    # a test run only the environment configures Redis.
    environ = {"REDIS_URL": "redis://cache.example.se/2", "CELERY_BROKER_URL": "redis://c/3"}
    plan = localservices.decide_and_start(
        environ, profile="test", database="spiral_bench", folder=folder
    )
    assert {d.how for d in plan.decisions.values()} == {"configured"}
    assert plan.environment == {"DATABASE_URL": "postgres://postgres@db.example.se/spiral_bench"}
    assert not (folder / "postgres").exists() and not (folder / "redis").exists()


def test_a_server_that_refuses_us_is_not_used_and_a_shared_run_stops_nothing(folder, capfd):
    postgres, redis = Refuser(), Refuser()
    seen, shared = folder.parent / "seen.json", folder.parent / "shared.json"
    environ = {
        "PATH": os.environ["PATH"],
        "SPIRAL_POSTGRES_PORT": str(postgres.port),
        "SPIRAL_REDIS_PORT": str(redis.port),
    }
    # The outer run's command is a second run sharing its servers, which ends
    # first: they still answer after it, as it was not the last run using them.
    second = (
        "import json, sys\n"
        "from spiral.platform import localservices as s\n"
        f"folder = s.Path({str(folder)!r})\n"
        f"code = s.run([sys.executable, '-c', {SHOW!r}, {str(seen)!r}], folder=folder, "
        f"environ={environ!r})\n"
        "ports = s.State.load(folder).data['ports']\n"
        f"s.Path({str(shared)!r}).write_text(json.dumps({{'code': code, "
        "'postgres': s.postgres_refusal(ports['postgres']), "
        "'redis': s.redis_refusal(ports['redis'])}))\n"
    )
    try:
        code = localservices.run([sys.executable, "-c", second], folder=folder, environ=environ)
    finally:
        postgres.close()
        redis.close()
    messages = capfd.readouterr().err
    assert code == 0, messages
    assert json.loads(shared.read_text()) == {"code": 0, "postgres": None, "redis": None}
    state = localservices.State.load(folder)
    ports = state.data["ports"]
    assert ports["postgres"] != postgres.port and ports["redis"] != redis.port
    assert json.loads(seen.read_text()) == {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{ports['postgres']}/spiral",
        "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{ports['redis']}/1",
    }
    assert f"127.0.0.1:{postgres.port} answers but refuses" in messages
    assert f"127.0.0.1:{redis.port} answers but refuses" in messages
    assert "already running (shared)" in messages
    assert messages.count("stopped the project's own PostgreSQL and Redis") == 1
    # Stopped when the last run ended.
    assert localservices.postgres_refusal(ports["postgres"]) is not None
    assert localservices.redis_refusal(ports["redis"]) is not None
    assert state.users == []
