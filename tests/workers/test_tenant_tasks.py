import json
import uuid

import pytest
import redis
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from spiral.platform.accounts.models import User
from spiral.workers.app import app
from spiral.workers.base import TenantRequiredError
from spiral.workers.tasks.accounts import clear_expired_sessions

pytestmark = pytest.mark.worker


def _report(key: str):
    raw = redis.Redis.from_url(settings.REDIS_URL).get(key)
    return json.loads(raw) if raw else None


def _send_probe(tenant, queue, email):
    key = f"probe:{uuid.uuid4().hex}"
    with schema_context(tenant.schema_name):
        app.send_task("tests.probe", args=[key, email], queue=queue)
    return key


def test_a_task_enqueued_in_a_tenant_runs_in_that_tenant_on_a_real_worker(
    real_commits, provisioned_tenants, celery_worker, worker_queue, wait_for
):
    tenant_a, tenant_b = provisioned_tenants["a"], provisioned_tenants["b"]
    with schema_context(tenant_a.schema_name):
        user = User.objects.create_user(email="only-in-a@example.se")
    try:
        # when the same probe is sent from A and from B
        key_a = _send_probe(tenant_a, worker_queue, "only-in-a@example.se")
        key_b = _send_probe(tenant_b, worker_queue, "only-in-a@example.se")
        wait_for(lambda: _report(key_a) and _report(key_b), timeout=30)
        # then each ran in its own schema, and only A's sees A's row
        assert _report(key_a) == {"schema": "alfa", "sees_email": True}
        assert _report(key_b) == {"schema": "beta", "sees_email": False}
        # and the worker's log lines carry the tenant and the task id
        lines = [json.loads(x) for x in celery_worker.read_text().splitlines() if x.startswith("{")]
        probe_lines = [line for line in lines if line.get("event") == "probe ran"]
        assert {line["tenant"] for line in probe_lines} == {"alfa", "beta"}
        assert all(line.get("task_id") for line in probe_lines)
    finally:
        with schema_context(tenant_a.schema_name):
            user.delete()


def test_a_task_sent_with_no_tenant_fails_loudly_on_a_real_worker(
    real_commits, celery_worker, worker_queue, wait_for
):
    # when a tenant task is sent from the public schema
    assert connection.schema_name == "public"
    key = f"probe:{uuid.uuid4().hex}"
    app.send_task("tests.probe", args=[key, "x@example.se"], queue=worker_queue)
    # then the worker refuses it with a named error and writes nothing
    wait_for(lambda: "TenantRequiredError" in celery_worker.read_text(), timeout=30)
    assert _report(key) is None


def test_a_task_run_in_process_with_no_tenant_raises(db):
    with pytest.raises(TenantRequiredError):
        clear_expired_sessions.apply().get()


def test_a_task_runs_in_the_tenant_it_was_applied_in(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        assert clear_expired_sessions.apply().get() == 0
