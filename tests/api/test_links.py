"""Every link the product prints or sends is on the tenant's one public address
(SPIRAL_PUBLIC_SCHEME://<primary domain>[:SPIRAL_PUBLIC_PORT]), never on the
host or scheme of the request that caused it: in the tests
http://<slug>.spiral.test:8000, and https://<slug>.spiral.test when configured."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from spiral.tenants.services import operator_create
from tests.api.test_operator_tenants import NEW_TENANT, PLATFORM_HOST
from tests.conftest import host
from tests.factories import PersonFactory

JSON = "application/json"
PUBLIC = {
    "development": ({}, "http://{host}:8000"),
    "https": ({"SPIRAL_PUBLIC_SCHEME": "https", "SPIRAL_PUBLIC_PORT": None}, "https://{host}"),
}
SET_PASSWORD = r"/accounts/set-password/[^/\s]+/[^/\s]+/"


@pytest.fixture(params=sorted(PUBLIC))
def public(request, settings):
    """The configured public address, as a function of the tenant's host."""
    overrides, pattern = PUBLIC[request.param]
    for name, value in overrides.items():
        setattr(settings, name, value)
    return lambda tenant_host: pattern.format(host=tenant_host)


@pytest.mark.django_db
def test_the_clis_link_is_on_the_public_address_and_opens_the_set_password_page(
    provisioned_tenants, capsys, public
):
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
    base = public("boras.spiral.test")
    (link,) = re.findall(rf"{re.escape(base)}{SET_PASSWORD}(?=\s)", out)
    # pasted into a browser: the host (with its port) and path of the link
    parts = urlsplit(link)
    browser = Client(HTTP_HOST=parts.netloc, secure=parts.scheme == "https")
    page = browser.get(parts.path, follow=True)
    assert page.status_code == 200
    assert page.templates[0].name == "accounts/set_password.html"
    assert page.context["validlink"] is True
    assert 'name="new_password1"' in page.content.decode()


def test_the_operator_apis_link_is_on_the_tenants_public_address(db, provisioned_tenants, public):
    _, key = operator_create(email="ops@spiral.example")
    # the operator API answers on the platform's host, over plain http here
    operator = Client(HTTP_HOST=PLATFORM_HOST, HTTP_AUTHORIZATION=f"Bearer {key}")
    response = operator.post("/api/v1/platform/tenants/", NEW_TENANT, content_type=JSON)
    assert response.status_code == 201, response.content
    url = response.json()["set_password_url"]
    assert re.fullmatch(rf"{re.escape(public('boras.spiral.test'))}{SET_PASSWORD}", url)


def test_an_invitations_link_is_on_the_public_address_whatever_host_was_asked(
    world, in_tenant, django_capture_on_commit_callbacks, public
):
    with in_tenant(world.tenant):
        staff = PersonFactory(unit=world.units["e2"])
    hr = world.client("hr")
    # asked on another port and over https: the link is still the public address
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            f"/api/v1/people/{staff.public_id}/invite/",
            {},
            JSON,
            HTTP_HOST=f"{host(world.tenant)}:9999",
            secure=True,
        )
    assert response.status_code == 202
    (sent,) = mail.outbox
    links = re.findall(r"\S+/accounts/set-password/\S+", sent.body)
    assert len(links) == 1
    assert re.fullmatch(rf"{re.escape(public(host(world.tenant)))}{SET_PASSWORD}", links[0])


def test_the_calendar_feeds_address_is_on_the_public_address(world, public):
    staff = world.client("staff")
    url = staff.get("/api/v1/calendar-feed/", HTTP_HOST=f"{host(world.tenant)}:9999").json()["url"]
    assert re.fullmatch(rf"{re.escape(public(host(world.tenant)))}/calendar/[^/]+\.ics", url)
    parts = urlsplit(url)
    feed = Client(HTTP_HOST=parts.netloc).get(parts.path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    renewed = staff.post("/api/v1/calendar-feed/renew/", {}, JSON).json()["url"]
    assert renewed.startswith(f"{public(host(world.tenant))}/calendar/")
