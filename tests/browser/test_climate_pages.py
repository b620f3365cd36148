"""Members of a work group answer the climate pulse in the browser; its
results appear only once the tenant's threshold of members has answered, with
the trend over two pulses drawn and tabled; the leader records what the group
chose to improve. Every page is checked with axe, at 1280 px and at 375 px."""

from django_tenants.utils import schema_context

from spiral.programs.climate.models import ClimateParticipation
from spiral.programs.climate.services import (
    climate_answer_submit,
    climate_pulse_close,
    climate_pulse_open,
)
from tests.browser.accessibility import assert_accessible
from tests.programs.climate_helpers import RATINGS, climate_setup


def _answer_in_browser(page, path):
    page.goto(path)
    for key, value in RATINGS.items():
        page.locator(f"input[name={key}][value='{value}']").check()
    page.get_by_role("button", name="Skicka mitt svar").click()
    page.wait_for_url("**/results/")


def test_members_answer_and_results_appear_at_the_threshold(world, open_page):
    # Given a first pulse the whole group answered, and a second one open
    setup = climate_setup(world)
    others = setup.members[2:]
    with schema_context(world.tenant.schema_name):
        for person in setup.members:
            climate_answer_submit(pulse=setup.pulse, person=person, ratings=RATINGS)
        climate_pulse_close(pulse=setup.pulse)
        pulse = climate_pulse_open(instance=setup.instance)
    results = f"/climate/{pulse.public_id}/results/"
    for width in (1280, 375):
        page = open_page("staff", "/climate/", width)
        assert page.last_status == 200
        assert_accessible(page)
        page.goto(f"/climate/{pulse.public_id}/answer/")
        assert_accessible(page)
    # When the staff member and the leader answer in the browser
    _answer_in_browser(page, f"/climate/{pulse.public_id}/answer/")
    assert_accessible(page)
    _answer_in_browser(open_page("manager", "/climate/"), f"/climate/{pulse.public_id}/answer/")
    with schema_context(world.tenant.schema_name):
        assert ClimateParticipation.objects.filter(pulse=pulse).count() == 2
        climate_answer_submit(pulse=pulse, person=others[0], ratings=RATINGS)
        climate_answer_submit(pulse=pulse, person=others[1], ratings=RATINGS)
    # Then four answers show nothing of this pulse, only the first in the trend
    page = open_page("staff", results)
    assert page.locator("#climate-hidden").is_visible()
    assert page.locator("#results-caption").count() == 0
    assert page.locator("#trend-caption").is_visible()
    assert_accessible(page)
    # When the fifth answers, the figures and the trend over both pulses appear
    with schema_context(world.tenant.schema_name):
        climate_answer_submit(pulse=pulse, person=others[2], ratings=RATINGS)
    for width in (1280, 375):
        page = open_page("staff", results, width)
        assert page.locator("#climate-shown").is_visible()
        assert page.locator("svg[role=img]").count() == 9
        trend = page.locator("table").nth(1).inner_text()
        assert trend.count("2,0") == 2  # higher management, in both pulses
        assert_accessible(page)
    # And the leader records the group's choice
    page = open_page("manager", f"/climate/{pulse.public_id}/improve/")
    assert_accessible(page)
    page.get_by_label("Vi lyssnar på varandra").check()
    page.get_by_label("En konkret aktivitet").fill("Alla får tala till punkt på mötet")
    page.get_by_role("button", name="Spara gruppens val").click()
    page.wait_for_url("**/results/")
    assert "Alla får tala till punkt på mötet" in page.locator("main").inner_text()
    assert_accessible(page)
