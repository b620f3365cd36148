import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spiral.tenants import services
from spiral.tenants.models import Domain, Tenant


@pytest.mark.django_db
def test_unknown_host_is_a_404_problem(provisioned_tenants):
    response = Client(HTTP_HOST="nowhere.spiral.test").get("/accounts/login/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_tenant_host_routes_to_the_tenant(client_a, tenant_a):
    response = client_a.get("/accounts/login/")
    assert response.status_code == 200
    assert tenant_a.name in response.content.decode()


def test_custom_domain_routes_to_its_tenant(tenant_a):
    services.domain_add(tenant=tenant_a, domain="spiral.alingsas.se")
    response = Client(HTTP_HOST="spiral.alingsas.se").get("/accounts/login/")
    assert response.status_code == 200
    assert tenant_a.name in response.content.decode()


def test_suspended_tenant_answers_a_problem_and_serves_no_data(client_a, tenant_a):
    services.tenant_suspend(tenant=tenant_a)
    response = client_a.get("/accounts/login/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["tenant_status"] == "suspended"
    assert tenant_a.name not in response.content.decode()
    # and it serves again once activated
    services.tenant_activate(tenant=tenant_a)
    assert client_a.get("/accounts/login/").status_code == 200


def test_warm_host_lookup_costs_no_query(client_a, tenant_a):
    client_a.get("/api/schema/")  # warms the cache
    with CaptureQueriesContext(connection) as queries:
        response = client_a.get("/api/schema/")
    assert response.status_code == 200
    assert [q["sql"] for q in queries.captured_queries] == []


def test_changing_a_domain_invalidates_the_cached_lookup(tenant_a, tenant_b):
    domain = Domain.objects.create(tenant=tenant_a, domain="larande.example.se")
    client = Client(HTTP_HOST="larande.example.se")
    assert tenant_a.name in client.get("/accounts/login/").content.decode()
    # when the custom domain is moved to B
    domain.tenant = tenant_b
    domain.save()
    # then the next request goes to B
    assert tenant_b.name in client.get("/accounts/login/").content.decode()
    # and when it is renamed, the old host is unknown at once
    domain.domain = "annat.example.se"
    domain.save()
    assert client.get("/accounts/login/").status_code == 404
    # and a deleted domain stops routing
    domain.delete()
    assert Client(HTTP_HOST="annat.example.se").get("/accounts/login/").status_code == 404


def test_an_unknown_host_becomes_known_when_its_domain_is_added(tenant_a):
    client = Client(HTTP_HOST="ny.example.se")
    assert client.get("/accounts/login/").status_code == 404
    services.domain_add(tenant=tenant_a, domain="ny.example.se")
    assert client.get("/accounts/login/").status_code == 200


def test_other_processes_follow_a_change_within_the_local_memo_time(client_a, tenant_a, settings):
    # given a process that has routed A recently
    settings.TENANT_HOST_LOCAL_SECONDS = 0.3
    assert client_a.get("/accounts/login/").status_code == 200
    # when another process suspends A (it clears Redis, not this process's memo)
    from django.core.cache import cache
    from django_tenants.utils import schema_context

    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    with schema_context("public"):
        cache.delete("tenant-host:alfa.spiral.test")
    # then this process keeps its answer only until the memo expires
    assert client_a.get("/accounts/login/").status_code == 200
    time.sleep(0.35)
    assert client_a.get("/accounts/login/").status_code == 403
