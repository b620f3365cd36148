"""The pages' foundation, without a browser: navigation by role, the rule on
every page, CSRF, signing out, resetting a password, the language switch,
htmx partial answers, and the conventions every pages module keeps."""

import ast
import re
import socket
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from spiral.platform.accounts.models import User
from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.platform.web import nav as web_nav
from spiral.platform.web.nav import NavEntry, nav_entries, page_modules
from spiral.platform.web.views import Page
from spiral.programs.org.rules import is_tenant_admin
from tests.conftest import REPO_ROOT, host


def _menu(response) -> list[str]:
    html = response.content.decode()
    menu = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)
    return re.findall(r"<a [^>]*>([^<]+)</a>", menu[0]) if menu else []


def test_the_menu_shows_each_role_what_its_rules_allow(world):
    assert _menu(world.client("hr").get("/")) == [
        "Start", "Mitt program", "Lärarenor", "Arenor jag leder", "Mentorskap",
        "Återkopplingsrundor", "Gruppklimat", "Program", "Uppföljning", "Nyckeltal", "Personer",
        "Organisation", "Stödbedömning", "HR-import", "API-klienter", "Händelselogg",
        "Inställningar", "Mitt konto",
    ]  # fmt: skip
    # The staff member and the manager are in the world's work group.
    assert _menu(world.client("staff").get("/")) == [
        "Start", "Mitt program", "Lärarenor", "Mentorskap", "Min arbetsgrupp", "Gruppklimat",
        "Mitt konto",
    ]  # fmt: skip
    assert _menu(world.client("manager").get("/")) == [
        "Start", "Mitt program", "Lärarenor", "Mentorskap", "Återkopplingsrundor",
        "Min arbetsgrupp", "Gruppklimat", "Stödbedömning", "Mitt konto",
    ]  # fmt: skip
    assert _menu(world.client("anonymous").get("/accounts/login/")) == []


