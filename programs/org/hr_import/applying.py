"""Writes a validated import plan in one transaction, with bulk operations: a
fixed number of statements per thousand rows, whatever the size of the file."""

from django.db import connection, transaction
from django.utils import timezone

from spiral.programs.org.events import people_changed_publish
from spiral.programs.org.hr_import.auditing import import_audit, import_forget_logins
from spiral.programs.org.hr_import.groups import write_groups
from spiral.programs.org.hr_import.planning import ImportPlan
from spiral.programs.org.leaving import people_access_end
from spiral.programs.org.models import OrgUnit, Person

BATCH = 2000
# After this many written rows the planner's statistics are refreshed, so that
# the first queries after a large import do not plan with an empty table's.
ANALYZE_AFTER_ROWS = 5000


@transaction.atomic
def apply_plan(plan: ImportPlan) -> None:
    now = timezone.now()
    _write_units(plan, now)
    _write_people(plan, now)
    _write_managers(plan, now)
    import_audit(plan)
    write_groups(plan, now)
    import_forget_logins(plan)
    if plan.left_people:
        people_access_end(people=plan.left_people)
    people_changed_publish()
    plan.report.committed = True
    written = len(plan.new_units) + len(plan.new_people) + len(plan.changed_people)
    if written >= ANALYZE_AFTER_ROWS:
        transaction.on_commit(_analyze)


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE org_orgunit, org_person")


def _write_units(plan: ImportPlan, now) -> None:
    # New units first, so that every parent has a primary key; then the parents.
    OrgUnit.objects.bulk_create(plan.new_units, batch_size=BATCH)
    touched = plan.new_units + plan.changed_units
    for unit in touched:
        parent = unit._import_parent
        unit.parent = plan.units[parent] if parent else None
        unit.updated_at = now
    OrgUnit.objects.bulk_update(
        touched, ["name", "parent", "path", "depth", "updated_at"], batch_size=BATCH
    )


def _write_people(plan: ImportPlan, now) -> None:
    for person in plan.new_people:
        person.unit = plan.units[plan.unit_of_person[person.external_id]]
    Person.objects.bulk_create(plan.new_people, batch_size=BATCH)
    if plan.changed_people:
        for person in plan.changed_people:
            person.unit = plan.units[plan.unit_of_person[person.external_id]]
            person.updated_at = now
        fields = sorted(plan.changed_person_fields | {"updated_at"})
        Person.objects.bulk_update(plan.changed_people, fields, batch_size=BATCH)
    if plan.leaving_people:
        Person.objects.filter(pk__in=[person.pk for person in plan.leaving_people]).update(
            status=Person.Status.LEAVING, updated_at=now
        )


def _write_managers(plan: ImportPlan, now) -> None:
    """Sets the managers the file names, and takes a unit from a manager whom the
    file says no longer manages it."""
    named = set(plan.managers.values()) | {person for _, person in plan.not_managing}
    if not named:
        return
    person_pks = dict(Person.objects.filter(external_id__in=named).values_list("external_id", "pk"))
    wanted = {unit_id: person_pks[person] for unit_id, person in plan.managers.items()}
    for unit_id, person in plan.not_managing:
        if unit_id not in wanted and plan.units[unit_id].manager_id == person_pks[person]:
            wanted[unit_id] = None
    changed = []
    for unit_id, manager_id in wanted.items():
        unit = plan.units[unit_id]
        if unit.manager_id != manager_id:
            unit.manager_id = manager_id
            unit.updated_at = now
            changed.append(unit)
    OrgUnit.objects.bulk_update(changed, ["manager", "updated_at"], batch_size=BATCH)
