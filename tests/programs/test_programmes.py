from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.org.models import Person
from spiral.programs.programmes.enrolment import INSTANCE_TOPIC, enrolments_sync
from spiral.programs.programmes.models import (
    ComponentInstance,
    Enrolment,
    Programme,
    ProgrammeTemplate,
)
from tests.factories import PersonFactory

JSON = "application/json"


def _template(world, in_tenant, key="first-line-managers"):
    with in_tenant(world.tenant):
        return ProgrammeTemplate.objects.get(key=key)


def _create(world, in_tenant, **extra):
    template = _template(world, in_tenant)
    body = {
        "name": "Chefsprogram 2027",
        "template": str(template.public_id),
        "owner": str(world.people["hr"].public_id),
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "target_roles": ["first_line_manager"],
        "goals": [
            {
                "horizon": "short",
                "text": "Alla chefer har ett coachningsspår",
                "target_date": "2027-03-01",
            }
        ],
        **extra,
    }
    response = world.client("hr").post("/api/v1/programmes/", body, JSON)
    assert response.status_code == 201, response.content
    return response.json()


def test_the_library_ships_three_templates_in_swedish_and_english(world):
    rows = world.client("staff").get("/api/v1/programme-templates/").json()["results"]
    shipped = {row["key"]: row for row in rows if row["is_shipped"]}
    assert set(shipped) == {"first-line-managers", "learning-work-group", "mentoring"}
    flm = shipped["first-line-managers"]
    assert flm["name_sv"] == "Utvecklingsprogram för första linjens chefer"
    assert flm["name_en"] == "Development programme for first-line managers"
    kinds = {c["kind"]: c["level"] for c in flm["components"]}
    assert kinds["coaching_track"] == "individual"
    assert kinds["group_meetings"] == "group"
    assert kinds["feedback_loop"] == "organisation"
    assert all(c["title_sv"] and c["title_en"] for c in flm["components"])


def test_a_copy_is_editable_and_the_shipped_template_stays(world, in_tenant):
    template = _template(world, in_tenant)
    client = world.client("hr")
    url = f"/api/v1/programme-templates/{template.public_id}/"
    assert client.patch(url, {"name_sv": "Ändrad"}, JSON).status_code == 409
    copy = client.post(f"{url}copy/").json()
    assert not copy["is_shipped"] and len(copy["components"]) == 7
    edited = client.patch(
        f"/api/v1/programme-templates/{copy['id']}/", {"name_sv": "Vårt program"}, JSON
    )
    assert edited.status_code == 200 and edited.json()["name_sv"] == "Vårt program"
    assert client.get(url).json()["name_sv"] == "Utvecklingsprogram för första linjens chefer"
    assert world.client("staff").post(f"{url}copy/").status_code == 403


