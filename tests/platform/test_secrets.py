"""Secrets stay secret: tokens only in the Authorization header and never
stored in clear; URL secrets out of every log line (the product's and
gunicorn's); debug pages only when asked for; a production key of its own."""

import hashlib
import io
import json
import logging
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from oauth2_provider.models import AccessToken

from spiral.platform.core.redaction import redact
from tests.conftest import host
from tests.world import integration_client

REPO_ROOT = Path(__file__).resolve().parents[2]
SET_PASSWORD = "/accounts/set-password/MTIz/cz1a2b-0123456789abcdef0123456789abcdef/"
FEED = "/calendar/eyJzZWNyZXQiOiJub3QtcmVhbCJ9:1vAbCd:XyZ-0123456789abcdefghij.ics"
SECRETS = ("cz1a2b-0123456789abcdef", "eyJzZWNyZXQiOiJub3QtcmVhbCJ9", "token-in-the-address")


@pytest.fixture
def log_text():
    handler = next(h for h in logging.getLogger().handlers if h.formatter is not None)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer.getvalue
    handler.setStream(previous)


def _token(tenant, in_tenant) -> str:
    with in_tenant(tenant):
        client = integration_client(tenant, ["people:read"])
    return client.defaults["HTTP_AUTHORIZATION"].removeprefix("Bearer ")


def test_a_token_in_the_query_string_is_refused_with_a_reason(tenant_a, in_tenant, log_text):
    token = _token(tenant_a, in_tenant)
    anonymous = Client(HTTP_HOST=host(tenant_a))
    response = anonymous.get(f"/api/v1/people/?access_token={token}")
    assert response.status_code == 401
    assert "Authorization" in response.json()["detail"]
    # and a form body is no better
    response = anonymous.post(
        "/api/v1/people/", f"access_token={token}", "application/x-www-form-urlencoded"
    )
    assert response.status_code == 401
    assert token not in log_text()
    # while the header works
    ok = Client(HTTP_HOST=host(tenant_a), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ok.get("/api/v1/people/").status_code == 200


def test_tokens_are_stored_as_checksums_only(tenant_a, in_tenant):
    token = _token(tenant_a, in_tenant)
    with in_tenant(tenant_a):
        stored = AccessToken.objects.get(token_checksum=hashlib.sha256(token.encode()).hexdigest())
        assert stored.token == ""
        assert not AccessToken.objects.exclude(token="").exists()


def test_url_secrets_are_redacted_from_the_product_logs(client_a, log_text):
    # Given requests to a set-password link and a calendar feed (both unknown:
    # Django logs the path of a 404 as well as the access line)
    client_a.get(SET_PASSWORD)
    assert client_a.get(FEED).status_code == 404
    text = log_text()
    lines = [json.loads(line) for line in text.splitlines()]
    paths = [line["path"] for line in lines if line["logger"] == "spiral.access"]
    # Then the lines exist, with the secrets taken out
    assert "/calendar/[redacted].ics" in paths
    assert "/accounts/set-password/[redacted]/[redacted]/" in paths
    assert not any(secret in text for secret in SECRETS)


def test_redaction_covers_request_lines_and_queries():
    line = f"GET {FEED}?x=1&access_token=abc HTTP/1.1 {SET_PASSWORD}"
    assert redact(line) == (
        "GET /calendar/[redacted].ics?x=1&access_token=[redacted] HTTP/1.1 "
        "/accounts/set-password/[redacted]/[redacted]/"
    )


def test_gunicorn_access_and_error_logs_never_show_url_secrets(tenant_a, subprocess_env, tmp_path):
    # Given gunicorn with the image's configuration and its access log turned on
    log_path = tmp_path / "gunicorn.log"
    port = 18000 + (hash(tmp_path) % 1000)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:spiral.platform.gunicorn_conf",
             "spiral.platform.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--access-logfile", "-", "--error-logfile", "-"],
            env=subprocess_env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT,
        )  # fmt: skip
    try:
        for path in (SET_PASSWORD, FEED, "/api/v1/people/?access_token=token-in-the-address"):
            _get(port, path, host(tenant_a))
        time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log_path.read_text()
    # Then every request was logged, none with its secret
    assert text.count("[redacted]") >= 3, text
    assert not any(secret in text for secret in SECRETS), text


def _get(port: int, path: str, host_name: str) -> None:
    deadline = time.monotonic() + 30
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host_name})
    while True:
        try:
            urllib.request.urlopen(request, timeout=10)  # noqa: S310 (loopback)
            return
        except urllib.error.HTTPError:
            return  # an answer (404, 401): what is logged is the point
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
