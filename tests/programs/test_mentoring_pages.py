"""Mentoring pages without a browser: who may open which page, what the
mentoring page lists against what the API lists for the same person, and
answers and goals posted by people outside the pair."""

import re

import pytest

from spiral.programs.mentoring import services
from spiral.programs.mentoring.models import MatchProposal
from tests.mentoring_world import mentoring_world, proposal_of


@pytest.fixture
def run(world, in_tenant):
    mentoring_world(world, in_tenant)
    with in_tenant(world.tenant):
        return services.run_start(started_by=world.people["hr"])


def test_only_hr_opens_the_matching_runs(world, run):
    assert world.client("hr").get("/mentoring/runs/").status_code == 200
    assert world.client("hr").get(f"/mentoring/runs/{run.public_id}/").status_code == 200
    for role in ("staff", "manager", "other_staff"):
        assert world.client(role).get("/mentoring/runs/").status_code == 403
        assert world.client(role).get(f"/mentoring/runs/{run.public_id}/").status_code == 403
        assert world.client(role).post("/mentoring/runs/start/").status_code == 403


def test_the_run_page_states_the_formula_and_every_reason(world, run):
    html = world.client("hr").get(f"/mentoring/runs/{run.public_id}/").content.decode()
    assert "30 poäng när mentorn har det yrke adepten önskar" in html
    assert html.count('class="reasons"') == run.proposals.count() == 2


def test_the_mentoring_page_lists_what_the_api_lists(world, run):
    for role in ("staff", "other_staff", "coach", "manager"):
        client = world.client(role)
        html = client.get("/mentoring/").content.decode()
        shown = set(re.findall(r"/mentoring/proposals/([0-9a-f-]{36})/accepted/", html))
        listed = {
            row["id"]
            for row in client.get("/api/v1/match-proposals/").json()["results"]
            if row["status"] == "proposed"
        }
        assert shown == listed, role


def test_people_outside_the_pair_cannot_answer_or_add_goals(world, in_tenant, run):
    p = world.people
    with in_tenant(world.tenant):
        proposal = proposal_of(run, p["staff"])
        mentorship = services.mentorship_create(mentor=p["coach"], mentee=p["senior"])
    url = f"/mentoring/proposals/{proposal.public_id}/accepted/"
    assert world.client("manager").post(url).status_code == 404
    assert world.client("hr").post(url).status_code == 403
    goal = f"/mentoring/mentorships/{mentorship.public_id}/goals/"
    assert world.client("staff").post(goal, {"title": "x"}).status_code == 404
    assert world.client("hr").post(goal, {"title": "x"}).status_code == 404
    with in_tenant(world.tenant):
        proposal.refresh_from_db()
        assert proposal.status == MatchProposal.Status.PROPOSED
        assert not mentorship.goals.exists()
