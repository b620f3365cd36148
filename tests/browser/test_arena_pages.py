"""A member of staff joins a full arena and is waitlisted, is promoted when a
member leaves and sees it on their page; the facilitator's page lists the
members and the waitlist. Every page is checked with axe, at 1280 and 375 px
(issue 15)."""

from django_tenants.utils import schema_context

from spiral.programs.arenas.models import Membership
from spiral.programs.arenas.services import arena_join
from tests.browser.accessibility import assert_accessible
from tests.programs.arena_helpers import arena_make


def test_staff_is_waitlisted_then_promoted_and_sees_it(world, open_page):
    # Given an arena of one seat, taken by the manager
    with schema_context(world.tenant.schema_name):
        arena = arena_make(world, capacity=1, facilitator="coach")
        arena_join(arena=arena, person=world.people["manager"])
    arena_path = f"/arenas/{arena.public_id}/"
    for width in (1280, 375):
        page = open_page("staff", "/arenas/", width)
        assert page.last_status == 200
        assert_accessible(page)
    # When staff joins from the arena's page, they are number 1 on the waitlist
    page.get_by_role("link", name=arena.title).click()
    page.wait_for_url(f"**{arena_path}")
    assert_accessible(page)
    page.get_by_role("button", name="Gå med i arenan").click()
    page.wait_for_url(f"**{arena_path}")
    assert "Du står som nummer 1 på väntelistan" in page.content()
    assert "Nummer 1 på väntelistan" in page.locator("#my-place").inner_text()
    assert_accessible(page)
    # When the manager leaves the arena from its page
    manager = open_page("manager", arena_path)
    manager.get_by_role("button", name="Lämna arenan").click()
    manager.wait_for_url(f"**{arena_path}")
    with schema_context(world.tenant.schema_name):
        place = Membership.objects.get(arena=arena, person=world.people["staff"])
        assert place.status == "member" and place.promoted_at is not None
    # Then staff sees on their page that they moved up, and is a member
    for width in (1280, 375):
        page = open_page("staff", "/arenas/", width)
        notice = page.locator(f"#promotion-{arena.public_id}").inner_text()
        assert "du har flyttats upp från väntelistan" in notice
        assert "Medlem" in page.locator("main").inner_text()
        assert_accessible(page)
    # and the members' part of the arena's page is open to them
    page = open_page("staff", arena_path)
    page.get_by_label("Föreslå ett ämne").fill("Introduktion av nyanställda")
    page.get_by_role("button", name="Föreslå", exact=True).click()
    page.wait_for_url(f"**{arena_path}")
    page.get_by_role("button", name="Rösta på Introduktion av nyanställda").click()
    page.wait_for_url(f"**{arena_path}")
    assert "1 röst" in page.content()
    assert_accessible(page)
    # and the facilitator's page lists the members, the topic and the results
    for width in (1280, 375):
        page = open_page("coach", f"/arenas/{arena.public_id}/run/", width)
        assert page.last_status == 200
        text = page.locator("main").inner_text()
        assert world.people["staff"].family_name in text
        assert "Introduktion av nyanställda" in text
        assert_accessible(page)
    # Staff may not open the facilitator's page
    assert open_page("staff", f"/arenas/{arena.public_id}/run/").last_status == 403
