"""An integration cannot make a login more powerful than itself: giving or
taking the HR role, and inviting someone to sign in, need the people:admin
scope, which a tenant administrator grants explicitly."""

from django.core.files.uploadedfile import SimpleUploadedFile

from spiral.platform.accounts.models import User
from spiral.platform.audit.models import AuditEvent
from spiral.programs.org.models import Person
from tests.world import integration_client

JSON = "application/json"
ATTACKER = "angripare@example.com"


def _person(world, **extra) -> dict:
    return {
        "external_id": extra.pop("external_id", "X1"), "given_name": "Ada", "family_name": "Ny",
        "unit": str(world.units["e1"].public_id), "email": ATTACKER, **extra,
    }  # fmt: skip


def _import(client, csv: str, *, dry_run: bool):
    upload = SimpleUploadedFile("hr.csv", csv.encode(), content_type="text/csv")
    return client.post(
        "/api/v1/imports/people/", {"file": upload, "dry_run": dry_run}, format="multipart"
    )


def test_people_write_alone_cannot_reach_an_administrator_login(world, in_tenant):
    with in_tenant(world.tenant):
        client = integration_client(world.tenant, ["people:read", "people:write"])
    # Given an integration with people:write, when it creates someone flagged HR: refused
    refused = client.post("/api/v1/people/", _person(world, is_hr=True), JSON)
    assert refused.status_code == 403
    assert "people:admin" in refused.json()["detail"]
    # A plain person it may create, but not make HR afterwards
    created = client.post("/api/v1/people/", _person(world), JSON)
    assert created.status_code == 201
    url = f"/api/v1/people/{created.json()['id']}/"
    assert client.patch(url, {"is_hr": True}, JSON).status_code == 403
    # Nor take HR from someone, nor give anyone a login
    hr = world.people["hr"]
    assert (
        client.patch(f"/api/v1/people/{hr.public_id}/", {"is_hr": False}, JSON).status_code == 403
    )
    assert client.post(f"{url}invite/").status_code == 403
    # Nor by an import naming the HR role, committed or not
    row = f"X2;Eve;Import;{world.units['e1'].external_id};HR"
    csv = f"external_id;given_name;family_name;unit_id;roles\n{row}\n"
    for dry_run in (True, False):
        report = _import(client, csv, dry_run=dry_run).json()
        assert report["committed"] is False
        assert {(e["row"], e["column"]) for e in report["errors"]} == {(2, "roles")}
    with in_tenant(world.tenant):
        # Then no one it named holds HR, and no login exists for its address
        assert not Person.objects.filter(external_id__in=["X1", "X2"], is_hr=True).exists()
        assert Person.objects.get(pk=hr.pk).is_hr
        assert not User.objects.filter(email=ATTACKER).exists()


def test_the_admin_scope_granted_explicitly_allows_it_and_the_trail_names_the_client(
    world, in_tenant
):
    with in_tenant(world.tenant):
        client = integration_client(world.tenant, ["people:read", "people:write", "people:admin"])
    created = client.post("/api/v1/people/", _person(world, is_hr=True), JSON)
    assert created.status_code == 201, created.content
    assert client.post(f"/api/v1/people/{created.json()['id']}/invite/").status_code == 202
    with in_tenant(world.tenant):
        event = AuditEvent.objects.get(action="person.created", object_id=created.json()["id"])
        assert event.actor_client and event.changes["is_hr"] == [None, True]
        assert User.objects.filter(email=ATTACKER).exists()


def test_a_tenant_administrator_can_grant_the_admin_scope(world):
    response = world.client("hr").post(
        "/api/v1/api-clients/", {"name": "HR-system", "scopes": ["people:admin"]}, JSON
    )
    assert response.status_code == 201 and response.json()["scopes"] == ["people:admin"]
