"""Fixtures shared by the whole suite.

Two tenants, A and B, are provisioned once per run through the real
provisioning service (schema, migrations, domain, first administrator) and
committed. Each test then runs inside a transaction that is rolled back.
"""

import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from spiral.api.oauth import forget_tokens
from spiral.platform.accounts.backends import forget_all_users
from spiral.tenants.host_cache import forget_everything_local
from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_create

REPO_ROOT = Path(__file__).resolve().parents[1]

TENANT_SPECS = {
    "a": dict(name="Alingsås kommun", slug="alfa", kind="municipality", org_number="212000-1462"),
    "b": dict(name="Region Bergslagen", slug="beta", kind="region", org_number="232100-0164"),
}


def host(tenant: Tenant) -> str:
    return f"{tenant.slug}.{settings.SPIRAL_BASE_DOMAIN}"


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """Always creates the test database, also for a run whose only tests use
    committed data (real_commits, subprocesses), which pytest-django would
    otherwise skip."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def provisioned_tenants(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        cache.clear()  # the test run's own Redis database
        tenants = {
            key: tenant_create(admin_email=f"hr@{spec['slug']}.example.se", **spec).tenant
            for key, spec in TENANT_SPECS.items()
        }
    return tenants


@pytest.fixture(autouse=True)
def _clean_state():
    """Each test starts in the public schema with an empty cache: a host lookup
    cached by one test must not outlive that test's rolled-back transaction."""
    cache.clear()
    forget_everything_local()
    forget_all_users()
    forget_tokens()
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def tenant_a(db, provisioned_tenants) -> Tenant:
    return Tenant.objects.get(pk=provisioned_tenants["a"].pk)


@pytest.fixture
def tenant_b(db, provisioned_tenants) -> Tenant:
    return Tenant.objects.get(pk=provisioned_tenants["b"].pk)


@pytest.fixture
def real_commits(provisioned_tenants, django_db_blocker):
    """Database access without the per-test transaction: every write commits.
    For tests about transactions themselves and for real worker processes; such
    a test removes what it created."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def client_a(tenant_a) -> Client:
    return Client(HTTP_HOST=host(tenant_a))


@pytest.fixture
def client_b(tenant_b) -> Client:
    return Client(HTTP_HOST=host(tenant_b))


@pytest.fixture
def in_tenant():
    """``with in_tenant(tenant_a): ...`` runs ORM calls in that tenant's schema."""
    return lambda tenant: schema_context(tenant.schema_name)


@pytest.fixture
def subprocess_env(provisioned_tenants) -> dict[str, str]:
    """Environment for a child process (the spiral CLI, a Celery worker) that
    must see the test database and the test Redis databases."""
    import os
    from urllib.parse import quote

    db = settings.DATABASES["default"]
    login = quote(db["USER"], safe="")
    if db.get("PASSWORD"):
        login += ":" + quote(db["PASSWORD"], safe="")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "spiral.platform.settings_test",
        "DATABASE_URL": f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }


@pytest.fixture(scope="module")
def worker_queue() -> str:
    return f"spiral-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def celery_worker(subprocess_env, worker_queue, tmp_path):
    """A real Celery worker process on the real Redis broker (no eager mode),
    consuming a queue of its own. Yields the path of its log file."""
    from tests.workers.processes import worker_start

    log_path = tmp_path / "worker.log"
    process = worker_start(subprocess_env, worker_queue, log_path, loglevel="INFO")
    try:
        _wait_for(lambda: "ready" in log_path.read_text(), timeout=30, process=process)
        yield log_path
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(condition, *, timeout: float, process=None, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError("worker exited early")
        time.sleep(interval)
    raise TimeoutError("condition not met in time")


@pytest.fixture
def wait_for():
    return _wait_for


@pytest.fixture
def world(tenant_a, in_tenant):
    """A small organisation in tenant A with one logged-in client per role
    (see tests/world.py)."""
    from tests.world import build_world

    return build_world(tenant_a, in_tenant)


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback, and Django's email pointed at it."""
    from tests.smtp import SmtpSink

    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        yield sink
