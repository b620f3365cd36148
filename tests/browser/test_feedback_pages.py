"""Feedback rounds in the browser (issue 14.6): a management group of five
completes a confidential round on the round's page (saved as they type, with
htmx), the chair sees completion and closes it, and each receiver reads their
summary without its givers; every page is accessible at 1280 and 375 px."""

from django.conf import settings
from playwright.sync_api import expect

from spiral.programs.feedback.models import FeedbackItem
from tests.browser.accessibility import assert_accessible
from tests.feedback_world import feedback_world, open_round

WAIT = 30_000  # ms: saved as they type, a busy machine answers slowly


def _page(browser, base_url, fw, person, width=1280):
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    context.set_default_timeout(WAIT)
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
            status = form.get_by_role("status")
            form.get_by_label("Vi litar på varandra").first.check()
            # Not yet complete: the status line says why; the form is not rebuilt.
            expect(status).to_contain_text("Inte sparat än", timeout=WAIT)
            expect(form.get_by_label("Vi litar på varandra").first).to_be_checked()
            form.get_by_label("Det som fungerar").fill(f"Du lyssnar, {n}-{index}")
            expect(status).to_have_text("Sparat.", timeout=WAIT)
            assert form.get_by_label("Det som fungerar").input_value() == f"Du lyssnar, {n}-{index}"
        context.close()
    with in_tenant(world.tenant):
        assert FeedbackItem.objects.filter(round=round).count() == 20
    chair_context, chair = _page(browser, base_url, fw, fw.people[0])
    chair.goto(url)
    # Confidential: the chair sees only who has finished, not how many each gave to.
    completion = chair.get_by_role("region", name="Hur långt deltagarna kommit")
    assert completion.get_by_role("cell", name="Ja", exact=True).count() == 5
    assert "4 / 4" not in completion.inner_text()
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


def test_a_chair_starts_a_round_outside_programmes(world, in_tenant, browser, base_url):
    """The rounds page offers the chair a form: a group they chair, the mode,
    the deadline; the draft is opened on its page. Others get no form and a
    403 from the page that starts one."""
    from datetime import timedelta

    from django.utils import timezone

    from spiral.programs.feedback.components import deadline_on
    from spiral.programs.feedback.models import FeedbackRound

    fw = feedback_world(world, in_tenant)
    chair, member = fw.people[0], fw.people[1]
    day = timezone.localdate() + timedelta(days=10)
    for width in (1280, 375):
        context, page = _page(browser, base_url, fw, chair, width=width)
        page.goto("/feedback/")
        assert_accessible(page)
        start = page.get_by_role("region", name="Starta en runda")
        # only the groups the chair chairs
        options = start.get_by_label("Ledningsgrupp").locator("option").all_inner_texts()
        assert "Ledningsgrupp Hemtjänst" in options and len(options) == 2  # and the world's
        start.get_by_label("Ledningsgrupp").select_option(label="Ledningsgrupp Hemtjänst")
        start.get_by_label("Rubrik").fill(f"Höstens återkoppling {width}")
        start.get_by_label("Konfidentiell").check()
        start.get_by_label("Sista dag").fill(str(timezone.localdate() - timedelta(days=1)))
        start.get_by_role("button", name="Starta rundan").click()
        # a deadline in the past: the form again, with its error
        page.wait_for_selector(".error-summary")
        assert_accessible(page)
        page.get_by_label("Sista dag").fill(day.isoformat())
        page.get_by_role("button", name="Starta rundan").click()
        page.get_by_role("button", name="Öppna rundan").wait_for()
        assert_accessible(page)
        page.get_by_role("button", name="Öppna rundan").click()
        page.get_by_role("button", name="Stäng rundan").wait_for()
        context.close()
    with in_tenant(world.tenant):
        rounds = FeedbackRound.objects.filter(title__startswith="Höstens återkoppling")
        assert rounds.count() == 2
        for round in rounds:
            assert round.group == fw.group and round.component_instance is None
            assert round.mode == "confidential" and round.status == "open"
            assert round.deadline == deadline_on(day)
    # a member who chairs nothing: no form, and the page refuses
    context, page = _page(browser, base_url, fw, member)
    page.goto("/feedback/")
    assert page.get_by_role("region", name="Starta en runda").count() == 0
    assert page.goto("/feedback/start/").status == 403
    context.close()
    refused = fw.client(member).post(
        "/feedback/start/",
        {"group": str(fw.group.public_id), "title": "X", "mode": "named", "deadline": str(day)},
    )
    assert refused.status_code == 403
