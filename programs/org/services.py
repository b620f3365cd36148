"""Every write to the organisation. Keyword-only, validated, transactional."""

import uuid
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from spiral.platform.accounts.services import send_invitation, set_password_path, user_create
from spiral.platform.audit.changes import changed_fields, created_fields, related_ids, snapshot
from spiral.platform.audit.services import audit_record
from spiral.programs.org.events import group_changed_publish, people_changed_publish
from spiral.programs.org.leaving import people_access_end
from spiral.programs.org.models import (
    ManagementGoal,
    ManagementGroup,
    OrgUnit,
    Person,
    PhilosophyVersion,
    WorkGroup,
)
from spiral.tenants.links import tenant_url


def unit_path(*, parent: OrgUnit | None, public_id: uuid.UUID) -> str:
    return (parent.path if parent else "/") + OrgUnit.segment(public_id)


UNIT_FIELDS = ("name", "external_id", "parent", "manager")


@transaction.atomic
def unit_create(
    *,
    name: str,
    parent: OrgUnit | None = None,
    external_id: str | None = None,
    manager: Person | None = None,
) -> OrgUnit:
    unit = OrgUnit(name=name, parent=parent, external_id=external_id or None, manager=manager)
    unit.path = unit_path(parent=parent, public_id=unit.public_id)
    unit.depth = parent.depth + 1 if parent else 0
    unit.full_clean(exclude=["path"])
    unit.save()
    audit_record(action="unit.created", obj=unit, changes=created_fields(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, unit: OrgUnit, **changes) -> OrgUnit:
    """Renames, re-manages or moves a unit; a move carries its whole subtree."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    new_parent = changes.pop("parent", unit.parent)
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.full_clean(exclude=["path", "parent"])
    unit.save()
    if new_parent != unit.parent:
        unit_move(unit=unit, parent=new_parent)
        unit.refresh_from_db()
        people_changed_publish()  # who is under which subtree changed
    audit_record(
        action="unit.updated", obj=unit, changes=changed_fields(before, snapshot(unit, UNIT_FIELDS))
    )
    return unit


def unit_move(*, unit: OrgUnit, parent: OrgUnit | None) -> None:
    if parent is not None and parent.path.startswith(unit.path):
        raise ValidationError({"parent": [_("A unit cannot be moved under itself.")]})
    old_path = unit.path
    new_path = unit_path(parent=parent, public_id=unit.public_id)
    depth_change = (parent.depth + 1 if parent else 0) - unit.depth
    OrgUnit.objects.filter(pk=unit.pk).update(parent=parent)
    # One statement rewrites the prefix of every unit in the subtree.
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )


@transaction.atomic
def unit_delete(*, unit: OrgUnit) -> None:
    if unit.children.exists() or unit.people.exists():
        raise ValidationError({"unit": [_("Only an empty unit without sub-units can be removed.")]})
    audit_record(action="unit.deleted", obj=unit)
    unit.delete()


PERSON_FIELDS = (
    "external_id",
    "given_name",
    "family_name",
    "email",
    "phone",
    "title",
    "unit",
    "status",
    *Person.ROLE_FIELDS,
)


@transaction.atomic
def person_create(**fields) -> Person:
    person = Person(**{name: value for name, value in fields.items() if name in PERSON_FIELDS})
    person.full_clean(exclude=["user"])
    person.save()
    audit_record(action="person.created", obj=person, changes=created_fields(person, PERSON_FIELDS))
    people_changed_publish()
    return person


@transaction.atomic
def person_update(*, person: Person, **changes) -> Person:
    placement_before = _placement(person)
    status_before = person.status
    before = snapshot(person, PERSON_FIELDS)
    for name, value in changes.items():
        if name not in PERSON_FIELDS:
            raise ValueError(f"{name} is not a person field")
        setattr(person, name, value)
    person.full_clean(exclude=["user"])
    person.save()
    audit_record(
        action="person.updated",
        obj=person,
        changes=changed_fields(before, snapshot(person, PERSON_FIELDS)),
    )
    if person.status == Person.Status.LEFT and status_before != Person.Status.LEFT:
        people_access_end(people=[person])
    # Only where someone is, what they do and whether they work here decide who
    # programmes enrol: a new phone number need not re-run every programme.
    if _placement(person) != placement_before:
        people_changed_publish()
    return person


def _placement(person: Person) -> tuple:
    return (person.unit_id, person.status, *(getattr(person, f) for f in Person.ROLE_FIELDS))


GROUP_FIELDS = ("name", "unit", "leader", "chair")


def _group_write(group, members: Iterable[Person] | None, **changes):
    """Saves a work or management group and, when given, its members."""
    fields = [name for name in GROUP_FIELDS if hasattr(type(group), name)]
    members = None if members is None else list(members)  # read twice below
    adding = group._state.adding
    before = {} if adding else _group_state(group, fields, members is not None)
    for name, value in changes.items():
        setattr(group, name, value)
    group.full_clean()
    group.save()
    if members is not None:
        group.members.set(members)
    after = {**snapshot(group, fields), "members": related_ids(members)}
    if members is None or (adding and not after["members"]):
        del after["members"]
    verb = "created" if adding else "updated"
    label = type(group)._meta.model_name.replace("group", "_group")
    changes = changed_fields(before, after)
    audit_record(action=f"{label}.{verb}", obj=group, changes=changes)
    if not adding and {"members", "leader", "chair"} & set(changes):
        group_changed_publish(group)
    return group


def _group_state(group, fields: list[str], with_members: bool) -> dict:
    state = snapshot(group, fields)
    if with_members:
        state["members"] = related_ids(group.members.all())
    return state


@transaction.atomic
def work_group_create(
    *, name: str, unit=None, leader=None, members: Iterable[Person] = ()
) -> WorkGroup:
    return _group_write(WorkGroup(), members, name=name, unit=unit, leader=leader)


@transaction.atomic
def work_group_update(*, group: WorkGroup, members=None, **changes) -> WorkGroup:
    return _group_write(group, members, **changes)


@transaction.atomic
def management_group_create(
    *, name: str, unit=None, chair=None, members: Iterable[Person] = ()
) -> ManagementGroup:
    return _group_write(ManagementGroup(), members, name=name, unit=unit, chair=chair)


@transaction.atomic
def management_group_update(*, group: ManagementGroup, members=None, **changes) -> ManagementGroup:
    return _group_write(group, members, **changes)


@transaction.atomic
def group_delete(*, group: WorkGroup | ManagementGroup) -> None:
    """Removes a work or management group (its people stay)."""
    label = type(group)._meta.model_name.replace("group", "_group")
    audit_record(action=f"{label}.deleted", obj=group)
    group.delete()


def _shows_as_changed(group: ManagementGroup) -> None:
    """Goals and philosophy versions are part of the group as the API shows it:
    the group moves in updated_after syncs when they change."""
    ManagementGroup.objects.filter(pk=group.pk).update()  # sets updated_at


@transaction.atomic
def management_goal_add(
    *, group: ManagementGroup, title: str, description: str = "", target_date: date | None = None
) -> ManagementGoal:
    goal = ManagementGoal(
        group=group, title=title, description=description, target_date=target_date
    )
    goal.full_clean()
    goal.save()
    _shows_as_changed(group)
    audit_record(
        action="management_goal.created",
        obj=goal,
        changes=created_fields(goal, ("group", "title", "description", "target_date")),
    )
    return goal


@transaction.atomic
def philosophy_version_add(
    *, group: ManagementGroup, principles: list[str], in_force_from: date
) -> PhilosophyVersion:
    """Adds the next version; earlier versions stay as they were."""
    principles = [text.strip() for text in principles if text and text.strip()]
    if not principles:
        raise ValidationError({"principles": [_("Write at least one principle.")]})
    # Lock the group so that two writers cannot take the same number.
    ManagementGroup.objects.select_for_update().filter(pk=group.pk).first()
    latest = group.philosophy_versions.aggregate(latest=Max("number"))["latest"] or 0
    version = PhilosophyVersion.objects.create(
        group=group, number=latest + 1, principles=principles, in_force_from=in_force_from
    )
    _shows_as_changed(group)
    audit_record(
        action="philosophy_version.created",
        obj=version,
        changes=created_fields(version, ("group", "number", "principles", "in_force_from")),
    )
    return version


@transaction.atomic
def person_invite(*, person: Person) -> None:
    """Gives a person a login (or a fresh link, if they never set a password)
    and emails them a one-time link to set their password, after commit. The
    link is on the tenant's public address, whatever host the request used."""
    if not person.email:
        raise ValidationError({"email": [_("The person has no email address to invite.")]})
    if person.status == Person.Status.LEFT:
        raise ValidationError({"status": [_("The person has left the organisation.")]})
    user_before = person.user_id
    user = person.user or user_create(email=person.email, full_name=person.name)
    if person.user_id is None:
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    elif user.has_usable_password():
        raise ValidationError({"user": [_("The person already has a login.")]})
    _login_reopen(user)
    audit_record(
        action="person.invited",
        obj=person,
        changes=changed_fields({"user": user_before}, {"user": person.user_id}),
    )
    link = tenant_url(set_password_path(user))
    transaction.on_commit(lambda: send_invitation(email=user.email, link=link))


def _login_reopen(user) -> None:
    """A person who left and came back gets their login again only through a
    new invitation, whose link sets a password first."""
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active", "updated_at"])
        audit_record(action="user.reactivated", obj=user, changes={"is_active": [False, True]})
