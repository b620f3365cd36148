"""The one Celery app. Configured from Django settings (CELERY_ namespace)."""

import os

from celery.signals import setup_logging, task_postrun, task_prerun
from tenant_schemas_celery.app import CeleryApp

from spiral.platform.core.context import current_task_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spiral.platform.settings")

app = CeleryApp("spiral", task_cls="spiral.workers.base:TenantBoundTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.include = [
    "spiral.workers.fanout",
    "spiral.workers.tasks.accounts",
    "spiral.workers.tasks.sessions",
    "spiral.workers.tasks.support",
    "spiral.workers.tasks.climate",
    "spiral.workers.tasks.groups",
    "spiral.workers.tasks.progress",
    "spiral.workers.tasks.outbox",
]


@setup_logging.connect
def _use_django_logging(**kwargs):
    # Django's LOGGING (JSON lines with tenant and task id) applies to workers too.
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@task_prerun.connect
def _bind_task_id(task_id=None, **kwargs):
    current_task_id.set(task_id)


@task_postrun.connect
def _unbind_task_id(**kwargs):
    current_task_id.set(None)
