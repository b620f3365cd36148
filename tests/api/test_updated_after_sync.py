"""An integration syncing with ``updated_after`` sees every kind of change, of
every resource: through the API, through bulk writes (the HR import, unit
moves, enrolment following the organisation) and through nested parts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.org.hr_import.service import people_import
from spiral.programs.programmes.models import Enrolment, ProgrammeTemplate
from spiral.programs.sessions.models import Session
from tests.world import running_programme

JSON = "application/json"
HEADER = "external_id;given_name;family_name;unit_id"


def _row(person) -> str:
    return (
        f"{person.external_id};{person.given_name};{person.family_name};{person.unit.external_id}"
    )


def _api(world, method, url, body=None):
    response = getattr(world.client("hr"), method)(url, body or {}, JSON)
    assert response.status_code < 300, response.content


def unit_renamed(world, in_tenant, _):
    unit = world.units["e2"]
    _api(world, "patch", f"/api/v1/org-units/{unit.public_id}/", {"name": "Söder, nytt namn"})
    return "org-units", unit.public_id


def unit_below_a_moved_unit(world, in_tenant, _):
    # Hemtjänst moves to the top: Norr, below it, changes depth in a bulk update.
    moved = world.units["verksamhet"]
    _api(world, "patch", f"/api/v1/org-units/{moved.public_id}/", {"parent": None})
    return "org-units", world.units["e1"].public_id


def person_changed(world, in_tenant, _):
    person = world.people["staff"]
    _api(world, "patch", f"/api/v1/people/{person.public_id}/", {"title": "Undersköterska"})
    return "people", person.public_id


def person_changed_by_an_import(world, in_tenant, _):
    person = world.people["staff"]
    csv = f"{HEADER};title\n{_row(person)};Sjuksköterska\n"
    with in_tenant(world.tenant):
        assert people_import(data=csv.encode(), full=False, dry_run=False).committed
    return "people", person.public_id


def person_marked_leaving_by_a_full_import(world, in_tenant, _):
    kept = [p for role, p in world.people.items() if role != "other_staff"]
    csv = HEADER + "\n" + "\n".join(_row(person) for person in kept) + "\n"
    with in_tenant(world.tenant):
        assert people_import(data=csv.encode(), full=True, dry_run=False).committed
    return "people", world.people["other_staff"].public_id


def work_group_members_changed(world, in_tenant, _):
    group = world.work_group
    members = [str(world.people["manager"].public_id)]
    _api(world, "patch", f"/api/v1/work-groups/{group.public_id}/", {"members": members})
    return "work-groups", group.public_id


def management_group_goal_added(world, in_tenant, _):
    group = world.management_group
    _api(world, "post", f"/api/v1/management-groups/{group.public_id}/goals/", {"title": "Mål"})
    return "management-groups", group.public_id


def management_group_philosophy_changed(world, in_tenant, _):
    group = world.management_group
    url = f"/api/v1/management-groups/{group.public_id}/philosophy-versions/"
    _api(world, "post", url, {"principles": ["Vi lär av varandra"], "in_force_from": "2027-01-01"})
    return "management-groups", group.public_id


def programme_rule_changed(world, in_tenant, programme):
    url = f"/api/v1/programmes/{programme.public_id}/"
    _api(world, "patch", url, {"target_roles": ["first_line_manager", "coach"]})
    return "programmes", programme.public_id


def enrolment_withdrawn_by_hand(world, in_tenant, programme):
    with in_tenant(world.tenant):
        enrolment = Enrolment.objects.get(programme=programme)
    _api(world, "post", f"/api/v1/enrolments/{enrolment.public_id}/withdraw/", {"reason": "Byte"})
    return "enrolments", enrolment.public_id


def enrolment_withdrawn_as_the_person_left(world, in_tenant, programme):
    manager = world.people["manager"]
    _api(world, "patch", f"/api/v1/people/{manager.public_id}/", {"status": "left"})
    with in_tenant(world.tenant):
        outbox_relay()  # the worker follows the organisation
        return "enrolments", Enrolment.objects.get(programme=programme).public_id


def _a_session(world, in_tenant, programme) -> Session:
    with in_tenant(world.tenant):
        return Session.objects.filter(component_instance__component__programme=programme).first()


def session_moved(world, in_tenant, programme):
    session = _a_session(world, in_tenant, programme)
    later = session.starts_at + timedelta(days=1)
    body = {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()}
    _api(world, "post", f"/api/v1/sessions/{session.public_id}/move/", body)
    return "sessions", session.public_id


def session_cancelled(world, in_tenant, programme):
    session = _a_session(world, in_tenant, programme)
    _api(world, "post", f"/api/v1/sessions/{session.public_id}/cancel/")
    return "sessions", session.public_id


def template_copy_edited(world, in_tenant, _):
    with in_tenant(world.tenant):
        shipped = ProgrammeTemplate.objects.get(key="mentoring")
    copy = world.client("hr").post(f"/api/v1/programme-templates/{shipped.public_id}/copy/")
    _api(world, "patch", f"/api/v1/programme-templates/{copy.json()['id']}/", {"name_sv": "Vårt"})
    return "programme-templates", copy.json()["id"]


CHANGES = [
    unit_renamed, unit_below_a_moved_unit, person_changed, person_changed_by_an_import,
    person_marked_leaving_by_a_full_import, work_group_members_changed,
    management_group_goal_added, management_group_philosophy_changed, programme_rule_changed,
    enrolment_withdrawn_by_hand, enrolment_withdrawn_as_the_person_left, session_moved,
    session_cancelled, template_copy_edited,
]  # fmt: skip


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_every_kind_of_change_shows_in_an_updated_after_sync(world, in_tenant, change):
    programme = running_programme(world)
    with in_tenant(world.tenant):
        outbox_relay()  # the programme's sessions
    moment = timezone.now()
    resource, public_id = change(world, in_tenant, programme)
    synced = world.client("integration").get(
        f"/api/v1/{resource}/", {"updated_after": moment.isoformat(), "page_size": 200}
    )
    assert synced.status_code == 200
    assert str(public_id) in {row["id"] for row in synced.json()["results"]}