def test_a_page_the_rule_refuses_is_403_and_signed_out_goes_to_sign_in(world):
    response = world.client("staff").get("/audit/")
    assert response.status_code == 403
    assert "Ingen behörighet" in response.content.decode()  # a page, not JSON
    assert world.client("hr").get("/audit/").status_code == 200
    response = world.client("anonymous").get("/audit/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/audit/"


def test_every_page_names_its_rule_or_is_refused_when_defined():
    with pytest.raises(ImproperlyConfigured, match="must name its rule"):
        type("Ruleless", (Page,), {"template_name": "web/home.html"})
    for _, module in page_modules():
        for pattern in module.urlpatterns:
            view = getattr(pattern.callback, "view_class", None)
            assert view is not None and issubclass(view, Page), pattern


def test_a_menu_entry_whose_page_is_not_served_is_not_shown(world, monkeypatch):
    ghost = NavEntry(label="Spöke", url_name="org:ghost", rule=is_tenant_admin, order=1)
    monkeypatch.setattr(web_nav, "nav_entries", lambda: (*nav_entries(), ghost))
    assert "Spöke" not in _menu(world.client("hr").get("/"))


def test_every_menu_entry_names_a_served_page():
    from django.urls import reverse

    for entry in nav_entries():
        reverse(entry.url_name)  # raises NoReverseMatch for a dead link


def test_forms_need_the_csrf_token(world, tenant_a):
    strict = Client(HTTP_HOST=host(tenant_a), enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "x@example.se", "password": "y"})
    assert response.status_code == 403
    page = strict.get("/accounts/login/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    # htmx requests carry it in a header, from the body's hx-headers
    assert "hx-headers='{&quot;X-CSRFToken&quot;" in page or 'hx-headers=\'{"X-CSRFToken"' in page


def test_signing_out_is_a_post(world):
    client = world.client("staff")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def _reset(client, email):
    return client.post("/accounts/password-reset/", {"email": email})


def _relay(in_tenant, tenant) -> list:
    """Delivers the tenant's outbox as the relay does; the email sent so far."""
    with in_tenant(tenant):
        outbox_relay()
    return mail.outbox


def test_a_password_reset_mails_a_one_time_link_and_never_tells_who_exists(
    world, tenant_a, in_tenant
):
    with in_tenant(tenant_a):
        user = User.objects.get(person=world.people["staff"])
    client = Client(HTTP_HOST=host(tenant_a))
    unknown = _reset(client, "ingen-alls@example.se")
    known = _reset(client, user.email.upper())
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []  # written to the outbox, not sent from the request
    assert len(_relay(in_tenant, tenant_a)) == 1 and mail.outbox[0].to == [user.email]
    link = re.search(r"http://\S+/accounts/set-password/\S+/", mail.outbox[0].body)[0]
    assert link.startswith(f"http://{host(tenant_a)}:8000/")  # the tenant's public address
    path = link.split(":8000", 1)[1]
    form = client.get(path, follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Ett-nytt-lösen-2026", "new_password2": "Ett-nytt-lösen-2026"},
    )
    assert response.status_code == 302
    assert (
        client.post(
            "/accounts/login/", {"username": user.email, "password": "Ett-nytt-lösen-2026"}
        ).status_code
        == 302
    )
    # the link is spent
    spent = Client(HTTP_HOST=host(tenant_a)).get(path, follow=True).content.decode()
    assert "redan använts" in spent


def test_password_reset_requests_are_limited_per_account_silently(world, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        email = User.objects.get(person=world.people["staff"]).email
    client = Client(HTTP_HOST=host(tenant_a))
    for _ in range(5):
        assert _reset(client, email)["Location"] == "/accounts/password-reset/sent/"
    assert len(_relay(in_tenant, tenant_a)) == 3  # PASSWORD_RESET_ACCOUNT_REQUESTS


def test_a_password_reset_request_never_talks_to_a_mail_server(
    world, tenant_a, in_tenant, settings
):
    """Nothing listens on the mail server's port: the request answers the same
    for a login and for no login, since the email waits in the outbox."""
    with socket.socket() as probe:  # a loopback port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    with in_tenant(tenant_a):
        user = User.objects.get(person=world.people["staff"])
    client = Client(HTTP_HOST=host(tenant_a))
    known, unknown = _reset(client, user.email), _reset(client, "ingen-alls@example.se")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/sent/"
    sent = client.get(known["Location"])
    assert sent.status_code == 200
    with in_tenant(tenant_a):
        waiting = OutboxMessage.objects.filter(topic=EMAIL, key__startswith="password-reset:")
        assert [m.payload["to"] for m in waiting] == [user.email]
        assert "/accounts/set-password/" in waiting[0].payload["body"]


def test_pages_are_swedish_whatever_the_browser_asks_and_english_is_a_choice(world, in_tenant):
    client = world.client("staff")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv"' in page and "Hoppa till innehållet" in page
    response = client.post("/language/", {"language": "en", "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    page = client.get("/account/").content.decode()
    assert '<html lang="en"' in page and "My account" in page
    with in_tenant(world.tenant):  # kept for the next sign-in, on any device
        user = User.objects.get(person=world.people["staff"])
        assert user.language == "en"
    # the API keeps negotiating: Accept-Language decides its problem texts
    assert Client(HTTP_HOST="okand.spiral.test").get("/api/").json()["title"] == "Okänd adress"


def test_signing_in_brings_back_the_language_the_person_chose(world, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        user = User.objects.get(person=world.people["staff"])
        user.language = "en"
        user.set_password("Lärande-spiral-2026")
        user.save()
    client = Client(HTTP_HOST=host(tenant_a))
    client.post("/accounts/login/", {"username": user.email, "password": "Lärande-spiral-2026"})
    assert '<html lang="en"' in client.get("/").content.decode()


def test_an_htmx_request_for_the_results_gets_the_results_alone(world):
    client = world.client("hr")
    full = client.get("/audit/?object_type=org.orgunit").content.decode()
    part = client.get(
        "/audit/?object_type=org.orgunit", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()
    assert "<html" in full and "<html" not in part
    assert "4 händelser" in part and 'id="results"' in full


def test_the_list_reads_through_the_apis_selector(world):
    """The same rows for the same person: the page and GET /api/v1/audit-events/."""
    page = world.client("hr").get("/audit/?object_type=org.orgunit").content.decode()
    api = world.client("hr").get("/api/v1/audit-events/?object_type=org.orgunit").json()
    shown = re.findall(r"<td>org\.orgunit (\S+)</td>", page)
    assert sorted(shown) == sorted(event["object_id"] for event in api["results"])


def test_signing_out_everywhere_asks_first_then_ends_every_session(world, tenant_a):
    client = world.client("staff")
    question = client.get("/account/sign-out-everywhere/").content.decode()
    assert "Logga ut på alla enheter?" in question and 'method="post"' in question
    response = client.post("/account/sign-out-everywhere/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


MANAGERS = {"objects", "_default_manager", "_base_manager"}


def test_pages_never_read_a_model_manager_directly():
    """Pages read through the selectors and write through the services, as the
    API does (tests/api/test_fail_closed.py keeps the API to the same)."""
    offences = []
    for _, module in page_modules():
        files = [module.__file__]
        if module.__file__.endswith("__init__.py"):  # a pages/ package
            files = [str(p) for p in Path(module.__file__).parent.rglob("*.py")]
        for file in files:
            for node in ast.walk(ast.parse(Path(file).read_text())):
                if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
                    offences.append(f"{file}:{node.lineno}")
    assert offences == []
    assert len(page_modules()) >= 3  # the walk sees the pages modules


def test_the_vendored_libraries_are_served_by_whitenoise(world):
    client = world.client("anonymous")
    page = client.get("/accounts/login/").content.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"?]+)', page)
    assert {"/static/vendor/htmx/htmx.min.js", "/static/vendor/pico/pico.min.css"} <= set(assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        served = b"".join(response.streaming_content)
        assert (
            served
            == (REPO_ROOT / "platform/web/static" / asset.removeprefix("/static/")).read_bytes()
        )
