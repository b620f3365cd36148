"""A manager answers the support assessment; HR sees the results by unit,
with a hidden unit said in words ('Färre än 5 svar - ingår i ...'). Every page
is checked with axe, at 1280 px and at 375 px (issue 14)."""

from django_tenants.utils import schema_context

from spiral.programs.support.models import SupportAnswer
from spiral.programs.support.services import support_answer_submit, support_round_close
from tests.browser.accessibility import assert_accessible
from tests.programs.support_helpers import RATINGS, support_setup


def test_a_manager_answers_and_hr_sees_the_results(world, open_page):
    setup = support_setup(world)
    answer_path = f"/support/{setup.round.public_id}/answer/"
    for width in (1280, 375):
        page = open_page("manager", "/support/", width)
        assert page.last_status == 200
        assert_accessible(page)
        page.goto(answer_path)
        assert_accessible(page)
    page.get_by_role("group", name="Nära administrativt stöd").get_by_label("4").check()
    for key in ("trust", "rules", "mandate", "quality"):
        page.locator(f"input[name={key}][value='{RATINGS[key]}']").check()
    page.get_by_label("Vad behöver du?").fill("Mer tid med HR")
    page.get_by_role("button", name="Spara mitt svar").click()
    page.wait_for_url("**/support/")
    assert_accessible(page)
    with schema_context(world.tenant.schema_name):
        answer = SupportAnswer.objects.get(respondent=world.people["manager"])
        assert answer.ratings["administrative"] == 4 and answer.need == "Mer tid med HR"
        for person in [p for people in setup.managers.values() for p in people]:
            support_answer_submit(support_round=setup.round, person=person, ratings=RATINGS)
        support_round_close(support_round=setup.round)
    for width in (1280, 375):
        page = open_page("hr", f"/support/{setup.round.public_id}/results/", width)
        assert page.last_status == 200
        assert_accessible(page)
        text = page.content()
        assert "Färre än 5 svar" in text and "ingår i" in text
        assert "Mer tid med HR" in text  # shown with the whole (6 answers), without a name
        assert world.people["manager"].family_name not in page.locator("main").inner_text()
    # A manager never opens the results; HR never opens someone's answer.
    assert open_page("manager", f"/support/{setup.round.public_id}/results/").last_status == 403
