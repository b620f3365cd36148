"""Mitt program without a browser: the page's sessions are the API's for the
same person, moved and cancelled ones say so in words, the calendar link
renews (the old one stops working), notification preferences name the field
at fault, lists keep their query count, and another tenant's person sees
nothing of this one."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.sessions.models import Attendance, NotificationPreference, Session
from spiral.programs.sessions.services import session_cancel, session_move
from tests.conftest import host
from tests.factories import PersonFactory
from tests.world import build_world, running_programme

MINE = "/my-programme/"


def _session(world, *, organiser, invited, days, title="Gruppmöte"):
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    session = Session.objects.create(
        kind="group_meetings", title=title, organiser=world.people[organiser],
        starts_at=start, ends_at=start + timedelta(hours=1), place="Rum 3",
    )  # fmt: skip
    for role in invited:
        Attendance.objects.create(session=session, person=world.people[role])
    return session


@pytest.fixture
def sessions(world, in_tenant):
    """The manager's sessions: some they lead, some they are invited to, one
    moved, one cancelled, one past; and one of someone else's."""
    with in_tenant(world.tenant):
        led = [_session(world, organiser="manager", invited=["staff"], days=d) for d in (2, 9, 16)]
        invited = [
            _session(world, organiser="senior", invited=["manager"], days=d, title="Ledningsgrupp")
            for d in (3, 10, 17)
        ]
        past = _session(world, organiser="manager", invited=["staff"], days=-3)
        others = _session(world, organiser="hr", invited=["other_staff"], days=4, title="Annat")
        moved = session_move(
            session=led[1], starts_at=led[1].starts_at + timedelta(days=1, hours=2),
            ends_at=led[1].ends_at + timedelta(days=1, hours=2),
        )  # fmt: skip
        cancelled = session_cancel(session=invited[0])
        return {
            "led": led, "invited": invited, "past": past, "others": others,
            "moved": moved, "cancelled": cancelled,
        }  # fmt: skip


def _shown(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'data-session="([0-9a-f-]+)"', response.content.decode())


def _row(response, public_id) -> str:
    page = response.content.decode()
    return re.search(rf'<tr data-session="{public_id}".*?</tr>', page, re.S)[0]


def _api(client, now) -> list[str]:
    answer = client.get("/api/v1/sessions/", {"starts_after": now.isoformat(), "page_size": 100})
    assert answer.status_code == 200
    return [row["id"] for row in answer.json()["results"]]


@pytest.mark.parametrize("role", ["manager", "staff", "senior"])
def test_the_pages_sessions_are_the_apis_for_the_same_person(world, sessions, role):
    """The issue's check: a page's list against the API's, for sessions, the
    same person and the same filter (coming ones)."""
    client = world.client(role)
    now = timezone.now()
    page, api = _shown(client.get(MINE)), _api(client, now)
    # The same sessions (the API pages by last change; the page by start time).
    assert sorted(page) == sorted(api) and len(page) == len(set(page))
    assert page  # and there are some
    assert str(sessions["past"].public_id) not in page
    assert str(sessions["others"].public_id) not in page


def test_moved_and_cancelled_sessions_say_so_in_words(world, sessions):
    response = world.client("manager").get(MINE)
    shown = _shown(response)
    assert len(shown) == 6  # three led, three invited; not the past one, not others'
    moved = _row(response, sessions["moved"].public_id)
    assert "Flyttad" in moved
    cancelled = _row(response, sessions["cancelled"].public_id)
    assert "Inställd" in cancelled and "<s>" in cancelled  # struck through, and said
    plain = _row(response, sessions["led"][0].public_id)
    assert "Som planerat" in plain and "Du håller i den" in plain
    assert "Inbjuden" in _row(response, sessions["invited"][1].public_id)


def test_my_programmes_show_status_and_my_components(world, in_tenant):
    running_programme(world)
    with in_tenant(world.tenant):
        outbox_relay(limit=5000)  # the components reach their people, as a worker would
        # a session of a series that moves says from when
        first = Session.objects.filter(kind="coaching_track").order_by("starts_at").first()
        session_move(
            session=first, starts_at=first.starts_at + timedelta(hours=3),
            ends_at=first.ends_at + timedelta(hours=3),
        )  # fmt: skip
    response = world.client("manager").get(MINE)
    moved = _row(response, first.public_id)
    assert "Flyttad" in moved and "från" in moved
    page = response.content.decode()
    assert "Chefsprogram" in page and "Du deltar." in page
    mine = re.search(r"<h4>Dina delar av programmet</h4>\s*<ul>(.*?)</ul>", page, re.S)[1]
    parts = [html.unescape(p.strip()) for p in re.findall(r"<li>(.*?)</li>", mine, re.S)]
    assert len(parts) >= 3  # coaching, group meetings, feedback loop at least
    assert "Kommande träffar" in page and "kommande träff" in page
    # staff take part in the manager's group meetings but are not enrolled
    staff = world.client("staff").get(MINE).content.decode()
    assert "Du är inte med i något program." in staff and "Chefsprogram" not in staff


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def test_the_sessions_list_keeps_its_query_count(world, in_tenant):
    client = world.client("manager")
    with in_tenant(world.tenant):
        _session(world, organiser="manager", invited=["staff"], days=1)
    _queries(client, MINE)  # warm: the host lookup, the feed and preferences made once
    one = _queries(client, MINE)
    with in_tenant(world.tenant):
        for day in range(2, 21):
            _session(world, organiser="senior", invited=["manager", "staff"], days=day)
    assert len(_shown(client.get(MINE))) == 20
    assert _queries(client, MINE) == one, "1 session and 20 sessions cost the same"
    # the htmx page of sessions alone too
    part = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "sessions"}
    response = client.get(MINE, **part)
    assert "<html" not in response.content.decode()
    assert len(_shown(response)) == 20


