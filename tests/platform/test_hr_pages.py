"""HR's pages without a browser (issue 13): people, a person, the
organisation tree, the HR import and API clients. The same people as the
API for the same filters, the rules (403 for everyone but HR, no menu
entries), another tenant's ids (404), the import's two steps, a client's
secret shown once, and constant query counts."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spiral.api.models import ApiClient
from spiral.api.scopes import SCOPES
from spiral.programs.org.models import Person
from tests.conftest import host
from tests.factories import OrgUnitFactory, PersonFactory, WorkGroupFactory, login_for
from tests.platform.test_pages import _menu
from tests.world import running_programme

PERSON_LINK = re.compile(r'href="/people/([0-9a-f-]{36})/"')
HR_PAGES = ["/people/", "/organisation/", "/import/", "/integrations/", "/integrations/new/"]


def _shown(response) -> set[str]:
    assert response.status_code == 200
    return set(PERSON_LINK.findall(response.content.decode()))


def _listed(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


@pytest.fixture
def more_people(world, in_tenant):
    with in_tenant(world.tenant):
        PersonFactory(unit=world.units["e2"], given_name="Signe", family_name="Öst",
                      status=Person.Status.LEAVING)  # fmt: skip
        PersonFactory(unit=world.units["e1"], given_name="Åke", family_name="Signesson")
        PersonFactory(unit=world.units["e2"], is_first_line_manager=True)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"search": "signe"},
        {"search": "example.se"},
        {"under": "verksamhet"},
        {"under": "e2"},
        {"status": "leaving"},
        {"role": "first_line_manager"},
        {"under": "verksamhet", "status": "active", "search": "sign"},
    ],
)
def test_the_people_page_lists_the_same_people_as_the_api(world, more_people, filters):
    """The same rows for the same person and the same filters: HR's page and
    GET /api/v1/people/ (which filters with the same selector)."""
    query = {k: str(world.units[v].public_id) if k == "under" else v for k, v in filters.items()}
    client = world.client("hr")
    page = _shown(client.get("/people/", query))
    api = _listed(client.get("/api/v1/people/", {**query, "page_size": 200}))
    assert page == api
    assert page, "each filter finds someone"


def test_the_people_filter_refreshes_only_the_results_with_htmx(world, more_people):
    client = world.client("hr")
    part = client.get(
        "/people/", {"search": "Signe"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()
    assert "<html" not in part and "2 personer" in part


def test_no_one_but_hr_sees_the_hr_pages_or_their_menu_entries(world):
    person = world.people["staff"].public_id
    with_objects = [f"/people/{person}/", f"/people/{person}/roles/", f"/people/{person}/invite/"]
    for role in ("senior", "manager", "staff", "other_staff", "coach"):
        client = world.client(role)
        for path in [*HR_PAGES, *with_objects]:
            assert client.get(path).status_code == 403, (role, path)
        assert client.post("/import/").status_code == 403
        menu = _menu(client.get("/"))
        assert not {"Personer", "Organisation", "HR-import", "API-klienter"} & set(menu), role
    hr_menu = _menu(world.client("hr").get("/"))
    hr_entries = ["Personer", "Organisation", "HR-import", "API-klienter"]
    assert [entry for entry in hr_menu if entry in hr_entries] == hr_entries
    for path in [*HR_PAGES, *with_objects]:
        assert world.client("hr").get(path).status_code == 200, path


def test_another_tenants_hr_gets_404_for_this_tenants_people_and_clients(
    world, tenant_b, in_tenant
):
    with in_tenant(tenant_b):
        hr_b = PersonFactory(is_hr=True)
        client_b = Client(HTTP_HOST=host(tenant_b))
        client_b.force_login(login_for(hr_b))
    person = world.people["staff"].public_id
    with in_tenant(world.tenant):
        api_client = ApiClient.objects.first()
    for path in (f"/people/{person}/", f"/people/{person}/roles/", f"/people/{person}/invite/",
                 f"/integrations/{api_client.pk}/revoke/"):  # fmt: skip
        assert client_b.get(path).status_code == 404, path
    assert client_b.post(f"/integrations/{api_client.pk}/revoke/").status_code == 404
    assert str(person) not in client_b.get("/people/").content.decode()
    with in_tenant(world.tenant):
        assert ApiClient.objects.filter(pk=api_client.pk).exists()


def test_a_persons_page_shows_their_place_groups_and_programmes(world):
    running_programme(world)
    manager = world.people["manager"]
    page = world.client("hr").get(f"/people/{manager.public_id}/").content.decode()
    assert f"<h1>{manager.name}</h1>" in page
    assert "Hemtjänst Norr" in page and "Chef för enheten" in page  # manages their own unit
    assert world.work_group.name in page and world.management_group.name in page
    assert "Chefsprogram" in page
    staff = world.people["staff"]
    page = world.client("hr").get(f"/people/{staff.public_id}/").content.decode()
    assert f'href="/people/{manager.public_id}/"' in page  # their manager
    assert f"/people/?under={world.units['e1'].public_id}" in page


def test_hr_changes_roles_and_status_through_the_service(world, in_tenant):
    staff = world.people["staff"]
    client = world.client("hr")
    url = f"/people/{staff.public_id}/roles/"
    response = client.post(url, {"status": "leaving", "is_coach": "on"})
    assert response.status_code == 302 and response["Location"] == f"/people/{staff.public_id}/"
    with in_tenant(world.tenant):
        staff.refresh_from_db()
        assert staff.status == "leaving" and staff.is_coach and not staff.is_hr
        from spiral.platform.audit.models import AuditEvent

        assert AuditEvent.objects.filter(action="person.updated", object_id=staff.public_id)
    response = client.post(url, {"status": "gone"})
    assert response.status_code == 200
    assert "Anställningsstatus" in response.content.decode()  # the error names the field


def test_hr_invites_a_person_once(world, in_tenant):
    with in_tenant(world.tenant):
        newcomer = PersonFactory(unit=world.units["e2"])
    client = world.client("hr")
    page = client.get(f"/people/{newcomer.public_id}/").content.decode()
    assert f"/people/{newcomer.public_id}/invite/" in page
    response = client.post(f"/people/{newcomer.public_id}/invite/")
    assert response.status_code == 302
    with in_tenant(world.tenant):
        newcomer.refresh_from_db()
        assert newcomer.user_id is not None
    # someone who already signs in is not offered it again
    staff = world.people["staff"]
    with in_tenant(world.tenant):
        user = staff.user
        user.set_password("Ett-lösenord-2026")
        user.save()
    assert (
        f"/people/{staff.public_id}/invite/"
        not in client.get(f"/people/{staff.public_id}/").content.decode()
    )
    response = client.post(f"/people/{staff.public_id}/invite/", follow=True)
    assert "redan" in response.content.decode()  # the service's reason, as a message


def test_the_organisation_tree_nests_units_with_counts_and_links(world, more_people):
    page = world.client("hr").get("/organisation/").content.decode()
    units = world.units
    for unit in units.values():
        assert f'href="/people/?under={unit.public_id}"' in page
    # nested: Hemtjänst Norr inside Hemtjänst inside the root
    root_at = page.index(units["root"].name)
    assert root_at < page.index(">Hemtjänst<") < page.index("Hemtjänst Norr")
    assert page.count("<ul") == page.count("</ul>")
    assert len(re.findall(r"<li[ >]", page)) == page.count("</li>")
    assert "4 enheter" in page
    # Hemtjänst Söder: other_staff, Signe (leaving: still here) and a new manager
    söder = page[page.index("Hemtjänst Söder") :].split("</li>")[0]
    assert "3 personer" in söder and "1 chef" in söder


# --- the HR import -------------------------------------------------------

HEADER = "Anställnings-ID;Förnamn;Efternamn;E-post;Befattning;Enhets-ID;Enhet;Överordnad enhet-ID"


def _csv(*rows) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8-sig")


GOOD = _csv(
    "9001;Märta;Ågren;marta.agren@example.se;Undersköterska;N1;Nya enheten;",
    "9002;Örjan;Lind;orjan.lind@example.se;Enhetschef;N1;Nya enheten;",
)
BAD = _csv(
    "9001;Märta;Ågren;marta.agren@example.se;Undersköterska;N1;Nya enheten;",
    "9002;Örjan;Lind;inte-en-adress;Enhetschef;N1;Nya enheten;",
)


def _upload(client, data: bytes, name="hr.csv", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/import/", {"file": SimpleUploadedFile(name, data), **fields})


def test_the_import_checks_reports_each_error_by_row_and_column_then_imports(world, in_tenant):
    client = world.client("hr")
    report = _upload(client, BAD, check="")
    html = report.content.decode()
    assert report.status_code == 200
    assert re.search(r"<td>3</td><td>E-post</td>", html), html  # the file's row and column
    assert 'name="commit"' not in html  # a file with errors cannot be imported
    with in_tenant(world.tenant):
        assert not Person.objects.filter(external_id__in=["9001", "9002"]).exists()

    clean = _upload(client, GOOD, check="").content.decode()
    assert "Inga fel" in clean and 'name="commit"' in clean
    assert re.search(r"<dt>Nya personer</dt><dd>2</dd>", clean)
    token = re.search(r'name="checked" value="([^"]+)"', clean)[1]
    # only the file that was checked can be imported, and only as checked
    refused = _upload(client, BAD, commit="", checked=token).content.decode()
    assert "Kontrollera filen först" in refused
    refused = _upload(client, GOOD, commit="", checked=token, full="on").content.decode()
    assert "Kontrollera filen först" in refused
    assert "Kontrollera filen först" in _upload(client, GOOD, commit="").content.decode()
    with in_tenant(world.tenant):
        assert not Person.objects.filter(external_id="9001").exists()

    done = _upload(client, GOOD, commit="", checked=token)
    assert done.status_code == 302 and done["Location"] == "/people/"
    with in_tenant(world.tenant):
        assert Person.objects.filter(external_id__in=["9001", "9002"]).count() == 2
    assert "Märta" in client.get("/people/", {"search": "Ågren"}).content.decode()


def test_an_unreadable_file_is_an_error_on_the_file_field(world):
    response = _upload(world.client("hr"), b"", check="")
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert 'href="#id_file"' in html


# --- API clients ---------------------------------------------------------


def test_a_new_clients_secret_is_shown_once_and_revoking_asks_first(world, in_tenant):
    client = world.client("hr")
    form = client.get("/integrations/new/").content.decode()
    assert form.count('type="checkbox"') == len(SCOPES)
    assert "Läsa personer (people:read)" in form
    missing = client.post("/integrations/new/", {"name": "Intranätet"})
    summary = missing.content.decode().split('class="error-summary"')[1].split("</div>")[0]
    assert missing.status_code == 200 and "Vad den får göra" in summary  # names the field

    created = client.post("/integrations/new/", {"name": "Intranätet", "scopes": ["org:read"]})
    assert created.status_code == 200 and created["Cache-Control"] == "no-store"
    secret = re.search(r'id="client-secret" class="secret">([^<]+)<', created.content.decode())[1]
    assert len(secret) > 30
    with in_tenant(world.tenant):
        new = ApiClient.objects.get(name="Intranätet")
        assert new.scopes == ["org:read"] and new.application.client_secret != secret  # a hash
    # never again: not on the list, nor anywhere the API shows the client
    listing = client.get("/integrations/").content.decode()
    assert "Intranätet" in listing and new.application.client_id in listing
    assert secret not in listing
    assert secret not in client.get(f"/integrations/{new.pk}/revoke/").content.decode()
    assert secret not in client.get(f"/api/v1/api-clients/{new.pk}/").content.decode()

    question = client.get(f"/integrations/{new.pk}/revoke/").content.decode()
    assert "Återkalla Intranätet?" in question and 'method="post"' in question
    response = client.post(f"/integrations/{new.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/integrations/"
    with in_tenant(world.tenant):
        assert not ApiClient.objects.filter(pk=new.pk).exists()
    assert client.get(f"/integrations/{new.pk}/revoke/").status_code == 404


def test_every_scope_is_described_in_swedish():
    from django.utils import translation

    with translation.override("sv"):
        from spiral.api.pages import scope_label

        for scope, text in SCOPES.items():
            assert scope_label(scope) != f"{text} ({scope})", scope


# --- query counts: the same for few and many rows ------------------------


def test_the_people_list_keeps_its_query_count(world, in_tenant):
    client = world.client("hr")
    url = f"/people/?under={world.units['root'].public_id}&status=active"
    _queries(client, url)
    few = _queries(client, url)
    with in_tenant(world.tenant):
        for _ in range(40):
            PersonFactory(unit=world.units["e1"], is_coach=True)
    assert _queries(client, url) == few
    assert _queries(client, url + "&page=2") == few


def test_the_person_page_keeps_its_query_count(world, in_tenant):
    client = world.client("hr")
    staff = world.people["staff"]
    url = f"/people/{staff.public_id}/"
    _queries(client, url)
    few = _queries(client, url)
    running_programme(world)  # enrols the manager, not staff: enrol staff in more below
    with in_tenant(world.tenant):
        for _ in range(5):
            WorkGroupFactory(unit=world.units["e1"], leader=world.people["manager"],
                             members=[staff, PersonFactory(unit=world.units["e1"])])  # fmt: skip
    assert _queries(client, url) == few


def test_the_organisation_tree_keeps_its_query_count(world, in_tenant):
    client = world.client("hr")
    _queries(client, "/organisation/")
    few = _queries(client, "/organisation/")
    with in_tenant(world.tenant):
        parent = world.units["e2"]
        for n in range(30):
            parent = OrgUnitFactory(parent=parent if n % 3 else world.units["root"])
            PersonFactory(unit=parent, is_first_line_manager=n % 2 == 0)
    assert _queries(client, "/organisation/") == few


def test_the_api_clients_list_keeps_its_query_count(world, in_tenant):
    from spiral.api.integrations.services import api_client_create

    client = world.client("hr")
    _queries(client, "/integrations/")
    few = _queries(client, "/integrations/")
    with in_tenant(world.tenant):
        for n in range(15):
            api_client_create(name=f"System {n}", scopes=["org:read"])
    assert _queries(client, "/integrations/") == few