def test_activation_needs_owner_period_and_components(world):
    created = world.client("hr").post("/api/v1/programmes/", {"name": "Tomt"}, JSON).json()
    response = world.client("hr").post(f"/api/v1/programmes/{created['id']}/activate/")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    reasons = " ".join(response.json()["reasons"])  # Swedish by default
    assert "ägare" in reasons and "period" in reasons and "komponent" in reasons
    english = world.client("hr").post(
        f"/api/v1/programmes/{created['id']}/activate/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The programme needs an owner." in english.json()["reasons"]


def test_preview_then_activation_enrols_and_gives_components(world, in_tenant):
    programme = _create(world, in_tenant)
    client = world.client("hr")
    preview = client.get(f"/api/v1/programmes/{programme['id']}/preview/").json()
    assert [row["id"] for row in preview["people"]] == [str(world.people["manager"].public_id)]
    with in_tenant(world.tenant):
        assert not Enrolment.objects.exists()  # a preview writes nothing
    response = client.post(f"/api/v1/programmes/{programme['id']}/activate/")
    assert response.status_code == 200, response.content
    assert response.json()["enrolled"] == 1
    with in_tenant(world.tenant):
        kinds = sorted(ComponentInstance.objects.values_list("component__kind", flat=True))
        # per manager: coaching, mentoring; per work group led: meetings, pulse;
        # per management group: feedback loop; once: arena, support assessment
        assert kinds == sorted([
            "coaching_track", "mentoring", "group_meetings", "climate_pulse",
            "feedback_loop", "learning_arena", "support_assessment",
        ])  # fmt: skip
        created = OutboxMessage.objects.filter(topic=INSTANCE_TOPIC, subscriber="scheduling.series")
        assert created.count() == 7
        # running the enrolment again changes nothing
        enrolments_sync(programme=Programme.objects.get())
        assert ComponentInstance.objects.count() == 7 and created.count() == 7
    again = client.post(f"/api/v1/programmes/{programme['id']}/activate/")
    assert again.status_code == 409


def test_target_units_and_includes_and_excludes(world, in_tenant):
    units, people = world.units, world.people
    programme = _create(
        world, in_tenant,
        target_roles=["first_line_manager", "senior_manager"],
        target_units=[str(units["e2"].public_id)],
        include_people=[str(people["staff"].public_id)],
    )  # fmt: skip
    preview = world.client("hr").get(f"/api/v1/programmes/{programme['id']}/preview/").json()
    # no managers under Söder
    assert [row["id"] for row in preview["people"]] == [str(people["staff"].public_id)]


def test_enrolment_follows_the_organisation(world, in_tenant):
    programme = _create(world, in_tenant)
    client = world.client("hr")
    client.post(f"/api/v1/programmes/{programme['id']}/activate/")
    # a newly appointed first-line manager is enrolled
    new = client.post(
        "/api/v1/people/",
        {"external_id": "NY1", "given_name": "Nya", "family_name": "Chefen",
         "unit": str(world.units["e2"].public_id), "is_first_line_manager": True},
        JSON,
    ).json()  # fmt: skip
    # one who leaves is withdrawn, and the history is kept
    leaving = world.people["manager"]
    client.patch(f"/api/v1/people/{leaving.public_id}/", {"status": "leaving"}, JSON)
    with in_tenant(world.tenant):
        # Not inside the requests: the change is published, a worker follows it.
        assert Enrolment.objects.filter(status="enrolled").get().person == leaving
        outbox_relay()
        enrolled = set(
            Enrolment.objects.filter(status="enrolled").values_list("person__public_id", flat=True)
        )
        assert {str(x) for x in enrolled} == {new["id"]}
        gone = Enrolment.objects.get(person=leaving)
        assert gone.status == "withdrawn" and gone.reason == "Left the organisation."


def test_enrolment_follows_an_hr_import(world, in_tenant):
    from spiral.programs.org.hr_import.service import people_import

    programme = _create(world, in_tenant)
    world.client("hr").post(f"/api/v1/programmes/{programme['id']}/activate/")
    csv = "external_id;given_name;family_name;unit_id;roles\nIMP1;Ida;Import;IMPU;chef\n"
    with in_tenant(world.tenant):
        people_import(data=csv.encode(), full=False, dry_run=False)
        outbox_relay()  # as the worker does after the import's commit
        assert Enrolment.objects.filter(person__external_id="IMP1", status="enrolled").exists()


def test_transitions_answer_409_with_the_reason(world, in_tenant):
    programme = _create(world, in_tenant)
    client, url = world.client("hr"), f"/api/v1/programmes/{programme['id']}/"
    assert client.post(f"{url}complete/").status_code == 409
    assert client.post(f"{url}archive/").status_code == 409
    client.post(f"{url}activate/")
    assert client.patch(url, {"starts_on": "2027-02-01"}, JSON).status_code == 409
    assert client.post(f"{url}complete/").json()["status"] == "completed"
    assert client.post(f"{url}archive/").json()["status"] == "archived"
    response = client.patch(url, {"name": "Nytt namn"}, JSON)
    assert response.status_code == 409 and "archived" in response.json()["detail"]


def test_load_guard_reports_who_would_pass_the_weekly_limit(world, in_tenant, tenant_a):
    tenant_a.weekly_programme_hours_limit = 0.5
    tenant_a.save()
    programme = _create(world, in_tenant)
    response = world.client("hr").post(f"/api/v1/programmes/{programme['id']}/activate/")
    overloaded = response.json()["overloaded"]
    assert [row["person"] for row in overloaded] == [str(world.people["manager"].public_id)]
    assert overloaded[0]["hours_per_week"] > 0.5


def test_enrolments_by_hand(world, in_tenant):
    programme = _create(world, in_tenant)
    client = world.client("hr")
    client.post(f"/api/v1/programmes/{programme['id']}/activate/")
    added = client.post(
        "/api/v1/enrolments/",
        {"programme": programme["id"], "person": str(world.people["staff"].public_id),
         "reason": "Blivande chef"},
        JSON,
    )  # fmt: skip
    assert added.status_code == 201 and added.json()["status"] == "enrolled"
    withdrawn = client.post(
        f"/api/v1/enrolments/{added.json()['id']}/withdraw/", {"reason": "Föräldraledig"}, JSON
    )
    assert (
        withdrawn.json()["status"] == "withdrawn" and withdrawn.json()["reason"] == "Föräldraledig"
    )
    rows = client.get("/api/v1/enrolments/?status=withdrawn").json()["results"]
    assert [row["id"] for row in rows] == [added.json()["id"]]


def test_only_administrators_set_up_programmes(world, in_tenant):
    programme = _create(world, in_tenant)
    world.client("hr").post(f"/api/v1/programmes/{programme['id']}/activate/")
    assert world.client("staff").post("/api/v1/programmes/", {"name": "X"}, JSON).status_code == 403
    # the enrolled manager sees the programme but cannot change it
    url = f"/api/v1/programmes/{programme['id']}/"
    assert world.client("manager").get(url).status_code == 200
    assert world.client("manager").post(f"{url}complete/").status_code == 403
    assert world.client("staff").get(url).status_code == 404


def test_a_rule_can_never_name_another_tenants_people(world, in_tenant, tenant_b):
    from django_tenants.utils import schema_context

    with schema_context(tenant_b.schema_name):
        stranger = PersonFactory()
    template = _template(world, in_tenant)
    response = world.client("hr").post(
        "/api/v1/programmes/",
        {"name": "X", "template": str(template.public_id),
         "include_people": [str(stranger.public_id)]},
        JSON,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "include_people"
    with in_tenant(world.tenant):
        assert not Programme.objects.exists()
    with schema_context(tenant_b.schema_name):
        assert Person.objects.filter(pk=stranger.pk).exists()


def test_a_copy_can_get_components_of_its_own(world, in_tenant):
    template = _template(world, in_tenant, key="mentoring")
    client = world.client("hr")
    copy = client.post(f"/api/v1/programme-templates/{template.public_id}/copy/").json()
    url = f"/api/v1/programme-templates/{copy['id']}/"
    component = {
        "kind": "learning_arena", "level": "organisation", "audience": "programme",
        "cadence": "FREQ=MONTHLY", "session_minutes": 90, "title_sv": "Arena", "title_en": "Arena",
    }  # fmt: skip
    bad = client.patch(url, {"components": [{**component, "cadence": "FREQ=SOMETIMES"}]}, JSON)
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "components[0].cadence"
    edited = client.patch(url, {"components": [component]}, JSON).json()
    assert [c["title_sv"] for c in edited["components"]] == ["Arena"]
    original = client.get(f"/api/v1/programme-templates/{template.public_id}/").json()
    assert len(original["components"]) == 3


def test_only_drafts_are_deleted(world, in_tenant):
    draft = world.client("hr").post("/api/v1/programmes/", {"name": "Utkast"}, JSON).json()
    assert world.client("hr").delete(f"/api/v1/programmes/{draft['id']}/").status_code == 204
    running = _create(world, in_tenant)
    world.client("hr").post(f"/api/v1/programmes/{running['id']}/activate/")
    assert world.client("hr").delete(f"/api/v1/programmes/{running['id']}/").status_code == 409


def test_activation_names_only_people_the_owner_may_see(world, in_tenant, tenant_a):
    """A programme owner who is not HR neither counts nor sees the people they
    may not see (here: nobody but themselves), in the answer and in the
    enrolment list, and cannot withdraw them."""
    tenant_a.weekly_programme_hours_limit = 0.5
    tenant_a.save()
    programme = _create(world, in_tenant, owner=str(world.people["other_staff"].public_id))
    response = world.client("other_staff").post(f"/api/v1/programmes/{programme['id']}/activate/")
    assert response.status_code == 200, response.content
    assert response.json() == {"enrolled": 0, "overloaded": []}  # the manager is not theirs
    owner = world.client("other_staff")
    assert owner.get(f"/api/v1/programmes/{programme['id']}/preview/").json()["count"] == 0
    assert owner.get("/api/v1/enrolments/").json()["results"] == []
    with in_tenant(world.tenant):
        hidden = Enrolment.objects.get(person=world.people["manager"])
    withdraw = owner.post(f"/api/v1/enrolments/{hidden.public_id}/withdraw/", {"reason": "x"}, JSON)
    assert withdraw.status_code == 404
    # HR sees and counts everyone
    hr_rows = world.client("hr").get("/api/v1/enrolments/").json()["results"]
    assert [row["person"] for row in hr_rows] == [str(world.people["manager"].public_id)]


def test_a_programme_from_a_template_starts_with_its_target_rule(world, in_tenant):
    template = _template(world, in_tenant)
    client = world.client("hr")
    shown = client.get(f"/api/v1/programme-templates/{template.public_id}/").json()
    assert shown["target_roles"] == ["first_line_manager"]
    body = {"name": "Från mallen", "template": str(template.public_id)}
    created = client.post("/api/v1/programmes/", body, JSON).json()
    assert created["target_roles"] == ["first_line_manager"]
    preview = client.get(f"/api/v1/programmes/{created['id']}/preview/").json()
    assert [row["id"] for row in preview["people"]] == [str(world.people["manager"].public_id)]
    # a rule of its own wins, even an empty one
    own = client.post("/api/v1/programmes/", {**body, "target_roles": []}, JSON).json()
    assert own["target_roles"] == []
    # a copy keeps the template's rule
    copy = client.post(f"/api/v1/programme-templates/{template.public_id}/copy/").json()
    assert copy["target_roles"] == ["first_line_manager"]


def test_template_rule_is_copied_by_the_service(world, in_tenant):
    from spiral.programs.programmes.services import programme_create

    with in_tenant(world.tenant):
        template = ProgrammeTemplate.objects.get(key="mentoring")
        assert programme_create(name="M", template=template).target_roles == ["mentor"]
        assert programme_create(name="N").target_roles == []


def test_preview_lists_names_units_and_load(world, in_tenant):
    programme = _create(world, in_tenant)
    preview = world.client("hr").get(f"/api/v1/programmes/{programme['id']}/preview/").json()
    manager = world.people["manager"]
    [row] = preview["people"]
    assert row["name"] == f"{manager.given_name} {manager.family_name}"
    assert row["unit"] == {"id": str(manager.unit.public_id), "name": manager.unit.name}
    assert row["hours_per_week"] > 0
    # the caller sees only whom they may see, named and counted
    other = world.client("other_staff")
    _create(world, in_tenant, owner=str(world.people["other_staff"].public_id))
    with in_tenant(world.tenant):
        mine = Programme.objects.get(owner=world.people["other_staff"])
    hidden = other.get(f"/api/v1/programmes/{mine.public_id}/preview/").json()
    assert hidden == {"count": 0, "people": [], "overloaded": []}


def test_enrolments_filtered_by_programme_and_person(world, in_tenant):
    first = _create(world, in_tenant)
    second = _create(world, in_tenant, name="Andra", target_roles=["senior_manager"])
    client = world.client("hr")
    for programme in (first, second):
        client.post(f"/api/v1/programmes/{programme['id']}/activate/")
    manager = str(world.people["manager"].public_id)
    rows = client.get(f"/api/v1/enrolments/?programme={first['id']}").json()["results"]
    assert {(row["programme"], row["person"]) for row in rows} == {(first["id"], manager)}
    rows = client.get(f"/api/v1/enrolments/?person={manager}").json()["results"]
    assert [row["programme"] for row in rows] == [first["id"]]
    both = client.get(f"/api/v1/enrolments/?programme={second['id']}&person={manager}")
    assert both.json()["results"] == []
    assert client.get("/api/v1/enrolments/?person=").status_code == 400
    assert client.get("/api/v1/enrolments/?person=nope").status_code == 400
    # someone who may not see the manager finds nothing by their id
    assert (
        world.client("staff").get(f"/api/v1/enrolments/?person={manager}").json()["results"] == []
    )


def test_enrolment_selector_filters_by_public_ids(world, in_tenant):
    from spiral.programs.org.actors import Actor
    from spiral.programs.programmes.selectors import enrolment_list_visible

    programme = _create(world, in_tenant)
    world.client("hr").post(f"/api/v1/programmes/{programme['id']}/activate/")
    with in_tenant(world.tenant):
        staff = Actor(person_id=world.people["staff"].pk)
        assert (
            not enrolment_list_visible(actor=staff)
            .filter(person__public_id=world.people["manager"].public_id)
            .exists()
        )
