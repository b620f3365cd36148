"""The group-level API (issue 17): a leader runs two meetings through it,
members write their own words and answers; who may do what; a member of
another group or tenant sees nothing (404); private backspegling answers;
query counts of the lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from spiral.platform.audit.models import AuditEvent
from spiral.programs.groups import services
from spiral.programs.groups.actions import action_add
from spiral.programs.groups.backspegling import backspegling_start
from spiral.programs.groups.models import GroupAction, GroupContract
from tests.programs.group_helpers import group_setup
from tests.world import build_world

JSON = "application/json"
ROLES = ["manager", "staff", "other_staff", "hr", "integration", "anonymous"]
LISTS = [
    "/api/v1/group-contracts/", "/api/v1/group-meetings/", "/api/v1/group-goals/",
    "/api/v1/group-actions/", "/api/v1/backspeglingar/",
]  # fmt: skip


def _made(world, setup):
    with schema_context(world.tenant.schema_name):
        contract = services.contract_version_add(work_group=setup.work_group, rules=["Lyssna"])
        meeting = services.meeting_open(session=setup.sessions[0])
        action = action_add(work_group=setup.work_group, text="Boka rum", meeting=meeting)
        looked_back = backspegling_start(
            work_group=setup.work_group, event="Flytten", started_by=world.people["staff"]
        )
    return contract, meeting, action, looked_back


def test_a_leader_runs_two_meetings_and_the_action_comes_back(world):
    setup = group_setup(world)
    leader, member = world.client("manager"), world.client("staff")
    group = str(setup.work_group.public_id)
    # Given a contract from the template, accepted by the member
    contract = leader.post("/api/v1/group-contracts/", {"work_group": group}, JSON)
    assert contract.status_code == 201, contract.content
    assert contract.json()["number"] == 1 and len(contract.json()["rules"]) >= 5
    accepted = member.post(f"/api/v1/group-contracts/{contract.json()['id']}/accept/", {}, JSON)
    assert accepted.json()["accepted"] is True
    assert accepted.json()["accepted_by"] == [str(world.people["staff"].public_id)]
    # When the first meeting checks in and out, with an action for the member
    first = leader.post(
        "/api/v1/group-meetings/", {"session": str(setup.sessions[0].public_id)}, JSON
    )
    assert first.status_code == 201, first.content
    url = f"/api/v1/group-meetings/{first.json()['id']}/"
    checked_in = leader.put(
        f"{url}check-in/", {"purpose": "Överlämningar", "agenda": ["Mål"]}, JSON
    )
    assert checked_in.json()["contract_rules"] == contract.json()["rules"]
    note = member.put(f"{url}note/", {"expectations": "Tydlighet", "fears": "Tid"}, JSON)
    assert note.status_code == 200 and note.json()["fears"] == "Tid"
    action = member.post(
        "/api/v1/group-actions/",
        {"work_group": group, "meeting": first.json()["id"], "text": "Skriv checklista",
         "owner": str(world.people["staff"].public_id), "due": "2027-01-20"},
        JSON,
    )  # fmt: skip
    assert action.status_code == 201, action.content
    out = leader.put(
        f"{url}check-out/", {"goals": [{"title": "Trygghet", "position": 3}],
                             "next_purpose": "Följa upp"}, JSON,
    )  # fmt: skip
    assert out.json()["positions"][0]["position"] == 3
    # Then at the second meeting's check-in the action is back, and the trend has both
    second = leader.post(
        "/api/v1/group-meetings/", {"session": str(setup.sessions[1].public_id)}, JSON
    ).json()
    assert [a["text"] for a in second["open_actions"]] == ["Skriv checklista"]
    leader.put(f"/api/v1/group-meetings/{second['id']}/check-out/",
               {"goals": [{"title": "Trygghet", "position": 5}]}, JSON)  # fmt: skip
    (goal,) = member.get("/api/v1/group-goals/").json()["results"]
    assert [p["position"] for p in goal["positions"]] == [3, 5]
    closed = member.post(f"/api/v1/group-actions/{action.json()['id']}/close/", {}, JSON)
    assert closed.json()["status"] == "closed"
    again = member.get(f"/api/v1/group-meetings/{second['id']}/").json()
    assert again["open_actions"] == []


def test_bad_input_names_the_field(world):
    setup = group_setup(world)
    _, meeting, _, _ = _made(world, setup)
    leader = world.client("manager")
    response = leader.put(
        f"/api/v1/group-meetings/{meeting.public_id}/check-out/",
        {"goals": [{"title": "Trygghet", "position": 12}]}, JSON,
    )  # fmt: skip
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "goals" in str(response.json())
    nobody = leader.post(
        "/api/v1/group-actions/",
        {"work_group": str(setup.work_group.public_id), "text": "X",
         "owner": str(world.people["other_staff"].public_id)}, JSON,
    )  # fmt: skip
    assert nobody.status_code == 400 and "owner" in str(nobody.json())


def _expected(role, allowed, ok):
    if role == "anonymous":
        return 401
    if role in {"other_staff", "hr"}:
        return 404 if ok != 201 else 400  # nothing of the group is visible to them
    if role == "integration":
        return 403
    return ok if allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(world, role):
    setup = group_setup(world)
    contract, meeting, action, looked_back = _made(world, setup)
    client = world.client(role)
    c, m = (
        f"/api/v1/group-contracts/{contract.public_id}/",
        f"/api/v1/group-meetings/{meeting.public_id}/",
    )
    a, b = (
        f"/api/v1/group-actions/{action.public_id}/",
        f"/api/v1/backspeglingar/{looked_back.public_id}/",
    )
    group = str(setup.work_group.public_id)
    leader, member = role == "manager", role in {"manager", "staff"}
    expected = {
        "contract": (client.get(c), _expected(role, member, 200)),
        "accept": (client.post(f"{c}accept/", {}, JSON), _expected(role, member, 200)),
        "meeting": (client.get(m), _expected(role, member, 200)),
        "check-in": (
            client.put(f"{m}check-in/", {"purpose": "P"}, JSON),
            _expected(role, leader, 200),
        ),
        "note": (client.put(f"{m}note/", {"takeaway": "T"}, JSON), _expected(role, member, 200)),
        "backspegling": (client.get(f"{b}answers/"), _expected(role, member, 200)),
        "close": (client.post(f"{a}close/", {}, JSON), _expected(role, leader, 200)),
        "new contract": (
            client.post("/api/v1/group-contracts/", {"work_group": group, "rules": ["R"]}, JSON),
            _expected(role, leader, 201),
        ),
    }
    for name, (response, wanted) in expected.items():
        assert response.status_code == wanted, (name, role, response.content)
    for url in LISTS:
        listed = client.get(url)
        if role in {"other_staff", "hr"}:
            assert listed.status_code == 200 and listed.json()["results"] == [], url


def test_backspegling_answers_stay_private_until_shared(world, in_tenant):
    setup = group_setup(world)
    *_, looked_back = _made(world, setup)
    url = f"/api/v1/backspeglingar/{looked_back.public_id}/"
    leader, member = world.client("manager"), world.client("staff")
    secret = "Jag kände mig överkörd"
    wrote = member.put(f"{url}answer/", {"happened": "Flytten", "felt": secret}, JSON)
    assert wrote.status_code == 200 and wrote.json()["shared_at"] is None
    # Not shared: the leader sees no answer, in any path
    assert leader.get(f"{url}answers/").json() == []
    assert leader.get(f"{url}answer/").json()["felt"] == ""
    assert secret not in leader.get(url).content.decode()
    with in_tenant(world.tenant):
        assert not AuditEvent.objects.filter(changes__icontains=secret).exists()
    # Shared: the leader reads it, and the read is audited
    member.post(f"{url}share/", {}, JSON)
    (shown,) = leader.get(f"{url}answers/").json()
    assert shown["felt"] == secret and shown["author"]["id"] == str(world.people["staff"].public_id)
    with in_tenant(world.tenant):
        assert AuditEvent.objects.filter(action="backspegling_answer.read").count() == 1
    joint = leader.put(
        f"{url}joint/", {"joint_happened": "Vi flyttade", "joint_learned": "Planera"}, JSON
    )
    assert joint.json()["joint_learned"] == "Planera" and joint.json()["joint_recorded_at"]
    assert member.get(url).json()["shared_count"] == 1


def test_tenant_b_ids_are_404_on_a_host(world, tenant_b, in_tenant):
    setup = group_setup(world)
    _made(world, setup)
    b = build_world(tenant_b, in_tenant)
    with schema_context(tenant_b.schema_name):
        contract = services.contract_version_add(work_group=b.work_group, rules=["B"])
        action = action_add(work_group=b.work_group, text="B:s åtgärd")
        looked_back = backspegling_start(
            work_group=b.work_group, event="B", started_by=b.people["staff"]
        )
    leader = world.client("manager")
    for url in (
        f"/api/v1/group-contracts/{contract.public_id}/",
        f"/api/v1/group-actions/{action.public_id}/",
        f"/api/v1/backspeglingar/{looked_back.public_id}/answers/",
    ):
        assert leader.get(url).status_code == 404, url
    # Writes naming B's ids change nothing
    refused = leader.post(
        "/api/v1/group-contracts/", {"work_group": str(b.work_group.public_id)}, JSON
    )
    assert refused.status_code == 400
    with schema_context(tenant_b.schema_name):
        assert GroupContract.objects.count() == 1 and GroupAction.objects.count() == 1
    for url in LISTS:
        body = leader.get(url).content.decode()
        assert "B:s åtgärd" not in body and str(b.work_group.public_id) not in body


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    # The schema switch comes and goes with the test's own writes: not the list's.
    return sum(not q["sql"].startswith("SET search_path") for q in captured.captured_queries)


def test_lists_keep_their_query_count(world):
    setup = group_setup(world)
    _, meeting, _, _ = _made(world, setup)
    with schema_context(world.tenant.schema_name):  # one row in every list
        services.meeting_check_out(meeting=meeting, goals=[{"title": "Trygghet", "position": 2}])
    member = world.client("staff")
    for path in LISTS:  # warm: the first request loads the signed-in person
        _queries(member, path)
    few = {path: _queries(member, path) for path in LISTS}
    with schema_context(world.tenant.schema_name):
        for index, session in enumerate(setup.sessions[1:3]):
            meeting = services.meeting_open(session=session)
            services.meeting_check_out(
                meeting=meeting,
                goals=[
                    {"title": f"Mål {index}", "position": 4},
                    {"title": "Trygghet", "position": 5},
                ],
            )
            services.contract_version_add(work_group=setup.work_group, rules=[f"Regel {index}"])
            services.contract_accept(
                contract=setup.work_group.contracts.order_by("-number").first(),
                person=world.people["staff"],
            )
            for n in range(3):
                action_add(work_group=setup.work_group, text=f"Åtgärd {index}.{n}", meeting=meeting)
            backspegling_start(
                work_group=setup.work_group, event=f"H{index}", started_by=world.people["staff"]
            )
    for path in LISTS:
        assert _queries(member, path) == few[path], path


def test_an_hr_person_who_leads_a_group_runs_it(world):
    # Given a group led by someone who is also HR (an administrator's Actor
    # does not list the groups they lead)
    setup = group_setup(world)
    with schema_context(world.tenant.schema_name):
        setup.work_group.leader = world.people["hr"]
        setup.work_group.save()
    hr = world.client("hr")
    made = hr.post(
        "/api/v1/group-contracts/", {"work_group": str(setup.work_group.public_id)}, JSON
    )
    assert made.status_code == 201, made.content
    # And the former leader, now a member only, may no longer write a version
    again = world.client("manager").post(
        "/api/v1/group-contracts/", {"work_group": str(setup.work_group.public_id)}, JSON
    )
    assert again.status_code == 403
