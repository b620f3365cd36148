"""Query-count guards for the pages the other page tests do not guard: each
page makes as many queries with many rows as with few (the people, person,
organisation, API client, programme and Mitt program pages have theirs next
to their other tests)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spiral.platform.audit.services import audit_record
from spiral.programs.programmes.models import Programme, ProgrammeTemplate
from spiral.programs.programmes.services import programme_create
from tests.factories import OrgUnitFactory, PersonFactory


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def _grow(world, in_tenant, count: int) -> None:
    """More of everything a page might list: units, people (first-line
    managers, whom the programme's rule enrols) and audit events."""
    with in_tenant(world.tenant):
        for n in range(count):
            unit = OrgUnitFactory(name=f"Enhet {n}", parent=world.units["verksamhet"])
            person = PersonFactory(unit=unit, is_first_line_manager=True)
            audit_record(action="person.updated", obj=person, changes={"title": [None, "Chef"]})


def _draft(world, in_tenant) -> Programme:
    with in_tenant(world.tenant):
        return programme_create(
            name="Chefsprogram", template=ProgrammeTemplate.objects.get(key="first-line-managers"),
            owner=world.people["hr"], starts_on="2027-01-01", ends_on="2027-12-31",
        )  # fmt: skip


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("hr", "/"),
        ("staff", "/"),
        ("staff", "/account/"),
        ("hr", "/audit/"),
        ("hr", "/settings/"),
        ("hr", "/import/"),
        ("staff", "/my-programme/notifications/"),
        ("hr", "/programmes/new/"),
    ],
)
def test_a_page_keeps_its_query_count(world, in_tenant, role, url):
    client = world.client(role)
    _queries(client, url)
    few = _queries(client, url)
    _grow(world, in_tenant, 30)
    assert _queries(client, url) == few, url


@pytest.mark.parametrize("step", ["details", "target", "preview"])
def test_the_wizard_steps_keep_their_query_count(world, in_tenant, step):
    programme = _draft(world, in_tenant)
    client = world.client("hr")
    url = f"/programmes/{programme.public_id}/setup/{step}/"
    _grow(world, in_tenant, 2)
    _queries(client, url)
    few = _queries(client, url)
    _grow(world, in_tenant, 30)
    assert _queries(client, url) == few, url


def test_the_unit_search_of_the_wizard_keeps_its_query_count(world, in_tenant):
    programme = _draft(world, in_tenant)
    client = world.client("hr")
    url = f"/programmes/{programme.public_id}/setup/units/?q=Enhet"
    _grow(world, in_tenant, 2)
    _queries(client, url)
    few = _queries(client, url)
    _grow(world, in_tenant, 30)
    assert _queries(client, url) == few


def test_a_persons_roles_page_keeps_its_query_count(world, in_tenant):
    client = world.client("hr")
    url = f"/people/{world.people['staff'].public_id}/roles/"
    _queries(client, url)
    few = _queries(client, url)
    _grow(world, in_tenant, 30)
    assert _queries(client, url) == few
