import re

import pytest
from django.core.management import call_command
from django.test import Client

from spiral.platform.accounts.models import User
from spiral.tenants.services import tenant_create


def _set_password_via_link(client: Client, path: str, password: str):
    # The link redirects once to a session-bound URL, then takes the form.
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_first_admin_sets_a_password_with_the_one_time_link_and_logs_in(db, provisioned_tenants):
    # given a tenant provisioned with its one-time link
    provisioned = tenant_create(
        name="Borås stad",
        slug="boras",
        kind="municipality",
        org_number="212000-1561",
        admin_email="hr@boras.se",
    )
    client = Client(HTTP_HOST="boras.spiral.test")
    path = provisioned.admin_invitation.set_password_path
    # when the admin follows it and chooses a password
    response = _set_password_via_link(client, path, "Lärande-spiral-2026")
    assert response.status_code == 302
    # then they can log in on the tenant's host
    response = client.post(
        "/accounts/login/", {"username": "HR@boras.se", "password": "Lärande-spiral-2026"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    # and the link is spent
    page = Client(HTTP_HOST="boras.spiral.test").get(path, follow=True)
    assert "redan använts" in page.content.decode() or "already been used" in page.content.decode()


def test_a_user_of_tenant_a_cannot_log_in_on_tenant_b_even_with_the_same_email(
    tenant_a, tenant_b, in_tenant, client_a, client_b
):
    # given the same email with different passwords in A and B
    with in_tenant(tenant_a):
        User.objects.create_user(email="anna@example.se", password="password-in-A-1")
    with in_tenant(tenant_b):
        User.objects.create_user(email="anna@example.se", password="password-in-B-2")
    # when A's credentials are used on B's host
    response = client_b.post(
        "/accounts/login/", {"username": "anna@example.se", "password": "password-in-A-1"}
    )
    # then the login fails there, and works on A's host
    assert response.status_code == 200
    assert "_auth_user_id" not in client_b.session
    response = client_a.post(
        "/accounts/login/", {"username": "anna@example.se", "password": "password-in-A-1"}
    )
    assert response.status_code == 302


def test_a_session_cookie_of_tenant_a_is_not_a_login_on_tenant_b(
    tenant_a, tenant_b, in_tenant, client_a
):
    with in_tenant(tenant_a):
        User.objects.create_user(email="bo@example.se", password="a-good-password-1")
    client_a.post(
        "/accounts/login/", {"username": "bo@example.se", "password": "a-good-password-1"}
    )
    assert client_a.get("/").status_code == 200
    # the same cookie jar sent to B's host
    client_a.defaults["HTTP_HOST"] = "beta.spiral.test"
    response = client_a.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_cli_create_prints_the_one_time_link(provisioned_tenants, capsys):
    call_command(
        "tenants",
        "create",
        "--name=Borås stad",
        "--slug=boras",
        "--kind=municipality",
        "--org-number=212000-1561",
        "--admin-email=hr@boras.se",
    )
    out = capsys.readouterr().out
    assert "boras.spiral.test" in out
    # the tenant's public address (tests: http, port 8000; see tests/api/test_links.py)
    assert re.search(r"http://boras\.spiral\.test:8000/accounts/set-password/\S+/\S+/", out)
