"""A Celery app module for the worker tests: the product's app plus one probe
task that reports, through Redis, where it ran and what it could see."""

import json
import logging

import redis
from django.conf import settings

from spiral.workers.app import app

log = logging.getLogger("tests.probe")


@app.task(name="tests.probe")
def probe(report_key: str, email: str) -> None:
    from django.db import connection

    from spiral.platform.accounts.models import User

    log.info("probe ran")
    report = {
        "schema": connection.schema_name,
        "sees_email": User.objects.filter(email=email).exists(),
    }
    redis.Redis.from_url(settings.REDIS_URL).set(report_key, json.dumps(report), ex=300)
