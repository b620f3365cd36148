"""Liveness and readiness probes. They answer on any host, before host checks and
tenant routing, so that an orchestrator can call them by IP address."""

from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from kombu import Connection

from spiral.platform.core.problems import problem_response

PROBE_TIMEOUT_SECONDS = 2


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
        socket_timeout=PROBE_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    finally:
        client.close()


def _check_broker() -> None:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=PROBE_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT_SECONDS)


READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": _check_database,
    "cache": _check_cache,
    "broker": _check_broker,
}


def healthz(request):
    return JsonResponse({"status": "ok"})


def readyz(request):
    failed = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "not ready"; name it
            failed[name] = exc.__class__.__name__
    if failed:
        return problem_response(
            status=503,
            title="Service not ready",
            detail="Unreachable: " + ", ".join(sorted(failed)),
            failed=failed,
        )
    return JsonResponse({"status": "ready", "checks": sorted(READINESS_CHECKS)})


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthProbeMiddleware:
    """First in the chain: a probe needs no host, tenant, session or user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
