"""Bad input answers 4xx problem+json, never a 5xx; every error under /api/ is
problem+json, including those Django answers before DRF sees the request."""

import json

import pytest
from django.test import Client

from tests.factories import ManagementGroupFactory, OrgUnitFactory, WorkGroupFactory

PROBLEM = "application/problem+json"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and "{" not in body["title"]
    return body


@pytest.mark.parametrize(
    "moment",
    [
        "2026-01-01T10:00:00+17:00",
        "2026-01-01T10:00:00+25:00",
        "2026-02-30T10:00:00+01:00",
        "2026-13-01T00:00Z",
    ],
)
def test_an_impossible_updated_after_is_a_400(world, moment):
    response = world.client("integration").get("/api/v1/people/", {"updated_after": moment})
    body = assert_problem(response, 400)
    assert body["errors"][0]["field"] == "updated_after"


@pytest.mark.parametrize("path", ["/api/v1/people/", "/api/v1/audit-events/"])
@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        "cD1nYXJiYWdl",  # p=garbage: a position that is not a moment
        "bz0tNSZwPTIwMjYtMDEtMDE%3D",  # o=-5&p=2026-01-01: a negative offset
        "bz05OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ%3D%3D",  # an offset past any integer column
        "%C3%A5%C3%A4%C3%B6",
    ],
)
def test_a_malformed_cursor_is_never_a_5xx(world, path, cursor):
    response = world.client("hr").get(f"{path}?cursor={cursor}")
    if response.status_code != 200:  # an offset past the cutoff is capped by DRF
        assert_problem(response, 404 if response.status_code == 404 else 400)


def test_deeply_nested_json_is_a_400(world):
    body = "[" * 100_000 + "]" * 100_000
    response = world.client("integration").post(
        "/api/v1/org-units/", body, content_type="application/json"
    )
    problem = assert_problem(response, 400)
    assert "JSON" in problem["detail"]


def test_invalid_json_is_a_400(world):
    response = world.client("integration").post(
        "/api/v1/org-units/", "{'name': ", content_type="application/json"
    )
    assert "JSON" in assert_problem(response, 400)["detail"]


def test_deleting_what_is_still_referenced_is_a_409_naming_what_refers_to_it(world, in_tenant):
    with in_tenant(world.tenant):
        unit = OrgUnitFactory(parent=world.units["root"])
        WorkGroupFactory.create_batch(2, unit=unit)
        ManagementGroupFactory(unit=unit)
    response = world.client("hr").delete(f"/api/v1/org-units/{unit.public_id}/")
    body = assert_problem(response, 409)
    assert "2 " in body["detail"] and "1 " in body["detail"]
    assert sorted(r["count"] for r in body["referenced_by"]) == [1, 2]


def test_a_method_not_allowed_has_a_fixed_title(world):
    response = world.client("hr").put("/api/v1/me/")
    body = assert_problem(response, 405)
    assert "PUT" in body["detail"]


def test_an_unknown_api_path_is_a_problem(world):
    assert_problem(world.client("hr").get("/api/v1/no-such-thing/"), 404)


def test_a_body_too_large_is_a_400_problem(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = world.client("integration").post(
        "/api/v1/org-units/",
        json.dumps({"name": "x" * 2048}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="big-body",
    )
    assert_problem(response, 400)


@pytest.mark.parametrize("path", ["/api/v1/people/", "/api/v1/platform/tenants/"])
def test_a_host_not_allowed_is_a_400_problem(path):
    response = Client(HTTP_HOST="evil.invalid").get(path)
    body = assert_problem(response, 400)
    assert body["title"]


def test_pages_outside_the_api_keep_django_error_pages(world):
    response = world.client("hr").get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
