"""HR's pages in the browser, with axe at 1280 and 375 px: the people list
filtered with htmx, a person's page, the organisation tree, the HR import
(an error by row and column, corrected, checked clean, imported), and an API
client (created, its secret seen once, revoked). The walk of
tests/browser/test_pages.py visits the pages without URL arguments for
every role, and checks their 403s."""

import re

import pytest

from spiral.api.models import ApiClient
from spiral.programs.org.models import Person
from tests.browser.accessibility import assert_accessible
from tests.factories import PersonFactory

WIDTHS = (1280, 375)


def _htmx_done(page, action):
    """Runs ``action`` and waits for the htmx answer it asks for, and for htmx
    to have put it in place (the server serves one request at a time)."""
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        action()
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


@pytest.mark.parametrize("width", WIDTHS)
def test_people_filtered_with_htmx_and_a_persons_page(world, in_tenant, open_page, width):
    with in_tenant(world.tenant):
        signe = PersonFactory(
            unit=world.units["e2"], given_name="Signe", family_name="Östlundqvist"
        )
    page = open_page("hr", "/people/", width=width)
    assert page.last_status == 200
    assert_accessible(page)
    results = page.locator("#results")
    assert "7 personer" in results.inner_text()
    _htmx_done(page, lambda: page.get_by_label("Namn eller e-post").fill("Östlundqvist") or
               page.get_by_label("Namn eller e-post").press("Enter"))  # fmt: skip
    assert "1 person" in results.inner_text() and "Östlundqvist, Signe" in results.inner_text()
    assert "search=" in page.url  # the filter is in the address, to share or reload
    _htmx_done(page, lambda: page.get_by_label("Enhet").select_option(
        str(world.units["e1"].public_id)))  # fmt: skip
    assert "0 personer" in results.inner_text()
    assert_accessible(page)

    page.goto(f"/people/{signe.public_id}/")
    assert page.locator("h1").inner_text() == "Signe Östlundqvist"
    assert_accessible(page)
    page.get_by_role("button", name="Ändra roller och status").click()
    page.get_by_label("coach").check()
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/people/{signe.public_id}/")
    assert "coach" in page.locator("main").inner_text()
    with in_tenant(world.tenant):
        signe.refresh_from_db()
        assert signe.is_coach


@pytest.mark.parametrize("width", WIDTHS)
def test_the_organisation_tree(world, open_page, width):
    page = open_page("hr", "/organisation/", width=width)
    assert page.last_status == 200
    assert_accessible(page)
    page.get_by_role("link", name="Hemtjänst Norr").click()
    page.wait_for_url("**/people/?under=*")
    assert "2 personer" in page.locator("#results").inner_text()  # manager and staff


HEADER = "Anställnings-ID;Förnamn;Efternamn;E-post;Befattning;Enhets-ID;Enhet;Överordnad enhet-ID"
ROW_1 = "9001;Märta;Ågren;marta.agren@example.se;Undersköterska;N1;Nya enheten;"


def _file(row_2: str) -> dict:
    data = ("\r\n".join([HEADER, ROW_1, row_2]) + "\r\n").encode("utf-8-sig")
    return {"name": "personal.csv", "mimeType": "text/csv", "buffer": data}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_hr_import_reports_an_error_then_imports_the_corrected_file(
    world, in_tenant, open_page, width
):
    page = open_page("hr", "/import/", width=width)
    assert_accessible(page)
    page.get_by_label("Fil från HR-systemet").set_input_files(
        _file("9002;Örjan;Lind;inte-en-adress;Enhetschef;N1;Nya enheten;")
    )
    page.get_by_role("button", name="Kontrollera filen").click()
    errors = page.get_by_role("table", name="Fel")
    errors.wait_for()
    assert re.search(r"3\s+E-post", errors.inner_text())  # the row and column of the file
    assert page.get_by_role("button", name="Importera").count() == 0
    assert_accessible(page)

    fixed = _file("9002;Örjan;Lind;orjan.lind@example.se;Enhetschef;N1;Nya enheten;")
    page.get_by_label("Fil från HR-systemet").set_input_files(fixed)
    page.get_by_role("button", name="Kontrollera filen").click()
    page.get_by_text("Inga fel: filen kan importeras.").wait_for()
    assert_accessible(page)
    with in_tenant(world.tenant):
        assert not Person.objects.filter(external_id="9001").exists()  # a check writes nothing
    page.get_by_label("Fil från HR-systemet").set_input_files(fixed)
    page.get_by_role("button", name="Importera", exact=True).click()
    page.wait_for_url("**/people/")
    assert "Importen är klar: 2 nya" in page.locator("#messages").inner_text()
    assert "Ågren, Märta" in page.locator("#results").inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_api_client_is_created_its_secret_seen_once_and_revoked(
    world, in_tenant, open_page, width
):
    page = open_page("hr", "/integrations/", width=width)
    assert_accessible(page)
    page.get_by_role("button", name="Ny API-klient").click()
    page.get_by_label("Namn").fill("Intranätet")
    page.get_by_label("Läsa personer (people:read)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Skapa klienten").click()
    secret = page.locator("#client-secret").inner_text()
    assert len(secret) > 30
    assert_accessible(page)

    page.get_by_role("link", name="Tillbaka till API-klienterna").click()
    page.wait_for_url("**/integrations/")
    assert "Intranätet" in page.content() and secret not in page.content()  # never again
    page.get_by_role("link", name="Återkalla Intranätet").click()
    assert page.locator("h1").inner_text() == "Återkalla Intranätet?"
    assert secret not in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Återkalla").click()
    page.wait_for_url("**/integrations/")
    assert "Klienten är återkallad" in page.locator("#messages").inner_text()
    with in_tenant(world.tenant):
        assert not ApiClient.objects.filter(name="Intranätet").exists()


def test_another_role_gets_403_on_a_persons_page(world, open_page):
    page = open_page("staff", f"/people/{world.people['staff'].public_id}/")
    assert page.last_status == 403
    assert_accessible(page)
