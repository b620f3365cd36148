"""What an applied import leaves behind besides its rows: one audit event per
unit and person it created, changed or marked leaving (written in bulk), and
fresh logins for the people whose powers it changed (bulk writes send no
signals, so nothing else would tell the login memo)."""

from django.db import transaction

from spiral.platform.accounts.backends import forget_user_ids
from spiral.platform.audit.changes import changed_fields, created_fields, snapshot
from spiral.platform.audit.services import audit_record_many
from spiral.programs.org.hr_import.planning import ImportPlan, unit_key
from spiral.programs.org.models import Person

# In the order of ImportPlan.units_before.
UNIT_AUDITED = ("name", "parent", "path", "depth", "manager")
UNIT_CREATED = ("external_id", "name", "parent", "manager")
PERSON_AUDITED = (
    "external_id", "given_name", "family_name", "email", "phone", "title", "unit", "status",
    *Person.ROLE_FIELDS,
)  # fmt: skip
# What the login memo keeps and permissions read: a change must apply at once.
POWERS = frozenset({"status", "unit", *Person.ROLE_FIELDS})


def import_audit(plan: ImportPlan) -> None:
    audit_record_many(
        action="unit.created",
        objects=plan.new_units,
        changes=lambda unit: created_fields(unit, UNIT_CREATED),
    )
    unit_changes = {
        unit: changed_fields(
            dict(zip(UNIT_AUDITED, plan.units_before[unit_key(unit)], strict=True)),
            snapshot(unit, UNIT_AUDITED),
        )
        for unit in plan.units.values()
        if unit_key(unit) in plan.units_before
    }
    changed_units = [unit for unit, changes in unit_changes.items() if changes]
    audit_record_many(action="unit.updated", objects=changed_units, changes=unit_changes.get)
    audit_record_many(
        action="person.created",
        objects=plan.new_people,
        changes=lambda person: created_fields(person, PERSON_AUDITED),
    )
    audit_record_many(
        action="person.updated",
        objects=plan.changed_people,
        changes=lambda person: _person_changes(plan, person),
    )
    audit_record_many(
        action="person.marked_leaving",
        objects=plan.leaving_people,
        changes={"status": [Person.Status.ACTIVE, Person.Status.LEAVING]},
    )


def _person_changes(plan: ImportPlan, person: Person) -> dict:
    before = plan.people_before[person.external_id]
    return changed_fields(before, snapshot(person, before))


def import_forget_logins(plan: ImportPlan) -> None:
    """After commit, the users of people whose roles, status or unit changed
    are read afresh on their next request in this process."""
    user_ids = [
        person.user_id
        for person in plan.changed_people
        if person.user_id and POWERS & set(plan.people_before[person.external_id])
    ] + [person.user_id for person in plan.leaving_people if person.user_id]
    if user_ids:
        transaction.on_commit(lambda: forget_user_ids(user_ids))
