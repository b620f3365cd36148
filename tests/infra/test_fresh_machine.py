"""`make run` and `make test` on a fresh machine: a fresh clone of this
repository, run by a user who is not root, with an empty HOME and no PostgreSQL
or Redis answering on the ports it looks at. The set-up step of both commands
(platform/localservices.py) starts the project's own servers from the dev
extras, the database is migrated and /readyz answers 200; with services
configured (or answering), nothing is started.

The clone is `git clone` of this repository's HEAD plus the working tree's
changes (tracked diffs and untracked files), in a folder of its own under /tmp
owned by the user. Installing every dependency in it would take minutes, so its
venv (of a Python that user can run, of this one's version) reaches this
venv's installed packages through a .pth file, and imports `spiral` from the
clone through a link, which is what `pip install -e .` sets up; `make` sees it
installed (`.venv/.installed`). The code that runs is the clone's.

As root (CI), the user is `nobody` (`SPIRAL_FRESH_USER` names another); as
anyone else, that user. The ports are free ones, told to the clone by
SPIRAL_POSTGRES_PORT and SPIRAL_REDIS_PORT, so that the machine's own servers on
5432 and 6379 stay out of it."""

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.conftest import REPO_ROOT
from tests.smtp import free_port

SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _as(user: pwd.struct_passwd | None) -> dict:
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []} if user else {}


def _python_for(user: pwd.struct_passwd | None, packages: str) -> str | None:
    """A Python of this version that the user can run (root's may be in /root),
    and that imports the packages in ``packages`` (this venv's, or a copy)."""
    candidates = [
        sys.executable if user is None else None,
        os.path.realpath(getattr(sys, "_base_executable", sys.executable)),
        shutil.which(f"python{VERSION}", path=SYSTEM_PATH),
        shutil.which("python3", path=SYSTEM_PATH),
    ]
    probe = (
        f"import sys; sys.path.append({packages!r}); "
        "import django, psycopg, redis, celery; print('%d.%d' % sys.version_info[:2])"
    )
    for candidate in dict.fromkeys(c for c in candidates if c):
        try:
            found = subprocess.run(
                [candidate, "-c", probe], capture_output=True, text=True, timeout=60, cwd="/",
                **_as(user),
            )  # fmt: skip
        except OSError:
            continue
        if found.returncode == 0 and found.stdout.strip() == VERSION:
            return candidate
    return None


def _processes_under(folder: Path) -> list[int]:
    """Processes working in the folder: the clone's web server, worker and
    scheduler (in the clone), PostgreSQL (its data folder), Redis (its folder)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if cwd == str(folder) or cwd.startswith(f"{folder}/"):
            found.append(int(entry.name))
    return found


def _nothing_left_under(folder: Path, timeout: float = 20) -> list[int]:
    """Waits for the processes working in the folder to end; those left."""
    deadline = time.monotonic() + timeout
    while (left := _processes_under(folder)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def _uid_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])
    raise AssertionError(f"no Uid for {pid}")


@dataclass
class FreshMachine:
    base: Path
    clone: Path
    user: pwd.struct_passwd | None
    env: dict[str, str]

    def popen(self, command: list[str], log: Path, **kwargs) -> subprocess.Popen:
        return subprocess.Popen(
            command, cwd=self.clone, env=self.env, stdin=subprocess.DEVNULL,
            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
            **_as(self.user), **kwargs,
        )  # fmt: skip

    def run(self, command: list[str], *, env: dict | None = None, timeout: float = 300):
        return subprocess.run(
            command, cwd=self.clone, env=env or self.env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=timeout, start_new_session=True,
            **_as(self.user),
        )  # fmt: skip

    @property
    def uid(self) -> int:
        return self.user.pw_uid if self.user else os.geteuid()


def _clone(clone: Path) -> None:
    git = ["git", "-C", str(REPO_ROOT)]
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(REPO_ROOT), str(clone)], check=True
    )
    diff = subprocess.run([*git, "diff", "HEAD", "--binary"], capture_output=True, check=True)
    if diff.stdout:
        subprocess.run(
            ["git", "-C", str(clone), "apply", "--binary", "-"], input=diff.stdout, check=True
        )
    untracked = subprocess.run(
        [*git, "ls-files", "--others", "--exclude-standard", "-z"], capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, untracked.split("\0")):
        target = clone / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, target)


def _packages_copy(base: Path) -> str:
    """This venv's packages where another user can read them: a checkout in a
    private folder (/root/...) keeps its .venv out of that user's reach, so they
    are linked (or copied, across file systems) under the test's own folder."""
    copy = base / "site-packages"
    source = sysconfig.get_path("purelib")
    linked = subprocess.run(["cp", "-al", source, str(copy)], capture_output=True)
    if linked.returncode != 0:
        shutil.rmtree(copy, ignore_errors=True)
        subprocess.run(["cp", "-a", source, str(copy)], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(copy)], check=True)
    return str(copy)