def test_my_programmes_keep_their_query_count(world, in_tenant):
    from spiral.programs.programmes.models import ProgrammeTemplate
    from spiral.programs.programmes.services import programme_activate, programme_create

    def add_programmes(count):
        with in_tenant(world.tenant):
            template = ProgrammeTemplate.objects.get(key="learning-work-group")
            for n in range(count):
                programme = programme_create(
                    name=f"Program {n}", template=template, owner=world.people["hr"],
                    starts_on="2027-01-01", ends_on="2027-06-30", target_roles=["coach"],
                    include_people=[str(world.people["manager"].public_id)],
                )  # fmt: skip
                programme_activate(programme=programme)

    client = world.client("manager")
    add_programmes(1)
    _queries(client, MINE)
    one = _queries(client, MINE)
    add_programmes(19)
    page = client.get(MINE).content.decode()
    assert page.count('class="my-programme"') == 20
    assert _queries(client, MINE) == one, "1 programme and 20 programmes cost the same"


def _feed_path(client) -> str:
    page = client.get(MINE).content.decode()
    url = re.search(r'id="feed-url" type="text" value="([^"]+)"', page)[1]
    return re.sub(r"^https?://[^/]+", "", html.unescape(url))


def test_renewing_the_calendar_link_stops_the_old_one(world, sessions):
    client = world.client("manager")
    old = _feed_path(client)
    assert old.startswith("/calendar/") and old.endswith(".ics")
    served = client.get(old)
    assert served.status_code == 200 and served["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in served.content
    # the page links to the same address as the API
    assert world.client("manager").get("/api/v1/calendar-feed/").json()["url"].endswith(old)
    question = client.get("/my-programme/calendar/renew/").content.decode()
    assert "Förnya din kalenderlänk?" in question and 'method="post"' in question
    response = client.post("/my-programme/calendar/renew/")
    assert response.status_code == 302 and response["Location"] == "/my-programme/#calendar"
    assert "Din kalenderlänk är förnyad." in client.get(MINE).content.decode()
    new = _feed_path(client)
    assert new != old
    assert client.get(old).status_code == 404
    renewed = client.get(new)
    assert renewed.status_code == 200 and renewed["Content-Type"].startswith("text/calendar")


def test_notification_preferences_save_through_the_service_and_name_the_field(world, in_tenant):
    client = world.client("staff")
    form = client.get("/my-programme/notifications/").content.decode()
    assert 'type="time"' in form and "Påminnelser före träffar" in form
    bad = client.post(
        "/my-programme/notifications/", {"reminders": "on", "quiet_from": "21:00"}
    ).content.decode()
    assert "error-summary" in bad
    assert re.search(r'href="#id_quiet_until">Tyst till: Ange båda', bad)
    same = client.post(
        "/my-programme/notifications/", {"quiet_from": "07:00", "quiet_until": "07:00"}
    ).content.decode()
    assert 'href="#id_quiet_until">Tyst till: De tysta timmarna' in same
    response = client.post(
        "/my-programme/notifications/",
        {"reminders": "on", "digest": "on", "quiet_from": "21:00", "quiet_until": "07:00"},
    )
    assert response.status_code == 302 and response["Location"] == MINE
    api = client.get("/api/v1/notification-preferences/").json()
    assert api == {
        "reminders": True, "follow_ups": False, "quiet_from": "21:00", "quiet_until": "07:00"
    }  # fmt: skip
    with in_tenant(world.tenant):
        preference = NotificationPreference.objects.get(person=world.people["staff"])
        assert (preference.nudges, preference.digest) == (False, True)
    page = client.get(MINE).content.decode()
    assert "21:00\u201307:00" in page and "sparade" in page


def test_signed_out_goes_to_sign_in_and_a_login_without_a_person_is_refused(world, in_tenant):
    response = world.client("anonymous").get(MINE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    from django.test import Client

    from spiral.platform.accounts.models import User

    with in_tenant(world.tenant):
        admin = User.objects.create_user(email="it@example.se", password="x" * 12)
        admin.is_tenant_admin = True
        admin.save()
    client = Client(HTTP_HOST=host(world.tenant))
    client.force_login(admin)
    for path in (MINE, "/my-programme/notifications/", "/my-programme/calendar/renew/"):
        assert client.get(path).status_code == 403, path


def test_another_tenants_person_sees_none_of_this_tenants_sessions(
    world, sessions, tenant_b, in_tenant
):
    b = build_world(tenant_b, in_tenant)
    with in_tenant(tenant_b):
        PersonFactory()  # b has its own people and nothing of a's
    shown_on_b = _shown(b.client("manager").get(MINE))
    a_ids = {str(session.public_id) for group in sessions.values() for session in (
        group if isinstance(group, list) else [group]
    )}  # fmt: skip
    assert not a_ids & set(shown_on_b)
    assert b.client("manager").get("/api/v1/sessions/").json()["results"] == []
    # b's login means nothing on a's host: sent to sign in there
    response = b.client("manager").get(MINE, HTTP_HOST=host(world.tenant))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
