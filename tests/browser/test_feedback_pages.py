"""Feedback rounds in the browser (issue 14.6): a management group of five
completes a confidential round on the round's page (saved as they type, with
htmx), the chair sees completion and closes it, and each receiver reads their
summary without its givers; every page is accessible at 1280 and 375 px."""

from django.conf import settings

from spiral.programs.feedback.models import FeedbackItem
from tests.browser.accessibility import assert_accessible
from tests.feedback_world import feedback_world, open_round


def _page(browser, base_url, fw, person, width=1280):
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    cookie = fw.client(person).cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    return context, context.new_page()


def test_a_group_of_five_completes_a_confidential_round(world, in_tenant, browser, base_url):
    fw = feedback_world(world, in_tenant)
    with in_tenant(world.tenant):
        round = open_round(fw, mode="confidential")
    url = f"/feedback/{round.public_id}/"
    for n, person in enumerate(fw.people):
        context, page = _page(browser, base_url, fw, person, width=375 if n == 1 else 1280)
        page.goto(url)
        if n in (0, 1):
            assert_accessible(page)
        forms = page.locator("form[id^=item-]")
        assert forms.count() == 4
        for index in range(4):
            form = forms.nth(index)
            form.get_by_label("Vi litar på varandra").first.check()
            # Not yet complete: the page says so, and keeps what was chosen.
            form.get_by_text("Inte sparat än", exact=False).wait_for()
            form.get_by_label("Det som fungerar").fill(f"Du lyssnar, {n}-{index}")
            form.get_by_text("Sparat.", exact=True).wait_for()
        context.close()
    with in_tenant(world.tenant):
        assert FeedbackItem.objects.filter(round=round).count() == 20
    chair_context, chair = _page(browser, base_url, fw, fw.people[0])
    chair.goto(url)
    assert chair.get_by_role("cell", name="4 / 4").count() == 5
    chair.get_by_role("button", name="Stäng rundan").click()
    chair.get_by_text("Rundan är stängd.").wait_for()
    assert_accessible(chair)
    chair_context.close()
    givers = [p.name for p in fw.people]
    for person in fw.people:
        context, page = _page(browser, base_url, fw, person)
        page.goto(url)
        summary = page.locator(
            "section", has=page.get_by_role("heading", name="Din sammanfattning")
        )
        assert summary.locator("article").count() == 4
        text = summary.inner_text()
        assert "Du lyssnar" in text
        assert not any(f"Från {name}" in text for name in givers)
        context.close()


def test_the_rounds_page_is_accessible(world, in_tenant, browser, base_url):
    fw = feedback_world(world, in_tenant)
    with in_tenant(world.tenant):
        open_round(fw)
    for width in (1280, 375):
        context, page = _page(browser, base_url, fw, fw.people[1], width=width)
        page.goto("/feedback/")
        assert page.get_by_role("link", name="Vårens återkoppling").count() == 1
        assert_accessible(page)
        context.close()
