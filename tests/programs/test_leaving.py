"""Leaving means leaving: a person marked ``left`` through the people API or
the HR import loses their sign-in, sessions, API access and calendar feed on
their very next request in the process that made the change."""

from urllib.parse import urlsplit

import pytest

from spiral.platform.accounts.models import LoginSession, User
from spiral.platform.audit.models import AuditEvent
from spiral.programs.org.hr_import.service import people_import
from spiral.programs.org.models import Person

HEADER = "external_id;given_name;family_name;unit_id;status"


def _signed_in_with_a_feed(world, role: str) -> tuple:
    """The role's client, its session key and the path of its calendar feed."""
    client = world.client(role)
    assert client.get("/api/v1/people/").status_code == 200  # memoised login too
    feed_url = client.get("/api/v1/calendar-feed/").json()["url"]
    feed_path = urlsplit(feed_url).path
    assert client.get(feed_path).status_code == 200
    return client, client.session.session_key, feed_path


def _assert_locked_out(world, in_tenant, client, session_key, feed_path, person) -> None:
    assert client.get("/api/v1/people/").status_code in {401, 403}
    assert client.get("/").status_code == 302  # the page sends them to sign in
    assert client.get(feed_path).status_code == 404
    with in_tenant(world.tenant):
        assert not LoginSession.objects.filter(session_key=session_key).exists()
        user = User.objects.get(pk=person.user_id)
        assert not user.is_active and not user.has_usable_password()
        assert AuditEvent.objects.filter(
            action="person.access_ended", object_id=str(person.public_id)
        ).exists()


def test_marked_left_through_the_api_loses_access_at_once(
    world, in_tenant, django_capture_on_commit_callbacks
):
    # Given a signed-in member of staff with a calendar feed
    client, session_key, feed_path = _signed_in_with_a_feed(world, "staff")
    staff = world.people["staff"]
    # When HR marks them left
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("hr").patch(
            f"/api/v1/people/{staff.public_id}/",
            {"status": "left"},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    # Then their next request, their session and their feed are refused
    _assert_locked_out(world, in_tenant, client, session_key, feed_path, staff)


def test_marked_left_by_an_import_loses_access_at_once(
    world, in_tenant, django_capture_on_commit_callbacks
):
    client, session_key, feed_path = _signed_in_with_a_feed(world, "manager")
    manager = world.people["manager"]
    row = (
        f"{manager.external_id};{manager.given_name};{manager.family_name};"
        f"{manager.unit.external_id};slutat"
    )
    with in_tenant(world.tenant), django_capture_on_commit_callbacks(execute=True):
        report = people_import(data=f"{HEADER}\n{row}".encode(), full=False, dry_run=False)
    assert report.committed, report.errors
    with in_tenant(world.tenant):
        assert Person.objects.get(pk=manager.pk).status == Person.Status.LEFT
    _assert_locked_out(world, in_tenant, client, session_key, feed_path, manager)


def test_an_unknown_status_in_an_import_is_an_error(world, in_tenant):
    staff = world.people["staff"]
    row = f"{staff.external_id};{staff.given_name};{staff.family_name};{staff.unit.external_id};x"
    with in_tenant(world.tenant):
        report = people_import(data=f"{HEADER}\n{row}".encode(), full=False, dry_run=False)
    assert not report.committed
    assert [(error.row, error.column) for error in report.errors] == [(2, "status")]


def test_the_people_who_stay_keep_their_sessions(
    world, in_tenant, django_capture_on_commit_callbacks
):
    other = world.client("other_staff")
    assert other.get("/api/v1/people/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        world.client("hr").patch(
            f"/api/v1/people/{world.people['staff'].public_id}/",
            {"status": "left"},
            content_type="application/json",
        )
    assert other.get("/api/v1/people/").status_code == 200


@pytest.mark.parametrize("status", ["active", "leaving"])
def test_a_person_who_left_and_came_back_is_invited_again(
    world, in_tenant, status, django_capture_on_commit_callbacks
):
    staff, hr = world.people["staff"], world.client("hr")
    with django_capture_on_commit_callbacks(execute=True):
        hr.patch(
            f"/api/v1/people/{staff.public_id}/",
            {"status": "left"},
            content_type="application/json",
        )
    assert hr.post(f"/api/v1/people/{staff.public_id}/invite/").status_code == 400
    hr.patch(
        f"/api/v1/people/{staff.public_id}/", {"status": status}, content_type="application/json"
    )
    assert hr.post(f"/api/v1/people/{staff.public_id}/invite/").status_code == 202
    with in_tenant(world.tenant):
        user = User.objects.get(pk=staff.user_id)
        assert user.is_active and not user.has_usable_password()  # the link sets one
