"""Organisation benchmarks (make bench): the HR import against a plain
bulk_create of the same rows, and GET /api/v1/people/ against a bare Django
view returning the same 50 rows from values(), all in one run."""

import csv
import gc
import io
import json
import statistics
import sys
import time
import uuid

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.http import JsonResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django_tenants.utils import schema_context

from spiral.platform.accounts.models import User
from spiral.programs.org.hr_import.service import people_import
from spiral.programs.org.models import OrgUnit, Person
from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_create
from tests.benchmarks import org_data
from tests.benchmarks.conftest import best_rate, report

PEOPLE, UNITS = 50_000, 3000


def _provision(slug: str, serial: int) -> Tenant:
    from tests.benchmarks.bench_platform import _org_number

    Tenant.objects.filter(slug=slug).first() and Tenant.objects.get(slug=slug).delete(
        force_drop=True
    )
    return tenant_create(
        name=slug, slug=slug, kind="municipality", org_number=_org_number(serial),
        admin_email=f"hr@{slug}.example.se",
    ).tenant  # fmt: skip


def _bulk_create_baseline(data: bytes) -> None:
    """The least any import must do: parse the rows and insert them."""
    rows = list(csv.reader(io.StringIO(data.decode()), delimiter=";"))[1:]
    units, by_id = [], {}
    for unit_id, name, parent in org_data.units(UNITS):
        public_id = uuid.uuid4()
        base = by_id[parent].path if parent else "/"
        unit = OrgUnit(public_id=public_id, external_id=unit_id, name=name,
                       path=base + OrgUnit.segment(public_id))  # fmt: skip
        by_id[unit_id] = unit
        units.append(unit)
    OrgUnit.objects.bulk_create(units, batch_size=2000)
    Person.objects.bulk_create(
        (
            Person(
                external_id=r[0],
                given_name=r[1],
                family_name=r[2],
                email=r[3],
                title=r[4],
                unit=by_id[r[5]],
            )
            for r in rows
        ),
        batch_size=2000,
    )


@pytest.fixture(scope="module")
def big_tenant(django_db_setup, django_db_blocker):
    """A tenant of 50,000 people imported from CSV (timed), and a second one
    filled by a bare bulk_create of the same rows (the baseline)."""
    data = org_data.csv_export(PEOPLE, UNITS)
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        tenant, baseline_tenant = _provision("bench-org", 9001), _provision("bench-base", 9002)
        with schema_context(tenant.schema_name):
            started = time.perf_counter()
            result = people_import(data=data, filename="hr.csv", full=True, dry_run=False)
            import_seconds = time.perf_counter() - started
            assert result.committed and result.created == PEOPLE, result.errors[:3]
        with schema_context(baseline_tenant.schema_name):
            started = time.perf_counter()
            _bulk_create_baseline(data)
            baseline_seconds = time.perf_counter() - started
        report(
            f"HR import, {PEOPLE:,} people in {UNITS:,} units (CSV, {len(data) / 1e6:.1f} MB)",
            [
                ("spiral import people, full, committed (s)", f"{import_seconds:.1f}"),
                ("baseline: parse + bulk_create of the same rows (s)", f"{baseline_seconds:.1f}"),
                ("ratio import / baseline", f"{import_seconds / baseline_seconds:.2f}"),
            ],
        )
        yield tenant
        connection.set_schema_to_public()
        for doomed in (tenant, baseline_tenant):
            doomed.delete(force_drop=True)


FIELDS = ["public_id", "external_id", "given_name", "family_name", "email", "phone", "title",
          "unit__public_id", "status", *Person.ROLE_FIELDS, "created_at", "updated_at"]  # fmt: skip


def bare_people(request):
    rows = list(Person.objects.order_by("updated_at", "id").values(*FIELDS)[:50])
    return JsonResponse({"results": rows})


urlpatterns = [
    path("bare/people/", bare_people),
    path("", include("spiral.platform.urls_tenant")),
]


