"""The programme pages without a browser: who may open them, the wizard's
steps and their state, validation naming the field, enrolling and withdrawing
through the same services as the API, and the query-count guards."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spiral.programs.programmes.models import Enrolment, Programme, ProgrammeTemplate
from spiral.programs.programmes.services import programme_activate, programme_create
from tests.factories import PersonFactory
from tests.world import running_programme


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def _template(world, in_tenant, key="first-line-managers"):
    with in_tenant(world.tenant):
        return ProgrammeTemplate.objects.get(key=key)


def _draft(world, in_tenant, **fields) -> Programme:
    with in_tenant(world.tenant):
        return programme_create(
            name="Utkast", template=ProgrammeTemplate.objects.get(key="first-line-managers"),
            owner=world.people["hr"], starts_on="2027-01-01", ends_on="2027-12-31", **fields,
        )  # fmt: skip


def test_the_menu_offers_programmes_to_hr_only(world):
    def menu(role):
        html = world.client(role).get("/").content.decode()
        return re.findall(
            r"<a [^>]*>([^<]+)</a>", re.search(r'class="main-nav".*?</nav>', html, re.S)[0]
        )

    assert "Program" in menu("hr")
    assert all("Program" not in menu(role) for role in ("staff", "manager", "senior", "coach"))


@pytest.mark.parametrize("role", ["staff", "manager", "senior", "coach", "other_staff"])
def test_people_without_the_role_get_nothing(world, in_tenant, role):
    programme = running_programme(world)
    with in_tenant(world.tenant):
        enrolment = Enrolment.objects.get(programme=programme)
    client = world.client(role)
    base = f"/programmes/{programme.public_id}"
    for path in ["/programmes/", "/programmes/new/", "/programmes/new/details/"]:
        assert client.get(path).status_code == 403, path
    for path in [f"{base}/", f"{base}/setup/details/", f"{base}/setup/target/",
                 f"{base}/setup/preview/", f"{base}/setup/units/", f"{base}/people/?q=a",
                 f"{base}/enrolments/{enrolment.public_id}/withdraw/"]:  # fmt: skip
        assert client.get(path).status_code == 403, path
    assert client.post(f"{base}/enrolments/{enrolment.public_id}/withdraw/",
                       {"reason": "x"}).status_code == 403  # fmt: skip
    assert (
        client.post(f"{base}/enrol/", {"person": str(world.people["staff"].public_id)}).status_code
        == 403
    )
    with in_tenant(world.tenant):
        assert Enrolment.objects.get(pk=enrolment.pk).status == "enrolled"


def test_another_tenants_programme_is_not_found(world, in_tenant, tenant_b):
    from django.test import Client

    from tests.conftest import host
    from tests.factories import login_for

    programme = running_programme(world)
    with in_tenant(tenant_b):
        hr_b = PersonFactory(is_hr=True)
        client = Client(HTTP_HOST=host(tenant_b))
        client.force_login(login_for(hr_b))
    base = f"/programmes/{programme.public_id}"
    for path in [f"{base}/", f"{base}/setup/target/", f"{base}/setup/preview/"]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"{base}/setup/preview/").status_code == 404
    with in_tenant(world.tenant):
        assert Programme.objects.get(pk=programme.pk).status == "active"


def test_a_programme_owner_who_is_not_hr_may_use_its_page(world, in_tenant):
    programme = running_programme(world, owner="senior")
    assert world.client("senior").get(f"/programmes/{programme.public_id}/").status_code == 200
    assert world.client("senior").get("/programmes/").status_code == 403  # HR's list


def test_the_list_shows_template_status_period_owner_and_count(world, in_tenant):
    programme = running_programme(world)
    html = world.client("hr").get("/programmes/").content.decode()
    assert "Chefsprogram" in html and "Utvecklingsprogram för första linjens chefer" in html
    assert "Aktivt" in html or "Aktiv" in html
    assert world.people["hr"].name in html
    row = re.search(rf'{programme.public_id}/".*?</tr>', html, re.S)[0]
    assert re.findall(r"<td>(\d+)</td>", row) == ["1"]  # the manager
    part = (
        world.client("hr")
        .get("/programmes/?status=draft", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
        .content.decode()
    )
    assert "<html" not in part and "Chefsprogram" not in part


def test_the_wizard_keeps_its_state_and_names_the_fields(world, in_tenant):
    client = world.client("hr")
    template = _template(world, in_tenant)
    # step 1: a template must be chosen
    response = client.post("/programmes/new/", {})
    assert response.status_code == 200 and "Välj en mall." in response.content.decode()
    response = client.post("/programmes/new/", {"template": str(template.public_id)})
    assert response["Location"] == "/programmes/new/details/"
    # step 2: the name proposed from the template; bad input names its field
    page = client.get("/programmes/new/details/").content.decode()
    assert 'value="Utvecklingsprogram för första linjens chefer"' in page
    bad = {"name": "", "starts_on": "2027-06-01", "ends_on": "2027-01-01", "owner": ""}
    page = client.post("/programmes/new/details/", bad).content.decode()
    assert "Namn: Det här fältet är obligatoriskt." in page
    assert "Slutar: Programmet slutar innan det börjar." in page
    assert "Ägare: Det här fältet är obligatoriskt." in page
    # back to step 1 and forward again: what was typed is still there
    typed = {"name": "Chefsprogram 2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31",
             "owner": str(world.people["hr"].public_id)}  # fmt: skip
    response = client.post("/programmes/new/details/", {**typed, "back": "1"})
    assert response["Location"] == "/programmes/new/"
    assert "checked" in client.get("/programmes/new/").content.decode()
    client.post("/programmes/new/", {"template": str(template.public_id)})
    page = client.get("/programmes/new/details/").content.decode()
    assert 'value="Chefsprogram 2027"' in page and 'value="2027-12-31"' in page
    response = client.post("/programmes/new/details/", typed)
    with in_tenant(world.tenant):
        programme = Programme.objects.get(name="Chefsprogram 2027")
        assert programme.status == "draft" and programme.template == template
        assert programme.target_roles == ["first_line_manager"]  # the template's
    base = f"/programmes/{programme.public_id}/setup"
    assert response["Location"] == f"{base}/target/"
    # step 3: the template's roles are ticked; no role is refused by name
    page = client.get(f"{base}/target/").content.decode()
    assert re.search(r'value="first_line_manager"[^>]*checked', page)
    page = client.post(f"{base}/target/", {"next": "1"}).content.decode()
    assert "Roller: Välj minst en roll." in page
    # a search without JavaScript keeps what is ticked
    north = world.units["e1"]
    page = client.post(
        f"{base}/target/", {"roles": ["first_line_manager"], "q": "Norr", "search": "1"}
    ).content.decode()
    assert "Hemtjänst Norr" in page and "Hemtjänst Söder" not in page.split("unit-options")[1]
    assert re.search(r'value="first_line_manager"[^>]*checked', page)
    # htmx search: the ticked units stay ticked, above what was found
    part = client.get(
        f"{base}/units/", {"q": "Söder", "units": [str(north.public_id)]}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert re.search(rf'value="{north.public_id}" checked', part) and "Hemtjänst Söder" in part
    response = client.post(
        f"{base}/target/",
        {"roles": ["first_line_manager"], "units": [str(north.public_id)], "back": "1"},
    )
    assert response["Location"] == f"{base}/details/"
    page = client.get(f"{base}/details/").content.decode()
    assert 'value="Chefsprogram 2027"' in page  # back, as saved
    response = client.post(f"{base}/details/", typed)
    assert response["Location"] == f"{base}/target/"
    page = client.get(f"{base}/target/").content.decode()
    assert re.search(rf'value="{north.public_id}" checked', page)
    response = client.post(
        f"{base}/target/", {"roles": ["first_line_manager"], "units": [str(north.public_id)]}
    )
    assert response["Location"] == f"{base}/preview/"
    # step 4: the preview names who will be enrolled, as the API's preview does
    page = client.get(f"{base}/preview/").content.decode()
    api = client.get(f"/api/v1/programmes/{programme.public_id}/preview/").json()
    assert api["count"] == 1 and world.people["manager"].name in page
    assert "kommer att skriva in 1 person" in page
    with in_tenant(world.tenant):
        assert not Enrolment.objects.filter(programme=programme).exists()  # nothing written
    response = client.post(f"{base}/preview/")
    assert response["Location"] == f"/programmes/{programme.public_id}/"
    with in_tenant(world.tenant):
        programme.refresh_from_db()
        assert programme.status == "active"
        assert list(programme.enrolments.values_list("person", flat=True)) == [
            world.people["manager"].pk
        ]
    page = client.get(f"/programmes/{programme.public_id}/").content.decode()
    assert "Programmet är aktivt: 1 person är inskriven." in page


def test_activation_problems_are_shown_and_nothing_changes(world, in_tenant):
    with in_tenant(world.tenant):
        programme = programme_create(name="Utan period", target_roles=["first_line_manager"])
    base = f"/programmes/{programme.public_id}/setup"
    page = world.client("hr").get(f"{base}/preview/").content.decode()
    assert "Programmet behöver en ägare." in page and "disabled" in page
    world.client("hr").post(f"{base}/preview/")
    with in_tenant(world.tenant):
        programme.refresh_from_db()
        assert programme.status == "draft"


def test_enrol_by_search_and_withdraw_with_a_reason(world, in_tenant):
    programme = running_programme(world)
    client = world.client("hr")
    base = f"/programmes/{programme.public_id}"
    staff = world.people["staff"]
    part = client.get(f"{base}/people/", {"q": staff.family_name}).content.decode()
    assert staff.name in part and world.people["manager"].name not in part  # already in
    response = client.post(f"{base}/enrol/", {"person": str(staff.public_id)})
    assert response["Location"] == f"{base}/"
    with in_tenant(world.tenant):
        enrolment = Enrolment.objects.get(programme=programme, person=staff, status="enrolled")
    withdraw = f"{base}/enrolments/{enrolment.public_id}/withdraw/"
    question = client.get(withdraw).content.decode()
    assert staff.name in question and 'name="reason"' in question
    refused = client.post(withdraw, {"reason": ""})
    assert refused.status_code == 400
    assert "Anledning: Ange en anledning till att personen skrivs ut." in refused.content.decode()
    response = client.post(withdraw, {"reason": "Föräldraledig under våren"})
    assert response["Location"] == f"{base}/"
    with in_tenant(world.tenant):
        enrolment.refresh_from_db()
        assert enrolment.status == "withdrawn" and enrolment.reason == "Föräldraledig under våren"
    assert client.get(withdraw).status_code == 404  # withdrawn already
    page = client.get(f"{base}/?status=withdrawn").content.decode()
    assert "Föräldraledig under våren" in page


def test_the_programme_page_shows_components_and_upcoming_sessions_marked(world, in_tenant):
    from spiral.programs.programmes.models import ComponentInstance
    from spiral.programs.sessions.models import Session

    programme = running_programme(world)
    with in_tenant(world.tenant):
        instance = ComponentInstance.objects.filter(component__programme=programme).first()
        soon = timezone.now() + timedelta(days=3)
        for n, status in enumerate(["scheduled", "moved", "cancelled"]):
            Session.objects.create(
                kind="group_meetings", title=f"Träff {n}", component_instance=instance,
                starts_at=soon + timedelta(days=n), ends_at=soon + timedelta(days=n, hours=1),
                status=status,
            )  # fmt: skip
        Session.objects.create(
            kind="group_meetings", title="Förra veckan", component_instance=instance,
            starts_at=soon - timedelta(days=10), ends_at=soon - timedelta(days=10, hours=-1),
        )  # fmt: skip
    page = world.client("hr").get(f"/programmes/{programme.public_id}/").content.decode()
    assert "Coachningsspår" in page and "Individ" in page and "Var 4:e vecka" in page
    assert "<strong>Flyttat</strong>" in page and "<strong>Inställt</strong>" in page
    assert "<s>Träff 2</s>" in page and "Förra veckan" not in page


def test_programme_list_keeps_its_query_count(world, in_tenant):
    client = world.client("hr")

    def add(count):
        with in_tenant(world.tenant):
            template = ProgrammeTemplate.objects.get(key="learning-work-group")
            for n in range(count):
                programme = programme_create(
                    name=f"P{n}", template=template, owner=world.people["hr"],
                    starts_on="2027-01-01", ends_on="2027-06-30", target_roles=["coach"],
                    include_people=[str(PersonFactory(unit=world.units["e1"]).public_id)],
                    process_leaders=[world.people["senior"]],
                )  # fmt: skip
                programme_activate(programme=programme)

    add(1)
    _queries(client, "/programmes/")
    few = _queries(client, "/programmes/")
    add(20)
    many = _queries(client, "/programmes/")
    print(f"programme list queries: {few} for 1, {many} for 21")
    assert many == few


def test_programme_page_keeps_its_query_count(world, in_tenant):
    from spiral.programs.programmes.enrolment import enrolment_add
    from spiral.programs.programmes.models import ComponentInstance
    from spiral.programs.sessions.models import Session

    programme = running_programme(world)
    client = world.client("hr")
    url = f"/programmes/{programme.public_id}/?q=a"

    def grow(count):
        with in_tenant(world.tenant):
            instance = ComponentInstance.objects.filter(component__programme=programme).first()
            start = timezone.now() + timedelta(days=1)
            for n in range(count):
                enrolment_add(programme=programme, person=PersonFactory(unit=world.units["e2"]))
                Session.objects.create(
                    kind="group_meetings", title=f"Träff {n}", component_instance=instance,
                    organiser=PersonFactory(), starts_at=start + timedelta(days=n),
                    ends_at=start + timedelta(days=n, hours=1),
                )  # fmt: skip

    grow(1)
    _queries(client, url)
    few = _queries(client, url)
    grow(30)
    many = _queries(client, url)
    print(f"programme page queries: {few} for 1, {many} for 31 enrolments and sessions")
    assert many == few
