"""The API conventions every resource follows (built once in spiral.api)."""

import datetime

from django.core import mail
from django.utils import timezone

from spiral.programs.org.models import Person
from tests.factories import PersonFactory

JSON = "application/json"


def test_validation_errors_are_problems_listing_each_field(world):
    response = world.client("hr").post(
        "/api/v1/people/", {"given_name": "", "email": "inte-en-adress"}, JSON
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"]
    assert {e["field"] for e in body["errors"]} == {
        "external_id",
        "given_name",
        "family_name",
        "email",
    }


def test_cursor_pages_are_capped_and_follow_changes(world, in_tenant):
    client = world.client("hr")
    with in_tenant(world.tenant):
        for _ in range(12):
            PersonFactory(unit=world.units["e2"])
    first = client.get("/api/v1/people/?page_size=5").json()
    assert len(first["results"]) == 5 and first["next"]
    second = client.get(first["next"]).json()
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    capped = client.get("/api/v1/people/?page_size=100000").json()
    assert len(capped["results"]) == 18  # all of them, under the cap of 200

    # updated_after returns only what changed since
    moment = timezone.now()
    with in_tenant(world.tenant):
        changed = Person.objects.get(pk=world.people["coach"].pk)
        changed.title = "Coach"
        changed.save()
    since = client.get("/api/v1/people/", {"updated_after": moment.isoformat()}).json()
    assert [r["id"] for r in since["results"]] == [str(changed.public_id)]
    bad = client.get("/api/v1/people/?updated_after=igår")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "updated_after"


def test_people_filters(world, in_tenant):
    client = world.client("hr")
    people, units = world.people, world.units

    def ids(query):
        return {r["id"] for r in client.get("/api/v1/people/", query).json()["results"]}

    assert ids({"unit": units["e1"].public_id}) == {
        str(people["manager"].public_id),
        str(people["staff"].public_id),
    }
    under = ids({"under": units["verksamhet"].public_id})
    assert under == {
        str(people[n].public_id) for n in ("senior", "manager", "staff", "other_staff")
    }
    assert ids({"role": "coach"}) == {str(people["coach"].public_id)}
    assert ids({"search": people["staff"].family_name}) >= {str(people["staff"].public_id)}
    assert ids({"search": people["staff"].email}) == {str(people["staff"].public_id)}
    assert ids({"status": "left"}) == set()
    assert client.get("/api/v1/people/", {"role": "king"}).status_code == 400


def test_org_units_under_lists_the_subtree(world):
    units = world.units
    response = world.client("staff").get(
        "/api/v1/org-units/", {"under": units["verksamhet"].public_id}
    )
    names = {r["name"] for r in response.json()["results"]}
    assert names == {"Hemtjänst", "Hemtjänst Norr", "Hemtjänst Söder"}


def test_idempotency_key_replays_the_same_response_without_a_second_write(world, in_tenant):
    client = world.client("hr")
    body = {"external_id": "IDEM-1", "given_name": "Ida", "family_name": "Em"}
    first = client.post("/api/v1/people/", body, JSON, HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/people/", body, JSON, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    with in_tenant(world.tenant):
        assert Person.objects.filter(external_id="IDEM-1").count() == 1
    other = client.post(
        "/api/v1/people/", {**body, "given_name": "Annan"}, JSON, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"


def test_idempotency_keys_belong_to_their_caller(world, in_tenant):
    body = {"external_id": "IDEM-2", "given_name": "Ida", "family_name": "Em"}
    world.client("hr").post("/api/v1/people/", body, JSON, HTTP_IDEMPOTENCY_KEY="shared")
    response = world.client("integration").post(
        "/api/v1/people/", {**body, "external_id": "IDEM-3"}, JSON, HTTP_IDEMPOTENCY_KEY="shared"
    )
    assert response.status_code == 201


def test_throttling_is_per_client(world, settings):
    from rest_framework.settings import api_settings

    from spiral.api.throttling import ClientRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "client": "3/minute"}
    original = ClientRateThrottle.THROTTLE_RATES
    ClientRateThrottle.THROTTLE_RATES = rates
    try:
        statuses = [world.client("staff").get("/api/v1/people/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = world.client("staff").get("/api/v1/people/")
        assert limited["Content-Type"] == "application/problem+json"
        assert "Retry-After" in limited
        # another person has a bucket of their own
        assert world.client("manager").get("/api/v1/people/").status_code == 200
    finally:
        ClientRateThrottle.THROTTLE_RATES = original


def test_invite_gives_a_login_and_mails_a_one_time_link(
    world, in_tenant, django_capture_on_commit_callbacks
):
    with in_tenant(world.tenant):
        staff = PersonFactory(unit=world.units["e2"])
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("hr").post(f"/api/v1/people/{staff.public_id}/invite/", {}, JSON)
    assert response.status_code == 202
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]
    assert "/accounts/set-password/" in mail.outbox[0].body
    again = world.client("hr").post(f"/api/v1/people/{staff.public_id}/invite/", {}, JSON)
    assert again.status_code == 202  # a fresh link while no password is set


def test_philosophy_versions_keep_history_and_know_which_is_in_force(world, in_tenant):
    from spiral.programs.org.selectors import philosophy_in_force

    url = f"/api/v1/management-groups/{world.management_group.public_id}/philosophy-versions/"
    response = world.client("senior").post(
        url,
        {"principles": ["Vi delar ansvar", "Vi lär av misstag"], "in_force_from": "2026-09-01"},
        JSON,
    )
    assert response.status_code == 201
    assert response.json()["number"] == 2
    with in_tenant(world.tenant):
        group = world.management_group
        assert philosophy_in_force(group=group, on=datetime.date(2026, 8, 31)).number == 1
        assert philosophy_in_force(group=group, on=datetime.date(2026, 9, 1)).number == 2
    detail = world.client("manager").get(f"/api/v1/management-groups/{group.public_id}/").json()
    assert [v["number"] for v in detail["philosophy_versions"]] == [1, 2]


def test_a_deactivated_user_is_refused_at_once(world, in_tenant):
    client = world.client("staff")
    assert client.get("/api/v1/people/").status_code == 200
    with in_tenant(world.tenant):
        user = world.people["staff"].user
        user.is_active = False
        user.save()
    assert client.get("/api/v1/people/").status_code in (401, 403)


def test_a_changed_role_applies_at_once(world, in_tenant):
    client = world.client("staff")
    assert len(client.get("/api/v1/people/").json()["results"]) == 1
    with in_tenant(world.tenant):
        person = world.people["staff"]
        person.is_hr = True
        person.save()
    assert len(client.get("/api/v1/people/").json()["results"]) == 6


def test_groups_are_removed_through_their_service(world, in_tenant):
    url = f"/api/v1/work-groups/{world.work_group.public_id}/"
    assert world.client("staff").delete(url).status_code == 403
    assert world.client("manager").delete(url).status_code == 204
    with in_tenant(world.tenant):
        from spiral.programs.org.models import Person, WorkGroup

        assert not WorkGroup.objects.filter(pk=world.work_group.pk).exists()
        assert Person.objects.filter(pk=world.people["staff"].pk).exists()


def test_a_sync_pages_past_a_bulk_write_that_shares_one_moment(world, in_tenant):
    """An import gives thousands of people one updated_at; a sync still sees
    each of them exactly once."""
    from spiral.programs.org.models import OrgUnit

    with in_tenant(world.tenant):
        unit = OrgUnit.objects.get(pk=world.units["e2"].pk)
        Person.objects.bulk_create(
            Person(external_id=f"B{n:05d}", given_name="Bulk", family_name=str(n), unit=unit)
            for n in range(1100)
        )
        Person.objects.filter(given_name="Bulk").update(title="Samma ögonblick")  # one moment
    client, seen, pages = world.client("integration"), [], 0
    url = "/api/v1/people/?page_size=200"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1
    assert len(seen) == len(set(seen)) == 1100 + len(world.people)
    assert pages == 6  # 1,106 rows, 200 a page
    assert client.get("/api/v1/people/?cursor=bm90LWEtY3Vyc29y").status_code == 404
