"""The components' parts of the demo tenant (``spiral demo``): one package, so
that the demo tenant is made once for all of its modules."""

import time

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from spiral.programs.programmes.component_apps import ComponentAppConfig
from spiral.tenants.demo import DEMO_SEED, demo_tenant_ensure


@pytest.fixture(scope="package")
def demo(provisioned_tenants, django_db_blocker):
    """The demo tenant, made once for this package's modules in a transaction
    rolled back after its last test (as tests/tenants/test_demo.py does); the
    time each component's history took is printed."""
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
