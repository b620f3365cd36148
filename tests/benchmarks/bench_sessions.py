"""Sessions and delivery (make bench): materialising 90 days of 1,000 weekly
series in one tenant, and relaying 10,000 outbox emails to an SMTP sink on
loopback against a plain loop sending the same emails directly, in one run."""

import time
from datetime import date, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.core.mail import EmailMultiAlternatives
from django_tenants.utils import schema_context

from spiral.platform.outbox.email import TOPIC
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.platform.outbox.services import outbox_publish
from spiral.programs.sessions.models import Session, SessionSeries
from spiral.programs.sessions.services import sessions_materialise_horizon
from tests.benchmarks.conftest import report

SERIES, MESSAGES = 1000, 10_000


def test_materialise_and_relay(real_commits, provisioned_tenants, smtp_sink):
    tenant = provisioned_tenants["a"]
    with schema_context(tenant.schema_name):
        SessionSeries.objects.bulk_create(
            SessionSeries(kind="group_meetings", title=f"Serie {n}", starts_on=date(2027, 1, 4),
                          start_time=clock(9 + n % 8), rule="FREQ=WEEKLY")
            for n in range(SERIES)
        )  # fmt: skip
        started = time.perf_counter()
        created = sessions_materialise_horizon(now=datetime(2027, 1, 1, tzinfo=ZoneInfo("UTC")))
        materialise = time.perf_counter() - started

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
        try:
            assert smtp_sink.count == 2 * MESSAGES
        finally:
            Session.objects.all().delete()
            SessionSeries.objects.all().delete()
            OutboxMessage.objects.filter(key__in=keys).delete()
    report(
        "Sessions and delivery (one tenant)",
        [
            (f"materialise 90 days of {SERIES:,} weekly series: {created:,} sessions (s)",
             f"{materialise:.1f}"),
            (f"outbox relay of {MESSAGES:,} emails to an SMTP sink (msg/s)",
             f"{MESSAGES / relay:,.0f}"),
            ("baseline: a plain loop sending the same emails (msg/s)", f"{MESSAGES / plain:,.0f}"),
            ("ratio relay / plain loop", f"{plain / relay:.2f}"),
        ],
    )  # fmt: skip
