"""A change to people is followed by the programmes' enrolments in a worker,
soon after the change commits, not inside the request that made it."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from spiral.platform.accounts.models import User
from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.programmes.models import Enrolment, Programme, ProgrammeTemplate
from spiral.programs.programmes.services import programme_activate, programme_create
from tests.conftest import host
from tests.factories import OrgUnitFactory, PersonFactory, login_for
from tests.workers.processes import worker_start

pytestmark = pytest.mark.worker


def test_a_new_manager_is_enrolled_by_a_worker_seconds_after_the_patch(
    real_commits, provisioned_tenants, subprocess_env, wait_for, tmp_path, settings
):
    settings.PEOPLE_CHANGED_RELAY_SECONDS = 1  # the web side asks for the relay
    tenant = provisioned_tenants["a"]
    with schema_context(tenant.schema_name):
        first_outbox_id = (OutboxMessage.objects.order_by("-id").values_list("id", flat=True)
                           .first() or 0)  # fmt: skip
        unit = OrgUnitFactory(name="Arbetsenhet för workertest")
        hr, staff = PersonFactory(unit=unit, is_hr=True), PersonFactory(unit=unit)
        login_for(hr)
        programme = programme_create(
            name="Workertest", template=ProgrammeTemplate.objects.get(key="first-line-managers"),
            owner=hr, starts_on="2027-01-01", ends_on="2027-12-31",
            target_roles=["first_line_manager"], target_units=[str(unit.public_id)],
        )  # fmt: skip
        programme_activate(programme=programme)
    client = Client(HTTP_HOST=host(tenant))
    with schema_context(tenant.schema_name):
        client.force_login(User.objects.get(email=hr.email))

    def enrolled() -> bool:
        with schema_context(tenant.schema_name):
            return Enrolment.objects.filter(programme=programme, person=staff).exists()

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    worker = worker_start(subprocess_env, queue, tmp_path / "worker.log")
    try:
        response = client.patch(
            f"/api/v1/people/{staff.public_id}/", {"is_first_line_manager": True},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 200, response.content
        assert not enrolled()  # the request did not re-sync the programme itself
        wait_for(enrolled, timeout=60, process=worker, interval=0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        with schema_context(tenant.schema_name):
            Programme.objects.filter(pk=programme.pk).delete()
            User.objects.filter(person__in=[hr, staff]).delete()
            Person.objects.filter(pk__in=[hr.pk, staff.pk]).delete()
            OrgUnit.objects.filter(pk=unit.pk).delete()
            OutboxMessage.objects.filter(id__gt=first_outbox_id).delete()
