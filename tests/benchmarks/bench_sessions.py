"""Sessions and delivery (make bench): materialising 90 days of 1,000 weekly
series in one tenant against a plain insert of the same rows; relaying 10,000
outbox emails to an SMTP sink on loopback against a plain loop sending the
same emails directly, in one run; and the 90-day horizon for 300 tenants with
1,000 series each, through real workers (BENCH_FLEET_TENANTS changes the 300)."""

import os
import subprocess
import sys
import time
from datetime import date, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection
from django_tenants.utils import schema_context

from spiral.platform.localservices import postgres_client_program
from spiral.platform.outbox.email import TOPIC
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.platform.outbox.services import outbox_publish
from spiral.programs.sessions.models import Session, SessionSeries
from spiral.programs.sessions.services import sessions_materialise_horizon
from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_create
from spiral.tenants.validators import schema_name_for_slug
from spiral.workers.app import app
from tests.benchmarks.bench_platform import _drop_tenants, _org_number
from tests.benchmarks.conftest import report
from tests.conftest import REPO_ROOT

SERIES, MESSAGES = 1000, 10_000


def test_materialise_and_relay(real_commits, provisioned_tenants, smtp_sink):
    tenant = provisioned_tenants["a"]
    with schema_context(tenant.schema_name):
        SessionSeries.objects.bulk_create(_weekly_series(SERIES))
        started = time.perf_counter()
        created = sessions_materialise_horizon(now=datetime(2027, 1, 1, tzinfo=ZoneInfo("UTC")))
        materialise = time.perf_counter() - started
        # Baseline: the same rows written by one plain bulk_create, no rules.
        rows = list(Session.objects.values("series_id", "occurrence", "kind", "title",
                                           "starts_at", "ends_at"))  # fmt: skip
        Session.objects.all().delete()
        started = time.perf_counter()
        Session.objects.bulk_create([Session(**row) for row in rows], batch_size=2000)
        plain_insert = time.perf_counter() - started

        keys = [f"bench:{n}" for n in range(MESSAGES)]
        outbox_publish(
            (TOPIC, key, {"to": "m@example.se", "subject": key, "body": "Hej"}) for key in keys
        )
        started = time.perf_counter()
        relayed = 0
        while relayed < MESSAGES:
            relayed += outbox_relay(limit=1000)
        relay = time.perf_counter() - started

        started = time.perf_counter()
        for key in keys:
            EmailMultiAlternatives(subject=key, body="Hej", to=["m@example.se"]).send()
        plain = time.perf_counter() - started

        started = time.perf_counter()
        with get_connection() as mail:
            for key in keys:
                EmailMultiAlternatives(subject=key, body="Hej", to=["m@example.se"],
                                       connection=mail).send()  # fmt: skip
        plain_one_connection = time.perf_counter() - started
        try:
            assert smtp_sink.count == 3 * MESSAGES
        finally:
            Session.objects.all().delete()
            SessionSeries.objects.all().delete()
            OutboxMessage.objects.filter(key__in=keys).delete()
    report(
        "Sessions and delivery (one tenant)",
        [
            (f"materialise 90 days of {SERIES:,} weekly series: {created:,} sessions (s)",
             f"{materialise:.2f}"),
            ("baseline: one plain bulk_create of the same rows (s)", f"{plain_insert:.2f}"),
            ("ratio plain insert / materialise", f"{plain_insert / materialise:.2f}"),
            (f"outbox relay of {MESSAGES:,} emails to an SMTP sink (msg/s)",
             f"{MESSAGES / relay:,.0f}"),
            ("baseline: a plain loop sending the same emails (msg/s)", f"{MESSAGES / plain:,.0f}"),
            ("ratio relay / plain loop", f"{plain / relay:.2f}"),
            ("a plain loop over one SMTP connection (msg/s)",
             f"{MESSAGES / plain_one_connection:,.0f}"),
            ("ratio relay / plain loop over one connection", f"{plain_one_connection / relay:.2f}"),
        ],
    )  # fmt: skip


FLEET_TENANTS = int(os.environ.get("BENCH_FLEET_TENANTS", "300"))


def _weekly_series(count: int, starts_on: date = date(2027, 1, 4)) -> list[SessionSeries]:
    return [
        SessionSeries(kind="group_meetings", title=f"Serie {n}", starts_on=starts_on,
                      start_time=clock(9 + n % 8), rule="FREQ=WEEKLY")
        for n in range(count)
    ]  # fmt: skip


