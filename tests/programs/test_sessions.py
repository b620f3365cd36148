from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.sessions.models import Attendance, Session, SessionSeries
from spiral.programs.sessions.services import series_materialise, sessions_materialise_horizon

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = ZoneInfo("UTC")


@pytest.fixture
def weekly(world, in_tenant):
    def make(starts_on: date, rule="FREQ=WEEKLY", **extra):
        with in_tenant(world.tenant):
            series = SessionSeries.objects.create(
                kind="group_meetings", title="Lärande gruppmöte", organiser=world.people["manager"],
                starts_on=starts_on, start_time=time(9, 0), rule=rule, **extra,
            )  # fmt: skip
            series.participants.set([world.people["manager"], world.people["staff"]])
            return series

    return make


@pytest.mark.parametrize(
    "first, utc_hours",
    [
        (date(2026, 3, 16), [8, 8, 7, 7]),  # summer time starts on 29 March 2026
        (date(2026, 10, 12), [7, 7, 8, 8]),  # and ends on 25 October 2026
    ],
)
def test_a_0900_meeting_stays_at_0900_across_daylight_saving(
    world, in_tenant, weekly, first, utc_hours
):
    series = weekly(first)
    with in_tenant(world.tenant):
        until = datetime.combine(first + timedelta(days=22), time(12), tzinfo=STOCKHOLM)
        assert series_materialise(series=series, until=until) == 4
        sessions = list(Session.objects.filter(series=series))
        assert [s.starts_at.astimezone(STOCKHOLM).time() for s in sessions] == [time(9)] * 4
        assert [s.starts_at.astimezone(UTC).hour for s in sessions] == utc_hours
        assert all(s.ends_at - s.starts_at == timedelta(minutes=60) for s in sessions)


def test_materialising_twice_and_on_a_rolling_horizon_adds_only_new_sessions(
    world, in_tenant, weekly
):
    series = weekly(date(2027, 1, 4), exceptions=["2027-01-11"])
    with in_tenant(world.tenant):
        now = datetime(2027, 1, 1, tzinfo=STOCKHOLM)
        first = sessions_materialise_horizon(now=now)
        assert first == 12  # 13 Mondays in 90 days, less the exception
        assert sessions_materialise_horizon(now=now) == 0
        assert sessions_materialise_horizon(now=now + timedelta(days=7)) == 1
        assert Session.objects.filter(series=series).count() == 13
        assert not Session.objects.filter(starts_at__date=date(2027, 1, 11)).exists()
        assert Attendance.objects.filter(session__series=series).count() == 26  # two each


JSON = "application/json"


@pytest.fixture
def materialised(world, in_tenant, weekly):
    series = weekly(date(2027, 1, 4))
    with in_tenant(world.tenant):
        series_materialise(series=series, until=datetime(2027, 1, 20, tzinfo=STOCKHOLM))
        return list(Session.objects.filter(series=series))


def test_people_see_their_own_sessions(world, materialised):
    ids = {s["id"] for s in world.client("staff").get("/api/v1/sessions/").json()["results"]}
    assert ids == {str(s.public_id) for s in materialised}
    assert world.client("other_staff").get("/api/v1/sessions/").json()["results"] == []
    first = f"/api/v1/sessions/{materialised[0].public_id}/"
    assert world.client("other_staff").get(first).status_code == 404


def test_the_organiser_moves_cancels_and_records_attendance(world, in_tenant, materialised):
    first, second = (f"/api/v1/sessions/{s.public_id}/" for s in materialised[:2])
    manager, staff = world.client("manager"), world.client("staff")
    body = {"starts_at": "2027-01-04T10:00:00+01:00", "ends_at": "2027-01-04T11:00:00+01:00"}
    assert staff.post(f"{first}move/", body, JSON).status_code == 403
    moved = manager.post(f"{first}move/", body, JSON).json()
    assert moved["status"] == "moved" and moved["sequence"] == 1
    with in_tenant(world.tenant):  # the invited hear of it: an update of that occurrence
        update = OutboxMessage.objects.get(
            key=f"session:{moved['id']}:1:{world.people['staff'].pk}"
        )
        assert "RECURRENCE-ID" in update.payload["calendar"]
    cancelled = manager.post(f"{second}cancel/", {}, JSON).json()
    assert cancelled["status"] == "cancelled" and cancelled["sequence"] == 1
    assert manager.post(f"{second}held/", {}, JSON).status_code == 409
    # A session keeps to time: not held before it starts, not moved into the past.
    early = manager.post(f"{first}held/", {}, JSON)
    assert early.status_code == 400 and early.json()["errors"][0]["field"] == "status"
    past = {"starts_at": "2020-01-06T10:00:00+01:00", "ends_at": "2020-01-06T11:00:00+01:00"}
    backwards = manager.post(f"{first}move/", past, JSON)
    assert backwards.status_code == 400
    assert backwards.json()["errors"][0]["field"] == "starts_at"
    assert "bakåt i tiden" in backwards.json()["errors"][0]["message"]  # in Swedish
    with in_tenant(world.tenant):
        now = timezone.now()
        Session.objects.filter(pk=materialised[0].pk).update(
            starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1)
        )
    assert manager.post(f"{first}held/", {}, JSON).json()["status"] == "held"
    response = manager.post(
        f"{first}attendance/",
        [{"person": str(world.people["staff"].public_id), "attended": True}],
        JSON,
    )
    assert response.status_code == 204
    with in_tenant(world.tenant):
        assert (
            Attendance.objects.get(session=materialised[0], person=world.people["staff"]).attended
            is True
        )
    uninvited = manager.post(
        f"{first}attendance/",
        [{"person": str(world.people["hr"].public_id), "attended": True}],
        JSON,
    )
    assert uninvited.status_code == 400


def test_a_personal_calendar_feed_can_be_renewed_and_revoked(world, materialised, tenant_b):
    from urllib.parse import urlsplit

    from django.test import Client

    from tests.conftest import host

    staff = world.client("staff")
    url = staff.get("/api/v1/calendar-feed/").json()["url"]
    path = urlsplit(url).path
    feed = Client(HTTP_HOST=host(world.tenant)).get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    # The series is one event, with the UID its invitation carries.
    assert f"UID:{materialised[0].series.public_id}@spiral" in feed.content.decode()
    assert Client(HTTP_HOST=host(tenant_b)).get(path).status_code == 404  # not on B's host
    renewed = staff.post("/api/v1/calendar-feed/renew/", {}, JSON).json()["url"]
    assert renewed != url
    assert Client(HTTP_HOST=host(world.tenant)).get(path).status_code == 404
    staff.post("/api/v1/calendar-feed/revoke/", {}, JSON)
    new_path = urlsplit(renewed).path
    assert Client(HTTP_HOST=host(world.tenant)).get(new_path).status_code == 404
    assert world.client("integration").get("/api/v1/calendar-feed/").status_code == 403
