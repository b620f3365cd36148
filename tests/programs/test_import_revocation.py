"""A role taken away by the HR import (bulk writes, no model signals) takes
effect on the user's very next request in the importing process, as a change
through the API does."""

from spiral.programs.org.hr_import.service import people_import
from spiral.programs.org.models import Person

HEADER = "external_id;given_name;family_name;unit_id;roles"


def test_an_import_that_removes_hr_revokes_admin_powers_at_once(
    world, in_tenant, django_capture_on_commit_callbacks
):
    # Given an HR person signed in with a session, who sees admin-only data
    client, hr = world.client("hr"), world.people["hr"]
    assert client.get("/api/v1/api-clients/").status_code == 200  # and the login is memoised
    assert len(client.get("/api/v1/people/").json()["results"]) == 6  # the whole tenant
    # When a committed import says they are no longer HR
    row = f"{hr.external_id};{hr.given_name};{hr.family_name};{hr.unit.external_id};"
    with in_tenant(world.tenant), django_capture_on_commit_callbacks(execute=True):
        report = people_import(data=f"{HEADER}\n{row}".encode(), full=False, dry_run=False)
    assert report.committed and report.updated == 1
    with in_tenant(world.tenant):
        assert not Person.objects.get(pk=hr.pk).is_hr
    # Then their very next request has no admin powers
    assert client.get("/api/v1/api-clients/").status_code == 403
    people = client.get("/api/v1/people/").json()["results"]
    assert [person["id"] for person in people] == [str(hr.public_id)]  # only themselves
