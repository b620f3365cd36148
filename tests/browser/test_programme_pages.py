"""HR imports a Swedish file on the import page (checked, then imported), then
sets up and activates the first-line-manager programme through the wizard and
sees everyone enrolled; withdraws one of them with a reason. Every page visited
is checked with axe, at 1280 px and at 375 px."""

import re

from spiral.programs.org.models import Person
from spiral.programs.programmes.models import Enrolment, Programme
from tests.browser.accessibility import assert_accessible
from tests.world import running_programme

HEADER = (
    "Anställnings-ID;Förnamn;Efternamn;E-post;Befattning;"
    "Enhets-ID;Enhet;Överordnad enhet-ID;Chef för enheten;Roller"
)
ROWS = [
    "2001;Åsa;Öberg;asa.oberg@boras.se;Förvaltningschef;F1;Vård och omsorg Borås;;ja;"
    "överordnad chef",
    "2002;Björn;Ärlig;bjorn.arlig@boras.se;Enhetschef;E1;Hemtjänst Sjöbo;F1;ja;första linjens chef",
    "2003;Cecilia;Lundström;cecilia@boras.se;Enhetschef;E2;Hemsjukvård Norrby;F1;ja;"
    "första linjens chef",
    "2004;Dragan;Ek;dragan@boras.se;Enhetschef;E3;Särskilt boende Göta;F1;ja;"
    "första linjens chef, mentor",
    "2005;Elin;Åberg;elin@boras.se;Undersköterska;E1;Hemtjänst Sjöbo;F1;nej;",
]
FIRST_LINE = ["Björn Ärlig", "Cecilia Lundström", "Dragan Ek"]


def _file() -> dict:
    data = ("\r\n".join([HEADER, *ROWS]) + "\r\n").encode("utf-8-sig")
    return {"name": "personal.csv", "mimeType": "text/csv", "buffer": data}


def _import_on_the_import_page(page, world, in_tenant):
    """The HR import page: the file checked (a dry run that writes nothing and
    reports what it would change), then the same file imported."""
    page.goto("/import/")
    assert page.locator("h1").inner_text() == "HR-import"
    assert_accessible(page)
    page.get_by_label("Fil från HR-systemet").set_input_files(_file())
    page.get_by_role("button", name="Kontrollera filen").click()
    page.get_by_text("Inga fel: filen kan importeras.").wait_for()
    report = page.get_by_role("region", name="Kontroll av personal.csv").inner_text()
    assert re.search(r"Nya personer\s+5", report), report
    assert_accessible(page)
    with in_tenant(world.tenant):
        assert not Person.objects.filter(external_id__startswith="200").exists()  # a check
    page.get_by_label("Fil från HR-systemet").set_input_files(_file())
    page.get_by_role("button", name="Importera", exact=True).click()
    page.wait_for_url("**/people/")
    assert "Importen är klar: 5 nya" in page.locator("#messages").inner_text()
    assert_accessible(page)
    with in_tenant(world.tenant):
        first_line = Person.objects.filter(
            is_first_line_manager=True, external_id__startswith="200"
        )
        assert sorted(first_line.values_list("external_id", flat=True)) == ["2002", "2003", "2004"]


def _settled(page):
    page.wait_for_load_state()
    return page