def _environ(host: str, path: str, headers: dict) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "page_size=50",
        "SERVER_NAME": host, "SERVER_PORT": "80", "HTTP_HOST": host,
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        **headers,
    }  # fmt: skip


@pytest.fixture
def quiet_fast_requests():
    """Requests as in production (persistent connection), without access lines
    on the console, and with the throttle still running but not stopping us."""
    import logging

    from spiral.api.throttling import ClientRateThrottle

    rates = ClientRateThrottle.THROTTLE_RATES
    ClientRateThrottle.THROTTLE_RATES = {**rates, "client": "1000000/minute"}
    # Persistent database connections, as production runs (DB_CONN_MAX_AGE).
    max_age = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = None
    connection.close_at = None
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    logging.getLogger("spiral.access").disabled = True
    yield
    logging.getLogger("spiral.access").disabled = False
    connection.settings_dict["CONN_MAX_AGE"] = max_age
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    ClientRateThrottle.THROTTLE_RATES = rates


def _callers(tenant, host) -> dict[str, dict]:
    """Request headers of an HR session and of an integration's bearer token."""
    from django.test import Client

    from spiral.api.integrations.services import api_client_create

    with schema_context(tenant.schema_name):
        browser = Client(HTTP_HOST=host)
        browser.force_login(User.objects.get(email=f"hr@{tenant.slug}.example.se"))
        client, secret = api_client_create(name="HR-system", scopes=["people:read"])
    token = Client(HTTP_HOST=host).post(
        "/api/oauth/token/",
        {"grant_type": "client_credentials", "client_id": client.application.client_id,
         "client_secret": secret},
    ).json()["access_token"]  # fmt: skip
    return {
        "integration (OAuth2 token)": {"HTTP_AUTHORIZATION": f"Bearer {token}"},
        "HR (session login)": {"HTTP_COOKIE": f"sessionid={browser.cookies['sessionid'].value}"},
    }


def test_people_list_against_a_bare_values_view(
    big_tenant, django_db_blocker, settings, quiet_fast_requests
):
    settings.ROOT_URLCONF = "tests.benchmarks.bench_org"
    host = f"{big_tenant.slug}.{settings.SPIRAL_BASE_DOMAIN}"
    handler = WSGIHandler()

    def caller(path, headers):
        def call():
            body = b"".join(handler(_environ(host, path, headers), lambda *a: None))
            assert len(json.loads(body).get("results", ())) == 50, body[:300]

        return call

    rows = []
    with django_db_blocker.unblock():
        # What setting up 50,000 people left in this process must not make the
        # garbage collector's rounds during the measurement longer.
        gc.collect()
        gc.freeze()
        for who, headers in _callers(big_tenant, host).items():
            ours, bare = caller("/api/v1/people/", headers), caller("/bare/people/", {})
            ours(), bare()
            measured = {"ours": [], "bare": []}
            for _ in range(3):  # interleaved rounds
                measured["bare"].append(best_rate(bare, count=200))
                measured["ours"].append(best_rate(ours, count=200))
            with CaptureQueriesContext(connection) as queries:
                ours()
            with CaptureQueriesContext(connection) as bare_queries:
                bare()
            ours_rps = statistics.median(measured["ours"])
            bare_rps = statistics.median(measured["bare"])
            rows += [
                (f"{who}: bare Django view, values() as JSON (req/s)", f"{bare_rps:,.0f}"),
                (f"{who}: Spiral API (req/s)", f"{ours_rps:,.0f}"),
                (f"{who}: ratio Spiral / bare", f"{ours_rps / bare_rps:.2f}"),
                (f"{who}: queries per request, Spiral / bare",
                 f"{len(queries)} / {len(bare_queries)}"),
            ]  # fmt: skip
    report(f"GET /api/v1/people/?page_size=50, tenant of {PEOPLE:,} people (in-process WSGI)", rows)
