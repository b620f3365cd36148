import json

import pytest
import redis
from django.conf import settings

from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_suspend
from spiral.workers.fanout import fan_out_to_tenants

TASK = "spiral.accounts.clear_expired_sessions"


@pytest.fixture
def broker_queue():
    """The real Redis list the default queue lives in, emptied before and after."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    client.delete(queue)
    yield lambda: [json.loads(raw) for raw in client.lrange(queue, 0, -1)]
    client.delete(queue)


def _extra_tenants(count: int, status: str) -> None:
    # Rows only: the fan-out reads statuses and enqueues; nothing runs here.
    Tenant.objects.bulk_create(
        Tenant(
            name=f"{status} {i}",
            slug=f"{status}-{i}",
            schema_name=f"{status}_{i}",
            kind="municipality",
            org_number=f"{status[:1]}{i:05d}-0000",
            status=status,
        )
        for i in range(count)
    )


def test_fan_out_sends_one_message_per_active_tenant_in_its_schema(
    tenant_a, tenant_b, broker_queue
):
    # given A active, B suspended, and one tenant still provisioning
    tenant_suspend(tenant=tenant_b)
    _extra_tenants(1, "provisioning")
    # when
    delays = fan_out_to_tenants(TASK, jitter_seconds=0)
    # then only A gets the task, carrying A's schema
    assert delays == {"alfa": 0}
    messages = broker_queue()
    assert [m["headers"]["_schema_name"] for m in messages] == ["alfa"]
    assert [m["headers"]["task"] for m in messages] == [TASK]


def test_fan_out_spreads_tenants_over_the_jitter_window(tenant_a, broker_queue):
    _extra_tenants(40, "active")
    active = Tenant.objects.filter(status="active").count()  # 40 + A + B
    delays = fan_out_to_tenants(TASK, jitter_seconds=300)
    assert len(delays) == active == 42
    assert all(0 <= delay <= 300 for delay in delays.values())
    assert len(set(delays.values())) > 20, "tenants were not spread out"
    messages = broker_queue()
    assert len(messages) == 42
    delayed = [m for m in messages if m["headers"]["eta"]]
    assert len(delayed) == sum(1 for d in delays.values() if d > 0)