def _venv(clone: Path, python: str, packages: str) -> None:
    """The clone's .venv: this venv's packages, the clone's code, and the
    programs the Makefile runs (spiral, pytest)."""
    venv = clone / ".venv"
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = venv / "lib" / f"python{VERSION}" / "site-packages"
    source = venv / "spiral-source"
    source.mkdir()
    (source / "spiral").symlink_to(clone, target_is_directory=True)
    (site / "spiral-fresh-clone.pth").write_text(f"{source}\n{packages}\n")
    for name, entry in {
        "spiral": "from spiral.platform.cli import main",
        "pytest": "from pytest import console_main as main",
    }.items():
        script = venv / "bin" / name
        script.write_text(f"#!{venv}/bin/python\nimport sys\n{entry}\nsys.exit(main())\n")
        script.chmod(0o755)
    (venv / ".installed").touch()  # newer than pyproject.toml: `make install` has nothing to do


def _chown_tree(folder: Path, user: pwd.struct_passwd) -> None:
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            os.lchown(os.path.join(root, name), user.pw_uid, user.pw_gid)
    os.chown(folder, user.pw_uid, user.pw_gid)


def _stop_everything(base: Path) -> None:
    """Whatever the clone left running, however the test ended."""
    clone = base / "spiral"
    for pidfile in [clone / ".spiral" / "postgres" / "data" / "postmaster.pid"]:
        try:
            pid = int(pidfile.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        if pid in _processes_under(base):
            os.kill(pid, signal.SIGQUIT)
    deadline = time.monotonic() + 10
    while (pids := _processes_under(base)) and time.monotonic() < deadline:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)


@pytest.fixture
def fresh_machine():
    if not Path("/proc/self/cwd").exists():
        pytest.skip("needs /proc to find and stop what the clone starts")
    if shutil.which("make", path=SYSTEM_PATH) is None:
        pytest.skip("make is not installed (.ci/run installs it)")
    user = None
    if os.geteuid() == 0:
        user = pwd.getpwnam(os.environ.get("SPIRAL_FRESH_USER", "nobody"))
    base = Path(tempfile.mkdtemp(prefix="spiral-fresh-"))
    base.chmod(0o755)
    try:
        packages = sysconfig.get_path("purelib")
        python = _python_for(user, packages)
        if python is None and user is not None:
            packages = _packages_copy(base)
            python = _python_for(user, packages)
        if python is None:
            who = user.pw_name if user else "this user"
            pytest.skip(f"no Python {VERSION} that {who} can run with this venv's packages")
        clone, home = base / "spiral", base / "home"
        home.mkdir()
        _clone(clone)
        _venv(clone, python, packages)
        if user is not None:  # the clone and HOME are theirs; the packages stay read-only
            _chown_tree(clone, user)
            _chown_tree(home, user)
        name = user.pw_name if user else pwd.getpwuid(os.geteuid()).pw_name
        env = {
            "PATH": SYSTEM_PATH,
            "HOME": str(home),
            "USER": name,
            "LOGNAME": name,
            "LANG": "C.UTF-8",
            "SPIRAL_POSTGRES_PORT": str(free_port()),
            "SPIRAL_REDIS_PORT": str(free_port()),
        }
        yield FreshMachine(base, clone, user, env)
    finally:
        _stop_everything(base)
        shutil.rmtree(base, ignore_errors=True)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_make_run_and_make_test_start_their_own_services_on_a_fresh_machine(fresh_machine):
    machine = fresh_machine
    pg_port = int(machine.env["SPIRAL_POSTGRES_PORT"])
    redis_port = int(machine.env["SPIRAL_REDIS_PORT"])
    web_port = free_port()
    assert not any(_answers(port) for port in (pg_port, redis_port, web_port))
    assert machine.uid != 0, "runs as a user who is not root"
    assert not any(Path(machine.env["HOME"]).iterdir())

    log = machine.base / "make-run.log"
    started = time.monotonic()
    make = machine.popen(["make", "run", f"PORT={web_port}"], log)
    try:
        deadline = started + 240
        while True:
            assert make.poll() is None, f"make run ended early:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"/readyz never answered 200:\n{log.read_text()}"
            try:
                status, body = _get(f"http://127.0.0.1:{web_port}/readyz")
            except OSError:
                status = None
            if status == 200:
                break
            time.sleep(0.5)
        ready_after = time.monotonic() - started
        assert json.loads(body)["status"] == "ready"
        output = log.read_text()
        assert (
            f"PostgreSQL: the project's own on 127.0.0.1:{pg_port}" in output
            and "made and started PostgreSQL" in output
            and f"Redis: the project's own on 127.0.0.1:{redis_port}" in output
        ), output

        own = machine.clone / ".spiral"
        assert (own / "postgres" / "data" / "PG_VERSION").exists()
        postmaster = int((own / "postgres" / "data" / "postmaster.pid").read_text().split()[0])
        redis_pid = json.loads((own / "services.json").read_text())["redis_pid"]
        assert _uid_of(postmaster) == machine.uid and _uid_of(redis_pid) == machine.uid

        import psycopg

        url = f"postgresql://postgres@127.0.0.1:{pg_port}/spiral"
        with psycopg.connect(url) as conn:
            migrations = conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
            tenants = conn.execute("SELECT count(*) FROM tenants_tenant").fetchone()[0]
        assert migrations > 0 and tenants >= 1  # migrated, and the demo tenant made

        # Ctrl-C, as a terminal sends it: to make and everything in its group.
        os.killpg(make.pid, signal.SIGINT)
        make.wait(timeout=90)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
    output = log.read_text()
    assert "stopped the project's own PostgreSQL and Redis" in output, output
    assert _nothing_left_under(machine.base) == []
    assert not _answers(pg_port) and not _answers(redis_port) and not _answers(web_port)

    # make test's set-up step: the same servers again, on the data of the first run.
    started = time.monotonic()
    tested = machine.run(["make", "test", "TEST_ARGS=-q tests/platform/test_health.py"])
    test_seconds = time.monotonic() - started
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert f"PostgreSQL: the project's own on 127.0.0.1:{pg_port}" in tested.stderr
    assert "started PostgreSQL" in tested.stderr and "made and" not in tested.stderr
    assert " passed" in tested.stdout
    assert "stopped the project's own PostgreSQL and Redis" in tested.stderr
    assert _nothing_left_under(machine.base) == []
    print(
        f"/readyz answered after {ready_after:.0f} s; make test (health) took {test_seconds:.0f} s"
    )