def _fleet(slugs: list[str]) -> list[str]:
    """Tenants with 1,000 weekly series each: the first provisioned as usual, the
    others copies of its schema (tables, indexes, constraints and rows), made by
    pg_dump and restored under each tenant's schema name in one psql session.
    Provisioning 300 tenants would take most of an hour on a 2-core machine."""
    first = tenant_create(
        name="Flotta mall", slug=slugs[0], kind="municipality", org_number=_org_number(7000),
        admin_email=f"hr@{slugs[0]}.example.se",
    ).tenant  # fmt: skip
    with schema_context(first.schema_name):
        SessionSeries.objects.bulk_create(_weekly_series(SERIES, starts_on=date.today()))
    db = connection.settings_dict
    libpq = ["-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-d", db["NAME"]]
    # Of the server's major version (pg_dump refuses a newer server): the
    # embedded PostgreSQL's own when it runs the tests, else the machine's.
    pg_dump, psql = (
        postgres_client_program(name, connection.pg_version) for name in ("pg_dump", "psql")
    )
    dump = subprocess.run(
        [pg_dump, *libpq, "--schema", first.schema_name, "--no-owner", "--no-privileges"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    schemas = [first.schema_name]
    script = []
    for i, slug in enumerate(slugs[1:], start=1):
        tenant = Tenant.objects.create(
            name=f"Flotta {i}", slug=slug, schema_name=schema_name_for_slug(slug),
            kind="municipality", org_number=_org_number(7000 + i), status=Tenant.Status.ACTIVE,
        )  # fmt: skip
        script.append(
            dump.replace(f"SCHEMA {first.schema_name};", f"SCHEMA {tenant.schema_name};").replace(
                f"{first.schema_name}.", f"{tenant.schema_name}."
            )
        )
        schemas.append(tenant.schema_name)
    subprocess.run(
        [psql, *libpq, "-q", "-v", "ON_ERROR_STOP=1"], input="\n".join(script), check=True,
        text=True, capture_output=True,
    )  # fmt: skip
    return schemas


def _count(schemas: list[str], sql: str) -> int:
    union = " UNION ALL ".join(sql.format(schema=schema) for schema in schemas)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sum(n) FROM ({union}) AS counts")  # noqa: S608 (our schemas)
        return int(cursor.fetchone()[0] or 0)


def test_materialise_the_horizon_for_a_fleet_of_tenants(real_commits, subprocess_env, tmp_path):
    """As production runs it: the scheduler's fan-out task sends one
    materialisation per active tenant, and a worker with two processes (this
    machine has two cores) works through them."""
    slugs = ["flotta-mall"] + [f"flotta-{i}" for i in range(1, FLEET_TENANTS)]
    _drop_tenants(slugs)
    queue = f"fleet-bench-{os.getpid()}"
    env = {**subprocess_env, "CELERY_DEFAULT_QUEUE": queue}
    worker = None
    try:
        started = time.perf_counter()
        schemas = _fleet(slugs)
        setup = time.perf_counter() - started
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "spiral.workers.app", "worker", "-Q", queue,
             "--concurrency=2", "--without-heartbeat", "--without-mingle", "--without-gossip",
             "--loglevel=WARNING"],
            cwd=REPO_ROOT, env=env, stdout=(tmp_path / "worker.log").open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        pending = "SELECT count(*) AS n FROM {schema}.scheduling_sessionseries"
        pending += " WHERE materialised_until IS NULL"
        started = time.perf_counter()
        app.send_task(
            "spiral.fan_out", args=["spiral.sessions.materialise_horizon", 0], queue=queue
        )
        while _count(schemas, pending):
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-2000:]
            time.sleep(1)
        elapsed = time.perf_counter() - started
        sessions = _count(schemas, "SELECT count(*) AS n FROM {schema}.scheduling_session")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        _drop_tenants(slugs)
    assert sessions == FLEET_TENANTS * SERIES * 13  # 13 weeks from today
    report(
        f"Sessions: the 90-day horizon for {FLEET_TENANTS} tenants",
        [
            (f"set-up: {FLEET_TENANTS} tenants x {SERIES:,} weekly series (s, not measured)",
             f"{setup:.0f}"),
            (f"materialise {sessions:,} sessions through the workers (s)", f"{elapsed:.0f}"),
            ("  sessions per second", f"{sessions / elapsed:,.0f}"),
            ("  per tenant, two worker processes (s)", f"{elapsed / FLEET_TENANTS:.2f}"),
        ],
    )  # fmt: skip
