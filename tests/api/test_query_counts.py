"""List endpoints keep a constant number of queries: the same for 1 and 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ManagementGroupFactory, PersonFactory, WorkGroupFactory


def _grow(world, in_tenant, resource: str, count: int):
    with in_tenant(world.tenant):
        unit = world.units["e1"]
        for _ in range(count):
            if resource == "people":
                PersonFactory(unit=unit)
            elif resource == "org-units":
                PersonFactory()  # a person in a new unit of its own
            elif resource == "work-groups":
                members = [PersonFactory(unit=unit), world.people["staff"]]
                WorkGroupFactory(unit=unit, leader=world.people["manager"], members=members)
            elif resource == "management-groups":
                chair, members = world.people["senior"], [world.people["manager"]]
                ManagementGroupFactory(unit=unit, chair=chair, members=members)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # `SET search_path` follows schema switches (the test's own included), not rows.
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


@pytest.mark.parametrize("resource", ["people", "org-units", "work-groups", "management-groups"])
@pytest.mark.parametrize("role", ["hr", "senior", "integration"])
def test_list_query_count_does_not_grow_with_rows(world, in_tenant, resource, role):
    url = f"/api/v1/{resource}/?page_size=100"
    client = world.client(role)
    _queries(client, url)  # warm the host lookup
    few = _queries(client, url)
    _grow(world, in_tenant, resource, 50)
    many = _queries(client, url)
    assert many == few, f"{resource} as {role}: {few} queries for few rows, {many} for many"


@pytest.mark.parametrize("resource", ["programmes", "enrolments", "programme-templates"])
def test_programme_lists_keep_their_query_count(world, in_tenant, resource):
    from spiral.programs.programmes.models import ProgrammeTemplate
    from spiral.programs.programmes.services import programme_activate, programme_create

    def add_programmes(count):
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

    url = f"/api/v1/{resource}/?page_size=100"
    client = world.client("hr")
    add_programmes(1)
    _queries(client, url)
    few = _queries(client, url)
    add_programmes(20)
    assert _queries(client, url) == few