def test_configured_or_answering_services_are_used_and_nothing_is_started(
    django_db_setup, fresh_machine
):
    machine = fresh_machine
    db = settings.DATABASES["default"]  # the test database (django_db_setup made it)
    show = (
        "import json, os, psycopg, redis\n"
        "names = ('DATABASE_URL', 'REDIS_URL', 'CELERY_BROKER_URL')\n"
        "seen = {name: os.environ.get(name) for name in names}\n"
        "with psycopg.connect(seen['DATABASE_URL'].replace('postgres://', 'postgresql://')) as c:\n"
        "    seen['database'] = c.execute('SELECT current_database()').fetchone()[0]\n"
        "seen['ping'] = redis.Redis.from_url(seen['REDIS_URL']).ping()\n"
        "print(json.dumps(seen))\n"
    )
    python = str(machine.clone / ".venv" / "bin" / "python")
    services = [python, "-m", "spiral.platform.localservices", "run", "--test"]
    command = [*services, "--", python, "-c", show]

    # Configured: the servers this test run uses, named in the environment.
    login = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    configured = {
        "DATABASE_URL": f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    result = machine.run(command, env={**machine.env, **configured}, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout)
    assert {name: seen[name] for name in configured} == configured
    assert seen["database"] == db["NAME"] and seen["ping"] is True
    assert "PostgreSQL: as configured" in result.stderr
    assert "Redis: as configured" in result.stderr
    assert "project's own" not in result.stderr
    assert not (machine.clone / ".spiral" / "postgres").exists()
    assert not (machine.clone / ".spiral" / "redis").exists()
    assert _processes_under(machine.base) == []

    # Answering: nothing configured, and servers that let us in on the ports
    # looked at (those of this test run, when they are local and need no password).
    redis = urlsplit(settings.REDIS_URL)
    local = db["HOST"] == redis.hostname == "127.0.0.1"
    if not local or db["USER"] != "postgres" or db.get("PASSWORD") or redis.password:
        return
    answering = {
        **machine.env,
        "SPIRAL_POSTGRES_PORT": str(db["PORT"]),
        "SPIRAL_REDIS_PORT": str(redis.port),
    }
    command = [*services, "--database", db["NAME"], "--", python, "-c", show]
    result = machine.run(command, env=answering, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout)
    assert seen["DATABASE_URL"] == f"postgres://postgres@127.0.0.1:{db['PORT']}/{db['NAME']}"
    assert seen["REDIS_URL"] == f"redis://127.0.0.1:{redis.port}/2"
    assert seen["CELERY_BROKER_URL"] == f"redis://127.0.0.1:{redis.port}/3"
    assert seen["database"] == db["NAME"] and seen["ping"] is True
    assert f"PostgreSQL: the one answering on 127.0.0.1:{db['PORT']}" in result.stderr
    assert f"Redis: the one answering on 127.0.0.1:{redis.port}" in result.stderr
    assert not (machine.clone / ".spiral" / "postgres").exists()
    assert not (machine.clone / ".spiral" / "redis").exists()
    assert _processes_under(machine.base) == []
