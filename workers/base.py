"""The base of every Spiral task."""

from django.conf import settings
from django.db import connection
from tenant_schemas_celery.task import TenantTask

from spiral.platform.audit.context import acting_as


class TenantRequiredError(RuntimeError):
    """A tenant task was started without a tenant."""


class TenantBoundTask(TenantTask):
    """Runs in the schema of the tenant it was sent from (tenant-schemas-celery
    carries the schema in a message header and switches to it before the task
    runs). A task that arrives with no tenant refuses to run rather than touch
    the public schema; the few platform-wide tasks say ``runs_in_public = True``.
    """

    abstract = True
    runs_in_public = False
    # A task that kills its worker is redelivered (acks_late + reject on worker
    # lost); cap the retries so that it cannot loop forever.
    max_retries = 3

    def __call__(self, *args, **kwargs):
        in_public = connection.schema_name == settings.PUBLIC_SCHEMA_NAME
        if in_public and not self.runs_in_public:
            raise TenantRequiredError(
                f"Task {self.name} must run inside a tenant; it was sent with no tenant schema."
            )
        # What a task changes is the system's doing, named after the task.
        with acting_as(label=f"system:{self.name}"):
            return super().__call__(*args, **kwargs)
