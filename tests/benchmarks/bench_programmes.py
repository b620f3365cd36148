"""Activating the first-line-manager programme for 3,000 managers in a tenant
of 50,000 people, against a bulk insert of the same rows, in one run."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.org.models import ManagementGroup, OrgUnit, Person, WorkGroup
from spiral.programs.programmes.enrolment import _instance_key, _instance_payload
from spiral.programs.programmes.models import (
    ComponentInstance,
    Enrolment,
    Programme,
    ProgrammeTemplate,
)
from spiral.programs.programmes.services import programme_activate, programme_create
from tests.benchmarks.bench_org import big_tenant  # noqa: F401 (a fixture)
from tests.benchmarks.conftest import report

ROLES = ["first_line_manager", "senior_manager"]


def _groups_for_managers() -> None:
    """A work group per unit, led by its manager, and a management group per
    operation (verksamhet) whose managers sit in it: as a real tenant has."""
    units = list(
        OrgUnit.objects.exclude(manager=None).values_list("pk", "manager_id", "external_id")
    )
    WorkGroup.objects.bulk_create(
        WorkGroup(name=f"Arbetsgrupp {ext}", unit_id=pk, leader_id=manager)
        for pk, manager, ext in units if ext.startswith("E")
    )  # fmt: skip
    groups = ManagementGroup.objects.bulk_create(
        ManagementGroup(name=f"Ledningsgrupp {ext}", unit_id=pk, chair_id=manager)
        for pk, manager, ext in units if ext.startswith("V")
    )  # fmt: skip
    by_unit = {group.unit_id: group for group in groups}
    members = [
        ManagementGroup.members.through(managementgroup_id=by_unit[parent].pk, person_id=manager)
        for manager, parent in OrgUnit.objects.filter(
            parent_id__in=by_unit, manager__isnull=False
        ).values_list("manager_id", "parent_id")
    ]
    ManagementGroup.members.through.objects.bulk_create(members)


def _programme(name: str, units: list[str] | None = None) -> Programme:
    owner = Person.objects.filter(is_senior_manager=True).first()
    return programme_create(
        name=name, template=ProgrammeTemplate.objects.get(key="first-line-managers"),
        owner=owner, starts_on="2027-01-01", ends_on="2027-12-31",
        target_roles=ROLES, target_units=units or [],
    )  # fmt: skip


def _activate(programme) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        enrolled = programme_activate(programme=programme)
        seconds = time.perf_counter() - started
    return seconds, len(queries), len(enrolled)


def _bulk_baseline(programme: Programme, like: Programme) -> float:
    """The rows the activation of ``like`` wrote (enrolments, component
    instances, outbox messages), written again for ``programme`` with plain
    bulk_create: nothing looked up, nothing worked out."""
    people = list(like.enrolments.values_list("person_id", flat=True))
    shapes = list(
        ComponentInstance.objects.filter(component__programme=like).values_list(
            "component__position", "enrolment__person_id", "work_group_id", "management_group_id"
        )
    )
    components = {c.position: c for c in programme.components.all()}
    started = time.perf_counter()
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(programme=programme, person_id=person) for person in people
    )
    enrolment_of = {e.person_id: e for e in enrolments}
    instances = ComponentInstance.objects.bulk_create(
        ComponentInstance(component=components[position], enrolment=enrolment_of.get(person),
                          work_group_id=work_group, management_group_id=management_group)
        for position, person, work_group, management_group in shapes
    )  # fmt: skip
    OutboxMessage.objects.bulk_create(
        OutboxMessage(topic="bench", key=_instance_key(i), payload=_instance_payload(i))
        for i in instances
    )
    return time.perf_counter() - started


def test_activation_for_3000_managers(big_tenant, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock(), schema_context(big_tenant.schema_name):
        _groups_for_managers()
        one_administration = OrgUnit.objects.get(external_id="F00").public_id
        small = _programme("Chefsprogram, en förvaltning", [str(one_administration)])
        full = _programme("Chefsprogram, alla chefer")
        small_seconds, small_queries, small_count = _activate(small)
        seconds, queries, count = _activate(full)
        instances = ComponentInstance.objects.filter(component__programme=full).count()
        baseline = _bulk_baseline(_programme("Baslinje"), like=full)
    report(
        "Activating the first-line-manager programme (tenant of 50,000 people)",
        [
            (f"{count:,} managers, {instances:,} component instances (s)", f"{seconds:.2f}"),
            ("queries for all of them", str(queries)),
            (f"{small_count:,} managers of one administration (s)", f"{small_seconds:.2f}"),
            ("queries for those", str(small_queries)),
            ("baseline: bulk_create of the same rows (s)", f"{baseline:.2f}"),
            ("ratio activation / baseline", f"{seconds / baseline:.2f}"),
        ],
    )  # fmt: skip
    assert count == 3000 and seconds < 10
    # (the smaller rule has one more: it names units)
    assert queries <= small_queries, "the number of queries grew with the number of managers"
