"""Backspegling (issue 17, point 4) and the group pages as served: answers
private until shared, in the page as in the API; the leader's meeting page
and its live part; the pages list what the API lists."""

from django_tenants.utils import schema_context

from spiral.programs.groups import services
from spiral.programs.groups.actions import action_add
from spiral.programs.groups.backspegling import (
    backspegling_answer,
    backspegling_share,
    backspegling_start,
)
from tests.programs.group_helpers import group_setup

SECRET = "Jag var rädd att göra fel"


def test_answers_are_never_visible_to_others_until_shared(world):
    setup = group_setup(world)
    with schema_context(world.tenant.schema_name):
        looked_back = backspegling_start(
            work_group=setup.work_group, event="Larmet i natt", started_by=world.people["manager"]
        )
        backspegling_answer(
            backspegling=looked_back, person=world.people["staff"], felt=SECRET, learned="Fråga"
        )
    url = f"/groups/backspegling/{looked_back.public_id}/"
    # Not shared: the leader's page has no trace of it; the author's has it
    leader_page = world.client("manager").get(url).content.decode()
    assert SECRET not in leader_page
    assert SECRET in world.client("staff").get(url).content.decode()
    # Someone outside the group does not find the backspegling at all
    assert world.client("other_staff").get(url).status_code == 404
    assert world.client("hr").get(url).status_code == 404
    with schema_context(world.tenant.schema_name):
        backspegling_share(backspegling=looked_back, person=world.people["staff"])
    assert SECRET in world.client("manager").get(url).content.decode()
    # Joint picture through the page
    saved = world.client("manager").post(
        url, {"do": "joint", "joint_happened": "Larmet gick", "joint_learned": "Rutin"}
    )
    assert saved.status_code == 302
    assert "Rutin" in world.client("staff").get(url).content.decode()


def test_the_meeting_page_runs_check_in_and_out_and_its_room_updates(world):
    setup = group_setup(world)
    session = setup.sessions[0]
    url = f"/groups/meetings/{session.public_id}/"
    leader, member = world.client("manager"), world.client("staff")
    with schema_context(world.tenant.schema_name):
        services.contract_version_add(work_group=setup.work_group, rules=["Vi lyssnar"])
    page = leader.get(url)
    assert page.status_code == 200 and "Vi lyssnar" in page.content.decode()
    assert (
        leader.post(url, {"do": "check_in", "purpose": "Överlämning", "agenda": "A\nB"}).status_code
        == 302
    )
    assert (
        member.post(url, {"do": "note", "expectations": "Lära", "takeaway": "Lista"}).status_code
        == 302
    )
    # The member's words appear in the room part the others poll
    room = leader.get(f"{url}room/").content.decode()
    assert "Lära" in room and 'hx-trigger="every 5s"' in room
    out = leader.post(
        url, {"do": "check_out", "goal_0": "Trygghet", "position_0": "3", "activities": "X"}
    )
    assert out.status_code == 302
    bad = leader.post(url, {"do": "check_out", "goal_0": "", "position_0": "4"})
    assert bad.status_code == 200 and "Skriv vad målet är." in bad.content.decode()
    # The member may not run the check-out; someone outside sees nothing
    assert (
        member.post(url, {"do": "check_out", "goal_0": "X", "position_0": "1"}).status_code == 404
    )
    assert world.client("other_staff").get(url).status_code == 404
    trend = member.get(f"/groups/{setup.work_group.public_id}/trend/").content.decode()
    assert "Trygghet" in trend and "<svg" in trend


def test_the_groups_page_lists_the_actions_the_api_lists(world):
    setup = group_setup(world)
    with schema_context(world.tenant.schema_name):
        action_add(work_group=setup.work_group, text="Boka rum till nästa gång")
        meeting = services.meeting_open(session=setup.sessions[1])
    page = world.client("staff").get(f"/groups/meetings/{meeting.session.public_id}/")
    listed = world.client("staff").get("/api/v1/group-actions/?status=open").json()["results"]
    assert [a["text"] for a in listed] == ["Boka rum till nästa gång"]
    assert "Boka rum till nästa gång" in page.content.decode()
