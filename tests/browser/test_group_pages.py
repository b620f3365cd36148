"""A work group holds two meetings from the leader's meeting page: the action
from the first comes back at the second's check-in, what a member writes
appears on the leader's screen by itself, and the trend shows both positions.
Every page is checked with axe (issue 17)."""

from django_tenants.utils import schema_context

from spiral.programs.groups.models import GroupAction
from spiral.programs.groups.services import contract_version_add
from tests.browser.accessibility import assert_accessible
from tests.programs.group_helpers import group_setup


def _check_out(page, position: str) -> None:
    page.get_by_role("group", name="Mål 1").get_by_role("textbox").fill("Trygga överlämningar")
    page.get_by_label("Var vi står för mål 1").select_option(position)
    page.get_by_role("button", name="Spara utcheckningen").click()
    page.wait_for_load_state()


def test_two_meetings_the_action_comes_back_and_the_trend_shows_both(world, open_page):
    setup = group_setup(world)
    with schema_context(world.tenant.schema_name):
        contract_version_add(work_group=setup.work_group, rules=["Vi låter alla tala till punkt."])
    first, second = (f"/groups/meetings/{s.public_id}/" for s in setup.sessions[:2])
    # Given the leader's first meeting: check-in, an action for the member, check-out at 3
    page = open_page("manager", first)
    assert page.last_status == 200
    assert "Vi låter alla tala till punkt." in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Syfte och mål").fill("Tryggare överlämningar mellan passen")
    page.get_by_label("Dagordning, en punkt per rad").fill("Incheckning\nLäget\nUtcheckning")
    page.get_by_role("button", name="Spara incheckningen").click()
    page.wait_for_load_state()
    action = page.get_by_role("textbox", name="Åtgärd", exact=False).first
    action.fill("Skriv en checklista för överlämning")
    page.get_by_label("Ägare").select_option(label=world.people["staff"].name)
    page.get_by_label("Klart senast").fill("2027-01-25")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    page.wait_for_load_state()
    _check_out(page, "3")
    assert_accessible(page)
    # When the member writes their takeaway, the leader's screen shows it by itself
    member = open_page("staff", first)
    member.get_by_label("Det jag tar med mig, i en mening").fill("Checklistan hjälper oss")
    member.get_by_role("button", name="Spara mina ord").click()
    member.wait_for_load_state()
    page.locator("#room").get_by_text("Checklistan hjälper oss").wait_for(timeout=12_000)
    member.close()  # its polling would otherwise outlive the test's transaction
    # Then at the second meeting the action is back among the open ones
    page.goto(second)
    assert "Skriv en checklista för överlämning" in page.locator("#open-actions").inner_text()
    assert_accessible(page)
    _check_out(page, "6")
    # And the trend shows both positions, in meeting order
    page.goto(f"/groups/{setup.work_group.public_id}/trend/")
    cells = page.locator("table tbody tr td:nth-child(2)").all_inner_texts()
    assert cells == ["3", "6"]
    assert page.locator("svg circle").count() == 2
    assert_accessible(page)
    with schema_context(world.tenant.schema_name):
        assert GroupAction.objects.get().owner == world.people["staff"]


def test_the_group_pages_are_accessible_on_a_phone(world, open_page):
    setup = group_setup(world)
    for path in ("/groups/", f"/groups/{setup.work_group.public_id}/contract/",
                 f"/groups/meetings/{setup.sessions[0].public_id}/"):  # fmt: skip
        page = open_page("manager", path, 375)
        assert page.last_status == 200, path
        assert_accessible(page)
    page.goto("/groups/")
    page.get_by_label("Händelsen vi ser tillbaka på").fill("Flytten till nya lokalen")
    page.get_by_role("button", name="Starta en backspegling").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Flytten till nya lokalen").click()
    page.wait_for_load_state()
    assert_accessible(page)
