from django.test import Client

from spiral.api.models import ApiClient
from tests.conftest import host

JSON = "application/json"


def test_admin_creates_a_client_whose_secret_is_shown_once(world, in_tenant):
    response = world.client("hr").post(
        "/api/v1/api-clients/", {"name": "Intranätet", "scopes": ["org:read"]}, JSON
    )
    assert response.status_code == 201
    body = response.json()
    assert body["client_secret"] and body["client_id"]
    listed = world.client("hr").get("/api/v1/api-clients/").json()["results"]
    assert all("client_secret" not in row for row in listed)
    with in_tenant(world.tenant):
        stored = ApiClient.objects.get(pk=body["id"]).application.client_secret
    assert stored != body["client_secret"]  # only a hash is kept


def _token(tenant, client_id, secret, scope=None):
    data = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    if scope:
        data["scope"] = scope
    return Client(HTTP_HOST=host(tenant)).post("/api/oauth/token/", data)


def test_scopes_limit_what_a_token_may_do(world):
    created = (
        world.client("hr")
        .post("/api/v1/api-clients/", {"name": "BI", "scopes": ["people:read"]}, JSON)
        .json()
    )
    # asking for more than was granted is refused
    assert (
        _token(
            world.tenant, created["client_id"], created["client_secret"], "org:write"
        ).status_code
        == 400
    )
    token = _token(world.tenant, created["client_id"], created["client_secret"]).json()
    assert token["scope"] == "people:read"
    client = Client(
        HTTP_HOST=host(world.tenant), HTTP_AUTHORIZATION=f"Bearer {token['access_token']}"
    )
    assert client.get("/api/v1/people/").status_code == 200
    assert client.get("/api/v1/org-units/").status_code == 403
    response = client.post(
        "/api/v1/people/", {"external_id": "Q", "given_name": "Q", "family_name": "Q"}, JSON
    )
    assert response.status_code == 403


def test_a_revoked_client_loses_its_tokens(world):
    created = (
        world.client("hr")
        .post("/api/v1/api-clients/", {"name": "BI", "scopes": ["people:read"]}, JSON)
        .json()
    )
    token = _token(world.tenant, created["client_id"], created["client_secret"]).json()[
        "access_token"
    ]
    world.client("hr").delete(f"/api/v1/api-clients/{created['id']}/")
    client = Client(HTTP_HOST=host(world.tenant), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/people/").status_code == 401


def test_a_token_of_tenant_a_is_refused_on_tenant_b(world, tenant_b):
    created = (
        world.client("hr")
        .post("/api/v1/api-clients/", {"name": "BI", "scopes": ["people:read"]}, JSON)
        .json()
    )
    token = _token(world.tenant, created["client_id"], created["client_secret"]).json()[
        "access_token"
    ]
    on_b = Client(HTTP_HOST=host(tenant_b), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert on_b.get("/api/v1/people/").status_code == 401
    # and the client's credentials get no token there either
    assert _token(tenant_b, created["client_id"], created["client_secret"]).status_code == 401
