import pytest
from django.test import Client

from spiral.tenants.models import Tenant
from spiral.tenants.services import operator_create

PLATFORM_HOST = "spiral.test"
NEW_TENANT = {
    "name": "Borås stad",
    "slug": "boras",
    "kind": "municipality",
    "org_number": "212000-1561",
    "admin_email": "hr@boras.se",
}


@pytest.fixture
def operator_client(db, provisioned_tenants) -> Client:
    _, key = operator_create(email="ops@spiral.example")
    return Client(HTTP_HOST=PLATFORM_HOST, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_operator_provisions_a_tenant_and_gets_the_one_time_link(operator_client):
    response = operator_client.post(
        "/api/v1/platform/tenants/", NEW_TENANT, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tenant"]["slug"] == "boras"
    assert body["tenant"]["status"] == "active"
    assert body["tenant"]["domains"] == ["boras.spiral.test"]
    assert body["admin_email"] == "hr@boras.se"
    assert body["set_password_url"].startswith(
        "http://boras.spiral.test:8000/accounts/set-password/"
    )


def test_operator_lists_suspends_and_activates(operator_client, tenant_a):
    slugs = [t["slug"] for t in operator_client.get("/api/v1/platform/tenants/").json()]
    assert slugs == ["alfa", "beta"]

    response = operator_client.post(f"/api/v1/platform/tenants/{tenant_a.slug}/suspend/")
    assert response.status_code == 200
    assert response.json()["status"] == "suspended"
    assert Tenant.objects.get(pk=tenant_a.pk).status == "suspended"

    response = operator_client.post(f"/api/v1/platform/tenants/{tenant_a.slug}/activate/")
    assert response.json()["status"] == "active"


def test_bad_input_is_a_problem_listing_each_field_and_writes_nothing(operator_client):
    response = operator_client.post(
        "/api/v1/platform/tenants/",
        {**NEW_TENANT, "slug": "pg-x", "org_number": "212000-1562", "admin_email": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"admin_email"}  # shape errors first, before any provisioning

    response = operator_client.post(
        "/api/v1/platform/tenants/",
        {**NEW_TENANT, "slug": "pg-x", "org_number": "212000-1562"},
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"slug", "org_number"}
    assert not Tenant.objects.filter(slug="pg-x").exists()


def test_unknown_tenant_is_404(operator_client):
    response = operator_client.post("/api/v1/platform/tenants/nowhere/suspend/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("authorization", [None, "Bearer spo_bad_token", "Bearer nonsense"])
def test_only_platform_operators_may_call_it(db, provisioned_tenants, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    client = Client(HTTP_HOST=PLATFORM_HOST, **headers)
    response = client.get("/api/v1/platform/tenants/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    response = client.post("/api/v1/platform/tenants/", NEW_TENANT, content_type="application/json")
    assert response.status_code == 401
    assert not Tenant.objects.filter(slug="boras").exists()


def test_the_operator_api_is_not_served_on_a_tenant_host(operator_client, tenant_a):
    operator_client.defaults["HTTP_HOST"] = "alfa.spiral.test"
    assert operator_client.get("/api/v1/platform/tenants/").status_code == 404
