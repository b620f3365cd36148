"""Validates a whole import and works out every change before anything is
written: units to create, move or rename; people to create, update or mark
leaving; unit managers. Any error means nothing will be written."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from spiral.programs.org.hr_import.columns import (
    ALL_COLUMNS,
    NO,
    NO_GROUP,
    REQUIRED,
    YES,
    canonical,
    display_name,
    parse_roles,
    parse_status,
)
from spiral.programs.org.hr_import.report import ImportReport, RowError
from spiral.programs.org.models import OrgUnit, Person

PERSON_TEXT_LIMITS = {"given_name": 100, "family_name": 100, "phone": 40, "title": 200}
UNIT_NAME_LIMIT = 200


@dataclass
class ImportPlan:
    report: ImportReport
    units: dict[str, OrgUnit] = field(default_factory=dict)  # by external id
    new_units: list[OrgUnit] = field(default_factory=list)
    changed_units: list[OrgUnit] = field(default_factory=list)
    new_people: list[Person] = field(default_factory=list)
    changed_people: list[Person] = field(default_factory=list)
    changed_person_fields: set[str] = field(default_factory=set)
    # For the audit trail: each changed person's values before the import, and
    # each existing unit's (name, parent id, path, depth, manager id).
    people_before: dict[str, dict] = field(default_factory=dict)  # by external id
    units_before: dict[str, tuple] = field(default_factory=dict)  # by unit key
    unit_of_person: dict[str, str] = field(default_factory=dict)  # person ext id -> unit ext id
    leaving_people: list[Person] = field(default_factory=list)
    left_people: list[Person] = field(default_factory=list)  # existing, now marked left
    managers: dict[str, str] = field(default_factory=dict)  # unit ext id -> person ext id
    # (unit ext id, person ext id): the file says this person does not manage it
    not_managing: set[tuple[str, str]] = field(default_factory=set)
    # Each documented column as its header is written in the file ("Efternamn").
    titles: dict[str, str] = field(default_factory=dict)
    # Units the file names on a row, and what it says of their groups: a name,
    # "" (named after the unit) or None (the import leaves that group alone).
    file_units: set[str] = field(default_factory=set)
    work_group_names: dict[str, str | None] = field(default_factory=dict)
    management_group_names: dict[str, str | None] = field(default_factory=dict)

    def error(self, row: int, column: str, reason: str) -> None:
        """An error at a row and a documented column, named as the file names it."""
        title = self.titles.get(column, column)
        self.report.errors.append(RowError(row=row, column=title, reason=reason))


def plan_import(
    header: list[str], rows: list[list[str]], *, full: bool, may_grant_admin: bool = True
) -> ImportPlan:
    """Every error of the file is reported at once: a missing column does not
    stop the rows from being checked for everything else."""
    plan = ImportPlan(report=ImportReport(rows=len(rows)))
    columns = _map_columns(header, plan)
    records = [
        (
            number,
            {name: _cell(row, columns[name]) if name in columns else "" for name in ALL_COLUMNS},
        )
        for number, row in enumerate(rows, start=2)
    ]
    _plan_units(records, columns, plan)
    _plan_groups(records, columns, plan)
    _plan_people(records, columns, plan, full=full)
    if not may_grant_admin:
        _refuse_admin_roles(records, plan)
    return plan


def _refuse_admin_roles(records, plan: ImportPlan) -> None:
    """Rows that would give or take an administering role (HR) are errors for
    an importer that may not grant administration."""
    admin = set(Person.ADMIN_ROLE_FIELDS)
    rows = {record["external_id"]: number for number, record in records}
    given = [p for p in plan.new_people if any(getattr(p, field) for field in admin)]
    changed = [p for p in plan.changed_people if admin & set(plan.people_before[p.external_id])]
    for person in given + changed:
        plan.error(
            rows[person.external_id],
            "roles",
            _("Giving or taking the HR role needs the people:admin scope."),
        )


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _map_columns(header: list[str], plan: ImportPlan) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        name = canonical(title)
        if name is None:
            plan.report.ignored_columns.append(title)
            continue
        if name in columns:
            plan.error(
                1,
                title,
                _("Columns %(first)s and %(second)s mean the same thing.")
                % {"first": plan.titles[name], "second": title},
            )
            continue
        columns[name] = index
        plan.titles[name] = title.strip()
    english = any(title == name for name, title in plan.titles.items())
    for name in REQUIRED:
        if name not in columns:
            plan.error(
                1,
                name if english else display_name(name),
                _("This required column is missing."),
            )
    return columns


GROUP_NAME_LIMIT = 200


def _plan_groups(records, columns, plan: ImportPlan) -> None:
    """What the file says of each unit's work group and management group: a
    name, empty (named after the unit) or nej (left alone by the import). The
    rows of one unit must agree."""
    for column, names in (
        ("work_group", plan.work_group_names),
        ("management_group", plan.management_group_names),
    ):
        said: dict[str, int] = {}  # unit ext id -> the row that named it
        for number, record in records:
            unit_id, value = record["unit_id"], record[column]
            if not unit_id or column not in columns or not value:
                if unit_id:
                    names.setdefault(unit_id, "")
                continue
            wanted = None if value.lower() in NO_GROUP else value
            if wanted is not None and len(wanted) > GROUP_NAME_LIMIT:
                plan.error(
                    number, column, _("At most %(limit)d characters.") % {"limit": GROUP_NAME_LIMIT}
                )
                continue
            if unit_id in said and names[unit_id] != wanted:
                plan.error(
                    number,
                    column,
                    _("Unit %(unit)s says otherwise on row %(row)d.")
                    % {"unit": unit_id, "row": said[unit_id]},
                )
                continue
            said[unit_id] = number
            names[unit_id] = wanted


def unit_key(unit: OrgUnit) -> str:
    """Units made in Spiral have no external id; the file cannot name them, but
    they stay where they are and may hold imported units' parents."""
    return unit.external_id if unit.external_id is not None else f"\x00{unit.pk}"


