"""Every tenant endpoint, with tenant B's ids on tenant A's host: B's objects
are 404, A's lists hold only A's rows, and writes naming B's ids change nothing."""

import pytest
from django_tenants.utils import schema_context

from spiral.programs.org.models import OrgUnit, Person, WorkGroup
from tests.world import build_world

JSON = "application/json"


@pytest.fixture
def worlds(tenant_a, tenant_b, in_tenant):
    return build_world(tenant_a, in_tenant), build_world(tenant_b, in_tenant)


def _detail_urls(world):
    return [
        f"/api/v1/org-units/{world.units['e1'].public_id}/",
        f"/api/v1/people/{world.people['staff'].public_id}/",
        f"/api/v1/work-groups/{world.work_group.public_id}/",
        f"/api/v1/management-groups/{world.management_group.public_id}/",
    ]


LIST_URLS = [
    "/api/v1/org-units/",
    "/api/v1/people/",
    "/api/v1/work-groups/",
    "/api/v1/management-groups/",
    "/api/v1/api-clients/",
]


@pytest.mark.parametrize("role", ["hr", "integration"])
def test_b_objects_are_404_on_a_host(worlds, role):
    a, b = worlds
    client = a.client(role)
    for url in _detail_urls(b):
        assert client.get(url).status_code == 404, url
        assert client.patch(url, {"name": "x"}, JSON).status_code == 404, url
    mg = f"/api/v1/management-groups/{b.management_group.public_id}/"
    response = client.post(f"{mg}philosophy-versions/", {"principles": ["x"]}, JSON)
    assert response.status_code == 404
    response = client.post(f"/api/v1/people/{b.people['staff'].public_id}/invite/", {}, JSON)
    assert response.status_code == 404


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_lists_hold_only_a_rows(worlds, url):
    a, b = worlds
    ids = {row["id"] for row in a.client("hr").get(url).json()["results"]}
    b_ids = {str(getattr(obj, "public_id", obj.pk)) for obj in _all_objects(b)}
    assert ids, url
    assert not ids & b_ids


def _all_objects(world):
    return [*world.units.values(), *world.people.values(), world.work_group, world.management_group]


def test_writes_naming_b_ids_change_nothing(worlds):
    a, b = worlds
    client = a.client("hr")
    b_unit, b_person = str(b.units["e1"].public_id), str(b.people["staff"].public_id)
    attempts = [
        ("post", "/api/v1/org-units/", {"name": "Ny", "parent": b_unit}, "parent"),
        (
            "post",
            "/api/v1/people/",
            {"external_id": "Z9", "given_name": "Z", "family_name": "Z", "unit": b_unit},
            "unit",
        ),
        ("post", "/api/v1/work-groups/", {"name": "Ny", "members": [b_person]}, "members"),
        ("post", "/api/v1/management-groups/", {"name": "Ny", "chair": b_person}, "chair"),
        (
            "patch",
            f"/api/v1/work-groups/{a.work_group.public_id}/",
            {"leader": b_person},
            "leader",
        ),
        (
            "patch",
            f"/api/v1/org-units/{a.units['e2'].public_id}/",
            {"manager": b_person},
            "manager",
        ),
    ]
    counts_before = _counts(a.tenant)
    for method, url, body, field in attempts:
        response = getattr(client, method)(url, body, JSON)
        assert response.status_code == 400, (url, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert field in {error["field"].split("[")[0] for error in response.json()["errors"]}
    assert _counts(a.tenant) == counts_before
    with schema_context(a.tenant.schema_name):
        a.work_group.refresh_from_db()
        assert a.work_group.leader == a.people["manager"]
        assert OrgUnit.objects.get(pk=a.units["e2"].pk).manager_id is None


def _counts(tenant):
    with schema_context(tenant.schema_name):
        return OrgUnit.objects.count(), Person.objects.count(), WorkGroup.objects.count()


def test_an_oauth_token_of_a_does_not_work_on_b_host(worlds):
    a, b = worlds
    token_header = a.client("integration").defaults["HTTP_AUTHORIZATION"]
    b_client = b.client("anonymous")
    response = b_client.get("/api/v1/people/", HTTP_AUTHORIZATION=token_header)
    assert response.status_code == 401
    assert a.client("integration").get("/api/v1/people/").status_code == 200


def test_the_audit_trail_of_b_is_invisible_on_a_host(worlds):
    a, b = worlds
    b_person = b.people["staff"]
    b.client("hr").patch(f"/api/v1/people/{b_person.public_id}/", {"title": "B:s titel"}, JSON)
    b_events = b.client("hr").get(f"/api/v1/audit-events/?object_id={b_person.public_id}")
    (b_event,) = [e for e in b_events.json()["results"] if e["action"] == "person.updated"]
    a_rows = a.client("hr").get("/api/v1/audit-events/?page_size=200").json()["results"]
    assert a_rows and str(b_person.public_id) not in {row["object_id"] for row in a_rows}
    # The same row id under A's host is A's event or nothing, never B's.
    same_id = a.client("hr").get(f"/api/v1/audit-events/{b_event['id']}/")
    assert same_id.status_code == 404 or same_id.json()["object_id"] != str(b_person.public_id)
