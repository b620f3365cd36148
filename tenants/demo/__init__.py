"""The demo tenant that ``spiral dev`` (``make run``) and the compose file's
migrate service start with (``spiral demo --migrate``): Demokommunen, a
municipality of 150 units in three levels (förvaltning, verksamhet, enhet)
and 2,000 people, whose first-line-manager programme has run for about three
months. Made on the first run, found on later ones.

- ``plan.py`` (with ``names.py`` and ``organisation.py``): the tenant as data,
  a pure function of a seed;
- ``build.py``: writes it through the product's own services and bulk paths;
- ``world.py``: the hook through which each component adds its own history
  (a component's ``demo.py`` with ``demo_history(world)``);
- ``printout.py``: what ``spiral demo`` prints.

Development only: the four printed logins share one known password, and
``spiral demo`` refuses to run with ``SPIRAL_ENV=production``."""

import time
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from spiral.platform.audit.context import acting_as
from spiral.tenants.demo.plan import DemoPlan, demo_plan
from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_create

DEMO_SLUG = "demo"
DEMO_SEED = 2026
DEMO_ORG_NUMBER = "212000-0001"
# Development only: `spiral demo` refuses to run in production.
DEMO_PASSWORD = "spiral-demo-2026"  # noqa: S105
DEMO_ACTOR = "system:demo"


@dataclass(frozen=True)
class DemoTenant:
    tenant: Tenant
    plan: DemoPlan
    created: bool
    seconds: float = 0.0  # how long making it took


def demo_tenant_ensure(*, seed: int = DEMO_SEED, today: date | None = None) -> DemoTenant:
    """Finds the demo tenant, or makes it: the tenant, its schema and
    administrator (``tenant_create``) and everything in it, in one
    transaction, so that a failure leaves no half-made tenant behind for the
    next run to find. Called from the public schema."""
    plan = demo_plan(seed)
    tenant = Tenant.objects.filter(slug=DEMO_SLUG).first()
    if tenant is not None:
        return DemoTenant(tenant=tenant, plan=plan, created=False)
    from spiral.tenants.demo.build import demo_build  # models and services: not at import

    started = time.monotonic()
    try:
        with transaction.atomic(), acting_as(label=DEMO_ACTOR):
            tenant = tenant_create(
                name=plan.municipality,
                slug=DEMO_SLUG,
                kind=Tenant.Kind.MUNICIPALITY,
                org_number=DEMO_ORG_NUMBER,
                admin_email=plan.person(plan.logins["hr"]).email,
            ).tenant
            # The rest in the tenant's schema; its on-commit work runs there too.
            connection.set_tenant(tenant)
            demo_build(plan=plan, today=today or timezone.localdate(), password=DEMO_PASSWORD)
    finally:
        connection.set_schema_to_public()
    return DemoTenant(tenant=tenant, plan=plan, created=True, seconds=time.monotonic() - started)


def demo_tenant_remove() -> bool:
    """Removes the demo tenant, its schema and domains (``spiral demo
    --reset``). Returns whether there was one."""
    tenant = Tenant.objects.filter(slug=DEMO_SLUG).first()
    if tenant is None:
        return False
    with transaction.atomic():
        tenant.delete(force_drop=True)
    return True
