"""Work groups and management groups as the file draws them, written after the
units, people and managers: a unit's manager leads the unit's work group and
its people are the members; a senior manager chairs a management group of the
nearest managers below them. A fixed number of statements, whatever the size
of the file; one audit event per group created or changed."""

from django.utils.translation import gettext as _

from spiral.platform.audit.changes import changed_fields
from spiral.platform.audit.services import audit_record_many
from spiral.programs.org.hr_import.planning import ImportPlan
from spiral.programs.org.models import ManagementGroup, OrgUnit, Person, WorkGroup

BATCH = 2000


def write_groups(plan: ImportPlan, now) -> None:
    units = [
        plan.units[unit_id]
        for unit_id in sorted(plan.file_units)
        if plan.units[unit_id].manager_id is not None
    ]
    if not units:
        return
    managers = dict(
        Person.objects.filter(pk__in={unit.manager_id for unit in units})
        .exclude(status=Person.Status.LEFT)
        .values_list("pk", "is_senior_manager")
    )
    units = [unit for unit in units if unit.manager_id in managers]
    work = [u for u in units if plan.work_group_names.get(u.external_id, "") is not None]
    _write_work_groups(plan, work, now)
    chairs = [
        u
        for u in units
        if managers[u.manager_id] and plan.management_group_names.get(u.external_id, "") is not None
    ]
    _write_management_groups(plan, chairs, now)


def _write_work_groups(plan: ImportPlan, units: list[OrgUnit], now) -> None:
    members: dict[int, set[int]] = {unit.pk: set() for unit in units}
    people = Person.objects.filter(unit_id__in=list(members)).exclude(status=Person.Status.LEFT)
    for pk, unit_id in people.values_list("pk", "unit_id"):
        members[unit_id].add(pk)
    wanted = {
        unit.pk: (
            plan.work_group_names.get(unit.external_id) or None,
            unit.manager_id,
            members[unit.pk] - {unit.manager_id},
        )
        for unit in units
    }
    created, updated = _sync(WorkGroup, "leader", wanted, {u.pk: u for u in units}, now)
    plan.report.work_groups_created, plan.report.work_groups_updated = created, updated


def _write_management_groups(plan: ImportPlan, chairs: list[OrgUnit], now) -> None:
    """Each manager sits in the group of the nearest unit above theirs that
    another manager leads, when that unit's manager chairs one."""
    by_pk = {unit.pk: unit for unit in plan.units.values()}
    chair_units = {unit.pk for unit in chairs}
    members: dict[int, set[int]] = {pk: set() for pk in chair_units}
    active = set(
        Person.objects.filter(pk__in={u.manager_id for u in by_pk.values() if u.manager_id})
        .exclude(status=Person.Status.LEFT)
        .values_list("pk", flat=True)
    )
    for unit in by_pk.values():
        manager = unit.manager_id
        if manager not in active:
            continue
        above = by_pk.get(unit.parent_id)
        seen = set()
        while above is not None and above.pk not in seen:
            seen.add(above.pk)
            if above.manager_id is not None and above.manager_id != manager:
                if above.pk in chair_units:
                    members[above.pk].add(manager)
                break
            above = by_pk.get(above.parent_id)
    wanted = {
        unit.pk: (
            plan.management_group_names.get(unit.external_id) or None,
            unit.manager_id,
            members[unit.pk],
        )
        for unit in chairs
    }
    created, updated = _sync(ManagementGroup, "chair", wanted, {u.pk: u for u in chairs}, now)
    plan.report.management_groups_created = created
    plan.report.management_groups_updated = updated


def _default_name(model, unit: OrgUnit) -> str:
    if model is WorkGroup:
        return unit.name
    return _("Management group %(unit)s") % {"unit": unit.name}


def _sync(model, head: str, wanted: dict, units: dict[int, OrgUnit], now) -> tuple[int, int]:
    """Creates or updates each unit's group (its first, when it has several)
    to ``wanted``: unit pk -> (name or None for as it is, head's pk, member pks).
    A group with no members is not created. Returns (created, updated)."""
    through = model.members.through
    column = f"{model._meta.model_name}_id"
    existing: dict[int, object] = {}
    for group in model.objects.filter(unit_id__in=list(wanted)).order_by("id"):
        existing.setdefault(group.unit_id, group)
    current: dict[int, set[int]] = {}
    for group_id, person_id in through.objects.filter(
        **{f"{column}__in": [g.pk for g in existing.values()]}
    ).values_list(column, "person_id"):
        current.setdefault(group_id, set()).add(person_id)
    new, changed, changes = [], [], {}
    for unit_pk, (name, head_pk, members) in wanted.items():
        group = existing.get(unit_pk)
        if group is None:
            if not members and model is ManagementGroup:
                continue
            group = model(
                name=name or _default_name(model, units[unit_pk]), unit_id=unit_pk,
                **{f"{head}_id": head_pk},
            )  # fmt: skip
            group._import_members = members
            new.append(group)
            continue
        before = {
            "name": group.name, head: getattr(group, f"{head}_id"),
            "members": sorted(current.get(group.pk, ())),
        }  # fmt: skip
        group.name = name or group.name
        setattr(group, f"{head}_id", head_pk)
        group._import_members = members
        after = {"name": group.name, head: head_pk, "members": sorted(members)}
        diff = changed_fields(before, after)
        if diff:
            group.updated_at = now
            changed.append(group)
            changes[group.pk] = diff
    model.objects.bulk_create(new, batch_size=BATCH)
    model.objects.bulk_update(changed, ["name", head, "updated_at"], batch_size=BATCH)
    stale = [
        (group.pk, person)
        for group in changed
        for person in current.get(group.pk, set()) - group._import_members
    ]
    if stale:
        removed = through.objects.none()
        for group_pk in {g for g, _ in stale}:
            gone = {p for g, p in stale if g == group_pk}
            removed |= through.objects.filter(**{column: group_pk, "person_id__in": gone})
        removed.delete()
    through.objects.bulk_create(
        (
            through(**{column: group.pk, "person_id": person})
            for group in [*new, *changed]
            for person in group._import_members - current.get(group.pk, set())
        ),
        batch_size=BATCH,
    )
    label = model._meta.model_name.replace("group", "_group")
    audit_record_many(
        action=f"{label}.created",
        objects=new,
        changes=lambda g: changed_fields(
            {},
            {"name": g.name, "unit": g.unit_id, head: getattr(g, f"{head}_id"),
             "members": sorted(g._import_members) or None},
        ),
    )  # fmt: skip
    audit_record_many(action=f"{label}.updated", objects=changed, changes=lambda g: changes[g.pk])
    return len(new), len(changed)
