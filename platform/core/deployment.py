"""What production insists on: a secret key nobody else knows, and the
settings `check --deploy` asks for, on unless the environment says otherwise.

Imported by the settings module, so nothing here may import Django's models.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

# Django's own deploy check (security.W009) calls shorter or plainer keys weak.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5


def strong_secret_key(key: str, *, known: Iterable[str]) -> bool:
    return (
        len(key) >= SECRET_KEY_MIN_LENGTH
        and len(set(key)) >= SECRET_KEY_MIN_UNIQUE
        and not key.startswith("django-insecure-")
        and key not in set(known)
    )


def deploy_setting(env, name: str, default: Any, cast: Callable[..., Any]) -> Any:
    """The environment's value when it names one, else the (secure) default."""
    if name not in env.ENVIRON:
        return default
    return env.bool(name) if cast is bool else cast(env.str(name))


def deploy_warnings_log() -> None:
    """Logs what `check --deploy` would report, once when a production process
    starts: an operator who turned something off sees it in the logs too."""
    from django.core import checks

    log = logging.getLogger("spiral.deploy")
    for message in checks.run_checks(include_deployment_checks=True, tags=["security"]):
        if message.level >= checks.WARNING:
            log.warning("deploy check: %s %s", message.id, message.msg)
