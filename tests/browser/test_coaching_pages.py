"""Coaching in the browser (issue 16.6): a coach and a coachee write notes on
the track's page, each reads the other's, and HR cannot open the page; the
track and the coachees page are accessible at 1280 and 375 px."""

from django.conf import settings
from playwright.sync_api import expect

from spiral.programs.coaching.models import Note
from tests.browser.accessibility import assert_accessible
from tests.coaching_world import coaching_world

WAIT = 30_000


def _page(browser, base_url, cw, role, width=1280):
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    context.set_default_timeout(WAIT)
    cookie = cw.client(role).cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    return context, context.new_page()


def _write_note(page, text):
    notes = page.get_by_role("region", name="Privata anteckningar")
    notes.get_by_label("Ny anteckning").fill(text)
    notes.get_by_role("button", name="Spara anteckningen").click()
    page.get_by_text("Anteckningen är sparad.").wait_for()


def test_a_coach_and_a_coachee_write_notes_and_hr_cannot_open_them(
    world, in_tenant, browser, base_url
):
    cw = coaching_world(world, in_tenant)
    url = f"/coaching/{cw.track.public_id}/"
    coach_name = world.people["coach"].name
    # The coachee opens "Min coachning" from the menu and writes a note
    context, page = _page(browser, base_url, cw, "manager")
    page.goto("/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Min coachning"
    ).click()
    expect(page).to_have_url(f"{base_url}{url}")
    notes = page.get_by_role("region", name="Privata anteckningar")
    expect(notes).to_contain_text(f"Enbart du och {coach_name} kan läsa")
    _write_note(page, "Jag vill ge gruppen mer ansvar")
    # and a goal with its progress
    page.get_by_label("Mål", exact=True).fill("Delegera schemat")
    page.get_by_role("button", name="Lägg till målet").click()
    page.get_by_text("Målet är tillagt.").wait_for()
    page.get_by_label("Var är du nu (0\u201310)?").select_option("4")
    page.get_by_role("button", name="Spara framsteg").click()
    page.get_by_text("Framsteget är sparat.").wait_for()
    expect(page.get_by_role("img", name="Framsteg för ”Delegera schemat”")).to_be_visible()
    assert_accessible(page)
    context.close()
    # The coach finds the coachee on their page, reads the note and answers it
    context, page = _page(browser, base_url, cw, "coach", width=375)
    page.goto("/coaching/coachees/")
    assert_accessible(page)
    page.get_by_role("link", name=world.people["manager"].name).click()
    expect(page.get_by_role("region", name="Privata anteckningar")).to_contain_text(
        "Jag vill ge gruppen mer ansvar"
    )
    _write_note(page, "Vilka frågor kan gruppen äga själv?")
    assert_accessible(page)
    context.close()
    # HR cannot open the track: it does not exist for them
    context, page = _page(browser, base_url, cw, "hr")
    response = page.goto(url)
    assert response.status == 404
    assert "Jag vill ge gruppen" not in page.content()
    context.close()
    with in_tenant(world.tenant):
        assert Note.objects.filter(track=cw.track).count() == 2