def _plan_units(records, columns, plan: ImportPlan) -> None:
    existing = {unit_key(unit): unit for unit in OrgUnit.objects.all()}
    originals = {key: (u.name, u.parent_id, u.path, u.depth) for key, u in existing.items()}
    plan.units_before = {key: (*old, existing[key].manager_id) for key, old in originals.items()}
    declared: dict[str, tuple[int, str, str | None]] = {}  # ext id -> (row, name, parent)
    for number, record in records:
        unit_id = record["unit_id"]
        if not unit_id:
            continue  # reported with the person
        plan.file_units.add(unit_id)
        name = record["unit_name"]
        parent = record["parent_unit_id"] if "parent_unit_id" in columns else None
        if len(name) > UNIT_NAME_LIMIT:
            plan.error(
                number, "unit_name", _("At most %(limit)d characters.") % {"limit": UNIT_NAME_LIMIT}
            )
        if unit_id not in declared:
            declared[unit_id] = (number, name, parent)
            continue
        first_row, first_name, first_parent = declared[unit_id]
        if name and first_name and name != first_name:
            plan.error(
                number,
                "unit_name",
                _("Unit %(unit)s is named differently on row %(row)d.")
                % {"unit": unit_id, "row": first_row},
            )
        if parent is not None and first_parent is not None and parent != first_parent:
            plan.error(
                number,
                "parent_unit_id",
                _("Unit %(unit)s has another parent on row %(row)d.")
                % {"unit": unit_id, "row": first_row},
            )
    # Units that are only named as parents may already exist.
    parents_of: dict[str, tuple[str | None, int]] = {}
    for unit_id, (number, name, parent) in declared.items():
        unit = existing.get(unit_id)
        if unit is None:
            unit = OrgUnit(external_id=unit_id, name=name or unit_id)
            plan.new_units.append(unit)
        elif name and name != unit.name:
            unit.name = name
        plan.units[unit_id] = unit
        if parent is not None:
            parents_of[unit_id] = (parent or None, number)
    for unit_id, unit in existing.items():
        plan.units.setdefault(unit_id, unit)
    _link_parents(parents_of, existing, originals, plan)


def _link_parents(parents_of, existing, originals, plan: ImportPlan) -> None:
    by_pk = {unit.pk: unit for unit in existing.values()}
    parent_key: dict[str, str | None] = {
        key: (unit_key(by_pk[unit.parent_id]) if unit.parent_id else None)
        for key, unit in existing.items()
    }
    unknown = False
    for unit_id, (parent, number) in parents_of.items():
        if parent is not None and parent not in plan.units:
            plan.error(
                number, "parent_unit_id", _("Unknown parent unit %(unit)s.") % {"unit": parent}
            )
            unknown = True
            continue
        parent_key[unit_id] = parent
    for unit in plan.new_units:
        parent_key.setdefault(unit.external_id, None)
    if unknown:
        return
    for unit_id in parent_key:
        chain = _cycle_from(unit_id, parent_key)
        if chain:
            number = parents_of.get(unit_id, (None, 1))[1]
            plan.error(
                number,
                "parent_unit_id",
                _("Units form a cycle: %(chain)s") % {"chain": " → ".join(chain)},
            )
            return
    _assign_paths(parent_key, existing, originals, plan)


def _cycle_from(unit_id: str, parent_key: dict[str, str | None]) -> list[str] | None:
    seen = [unit_id]
    current = parent_key.get(unit_id)
    while current is not None:
        if current in seen:
            return [*seen[seen.index(current) :], current]
        seen.append(current)
        current = parent_key.get(current)
    return None


