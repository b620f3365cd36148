"""Settings for the test suite: the real PostgreSQL and Redis, on their own Redis
databases so that a test run never touches a developer's cache or queue."""

import os

os.environ.setdefault("SPIRAL_ENV", "test")
os.environ.setdefault("SPIRAL_BASE_DOMAIN", "spiral.test")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/2")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/3")
os.environ.setdefault("CELERY_DEFAULT_QUEUE", "spiral-test")
# In memory, unless a test process (a worker) is pointed at a real SMTP server.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from spiral.platform.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Custom tenant domains used by the routing tests; in production every custom
# domain is listed in ALLOWED_HOSTS too (see .env.example).
ALLOWED_HOSTS = [*ALLOWED_HOSTS, ".example.se", ".alingsas.se"]  # noqa: F405
