"""What a person does with the pages' foundation, in the browser: sign in and
out with the keyboard, skip to the content, switch language, filter a list."""

from django.contrib.auth.hashers import make_password

from spiral.platform.accounts.models import User
from tests.browser.accessibility import assert_accessible


def test_sign_in_with_the_keyboard_and_sign_out(world, new_context, in_tenant):
    with in_tenant(world.tenant):
        user = User.objects.get(person=world.people["staff"])
        user.password = make_password("Lärande-spiral-2026")
        user.save(update_fields=["password"])
    page = new_context().new_page()
    page.goto("/audit/")  # a page behind sign-in: there, and back after
    assert page.url.endswith("/accounts/login/?next=/audit/")
    page.keyboard.type(user.email)  # the email field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type("Lärande-spiral-2026")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    # staff may not read the audit trail: the page says so, and the menu never offered it
    assert page.locator("h1").inner_text() == "Ingen behörighet"
    menu = page.get_by_role("navigation", name="Huvudmeny").get_by_role("link")
    assert menu.all_inner_texts() == [
        "Start", "Mitt program", "Lärarenor", "Mentorskap", "Min arbetsgrupp", "Gruppklimat",
        "Mitt konto",
    ]  # fmt: skip
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Välkommen")
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("status").inner_text() == "Du är utloggad."
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_moves_to_the_content(world, open_page):
    page = open_page("staff", "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # shown while it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_english_is_a_switch_away_and_stays_chosen(world, new_context, in_tenant):
    page = new_context().new_page()  # the browser asks for English (Accept-Language)
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Sign in"
    page.goto("/accounts/password-reset/")
    assert page.locator("h1").inner_text() == "Forgot your password?"
    assert_accessible(page)
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Glömt ditt lösenord?"


def test_a_list_filters_without_reloading_the_page_and_with_no_javascript(
    world, new_context, in_tenant
):
    page = new_context("hr", 375, world).new_page()
    page.goto("/audit/")
    total = page.get_by_role("status").filter(has_text="händelse").inner_text()
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Typ av objekt").fill("org.orgunit")
    with page.expect_response(lambda response: "object_type=org.orgunit" in response.url):
        page.get_by_label("Typ av objekt").press("Enter")
    narrowed = page.get_by_role("status").filter(has_text="händelse")
    assert narrowed.inner_text() != total
    assert narrowed.inner_text() == "4 händelser"  # the world's four units
    assert page.evaluate("window.notReloaded === true")  # only the results were replaced
    assert "object_type=org.orgunit" in page.url  # and the address can be shared
    assert_accessible(page)
    # the same without JavaScript: an ordinary GET form
    plain = new_context("hr", 1280, world)
    plain.route("**/*.js*", lambda route: route.abort())
    page = plain.new_page()
    page.goto("/audit/")
    page.get_by_label("Typ av objekt").fill("org.orgunit")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url("**object_type=org.orgunit**")
    assert page.get_by_role("status").filter(has_text="händelse").inner_text() == "4 händelser"