def _assign_paths(parent_key, existing, originals, plan: ImportPlan) -> None:
    """Computes every unit's path and depth from the final parents; existing
    units whose name, parent, path or depth changed are to be updated."""
    paths: dict[str, tuple[str, int]] = {}

    def resolve(unit_id: str) -> tuple[str, int]:
        if unit_id not in paths:
            unit, parent = plan.units[unit_id], parent_key.get(unit_id)
            base, depth = resolve(parent) if parent else ("/", -1)
            paths[unit_id] = (base + OrgUnit.segment(unit.public_id), depth + 1)
        return paths[unit_id]

    for unit_id in parent_key:
        unit = plan.units[unit_id]
        unit.path, unit.depth = resolve(unit_id)
        unit._import_parent = parent_key.get(unit_id)
    for key, unit in existing.items():
        parent = unit._import_parent
        parent_pk = plan.units[parent].pk if parent else None
        if originals[key] != (unit.name, parent_pk, unit.path, unit.depth):
            plan.changed_units.append(unit)
    plan.report.units_created = len(plan.new_units)
    plan.report.units_updated = len(plan.changed_units)


PERSON_COMPARED = (
    "given_name",
    "family_name",
    "email",
    "phone",
    "title",
    "status",
    *Person.ROLE_FIELDS,
)


def _plan_people(records, columns, plan: ImportPlan, *, full: bool) -> None:
    existing = {person.external_id: person for person in Person.objects.select_related("unit")}
    seen: dict[str, int] = {}
    keyed = "external_id" in columns and "unit_id" in columns
    for number, record in records:
        target = _person_target(number, record, columns, plan)
        external_id = record["external_id"]
        if external_id in seen:
            plan.error(
                number, "external_id", _("Also on row %(row)d.") % {"row": seen[external_id]}
            )
            continue
        if external_id:
            seen[external_id] = number
        if target is None or not keyed:
            continue  # a missing column is reported once; the rest is still checked
        _plan_manager(number, record, columns, plan)
        plan.unit_of_person[external_id] = record["unit_id"]
        person = existing.get(external_id)
        if person is None:
            plan.new_people.append(Person(external_id=external_id, **target))
            continue
        changed = {name for name, value in target.items() if getattr(person, name) != value}
        if person.unit is None or unit_key(person.unit) != record["unit_id"]:
            changed.add("unit")
        if changed:
            plan.people_before[external_id] = {
                name: getattr(person, "unit_id" if name == "unit" else name) for name in changed
            }
            for name in changed - {"unit"}:
                setattr(person, name, target[name])
            plan.changed_people.append(person)
            if "status" in changed and person.status == Person.Status.LEFT:
                plan.left_people.append(person)
            plan.changed_person_fields |= changed
        else:
            plan.report.unchanged += 1
    if full:
        for external_id, person in existing.items():
            if external_id not in seen and person.status == Person.Status.ACTIVE:
                plan.leaving_people.append(person)
                plan.report.marked_leaving_ids.append(external_id)
    plan.report.created = len(plan.new_people)
    plan.report.updated = len(plan.changed_people)
    plan.report.marked_leaving = len(plan.leaving_people)


def _person_target(number: int, record: dict, columns, plan: ImportPlan) -> dict | None:
    """The person's fields as the row gives them (absent columns are left
    alone), or None when the row has errors."""
    errors_before = len(plan.report.errors)
    for name in REQUIRED:
        if name in columns and not record[name]:
            plan.error(number, name, _("A value is required."))
    target = {"status": _status(number, record, columns, plan)}
    for name in ("given_name", "family_name", "phone", "title", "email"):
        if name not in columns:
            continue
        value = record[name]
        limit = PERSON_TEXT_LIMITS.get(name)
        if limit and len(value) > limit:
            plan.error(number, name, _("At most %(limit)d characters.") % {"limit": limit})
        target[name] = value.lower() if name == "email" else value
    if target.get("email"):
        try:
            validate_email(target["email"])
        except ValidationError:
            plan.error(number, "email", _("Not a valid email address."))
    if "roles" in columns:
        roles, unknown = parse_roles(record["roles"])
        if unknown:
            plan.error(
                number, "roles", _("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)}
            )
        target.update({name: name in roles for name in Person.ROLE_FIELDS})
    return target if len(plan.report.errors) == errors_before else None


def _status(number: int, record: dict, columns, plan: ImportPlan) -> str:
    if "status" not in columns:
        return Person.Status.ACTIVE  # present in the HR export: employed
    status = parse_status(record["status"])
    if status is None:
        plan.error(number, "status", _("Write aktiv, slutar or slutat."))
    return status or Person.Status.ACTIVE


def _plan_manager(number: int, record: dict, columns, plan: ImportPlan) -> None:
    if "manager_of_unit" not in columns:
        return
    answer = record["manager_of_unit"].lower()
    if answer in NO:
        plan.not_managing.add((record["unit_id"], record["external_id"]))
        return
    if answer not in YES:
        plan.error(number, "manager_of_unit", _("Write ja or nej."))
        return
    unit_id = record["unit_id"]
    if unit_id in plan.managers:
        plan.error(
            number,
            "manager_of_unit",
            _("Unit %(unit)s already has a manager in the file.") % {"unit": unit_id},
        )
        return
    plan.managers[unit_id] = record["external_id"]
