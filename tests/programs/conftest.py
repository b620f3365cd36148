"""What the tests of programmes, sessions and reminders share, and the demo
tenant for the modules that test a component's part of it."""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.programmes.component_apps import ComponentAppConfig
from spiral.programs.sessions.models import Attendance, Session
from spiral.tenants.demo import DEMO_SEED, demo_tenant_ensure

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2027, 3, 3, 12, 0, tzinfo=STOCKHOLM)  # a Wednesday: no digest


@pytest.fixture
def session_for(world, in_tenant):
    def make(kind="group_meetings", starts_in=timedelta(hours=20)):
        with in_tenant(world.tenant):
            start = NOW + starts_in
            session = Session.objects.create(
                kind=kind, title="Gruppmöte", organiser=world.people["manager"],
                starts_at=start, ends_at=start + timedelta(hours=1),
            )  # fmt: skip
            Attendance.objects.create(session=session, person=world.people["staff"])
            return session

    return make


def emails_of(in_tenant, world):
    with in_tenant(world.tenant):
        return list(OutboxMessage.objects.filter(topic="email.send").order_by("id"))


@pytest.fixture(scope="module")
def demo(provisioned_tenants, django_db_blocker):
    """The demo tenant, made once for the module in a transaction rolled back
    after its last test (as tests/tenants/test_demo.py does); the time each
    component's history took is printed."""
    timings: dict[str, float] = {}
    original = ComponentAppConfig.demo_history

    def timed(config, world):
        started = time.monotonic()
        original(config, world)
        timings[config.label] = time.monotonic() - started

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        outer = transaction.atomic()
        outer.__enter__()
        ComponentAppConfig.demo_history = timed
        try:
            made = demo_tenant_ensure(seed=DEMO_SEED)
            ComponentAppConfig.demo_history = original
            print(
                f"\ndemo made in {made.seconds:.1f} s; histories: "
                + ", ".join(f"{label} {seconds:.2f} s" for label, seconds in timings.items())
            )
            yield made
        finally:
            ComponentAppConfig.demo_history = original
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.set_schema_to_public()


@pytest.fixture
def in_demo(demo, db):
    with schema_context(demo.tenant.schema_name):
        yield demo
