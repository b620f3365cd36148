"""Sign-in and tokens resist guessing: failures are counted per account and
per address (in the tenant's own keys), a lockout refuses even the right
secret until the cool-off ends, and both are in the audit trail."""

import time

import pytest
from django.test import Client

from spiral.api.integrations.services import api_client_create
from spiral.api.models import ApiClient
from spiral.platform.accounts.models import User
from spiral.platform.audit.models import AuditEvent
from tests.conftest import host

PASSWORD = "Rätt-lösenord-2026"


@pytest.fixture
def lockout(settings):
    settings.LOCKOUT_ACCOUNT_FAILURES = 3
    settings.LOCKOUT_ADDRESS_FAILURES = 5
    settings.LOCKOUT_SECONDS = 60
    return settings


def _sign_in(client: Client, email: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=address
    )


def _signed_in(response) -> bool:
    return response.status_code == 302


def _user(tenant, in_tenant, email="anna@example.se"):
    with in_tenant(tenant):
        return User.objects.create_user(email=email, password=PASSWORD)


def test_failed_sign_ins_lock_the_account_even_for_the_right_password(
    tenant_a, in_tenant, client_a, lockout
):
    _user(tenant_a, in_tenant)
    for _ in range(3):
        assert not _signed_in(_sign_in(client_a, "anna@example.se", "fel"))
    # the right password, from another address, is refused with a clear message
    response = _sign_in(client_a, "ANNA@example.se", PASSWORD, address="10.9.9.9")
    assert not _signed_in(response)
    assert "För många misslyckade inloggningar" in response.content.decode()  # Swedish first
    with in_tenant(tenant_a):
        actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("sign-in.failed") == 3
    assert actions.count("sign-in.account_locked") == 1


def test_the_lockout_ends_after_the_cool_off(tenant_a, in_tenant, client_a, lockout):
    lockout.LOCKOUT_SECONDS = 1
    _user(tenant_a, in_tenant)
    for _ in range(3):
        _sign_in(client_a, "anna@example.se", "fel")
    assert not _signed_in(_sign_in(client_a, "anna@example.se", PASSWORD))
    time.sleep(1.2)
    assert _signed_in(_sign_in(client_a, "anna@example.se", PASSWORD))


def test_failures_from_one_address_lock_that_address_for_every_account(
    tenant_a, in_tenant, client_a, lockout
):
    _user(tenant_a, in_tenant)
    for number in range(5):  # one guess each at five accounts
        _sign_in(client_a, f"person{number}@example.se", "fel", address="10.6.6.6")
    assert not _signed_in(_sign_in(client_a, "anna@example.se", PASSWORD, address="10.6.6.6"))
    with in_tenant(tenant_a):
        assert AuditEvent.objects.filter(action="sign-in.address_locked").count() == 1
    # another address is not affected
    assert _signed_in(_sign_in(Client(HTTP_HOST=host(tenant_a)), "anna@example.se", PASSWORD))


def test_a_lockout_in_one_tenant_leaves_the_same_email_in_another_alone(
    tenant_a, tenant_b, in_tenant, client_a, client_b, lockout
):
    _user(tenant_a, in_tenant)
    _user(tenant_b, in_tenant)
    for _ in range(3):
        _sign_in(client_a, "anna@example.se", "fel")
    assert not _signed_in(_sign_in(client_a, "anna@example.se", PASSWORD))
    assert _signed_in(_sign_in(client_b, "anna@example.se", PASSWORD))


def _token(tenant, client_id: str, secret: str, address: str = "10.0.0.1"):
    return Client(HTTP_HOST=host(tenant)).post(
        "/api/oauth/token/",
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        REMOTE_ADDR=address,
    )


def test_failed_token_requests_lock_the_client_without_saying_whether_it_exists(
    tenant_a, in_tenant, lockout
):
    with in_tenant(tenant_a):
        _, secret = api_client_create(name="HR-system", scopes=["people:read"])
        client_id = ApiClient.objects.latest("id").application.client_id
    for _ in range(3):
        assert _token(tenant_a, client_id, "wrong").status_code == 401
        assert _token(tenant_a, "no-such-client", "wrong", address="10.0.0.2").status_code == 401
    # the right secret is refused now, from any address
    locked = _token(tenant_a, client_id, secret, address="10.7.7.7")
    unknown = _token(tenant_a, "no-such-client", "wrong", address="10.7.7.8")
    assert locked.status_code == unknown.status_code == 429
    assert locked.json() == unknown.json()
    assert locked.json()["error"] == "invalid_client"
    assert int(locked["Retry-After"]) == 60
    with in_tenant(tenant_a):
        locks = AuditEvent.objects.filter(action="token.account_locked").count()
    assert locks == 2


def test_a_good_token_request_is_not_counted(tenant_a, in_tenant, lockout):
    with in_tenant(tenant_a):
        _, secret = api_client_create(name="HR-system", scopes=["people:read"])
        client_id = ApiClient.objects.latest("id").application.client_id
    for _ in range(6):
        assert _token(tenant_a, client_id, secret).status_code == 200
