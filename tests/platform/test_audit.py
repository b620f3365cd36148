"""The audit trail: every service that changes data writes who, what, when and
which fields, in the same transaction; private text is named, never kept."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext
from django.utils.dateparse import parse_datetime

from spiral.api.models import ApiClient
from spiral.platform.audit.context import acting_as
from spiral.platform.audit.models import AuditEvent
from spiral.platform.audit.selectors import audit_event_filter, audit_event_list_visible
from spiral.programs.org.actors import Actor, actor_for_user
from spiral.programs.org.hr_import.service import people_import
from spiral.programs.org.models import Person
from spiral.programs.org.services import person_update
from spiral.programs.programmes.models import Enrolment
from spiral.programs.sessions.models import Session, SessionSeries
from spiral.programs.sessions.services import series_materialise
from tests.factories import PersonFactory
from tests.world import running_programme

JSON = "application/json"


def events(action: str, **filters):
    return list(AuditEvent.objects.filter(action=action, **filters))


def integration_client_id() -> str:
    client = ApiClient.objects.get(scopes__contains=["people:write"])
    return client.application.client_id


def test_people_created_and_updated_by_a_logged_in_hr_user(world, in_tenant):
    hr = world.people["hr"]
    body = {"external_id": "K1", "given_name": "Karin", "family_name": "Berg"}
    created = world.client("hr").post("/api/v1/people/", body, JSON).json()
    url = f"/api/v1/people/{created['id']}/"
    assert world.client("hr").patch(url, {"title": "Enhetschef"}, JSON).status_code == 200
    with in_tenant(world.tenant):
        (made,) = events("person.created", object_id=created["id"])
        (changed,) = events("person.updated", object_id=created["id"])
    for event in (made, changed):
        assert (event.actor_user_id, event.actor_person_id) == (hr.user_id, hr.pk)
        assert (event.actor_client, event.object_type) == ("", "org.person")
    assert made.changes["given_name"] == [None, "Karin"]
    assert changed.changes == {"title": ["", "Enhetschef"]}


def test_a_change_by_an_integration_names_its_client(world, in_tenant):
    staff = world.people["staff"]
    response = world.client("integration").patch(
        f"/api/v1/people/{staff.public_id}/", {"phone": "070-1234567", "is_mentor": True}, JSON
    )
    assert response.status_code == 200
    with in_tenant(world.tenant):
        (event,) = events("person.updated", object_id=str(staff.public_id))
        assert event.actor_client == integration_client_id()
    assert (event.actor_user_id, event.actor_person_id) == (None, None)
    assert event.changes == {"phone": ["", "070-1234567"], "is_mentor": [False, True]}


def test_programme_creation_and_activation_write_one_event_per_enrolment(world, in_tenant):
    with in_tenant(world.tenant):
        more = [PersonFactory(is_first_line_manager=True) for _ in range(3)]
    programme = running_programme(world)
    with in_tenant(world.tenant):
        (made,) = events("programme.created", object_id=str(programme.public_id))
        (activated,) = events("programme.activated", object_id=str(programme.public_id))
        enrolled = events("enrolment.enrolled")
        enrolments = Enrolment.objects.filter(programme=programme)
        assert {e.object_id for e in enrolled} == {str(e.public_id) for e in enrolments}
    assert len(enrolled) == 1 + len(more)
    assert made.changes["name"] == [None, "Chefsprogram"]
    assert activated.changes == {"status": ["draft", "active"]}
    assert made.actor_label == "system"  # nobody acted: no request, task or command


def test_enrolment_by_hand_is_recorded_and_its_private_reason_never_kept(world, in_tenant):
    programme = running_programme(world)
    client = world.client("hr")
    body = {"programme": str(programme.public_id), "person": str(world.people["staff"].public_id)}
    added = client.post("/api/v1/enrolments/", {**body, "reason": "Önskat av chefen"}, JSON)
    assert added.status_code == 201
    enrolment = added.json()["id"]
    withdrawn = client.post(
        f"/api/v1/enrolments/{enrolment}/withdraw/", {"reason": "Sjukskriven"}, JSON
    )
    assert withdrawn.status_code == 200
    with in_tenant(world.tenant):
        trail = {e.action: e for e in AuditEvent.objects.filter(object_id=enrolment)}
        assert AuditEvent.objects.filter(object_id=enrolment, action="enrolment.updated").count()
        stored = AuditEvent.objects.annotate(text=Cast("changes", TextField()))
        assert not stored.filter(text__contains="Sjukskriven").exists()
        assert not stored.filter(text__contains="Önskat").exists()
    assert set(trail) == {"enrolment.enrolled", "enrolment.withdrawn", "enrolment.updated"}
    assert trail["enrolment.withdrawn"].changes["reason"] is None
    assert trail["enrolment.updated"].changes == {"reason": None}
    assert trail["enrolment.withdrawn"].actor_person_id == world.people["hr"].pk


@pytest.fixture
def session(world, in_tenant):
    with in_tenant(world.tenant):
        series = SessionSeries.objects.create(
            kind="group_meetings", title="Gruppmöte", organiser=world.people["manager"],
            starts_on=date(2027, 1, 4), start_time=time(9), rule="FREQ=WEEKLY",
        )  # fmt: skip
        series.participants.set([world.people["staff"]])
        count = series_materialise(series=series, until=datetime(2027, 3, 1, 12, tzinfo=UTC))
        assert count == 9  # Mondays from 4 January to 1 March
        (event,) = events("session_series.materialised")  # one per series, not per session
        assert event.object_id == str(series.public_id)
        return Session.objects.filter(series=series).first()


def test_moving_and_cancelling_a_session_are_recorded(world, in_tenant, session):
    client = world.client("hr")
    url = f"/api/v1/sessions/{session.public_id}/"
    starts = session.starts_at + timedelta(days=1)
    body = {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()}
    assert client.post(f"{url}move/", body, JSON).status_code == 200
    assert client.post(f"{url}cancel/").status_code == 200
    with in_tenant(world.tenant):
        moved, cancelled = (
            events(action, object_id=str(session.public_id))[0]
            for action in ("session.moved", "session.cancelled")
        )
    assert [parse_datetime(v) for v in moved.changes["starts_at"]] == [session.starts_at, starts]
    assert moved.changes["status"] == ["scheduled", "moved"]
    assert moved.changes["sequence"] == [0, 1]
    assert cancelled.changes == {"status": ["moved", "cancelled"], "sequence": [1, 2]}
    assert cancelled.actor_person_id == world.people["hr"].pk


def import_rows(count: int, start: int = 0) -> bytes:
    rows = [f"X{n};Namn{n};Efternamn{n};EX{n % 3};Enhet {n % 3}" for n in range(start, count)]
    return "\n".join(["external_id;given_name;family_name;unit_id;unit_name", *rows]).encode()


def test_the_hr_import_writes_its_events_in_bulk(tenant_a, in_tenant):
    with in_tenant(tenant_a), acting_as(label="system:hr-import"):
        people_import(data=import_rows(3), full=False, dry_run=False)  # units exist now
        with CaptureQueriesContext(connection) as small:
            people_import(data=import_rows(5, start=3), full=False, dry_run=False)
        with CaptureQueriesContext(connection) as large:
            people_import(data=import_rows(65, start=5), full=False, dry_run=False)
        created = events("person.created")
        assert len(created) == 65
        assert {e.actor_label for e in created} == {"system:hr-import"}
        assert len(events("unit.created")) == 3
        assert len(large.captured_queries) == len(small.captured_queries)
        first = Person.objects.get(external_id="X7")
        (event,) = [e for e in created if e.object_id == str(first.public_id)]
        assert event.changes["given_name"] == [None, "Namn7"]
        assert event.changes["unit"] == [None, first.unit_id]
        people_import(data=import_rows(2).replace(b"Namn1", b"Ny"), full=True, dry_run=False)
        (updated,) = events("person.updated")
        assert updated.changes == {"given_name": ["Namn1", "Ny"]}
        assert len(events("person.marked_leaving")) == 63


def test_a_rolled_back_change_leaves_no_event(world, in_tenant):
    staff = world.people["staff"]
    with in_tenant(world.tenant):
        before = AuditEvent.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            person_update(person=staff, title="Samordnare")
            assert AuditEvent.objects.count() == before + 1  # written with the change
            raise RuntimeError("the caller fails after the service")
        assert AuditEvent.objects.count() == before
        assert Person.objects.get(pk=staff.pk).title == ""


def test_only_tenant_administrators_read_the_trail_and_filter_it(world, in_tenant):
    hr, staff = world.people["hr"], world.people["staff"]
    world.client("hr").patch(f"/api/v1/people/{staff.public_id}/", {"title": "A"}, JSON)
    world.client("integration").patch(f"/api/v1/people/{staff.public_id}/", {"title": "B"}, JSON)
    with in_tenant(world.tenant):
        admin, plain = (actor_for_user(Person.objects.get(pk=p.pk).user) for p in (hr, staff))
        visible = audit_event_list_visible(actor=admin)
        assert visible.count() == AuditEvent.objects.count() > 2
        client_id = integration_client_id()
        for nobody in (plain, Actor(client_id=client_id)):
            assert not audit_event_list_visible(actor=nobody).exists()
        on_staff = audit_event_filter(
            visible, object_type="org.person", object_id=str(staff.public_id)
        )
        by_hr = audit_event_filter(on_staff, actor_person=hr.public_id)
        by_client = audit_event_filter(on_staff, actor_client=client_id)
        assert [e.changes for e in by_hr] == [{"title": ["", "A"]}]
        assert [e.changes for e in by_client] == [{"title": ["A", "B"]}]
        moment = by_client[0].occurred_at
        assert audit_event_filter(on_staff, until=moment).count() == on_staff.count() - 1
        assert list(audit_event_filter(on_staff, since=moment)) == list(by_client)


def test_events_are_never_changed_or_deleted(world, in_tenant):
    with in_tenant(world.tenant):
        event = AuditEvent.objects.first()
        for attempt in (
            lambda: AuditEvent.objects.update(action="x"),
            lambda: AuditEvent.objects.all().delete(),
            event.delete,
            event.save,
        ):
            with pytest.raises(TypeError):
                attempt()


def test_a_task_acts_as_the_system_under_its_name(world, in_tenant):
    from spiral.workers.tasks.sessions import materialise_horizon

    with in_tenant(world.tenant):
        series = SessionSeries.objects.create(
            kind="coaching_track", title="Coachning", starts_on=date.today(), start_time=time(9)
        )
        materialise_horizon()  # in this process, through the tenant-bound base task
        (event,) = events("session_series.materialised", object_id=str(series.public_id))
    assert event.actor_label == "system:spiral.sessions.materialise_horizon"
    assert (event.actor_user_id, event.actor_person_id, event.actor_client) == (None, None, "")
