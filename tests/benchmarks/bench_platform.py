"""Platform benchmarks (make bench). Each figure is printed with a baseline
measured in the same run."""

import io
import statistics
import sys
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_create
from spiral.tenants.validators import luhn_check_digit
from tests.benchmarks.conftest import best_rate, report

ROUTED_HOST = "alfa.spiral.test"
BENCH_URLCONF = "tests.benchmarks.bench_urls"


def _org_number(serial: int) -> str:
    digits = f"21200{serial:04d}"
    return f"{digits[:6]}-{digits[6:]}{luhn_check_digit(digits)}"


def _drop_tenants(slugs):
    for tenant in Tenant.objects.filter(slug__in=slugs):
        tenant.delete(force_drop=True)


def test_provisioning_and_noop_migration_over_50_tenants(real_commits):
    slugs = [f"bench-{i}" for i in range(50)]
    _drop_tenants(slugs)
    try:
        durations = []
        for i, slug in enumerate(slugs):
            started = time.perf_counter()
            tenant_create(
                name=f"Bench {i}",
                slug=slug,
                kind="municipality",
                org_number=_org_number(5000 + i),
                admin_email=f"hr@{slug}.example.se",
            )
            durations.append(time.perf_counter() - started)
        schemas = Tenant.objects.count()
        started = time.perf_counter()
        call_command("migrate_schemas", tenant=True, verbosity=0, stdout=io.StringIO())
        noop_migrate = time.perf_counter() - started
        report(
            "Provisioning",
            [
                ("provision one tenant, median of 50 (s)", f"{statistics.median(durations):.3f}"),
                ("provision one tenant, slowest of 50 (s)", f"{max(durations):.3f}"),
                (f"no-op migrate_schemas over {schemas} tenant schemas (s)", f"{noop_migrate:.2f}"),
                ("  per schema (s)", f"{noop_migrate / schemas:.3f}"),
            ],
        )
    finally:
        _drop_tenants(slugs)


def _environ(host: str, path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }


def _caller(handler: WSGIHandler, host: str):
    def call():
        body = b"".join(handler(_environ(host, "/bench/ping"), lambda status, headers: None))
        assert body.startswith(b'{"schema": "alfa"'), body

    return call


@pytest.fixture
def persistent_connection():
    """As in production with CONN_MAX_AGE, and as Django's test client does: the
    connection is not closed after each request."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_tenant_routing_overhead(tenant_a, settings, persistent_connection):
    from django.conf import settings as live

    settings.ROOT_URLCONF = BENCH_URLCONF
    settings.LOGGING_CONFIG = None
    routed = WSGIHandler()
    with override_settings(
        MIDDLEWARE=[m for m in live.MIDDLEWARE if not m.endswith("TenantRoutingMiddleware")]
    ):
        unrouted = WSGIHandler()
    call_routed = _caller(routed, ROUTED_HOST)
    call_routed()  # warms the host cache

    def call_unrouted():
        # The same schema the routed request gets, chosen without routing.
        connection.set_tenant(tenant_a)
        _caller(unrouted, "spiral.test")()

    # Silence the access log for both: it is the same work on either side.
    import logging

    logging.getLogger("spiral.access").disabled = True
    try:
        rates = {"routed": [], "unrouted": []}
        for _ in range(3):  # interleaved, so that drift hits both alike
            rates["unrouted"].append(best_rate(call_unrouted, count=2000))
            rates["routed"].append(best_rate(call_routed, count=2000))
    finally:
        logging.getLogger("spiral.access").disabled = False

    with CaptureQueriesContext(connection) as queries:
        call_routed()
    routed_rps = statistics.median(rates["routed"])
    unrouted_rps = statistics.median(rates["unrouted"])
    overhead = 1 - routed_rps / unrouted_rps
    report(
        "Tenant routing (in-process WSGI, same JSON view)",
        [
            ("without tenant routing (req/s)", f"{unrouted_rps:,.0f}"),
            ("with tenant routing, warm host cache (req/s)", f"{routed_rps:,.0f}"),
            ("routing cost", f"{overhead:.1%}"),
            ("database queries per routed request (warm)", str(len(queries))),
        ],
    )
    assert len(queries) == 0
