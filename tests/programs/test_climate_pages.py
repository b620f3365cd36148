"""The climate pulse's pages without a browser: a member answers, the results
page shows figures only once the threshold is reached, the leader records the
group's choice, and others' pulses are 404."""

import pytest
from django_tenants.utils import schema_context

from spiral.programs.climate.models import ClimateAnswer, ClimateImprovement
from spiral.programs.climate.services import climate_answer_submit
from tests.programs.climate_helpers import RATINGS, climate_setup

pytestmark = pytest.mark.django_db


def _url(pulse, page):
    return f"/climate/{pulse.public_id}/{page}/"


def test_a_member_answers_on_the_page_and_results_wait_for_the_threshold(world):
    setup = climate_setup(world)
    staff = world.client("staff")
    listing = staff.get("/climate/").content.decode()
    assert _url(setup.pulse, "answer") in listing
    form = dict(RATINGS)
    response = staff.post(_url(setup.pulse, "answer"), form)
    assert response.status_code == 302 and response["Location"] == _url(setup.pulse, "results")
    page = staff.get(_url(setup.pulse, "results")).content.decode()
    assert 'id="climate-hidden"' in page and 'id="climate-shown"' not in page
    assert "2,0" not in page and "4,0" not in page  # no figure of the one answer
    # Answering again is not offered, and a second post changes nothing
    assert staff.get(_url(setup.pulse, "answer")).status_code == 302
    staff.post(_url(setup.pulse, "answer"), form)
    with schema_context(world.tenant.schema_name):
        assert ClimateAnswer.objects.count() == 1
        for person in setup.members[1:5]:
            climate_answer_submit(pulse=setup.pulse, person=person, ratings=RATINGS)
    page = staff.get(_url(setup.pulse, "results")).content.decode()
    assert 'id="climate-shown"' in page and "2,0" in page and "4,0" in page


def test_the_leader_records_the_choice_and_others_cannot(world):
    setup = climate_setup(world)
    assert world.client("staff").get(_url(setup.pulse, "improve")).status_code == 403
    leader = world.client("manager")
    assert leader.get(_url(setup.pulse, "improve")).status_code == 200
    response = leader.post(
        _url(setup.pulse, "improve"),
        {"aspects": ["listening"], "activity": "Vi låter alla tala klart", "owner": "",
         "due": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    assert (
        "Vi låter alla tala klart"
        in world.client("staff").get(_url(setup.pulse, "results")).content.decode()
    )
    with schema_context(world.tenant.schema_name):
        assert ClimateImprovement.objects.get().aspects == ["listening"]


def test_someone_outside_the_group_gets_404(world):
    setup = climate_setup(world)
    other = world.client("other_staff")
    for page in ("answer", "results", "improve"):
        assert other.get(_url(setup.pulse, page)).status_code == 404
    assert world.client("hr").get(_url(setup.pulse, "answer")).status_code == 403


def test_the_page_lists_what_the_api_lists_for_the_same_person(world):
    setup = climate_setup(world)
    for role in ("staff", "manager", "hr", "other_staff"):
        client = world.client(role)
        listed = {row["id"] for row in client.get("/api/v1/climate-pulses/").json()["results"]}
        page = client.get("/climate/").content.decode()
        assert (str(setup.pulse.public_id) in page) == (str(setup.pulse.public_id) in listed)
        assert listed <= {str(setup.pulse.public_id)}


def test_the_choice_starts_from_the_lowest_rated_aspects_once_shown(world):
    setup = climate_setup(world)
    leader = world.client("manager")
    page = leader.get(_url(setup.pulse, "improve")).content.decode()
    assert "checked" not in page  # nothing shown yet, nothing suggested
    with schema_context(world.tenant.schema_name):
        for person in setup.members[:5]:
            climate_answer_submit(
                pulse=setup.pulse, person=person, ratings={**RATINGS, "appreciation": 3}
            )
    page = leader.get(_url(setup.pulse, "improve")).content.decode()
    checked = [line for line in page.splitlines() if "checked" in line]
    assert len(checked) == 2
    assert 'value="trust_management"' in "".join(checked)
    assert 'value="appreciation"' in "".join(checked)
