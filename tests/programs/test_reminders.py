from datetime import datetime, time, timedelta

from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.sessions.models import NotificationPreference
from spiral.programs.sessions.reminders import notifications_due
from tests.programs.conftest import NOW, STOCKHOLM, emails_of


def test_a_reminder_goes_out_once_within_the_lead_time(world, in_tenant, session_for):
    session_for(starts_in=timedelta(hours=20))
    session_for(starts_in=timedelta(hours=30))  # not yet: the default lead is 24 h
    with in_tenant(world.tenant):
        assert notifications_due(now=NOW) == 1
        assert notifications_due(now=NOW) == 0
    (reminder,) = emails_of(in_tenant, world)
    assert reminder.payload["subject"] == "Påminnelse: Gruppmöte"
    assert reminder.payload["to"] == world.people["staff"].email


def test_a_follow_up_asks_what_the_kind_asks_in_the_persons_language(world, in_tenant, session_for):
    session_for(kind="group_meetings", starts_in=-timedelta(hours=2))
    with in_tenant(world.tenant):
        user = world.people["staff"].user
        user.language = "en"
        user.save()
        assert notifications_due(now=NOW) == 1
    (follow_up,) = emails_of(in_tenant, world)
    assert follow_up.payload["body"].startswith("Check out:")


def test_preferences_and_quiet_hours(world, in_tenant, session_for):
    session_for(starts_in=timedelta(hours=20))
    session_for(kind="coaching_track", starts_in=-timedelta(hours=3))
    with in_tenant(world.tenant):
        NotificationPreference.objects.create(
            person=world.people["staff"], follow_ups=False,
            quiet_from=time(11), quiet_until=time(13),
        )  # fmt: skip
        assert notifications_due(now=NOW) == 1  # the reminder only
    (reminder,) = emails_of(in_tenant, world)
    assert reminder.key.startswith("reminders:")
    assert reminder.next_attempt_at == NOW.replace(hour=13)  # held until the quiet hours end


def test_a_person_sets_their_own_preferences(world):
    client = world.client("staff")
    assert client.get("/api/v1/notification-preferences/").json()["reminders"] is True
    bad = client.patch(
        "/api/v1/notification-preferences/update/", {"quiet_from": "21:00"}, "application/json"
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "quiet_until"
    done = client.patch(
        "/api/v1/notification-preferences/update/",
        {"reminders": False, "quiet_from": "21:00", "quiet_until": "07:00"},
        "application/json",
    ).json()
    assert done == {
        "reminders": False,
        "follow_ups": True,
        "quiet_from": "21:00",
        "quiet_until": "07:00",
    }


def test_a_weekly_digest_on_monday_morning_and_nudges(world, in_tenant, session_for):
    from spiral.programs.sessions.reminders import nudge

    monday = datetime(2027, 3, 1, 7, 30, tzinfo=STOCKHOLM)  # a Monday
    session_for(starts_in=timedelta(days=2))
    with in_tenant(world.tenant):
        notifications_due(now=monday)
        notifications_due(now=monday + timedelta(hours=1))
        digests = OutboxMessage.objects.filter(key__startswith="digest:")
        assert digests.count() == 1
        assert digests.get().payload["subject"] == "Din vecka i Spiral"
        assert notifications_due(now=monday + timedelta(days=1)) == 0  # Tuesday: none
        nudge(
            person=world.people["staff"], key="round-7", subject="Feedback", body="Ge återkoppling"
        )
        nudge(
            person=world.people["staff"], key="round-7", subject="Feedback", body="Ge återkoppling"
        )
        assert OutboxMessage.objects.filter(key__startswith="nudges:round-7:").count() == 1
