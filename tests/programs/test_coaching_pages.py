"""The coaching pages (issue 16): the manager's track and the coach's
coachees; nobody else opens a track (404), reads by the other party are
audited, and the menu offers each page to whom it is for."""

import pytest

from spiral.platform.audit.models import AuditEvent
from spiral.programs.coaching import services
from tests.coaching_world import coaching_world

SECRET = "Jag vill våga delegera mer"


@pytest.fixture
def cw(world, in_tenant):
    return coaching_world(world, in_tenant)


def test_the_coachee_works_on_their_track_in_the_browser(cw, in_tenant):
    client = cw.client("manager")
    # "Min coachning" leads to the track
    mine = client.get("/coaching/")
    url = f"/coaching/{cw.track.public_id}/"
    assert mine.status_code == 302 and mine["Location"] == url
    page = client.get(url).content.decode()
    assert "Enbart du och" in page and cw.world.people["coach"].name in page
    assert "Floden" in page and "job crafting" in page
    # A goal, progress, a note and answers, through the page's forms
    client.post(f"{url}goal/", {"title": "Delegera"})
    with in_tenant(cw.world.tenant):
        goal = cw.track.goals.get()
    client.post(f"{url}progress/{goal.public_id}/", {"value": "4"})
    client.post(f"{url}note/", {"text": SECRET})
    client.post(f"{url}exercise/crafting/", {"tasks": "Schemaläggning"})
    page = client.get(url).content.decode()
    assert "<svg" in page and "Delegera" in page and SECRET in page
    assert "Schemaläggning" in page
    # Out-of-range progress is refused with a message, nothing saved
    client.post(f"{url}progress/{goal.public_id}/", {"value": "12"})
    with in_tenant(cw.world.tenant):
        assert [p.value for p in goal.progress.all()] == [4]


@pytest.mark.parametrize("role", ["hr", "senior", "process_leader", "other_coach", "staff"])
def test_nobody_else_opens_the_track(cw, in_tenant, role):
    with in_tenant(cw.world.tenant):
        services.note_write(track=cw.track, author=cw.world.people["manager"], text=SECRET)
    client = cw.client(role)
    url = f"/coaching/{cw.track.public_id}/"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}note/", {"text": "x"}).status_code == 404
    with in_tenant(cw.world.tenant):
        assert cw.track.notes.count() == 1
    assert client.get("/coaching/").status_code == 403
    assert client.get("/coaching/coachees/").status_code == 403


def test_the_coach_lists_coachees_and_reading_a_note_is_audited(cw, in_tenant):
    with in_tenant(cw.world.tenant):
        note = services.note_write(track=cw.track, author=cw.world.people["manager"], text=SECRET)
    coach = cw.client("coach")
    listing = coach.get("/coaching/coachees/").content.decode()
    assert cw.world.people["manager"].name in listing
    assert "<time datetime=" in listing  # the next coaching session
    page = coach.get(f"/coaching/{cw.track.public_id}/").content.decode()
    assert SECRET in page
    with in_tenant(cw.world.tenant):
        event = AuditEvent.objects.get(action="coaching.note.read")
        assert event.object_id == str(note.public_id)
        assert event.changes["reader"] == str(cw.world.people["coach"].public_id)


def test_the_menu_offers_each_their_page(cw):
    def menu(role):
        return cw.client(role).get("/").content.decode()

    assert "Min coachning" in menu("manager") and "Mina coachees" not in menu("manager")
    assert "Mina coachees" in menu("coach") and "Min coachning" not in menu("coach")
    assert "Min coachning" not in menu("hr") and "Mina coachees" not in menu("hr")
