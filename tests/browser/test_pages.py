"""Every page, for each role, in the browser: shown only to those its rule
allows (403 for the others), and accessible at 1280 px and at 375 px.

A page author adds nothing here: the walk finds every page without URL
arguments in the apps' ``pages`` modules (a view that answers only POST is a
form's target, not a page). Pages that need an object in their
URL get a test of their own that calls ``assert_accessible``."""

import pytest
from django.urls import URLPattern, reverse

from spiral.platform.accounts.models import User
from spiral.platform.web.nav import page_modules
from spiral.programs.org.actors import actor_for_user
from tests.browser.accessibility import assert_accessible

ROLES = ["hr", "senior", "manager", "staff"]


def pages_without_arguments() -> list[tuple[str, type]]:
    found = []
    for namespace, module in page_modules():
        for pattern in module.urlpatterns:
            if isinstance(pattern, URLPattern) and not pattern.pattern.converters:
                view = getattr(pattern.callback, "view_class", None)
                if "get" not in getattr(view, "http_method_names", ["get"]):
                    continue  # a form's target (an upload, say), not a page
                found.append((reverse(f"{namespace}:{pattern.name}"), view))
    return found


def test_the_walk_finds_the_foundations_pages():
    paths = [path for path, _ in pages_without_arguments()]
    assert {"/", "/account/", "/audit/"} <= set(paths)
    assert all(hasattr(view, "rule") for _, view in pages_without_arguments())


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible_to_those_its_rule_allows(role, world, new_context, in_tenant):
    with in_tenant(world.tenant):
        actor = actor_for_user(User.objects.get(person=world.people[role]))
    page = new_context(role, 1280, world).new_page()
    denied_checked = False
    for path, view in pages_without_arguments():
        allowed = view.rule.test(actor, None)
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            assert response.status == (200 if allowed else 403), (path, role)
            if allowed or not denied_checked:
                assert_accessible(page)
        denied_checked = denied_checked or not allowed


def test_the_signed_out_pages_are_accessible(world, new_context, in_tenant):
    from spiral.platform.accounts.services import set_password_path

    with in_tenant(world.tenant):
        link = set_password_path(User.objects.get(person=world.people["staff"]))
    for width in (1280, 375):
        page = new_context("anonymous", width).new_page()
        signed_out = ["/accounts/login/", "/accounts/password-reset/",
                      "/accounts/password-reset/sent/", "/accounts/set-password/x/y/"]  # fmt: skip
        for path in [*signed_out, link]:
            page.goto(path)
            assert_accessible(page)
        # a form with its errors
        page.goto("/accounts/login/")
        page.get_by_label("E-post").fill("ingen@example.se")
        page.get_by_label("Lösenord").fill("fel-lösenord")
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_selector(".error-summary")
        assert_accessible(page)
        page.close()
