"""A programme's page (one page of its enrolments, its components and upcoming
sessions, rendered as HTML) against the API's list of the same enrolments
(GET /api/v1/enrolments/?programme=...), same page size, same HR session, in
a tenant of 50,000 people with the first-line-manager programme for its 3,000
managers, in one run (make bench BENCH_ARGS='-k programme_page')."""

import gc
import io
import json
import statistics
import sys

from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from spiral.platform.accounts.models import User
from spiral.programs.org.models import Person
from spiral.programs.programmes.models import ProgrammeTemplate
from spiral.programs.programmes.pages import ProgrammePage
from spiral.programs.programmes.services import programme_activate, programme_create
from tests.benchmarks.bench_org import big_tenant, quiet_fast_requests  # noqa: F401 (fixtures)
from tests.benchmarks.conftest import best_rate, report

PAGE_SIZE = ProgrammePage.paginate_by


def _environ(host: str, path: str, query: str, cookie: str) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": host, "SERVER_PORT": "80", "HTTP_HOST": host,
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        "HTTP_COOKIE": f"sessionid={cookie}",
    }  # fmt: skip


def test_programme_page_against_the_enrolments_api(
    big_tenant,  # noqa: F811
    django_db_blocker,
    settings,
    quiet_fast_requests,  # noqa: F811
):
    host = f"{big_tenant.slug}.{settings.SPIRAL_BASE_DOMAIN}"
    handler = WSGIHandler()
    with django_db_blocker.unblock():
        with schema_context(big_tenant.schema_name):
            programme = programme_create(
                name="Chefsprogram, alla chefer",
                template=ProgrammeTemplate.objects.get(key="first-line-managers"),
                owner=Person.objects.filter(is_senior_manager=True).first(),
                starts_on="2027-01-01", ends_on="2027-12-31",
                target_roles=["first_line_manager", "senior_manager"],
            )  # fmt: skip
            enrolled = len(programme_activate(programme=programme))
            browser = Client(HTTP_HOST=host)
            browser.force_login(User.objects.get(email=f"hr@{big_tenant.slug}.example.se"))
        cookie = browser.cookies["sessionid"].value

        def caller(path, query, check):
            def call():
                status = []
                body = b"".join(
                    handler(_environ(host, path, query, cookie), lambda s, h: status.append(s))
                )
                assert status[0].startswith("200"), (status, body[:300])
                check(body)

            return call

        def page_check(body):
            assert body.count(b"/withdraw/") == PAGE_SIZE, body[:300]

        def api_check(body):
            assert len(json.loads(body)["results"]) == PAGE_SIZE, body[:300]

        page = caller(f"/programmes/{programme.public_id}/", "", page_check)
        api = caller(
            "/api/v1/enrolments/", f"programme={programme.public_id}&page_size={PAGE_SIZE}",
            api_check,
        )  # fmt: skip
        page(), api()
        gc.collect()
        gc.freeze()
        measured = {"page": [], "api": []}
        for _ in range(3):  # interleaved rounds
            measured["api"].append(best_rate(api, count=30))
            measured["page"].append(best_rate(page, count=30))
        with CaptureQueriesContext(connection) as page_queries:
            page()
        with CaptureQueriesContext(connection) as api_queries:
            api()
    page_ms = 1000 / statistics.median(measured["page"])
    api_ms = 1000 / statistics.median(measured["api"])
    report(
        f"A programme's page against the API's enrolment list ({enrolled:,} enrolled, "
        f"tenant of 50,000 people, {PAGE_SIZE} a page, HR session, in-process WSGI)",
        [
            ("GET /api/v1/enrolments/?programme=… median (ms)", f"{api_ms:.1f}"),
            ("GET /programmes/<id>/ (HTML page) median (ms)", f"{page_ms:.1f}"),
            ("ratio page / API", f"{page_ms / api_ms:.2f}"),
            ("queries per request, page / API", f"{len(page_queries)} / {len(api_queries)}"),
        ],
    )
    assert enrolled >= 3000
