"""Periodic work that each tenant needs runs once per active tenant, spread over
a window so that a thousand tenants never start in the same second."""

import logging
import random

from django.conf import settings
from django_tenants.utils import tenant_context

from spiral.tenants.selectors import tenants_ready_for_work
from spiral.workers.app import app

log = logging.getLogger(__name__)


def fan_out_to_tenants(task_name: str, *, jitter_seconds: int | None = None) -> dict[str, int]:
    """Sends ``task_name`` once for every active tenant, each in its own schema,
    after a random delay. Returns the delay chosen per schema."""
    spread = settings.SPIRAL_FANOUT_JITTER_SECONDS if jitter_seconds is None else jitter_seconds
    delays = {}
    for tenant in tenants_ready_for_work().iterator():
        delay = random.randint(0, spread) if spread else 0  # noqa: S311 (not security)
        with tenant_context(tenant):  # the message carries this schema
            app.send_task(task_name, countdown=delay)
        delays[tenant.schema_name] = delay
    log.info("fanned out", extra={"task": task_name, "tenants": len(delays)})
    return delays


@app.task(name="spiral.fan_out", runs_in_public=True)
def fan_out(task_name: str, jitter_seconds: int | None = None) -> None:
    fan_out_to_tenants(task_name, jitter_seconds=jitter_seconds)
