"""Writes of a backspegling: an event looked back on with four questions,
first alone (each answer private to its author), then shared by choice, then
the group's joint picture. Audit events never carry what anyone wrote."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.audit.services import audit_record
from spiral.platform.core.errors import ConflictError
from spiral.programs.groups.models import Backspegling, BackspeglingAnswer
from spiral.programs.groups.services import TEXT_MAX_LENGTH, clean_text, member_required
from spiral.programs.org.models import Person, WorkGroup

QUESTIONS = ("happened", "felt", "learned", "use")
JOINT = ("joint_happened", "joint_learned")


@transaction.atomic
def backspegling_start(*, work_group: WorkGroup, event: str, started_by: Person) -> Backspegling:
    member_required(work_group, started_by)
    event = clean_text("event", event, 300)
    if not event:
        raise ValidationError({"event": [_("Name the event you look back on.")]})
    backspegling = Backspegling.objects.create(
        work_group=work_group, event=event, started_by=started_by
    )
    audit_record(
        action="backspegling.started", obj=backspegling, changes={"by": [None, started_by.pk]}
    )
    return backspegling


@transaction.atomic
def backspegling_answer(
    *, backspegling: Backspegling, person: Person, **answers
) -> BackspeglingAnswer:
    """The person's own answers, private until they share them (and shared
    answers that change stay shared: the author chose to show them)."""
    backspegling = Backspegling.objects.select_related("work_group").get(pk=backspegling.pk)
    member_required(backspegling.work_group, person)
    clean = {q: clean_text(q, answers[q]) for q in QUESTIONS if q in answers}
    answer, _created = BackspeglingAnswer.objects.get_or_create(
        backspegling=backspegling, author=person
    )
    changed = [q for q, value in clean.items() if getattr(answer, q) != value]
    if changed:
        for q in changed:
            setattr(answer, q, clean[q])
        answer.save()
        audit_record(
            action="backspegling.answered",
            obj=backspegling,
            changes={"fields": changed, "by": person.pk},
        )
    return answer


@transaction.atomic
def backspegling_share(
    *, backspegling: Backspegling, person: Person, now: datetime | None = None
) -> BackspeglingAnswer:
    answer = (
        BackspeglingAnswer.objects.select_for_update()
        .filter(backspegling=backspegling, author=person)
        .first()
    )
    if answer is None:
        raise ConflictError(_("Answer the questions before you share them."))
    if answer.shared_at is None:
        answer.shared_at = now or timezone.now()
        answer.save(update_fields=["shared_at", "updated_at"])
        audit_record(action="backspegling.shared", obj=backspegling, changes={"by": person.pk})
    return answer


@transaction.atomic
def backspegling_joint(
    *, backspegling: Backspegling, person: Person, now: datetime | None = None, **joint
) -> Backspegling:
    """The group's joint picture, written by one of them for all."""
    backspegling = (
        Backspegling.objects.select_for_update()
        .select_related("work_group")
        .get(pk=backspegling.pk)
    )
    member_required(backspegling.work_group, person)
    clean = {
        name: clean_text(name, joint[name], TEXT_MAX_LENGTH) for name in JOINT if name in joint
    }
    changed = [name for name, value in clean.items() if getattr(backspegling, name) != value]
    if changed:
        for name in changed:
            setattr(backspegling, name, clean[name])
        backspegling.joint_recorded_at = now or timezone.now()
        backspegling.save()
        audit_record(
            action="backspegling.joint_recorded",
            obj=backspegling,
            changes={"fields": changed, "by": person.pk},
        )
    return backspegling
