"""Rows created in tenant A are invisible in tenant B: through the ORM, through
HTTP on B's host, through the cache and through a Celery task run for B."""

import json
import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from spiral.platform.accounts.models import User
from spiral.workers.app import app

PASSWORD = "Ett-bra-lösenord-2026"


def test_orm_rows_of_a_are_not_in_b(tenant_a, tenant_b, in_tenant):
    with in_tenant(tenant_a):
        User.objects.create_user(email="anna@alfa.se")
        assert User.objects.filter(email="anna@alfa.se").exists()
    with in_tenant(tenant_b):
        assert not User.objects.filter(email="anna@alfa.se").exists()
        with connection.cursor() as cursor:  # not even by raw SQL on B's search path
            cursor.execute("SELECT count(*) FROM accounts_user WHERE email = %s", ["anna@alfa.se"])
            assert cursor.fetchone()[0] == 0


def test_http_on_b_host_shows_nothing_of_a(tenant_a, tenant_b, in_tenant, client_a, client_b):
    with in_tenant(tenant_a):
        User.objects.create_user(email="anna@alfa.se", password=PASSWORD)
    # A's user sees herself on A's host
    client_a.post("/accounts/login/", {"username": "anna@alfa.se", "password": PASSWORD})
    assert client_a.get("/api/v1/me/").json()["email"] == "anna@alfa.se"
    # B's host does not know her: no login, no data, even with A's session cookie
    response = client_b.post("/accounts/login/", {"username": "anna@alfa.se", "password": PASSWORD})
    assert "_auth_user_id" not in client_b.session
    client_b.cookies = client_a.cookies
    response = client_b.get("/api/v1/me/")
    assert response.status_code == 401
    assert "anna@alfa.se" not in response.content.decode()
    assert client_b.get("/api/v1/").json()["organisation"] == tenant_b.name


def test_cache_entries_of_a_are_not_visible_in_b(tenant_a, tenant_b, in_tenant):
    with in_tenant(tenant_a):
        cache.set("dashboard", "A's numbers")
    with in_tenant(tenant_b):
        assert cache.get("dashboard") is None
    with in_tenant(tenant_a):
        assert cache.get("dashboard") == "A's numbers"


def test_a_celery_task_run_for_b_does_not_see_a_rows(
    real_commits, provisioned_tenants, celery_worker, worker_queue, wait_for
):
    tenant_a, tenant_b = provisioned_tenants["a"], provisioned_tenants["b"]
    reports = redis.Redis.from_url(settings.REDIS_URL)
    with schema_context(tenant_a.schema_name):
        user = User.objects.create_user(email="anna@alfa.se")
    try:
        key = f"probe:{uuid.uuid4().hex}"
        with schema_context(tenant_b.schema_name):
            app.send_task("tests.probe", args=[key, "anna@alfa.se"], queue=worker_queue)
        wait_for(lambda: reports.get(key), timeout=30)
        assert json.loads(reports.get(key)) == {"schema": "beta", "sees_email": False}
    finally:
        with schema_context(tenant_a.schema_name):
            user.delete()
