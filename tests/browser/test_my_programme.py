"""Mitt program in the browser: a manager signs in through the form, sees their
sessions (moved and cancelled ones said in words) and copies their calendar
link with the keyboard, the copy announced; every page visited is accessible at
1280 and 375 px. An administrator's settings page likewise."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from spiral.platform.accounts.models import User
from spiral.programs.sessions.models import Attendance, Session
from spiral.programs.sessions.services import session_cancel, session_move
from tests.browser.accessibility import assert_accessible

PASSWORD = "Lärande-spiral-2026"

# What was put on the clipboard, as the page's copy handler left it: the
# origin is plain http (not a secure context), so the page copies with the
# copy command and its copy event, which this listener reads after the page's.
WATCH_COPY = """() => {
    window.copiedText = null;
    window.addEventListener('copy', event => {
        window.copiedText = event.clipboardData.getData('text/plain');
    });
}"""


@pytest.fixture
def manager_sessions(world, in_tenant):
    with in_tenant(world.tenant):
        now = timezone.now().replace(microsecond=0)
        made = []
        for days, organiser in ((2, "manager"), (5, "senior"), (9, "manager"), (12, "senior")):
            start = now + timedelta(days=days)
            session = Session.objects.create(
                kind="group_meetings", title=f"Träff om {days} dagar",
                organiser=world.people[organiser], starts_at=start,
                ends_at=start + timedelta(hours=1), place="Stora rummet",
            )  # fmt: skip
            invited = "staff" if organiser == "manager" else "manager"
            Attendance.objects.create(session=session, person=world.people[invited])
            made.append(session)
        moved = session_move(
            session=made[1], starts_at=made[1].starts_at + timedelta(days=1),
            ends_at=made[1].ends_at + timedelta(days=1),
        )  # fmt: skip
        cancelled = session_cancel(session=made[2])
        user = User.objects.get(person=world.people["manager"])
        user.password = make_password(PASSWORD)
        user.save(update_fields=["password"])
    return {"all": made, "moved": moved, "cancelled": cancelled, "email": user.email}


def test_a_manager_signs_in_sees_their_sessions_and_copies_their_calendar_link(
    world, new_context, manager_sessions
):
    context = new_context()
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill(manager_sessions["email"])
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/")
    assert_accessible(page)  # the start page, with its way to Mitt program
    page.get_by_role("button", name="Till Mitt program").click()  # a link styled as one
    page.wait_for_url("**/my-programme/")
    assert page.locator("h1").inner_text() == "Mitt program"
    assert page.get_by_role("link", name="Mitt program").first.get_attribute("aria-current")

    rows = page.locator("tr[data-session]")
    assert rows.count() == 4
    moved = page.locator(f'tr[data-session="{manager_sessions["moved"].public_id}"]')
    assert "Flyttad" in moved.inner_text()
    cancelled = page.locator(f'tr[data-session="{manager_sessions["cancelled"].public_id}"]')
    assert "Inställd" in cancelled.inner_text()
    assert cancelled.locator("s time").count() == 1  # struck through, and said in words
    assert_accessible(page)

    # Copy the calendar link by keyboard: focus the button, press Enter.
    feed = page.get_by_label("Din kalenderlänk").input_value()
    assert "/calendar/" in feed and feed.endswith(".ics")
    page.evaluate(WATCH_COPY)
    button = page.get_by_role("button", name="Kopiera länken")
    button.focus()
    page.keyboard.press("Enter")
    status = page.locator("#copy-status")
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    assert status.inner_text() == "Länken är kopierad."
    assert status.get_attribute("aria-live") == "polite"
    assert page.evaluate("window.copiedText") == feed

    # Narrow: the same page, and the pages it leads to.
    page.set_viewport_size({"width": 375, "height": 900})
    page.reload()
    assert_accessible(page)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/my-programme/notifications/")
        assert_accessible(page)
        page.goto("/my-programme/calendar/renew/")
        assert_accessible(page)


def test_renewing_the_link_and_saving_preferences_in_the_browser(world, open_page):
    for width in (1280, 375):
        page = open_page("staff", "/my-programme/", width=width)
        old = page.get_by_label("Din kalenderlänk").input_value()
        page.get_by_role("link", name="Förnya länken").click()
        page.get_by_role("button", name="Förnya länken").click()
        page.wait_for_url("**/my-programme/#calendar")
        assert "förnyad" in page.locator("#messages").inner_text()
        assert page.get_by_label("Din kalenderlänk").input_value() != old
        assert_accessible(page)
        # a preference form with its error, then saved
        page.goto("/my-programme/notifications/")
        page.get_by_label("Tyst från").fill("21:00")
        page.get_by_label("Tyst till").fill("")
        page.get_by_role("button", name="Spara").click()
        page.wait_for_selector(".error-summary")
        assert "Tyst till" in page.locator(".error-summary").inner_text()
        assert_accessible(page)
        page.get_by_label("Tyst till").fill("07:00")
        page.get_by_role("button", name="Spara").click()
        page.wait_for_url("**/my-programme/")
        assert "sparade" in page.locator("#messages").inner_text()


def test_the_settings_page_for_an_administrator_and_no_one_else(world, open_page):
    for width in (1280, 375):
        page = open_page("hr", "/settings/", width=width)
        assert page.last_status == 200
        assert_accessible(page)
        page.get_by_label("Påminnelser, timmar före en träff").fill("500")
        page.get_by_role("button", name="Spara inställningarna").click()
        page.wait_for_selector(".error-summary")
        assert_accessible(page)
        page.get_by_label("Påminnelser, timmar före en träff").fill("48")
        page.get_by_role("button", name="Spara inställningarna").click()
        page.wait_for_selector("#messages .message")
        assert "sparade" in page.locator("#messages").inner_text()
        assert_accessible(page)
    for role in ("staff", "manager"):
        page = open_page(role, "/settings/")
        assert page.last_status == 403
        assert_accessible(page)
