"""Mentoring in the browser (issue 16.6): a mentee asks for a mentor, HR runs
the matching and reads the proposal's reasons, mentor and mentee both accept
it on their mentoring page and the mentorship appears with a goal; every page
is accessible at 1280 and 375 px."""

from django.conf import settings
from playwright.sync_api import expect

from spiral.programs.mentoring import services
from spiral.programs.mentoring.models import Mentorship
from tests.browser.accessibility import assert_accessible

WAIT = 30_000


def _page(browser, base_url, world, role, width=1280):
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    context.set_default_timeout(WAIT)
    cookie = world.client(role).cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    return context, context.new_page()


def test_a_proposal_accepted_by_both_becomes_a_mentorship(world, in_tenant, browser, base_url):
    # Given a mentor with a profile made on its form
    context, mentor = _page(browser, base_url, world, "other_staff")
    mentor.goto("/mentoring/profile/")
    assert_accessible(mentor)
    mentor.get_by_label("Yrke").fill("Undersköterska")
    mentor.get_by_label("Intressen").fill("vård, planering")
    mentor.get_by_label("Språk").fill("svenska")
    mentor.get_by_role("button", name="Spara profilen").click()
    mentor.get_by_text("Din mentorsprofil är sparad.").wait_for()
    # ... and a mentee who asks for a mentor on a narrow screen
    mentee_context, mentee = _page(browser, base_url, world, "staff", width=375)
    mentee.goto("/mentoring/request/")
    assert_accessible(mentee)
    mentee.get_by_label("En mentor med det här yrket").fill("undersköterska")
    mentee.get_by_label("Intressen att dela").fill("Planering")
    mentee.get_by_label("Språk du talar").fill("Svenska")
    mentee.get_by_role("button", name="Skicka förfrågan").click()
    mentee.get_by_text("Din förfrågan är skickad.").wait_for()
    # When HR starts a run, the proposal shows its reasons
    hr_context, hr = _page(browser, base_url, world, "hr")
    hr.goto("/mentoring/runs/")
    expect(hr.get_by_text("30 poäng när mentorn har det yrke adepten önskar")).to_be_visible()
    assert_accessible(hr)
    hr.get_by_role("button", name="Starta en matchning").click()
    hr.get_by_text("Matchningen är klar.").wait_for()
    row = hr.get_by_role("row", name=world.people["staff"].name)
    expect(row).to_contain_text("Gemensamma intressen: 10 (planering)")
    expect(row).to_contain_text("Gemensamt språk: 20 (svenska)")
    assert_accessible(hr)
    hr_context.close()
    # Then both accept on their mentoring page
    for page in (mentor, mentee):
        page.goto("/mentoring/")
        expect(page.get_by_text("Matchning: 70 av 100 poäng")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Tacka ja").click()
        page.get_by_text("Du har tackat ja till förslaget.").wait_for()
    with in_tenant(world.tenant):
        assert Mentorship.objects.filter(
            mentor=world.people["other_staff"], mentee=world.people["staff"]
        ).exists()
    # ... and the mentorship is there, with a goal only the two read
    mentee.get_by_label("Nytt mål").fill("Planera veckan med teamet")
    mentee.get_by_role("button", name="Lägg till målet").click()
    mentee.get_by_text("Målet är tillagt.").wait_for()
    mentor.goto("/mentoring/")
    expect(mentor.get_by_text("Planera veckan med teamet")).to_be_visible()
    expect(mentor.get_by_text("Bara ni två kan läsa de här målen.")).to_be_visible()
    assert_accessible(mentor)
    context.close()
    mentee_context.close()


def test_a_declined_proposal_is_replaced(world, in_tenant, browser, base_url):
    p = world.people
    with in_tenant(world.tenant):
        for person, interests in ((p["other_staff"], ["vård"]), (p["coach"], ["it"])):
            services.profile_save(person=person, profession="Undersköterska",
                                  interests=interests, languages=[], capacity=1)  # fmt: skip
        services.request_create(mentee=p["staff"], interests=["vård"])
        services.run_start(started_by=p["hr"])
    context, page = _page(browser, base_url, world, "staff")
    page.goto("/mentoring/")
    expect(page.get_by_role("heading", name=f"Mentor: {p['other_staff'].name}")).to_be_visible()
    page.get_by_role("button", name="Tacka nej").click()
    page.get_by_text("Vi söker en ny matchning.").wait_for()
    expect(page.get_by_role("heading", name=f"Mentor: {p['coach'].name}")).to_be_visible()
    context.close()
