"""The people page for HR (make bench BENCH_ARGS='-k people_page'): a tenant of
50,000 people in 3,000 units, its first page and a filtered page rendered as
HTML (and the htmx answer of the filter, the results alone), each against
GET /api/v1/people/ with the same rows a page (25) and the same filters, as
the same HR session, in the same run. Median milliseconds a request
(in-process WSGI, persistent connection, as bench_org.py measures)."""

import gc
import io
import statistics
import sys
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from spiral.platform.accounts.models import User
from spiral.programs.org.models import OrgUnit
from tests.benchmarks import org_data
from tests.benchmarks.bench_org import (  # noqa: F401 (a fixture)
    PEOPLE,
    UNITS,
    _bulk_create_baseline,
    _provision,
    quiet_fast_requests,
)
from tests.benchmarks.conftest import report

PAGE_SIZE = 25  # ListPage.paginate_by


@pytest.fixture(scope="module")
def people_tenant(django_db_setup, django_db_blocker):
    """A tenant of 50,000 people in 3,000 units (bulk-created: what is
    measured is reading them), with its HR administrator's session."""
    data = org_data.csv_export(PEOPLE, UNITS)
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        tenant = _provision("bench-people-page", 9011)
        with schema_context(tenant.schema_name):
            _bulk_create_baseline(data)
            under = OrgUnit.objects.get(external_id="V007").public_id  # an operation's subtree
        yield tenant, under
        connection.set_schema_to_public()
        tenant.delete(force_drop=True)


def _environ(host: str, path: str, query: str, headers: dict) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": host, "SERVER_PORT": "80", "HTTP_HOST": host,
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        **headers,
    }  # fmt: skip


def _median_ms(call, *, count: int) -> float:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


@pytest.mark.usefixtures("quiet_fast_requests")
def test_people_page_against_the_api_list(people_tenant, django_db_blocker, settings):
    tenant, under = people_tenant
    host = f"{tenant.slug}.{settings.SPIRAL_BASE_DOMAIN}"
    handler = WSGIHandler()
    with django_db_blocker.unblock(), schema_context(tenant.schema_name):
        browser = Client(HTTP_HOST=host)
        browser.force_login(User.objects.get(email=f"hr@{tenant.slug}.example.se"))
    session = {"HTTP_COOKIE": f"sessionid={browser.cookies['sessionid'].value}"}
    htmx = {**session, "HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
    filtered = f"search=Berg&under={under}&status=active"

    def caller(path, query, headers, expect: bytes):
        def call():
            status = []
            body = b"".join(handler(_environ(host, path, query, headers),
                                    lambda s, h: status.append(s)))  # fmt: skip
            assert status == ["200 OK"] and expect in body, (status, body[:300])

        return call

    cases = {
        "first page": (
            caller("/people/", "", session, b"50000 personer"),
            caller("/api/v1/people/", f"page_size={PAGE_SIZE}", session, b'"results"'),
        ),
        "filtered (search, unit subtree, status)": (
            caller("/people/", filtered, session, b"personer</p>"),
            caller("/api/v1/people/", f"{filtered}&page_size={PAGE_SIZE}", session, b'"results"'),
        ),
        "filtered, htmx answer (results alone)": (
            caller("/people/", filtered, htmx, b"personer</p>"),
            caller("/api/v1/people/", f"{filtered}&page_size={PAGE_SIZE}", session, b'"results"'),
        ),
    }
    rows = []
    with django_db_blocker.unblock():
        gc.collect()
        gc.freeze()
        for label, (page, api) in cases.items():
            page(), api()  # warm
            measured = {"page": [], "api": []}
            for _ in range(3):  # interleaved rounds
                measured["api"].append(_median_ms(api, count=30))
                measured["page"].append(_median_ms(page, count=30))
            with CaptureQueriesContext(connection) as page_queries:
                page()
            with CaptureQueriesContext(connection) as api_queries:
                api()
            page_ms = statistics.median(measured["page"])
            api_ms = statistics.median(measured["api"])
            rows += [
                (f"{label}: people page, HTML (ms)", f"{page_ms:.1f}"),
                (f"{label}: GET /api/v1/people/ (ms)", f"{api_ms:.1f}"),
                (f"{label}: ratio page / API", f"{page_ms / api_ms:.2f}"),
                (f"{label}: queries, page / API",
                 f"{len(page_queries)} / {len(api_queries)}"),
            ]  # fmt: skip
    report(
        f"People page for HR against the API's list, {PAGE_SIZE} a page, "
        f"tenant of {PEOPLE:,} people in {UNITS:,} units (median ms a request, in-process WSGI)",
        rows,
    )