def test_hr_imports_sets_up_and_activates_the_programme_and_sees_everyone_enrolled(
    world, in_tenant, open_page, new_context
):
    page = open_page("hr", "/import/")
    _import_on_the_import_page(page, world, in_tenant)
    page.goto("/programmes/")
    assert page.locator("h1").inner_text() == "Program"
    assert_accessible(page)
    page.get_by_role("button", name="Nytt program").click()
    _settled(page)
    # step 1: the template
    assert_accessible(page)
    page.get_by_role("button", name="Nästa").click()  # nothing chosen: the field is named
    page.wait_for_selector(".error-summary")
    assert "Mall: Välj en mall." in page.locator(".error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Utvecklingsprogram för första linjens chefer").check()
    page.get_by_role("button", name="Nästa").click()
    _settled(page)
    # step 2: name, period and owner (the name comes from the template; HR owns it)
    assert page.get_by_label("Namn").input_value() == "Utvecklingsprogram för första linjens chefer"
    page.get_by_label("Namn").fill("Chefsprogram Borås 2027")
    page.get_by_label("Börjar").fill("2027-12-31")
    page.get_by_label("Slutar").fill("2027-01-01")
    page.get_by_role("button", name="Nästa").click()
    page.wait_for_selector(".error-summary")
    assert (
        "Slutar: Programmet slutar innan det börjar." in page.locator(".error-summary").inner_text()
    )
    assert_accessible(page)
    # back to step 1 and forward again: what was typed stays
    page.get_by_role("button", name="Tillbaka").click()
    _settled(page)
    assert page.get_by_label("Utvecklingsprogram för första linjens chefer").is_checked()
    page.get_by_role("button", name="Nästa").click()
    _settled(page)
    assert page.get_by_label("Namn").input_value() == "Chefsprogram Borås 2027"
    page.get_by_label("Börjar").fill("2027-01-01")
    page.get_by_label("Slutar").fill("2027-12-31")
    assert page.get_by_label("Ägare").input_value() == str(world.people["hr"].public_id)
    page.get_by_role("button", name="Nästa").click()
    _settled(page)
    # step 3: who takes part; the template's role is ticked; a unit found by search
    assert page.get_by_label("Första linjens chef").is_checked()
    assert_accessible(page)
    with page.expect_response(lambda r: "/setup/units/" in r.url and "q=Bor" in r.url):
        page.get_by_label("Sök enheter").fill("Borås")
    page.get_by_label("Vård och omsorg Borås", exact=True).check()
    # another search keeps the ticked unit ticked
    with page.expect_response(lambda r: "/setup/units/" in r.url and "q=Sj" in r.url):
        page.get_by_label("Sök enheter").fill("Sjöbo")
    assert page.get_by_label("Vård och omsorg Borås", exact=True).is_checked()
    assert page.get_by_label("Hemtjänst Sjöbo", exact=False).count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Nästa").click()
    _settled(page)
    # step 4: the preview names everyone, with the weekly load
    assert "kommer att skriva in 3 personer" in page.locator("#preview-count").inner_text()
    people = page.get_by_role("region", name="Vilka som skrivs in").inner_text()
    assert all(name in people for name in FIRST_LINE)
    assert world.people["manager"].name not in people  # outside the chosen unit
    assert page.get_by_role("heading", name="Belastning per vecka").is_visible()
    assert_accessible(page)
    with in_tenant(world.tenant):
        programme = Programme.objects.get(name="Chefsprogram Borås 2027")
        assert programme.status == "draft" and not programme.enrolments.exists()
    preview_path = page.url.split(":", 2)[2].split("/", 1)[1]
    phone = new_context("hr", 375, world).new_page()
    phone.goto(f"/{preview_path}")
    assert_accessible(phone)
    phone.goto(f"/programmes/{programme.public_id}/setup/target/")
    assert_accessible(phone)
    phone.close()
    page.get_by_role("button", name="Aktivera programmet").click()
    _settled(page)
    # the programme's page: everyone enrolled
    assert page.locator("h1").inner_text() == "Chefsprogram Borås 2027"
    assert (
        "Programmet är aktivt: 3 personer är inskrivna." in page.locator("#messages").inner_text()
    )
    enrolments = page.locator("#results").inner_text()
    for name in FIRST_LINE:
        assert re.search(rf"{name}\s.*Inskriven", enrolments), name
    assert "3 inskrivningar" in page.locator("#results").inner_text()
    assert_accessible(page)
    with in_tenant(world.tenant):
        programme.refresh_from_db()
        assert programme.status == "active"
        enrolled = set(
            programme.enrolments.filter(status="enrolled").values_list(
                "person__external_id", flat=True
            )
        )
        assert enrolled == {"2002", "2003", "2004"}
    phone = new_context("hr", 375, world).new_page()
    phone.goto(f"/programmes/{programme.public_id}/")
    assert_accessible(phone)


def test_withdraw_with_a_reason_in_the_browser(world, in_tenant, open_page):
    programme = running_programme(world)
    manager = world.people["manager"]
    page = open_page("hr", f"/programmes/{programme.public_id}/", width=375)
    assert_accessible(page)
    page.get_by_role("link", name=f"Skriv ut {manager.name}").click()
    _settled(page)
    assert page.locator("h1").inner_text() == "Skriva ut ur programmet?"
    assert_accessible(page)
    page.get_by_role("button", name="Skriv ut").click()  # no reason: refused, by name
    page.wait_for_selector(".error-summary")
    assert "Anledning: Ange en anledning" in page.locator(".error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Anledning").fill("Byter tjänst till hösten")
    page.get_by_role("button", name="Skriv ut").click()
    page.wait_for_url(f"**/programmes/{programme.public_id}/")
    assert f"{manager.name} är utskriven." in page.locator("#messages").inner_text()
    with in_tenant(world.tenant):
        enrolment = Enrolment.objects.get(programme=programme, person=manager)
        assert enrolment.status == "withdrawn"
        assert enrolment.reason == "Byter tjänst till hösten"
    assert "Byter tjänst till hösten" in page.locator("#results").inner_text()
    assert_accessible(page)


def test_staff_and_managers_get_no_programme_page(world, open_page):
    programme = running_programme(world)
    for role in ("staff", "manager"):
        for path in ("/programmes/", f"/programmes/{programme.public_id}/",
                     f"/programmes/{programme.public_id}/setup/preview/"):  # fmt: skip
            page = open_page(role, path)
            assert page.last_status == 403, (role, path)
            assert page.locator("h1").inner_text() == "Ingen behörighet"
    assert_accessible(page)
