"""A running server and many signed-in people joining one arena at the same
moment over real HTTP connections: for the capacity test and the benchmark.

The server is gunicorn (threads in several worker processes) on the test
database, in a tenant of its own that is dropped afterwards. Each person has
a session cookie and a CSRF token made beforehand; every client opens its
connection first, waits at a barrier, and then sends its POST, so the joins
reach the server together."""

import http.client
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import time as clock

from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django_tenants.utils import schema_context

from spiral.programs.arenas.models import Arena
from spiral.programs.arenas.services import arena_create
from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_create
from tests.conftest import REPO_ROOT, host
from tests.factories import OrgUnitFactory, PersonFactory, login_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict, log_path, *, workers: int = 4, threads: int = 4):
    """gunicorn serving the test database; yields its port once it answers."""
    port = free_port()
    log = open(log_path, "w")  # noqa: SIM115 - closed below, after the server
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "spiral.platform.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--worker-class", "gthread", "--backlog", "2048", "--timeout", "120"],
        cwd=REPO_ROOT, env={**env, "API_RATE_PER_CLIENT": "100000/minute"},
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(150):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/healthz")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@contextmanager
def load_tenant(slug: str, org_number: str):
    """A tenant of its own, with committed data, dropped afterwards."""
    tenant = tenant_create(
        name=f"Lasttest {slug}", slug=slug, kind="municipality", org_number=org_number,
        admin_email=f"hr@{slug}.example.se",
    ).tenant  # fmt: skip
    try:
        yield tenant
    finally:
        connection.set_schema_to_public()
        Tenant.objects.get(pk=tenant.pk).delete(force_drop=True)


@dataclass
class Joiner:
    person_id: int
    headers: dict


def people_signed_in(tenant, count: int) -> list[Joiner]:
    """``count`` people of four units, each with a session and a CSRF token."""
    joiners = []
    with schema_context(tenant.schema_name):
        units = [OrgUnitFactory(name=f"Enhet {n}") for n in range(4)]
        for n in range(count):
            person = PersonFactory(unit=units[n % 4])
            client = Client(HTTP_HOST=host(tenant))
            client.force_login(login_for(person))
            csrf = _get_new_csrf_string()
            cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
            headers = {
                "Host": host(tenant), "Cookie": cookie, "X-CSRFToken": csrf,
                "Content-Type": "application/json", "Content-Length": "2",
            }  # fmt: skip
            joiners.append(Joiner(person.pk, headers))
    return joiners


def arena_for_load(tenant, *, capacity: int, title: str = "Chefsnätverket") -> Arena:
    from django.utils import timezone

    with schema_context(tenant.schema_name):
        facilitator = PersonFactory()
        return arena_create(
            title=title, kind=Arena.Kind.MANAGERS_NETWORK, capacity=capacity,
            facilitators=[facilitator], starts_on=timezone.localdate(), start_time=clock(23, 30),
            rule="FREQ=MONTHLY;COUNT=6",
        )  # fmt: skip


def warm_up(port: int, path: str, joiners: list[Joiner]) -> None:
    """Reads first, so that every worker has loaded Django and opened its
    database connection before the measured requests."""
    assert set(fire(port, path, joiners[:32], method="GET")) == {200}


def fire(
    port: int, path: str, joiners: list[Joiner], *, method: str = "POST", body: str = "{}"
) -> list[int]:
    """Every joiner's request at once, one connection each; the status codes."""
    barrier = threading.Barrier(len(joiners))
    codes: list[int] = [0] * len(joiners)

    def one(i: int, joiner: Joiner) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.connect()
        headers = (
            joiner.headers
            if method == "POST"
            else {k: v for k, v in joiner.headers.items() if not k.startswith("Content")}
        )
        barrier.wait()
        conn.request(method, path, body=body if method == "POST" else None, headers=headers)
        response = conn.getresponse()
        response.read()
        codes[i] = response.status
        conn.close()

    threads = [threading.Thread(target=one, args=(i, j)) for i, j in enumerate(joiners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes
