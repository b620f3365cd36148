"""Enrolment follows the programme's rule and the organisation: one idempotent
service, called on activation, when a rule changes, and from every path that
changes people (HR import, the people API, later SCIM)."""

import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.audit.changes import changed_fields, created_fields, snapshot
from spiral.platform.audit.services import audit_record, audit_record_many
from spiral.platform.core.errors import ConflictError
from spiral.platform.outbox.services import outbox_publish
from spiral.programs.org.models import ManagementGroup, Person, WorkGroup
from spiral.programs.programmes.models import Audience, ComponentInstance, Enrolment, Programme
from spiral.programs.programmes.selectors import programme_population

INSTANCE_TOPIC = "programmes.component_instance.created"
# {"enrolments": [ids]}: people who left a programme, and so its components' audiences.
WITHDRAWN_TOPIC = "programmes.enrolments.withdrawn"
LEFT_RULE = "No longer in the programme's target population."
LEFT_JOB = "Left the organisation."
# A reason written by hand may tell of someone's health or private life: the
# audit trail says that it changed, never what it says.
ENROLMENT_PRIVATE = frozenset({"reason"})
RULE_PEOPLE = ("include_people", "exclude_people")


@transaction.atomic
def enrolments_sync(*, programme: Programme) -> list[int]:
    """Enrols whoever the rule now names and withdraws whoever it no longer
    names (withdrawn enrolments stay as history). Returns the newly enrolled
    people's ids. Running it twice changes nothing the second time; two runs at
    once take turns (the programme row is locked)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    target = set(programme_population(programme=programme).values_list("pk", flat=True))
    current = dict(
        Enrolment.objects.filter(programme=programme, status=Enrolment.Status.ENROLLED).values_list(
            "person_id", "pk"
        )
    )
    newcomers = sorted(target - set(current))
    leavers = [current[person_id] for person_id in set(current) - target]
    if leavers:
        _withdraw(leavers)
    if newcomers:
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(programme=programme, person_id=person_id) for person_id in newcomers
        )
        audit_record_many(
            action="enrolment.enrolled",
            objects=enrolments,
            changes=lambda e: created_fields(e, ("programme", "person", "status")),
        )
        _give_components(programme, enrolments)
    return newcomers


def _withdraw(enrolment_ids: list[int]) -> None:
    now = timezone.now()
    enrolments = Enrolment.objects.filter(pk__in=enrolment_ids)
    audit_record_many(
        action="enrolment.withdrawn",
        objects=enrolments.only("pk", "public_id"),
        changes={
            "status": [Enrolment.Status.ENROLLED, Enrolment.Status.WITHDRAWN],
            "withdrawn_at": [None, now],
            "reason": None,  # private (ENROLMENT_PRIVATE)
        },
    )
    left_job = Q(person__status__in=[Person.Status.LEAVING, Person.Status.LEFT])
    enrolments.filter(left_job).update(
        status=Enrolment.Status.WITHDRAWN, withdrawn_at=now, reason=LEFT_JOB
    )
    enrolments.filter(status=Enrolment.Status.ENROLLED).update(
        status=Enrolment.Status.WITHDRAWN, withdrawn_at=now, reason=LEFT_RULE
    )
    key = f"{WITHDRAWN_TOPIC}:{uuid.uuid4().hex}"
    outbox_publish([(WITHDRAWN_TOPIC, key, {"enrolments": sorted(enrolment_ids)})])


def _give_components(programme: Programme, enrolments: list[Enrolment]) -> None:
    """One instance per participant, per work group they lead, per management
    group they sit in, and one for the programme, as each component says. A
    fixed number of statements however many people start."""
    people = [enrolment.person_id for enrolment in enrolments]
    led_groups = list(WorkGroup.objects.filter(leader_id__in=people).values_list("pk", flat=True))
    management_groups = list(
        ManagementGroup.objects.filter(Q(members__in=people) | Q(chair_id__in=people))
        .distinct()
        .values_list("pk", flat=True)
    )
    instances = []
    for component in programme.components.all():
        subjects = {
            Audience.EACH_PARTICIPANT: [("enrolment_id", e.pk) for e in enrolments],
            Audience.EACH_WORK_GROUP: [("work_group_id", pk) for pk in led_groups],
            Audience.EACH_MANAGEMENT_GROUP: [
                ("management_group_id", pk) for pk in management_groups
            ],
            Audience.PROGRAMME: [(None, None)],
        }[component.audience]
        instances += [
            ComponentInstance(component=component, **({field: pk} if field else {}))
            for field, pk in subjects
        ]
    # A work group, management group or the programme may have its instance
    # already (from an earlier enrolment): the unique constraints skip those.
    ComponentInstance.objects.bulk_create(instances, ignore_conflicts=True)
    outbox_publish(
        (INSTANCE_TOPIC, _instance_key(instance), _instance_payload(instance))
        for instance in instances
    )


def _instance_key(instance: ComponentInstance) -> str:
    subject = (
        f"e{instance.enrolment_id}" if instance.enrolment_id
        else f"w{instance.work_group_id}" if instance.work_group_id
        else f"m{instance.management_group_id}" if instance.management_group_id
        else "p"
    )  # fmt: skip
    return f"{INSTANCE_TOPIC}:{instance.component_id}:{subject}"


def _instance_payload(instance: ComponentInstance) -> dict:
    return {
        "component": instance.component_id,
        "enrolment": instance.enrolment_id,
        "work_group": instance.work_group_id,
        "management_group": instance.management_group_id,
    }


def enrolments_follow_organisation() -> None:
    """After people changed: every active programme's enrolments follow its rule."""
    for programme in Programme.objects.filter(status=Programme.Status.ACTIVE):
        enrolments_sync(programme=programme)


def _edit_rule(programme: Programme, *, include: str | None = None, exclude: str | None = None):
    """Moves one person between the rule's includes and excludes, under a lock on
    the programme, and lets enrolment follow. Only while the programme runs."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.ACTIVE:
        raise ConflictError(
            _("People are enrolled and withdrawn by hand only while the programme runs.")
        )
    key = include or exclude
    before = snapshot(programme, RULE_PEOPLE)
    includes = {p for p in programme.include_people if p != key}
    excludes = {p for p in programme.exclude_people if p != key}
    (includes if include else excludes).add(key)
    programme.include_people, programme.exclude_people = sorted(includes), sorted(excludes)
    programme.save(update_fields=["include_people", "exclude_people", "updated_at"])
    audit_record(
        action="programme.updated",
        obj=programme,
        changes=changed_fields(before, snapshot(programme, RULE_PEOPLE)),
    )
    enrolments_sync(programme=programme)


@transaction.atomic
def enrolment_add(*, programme: Programme, person: Person, reason: str = "") -> Enrolment:
    """Enrols one person by hand: they join the rule's includes."""
    if person.status != Person.Status.ACTIVE:
        raise ConflictError(_("Only people in employment can be enrolled."))
    _edit_rule(programme, include=str(person.public_id))
    enrolment = Enrolment.objects.get(
        programme=programme, person=person, status=Enrolment.Status.ENROLLED
    )
    if reason and reason != enrolment.reason:
        _reason_set(enrolment, reason)
        enrolment.save(update_fields=["reason", "updated_at"])
    return enrolment


def _reason_set(enrolment: Enrolment, reason: str) -> None:
    audit_record(
        action="enrolment.updated",
        obj=enrolment,
        changes=changed_fields(
            {"reason": enrolment.reason}, {"reason": reason}, private=ENROLMENT_PRIVATE
        ),
    )
    enrolment.reason = reason


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, reason: str) -> Enrolment:
    """Withdraws one person by hand: they join the rule's excludes."""
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ConflictError(_("This enrolment is already withdrawn."))
    _edit_rule(enrolment.programme, exclude=str(enrolment.person.public_id))
    enrolment.refresh_from_db()
    if reason != enrolment.reason:
        _reason_set(enrolment, reason)
        Enrolment.objects.filter(pk=enrolment.pk).update(reason=reason)
    return enrolment
