import json
import subprocess
import sys

from django.test import Client, override_settings

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_answers_on_any_host(db):
    response = Client(HTTP_HOST="10.0.0.7").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_ready_when_everything_answers(db):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == ["broker", "cache", "database"]


@override_settings(REDIS_URL=UNREACHABLE_REDIS, CELERY_BROKER_URL=UNREACHABLE_REDIS)
def test_readyz_names_unreachable_cache_and_broker(db):
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["failed"]) == {"cache", "broker"}


def test_readyz_names_an_unreachable_database(subprocess_env):
    # A separate process whose database is a closed port.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/readyz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {**subprocess_env, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    assert set(outcome["body"]["failed"]) == {"database"}
