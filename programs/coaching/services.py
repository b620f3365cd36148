"""Every write of coaching tracks: keyword-only, one transaction, an audit event.

Private text (notes, exercise answers) never goes into an audit event, a log
line or an error report: events name the object and who acted, and the
functions that hold the text hide it from Django's error reports
(``sensitive_variables``). Every read of private text by someone other than its
author is recorded, naming the reader (``private_reads_record``)."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from spiral.platform.audit.services import audit_record, audit_record_many
from spiral.programs.coaching.exercises import BY_KEY
from spiral.programs.coaching.models import (
    DEFAULT_CAPACITY,
    PROGRESS_MAX,
    PROGRESS_MIN,
    CoachingTrack,
    CoachProfile,
    ExerciseAnswer,
    Goal,
    GoalProgress,
    Note,
)
from spiral.programs.org.models import Person
from spiral.programs.org.services import person_create
from spiral.programs.sessions.models import Session

TEXT_MAX = 20000


@transaction.atomic
def private_reads_record(*, reader_id: int | None, rows: Iterable[Note | ExerciseAnswer]) -> int:
    """One audit event per note or answer read by someone other than its
    author, naming the reader (one statement)."""
    others = [row for row in rows if row.author_id != reader_id]
    if not others:
        return 0
    reader = Person.objects.filter(pk=reader_id).values_list("public_id", flat=True).first()
    kind = "note" if isinstance(others[0], Note) else "exercise_answer"
    return audit_record_many(
        action=f"coaching.{kind}.read",
        objects=others,
        changes={"reader": str(reader) if reader else None},
    )


@transaction.atomic
def coach_profile_set(*, person: Person, capacity: int, external: bool = False) -> CoachProfile:
    """How many coachees a coach takes (automatic assignment fills up to it)."""
    profile, _created = CoachProfile.objects.update_or_create(
        person=person, defaults={"capacity": capacity, "external": external}
    )
    audit_record(
        action="coaching.coach_profile.set", obj=profile,
        changes={"capacity": capacity, "external": external},
    )  # fmt: skip
    return profile


@transaction.atomic
def coach_external_create(
    *, given_name: str, family_name: str, email: str, capacity: int = DEFAULT_CAPACITY
) -> Person:
    """A coach from outside the organisation: a person of no unit and no other
    role, so that their login (invited as anyone's) sees only the coachees
    their tracks give them."""
    person = person_create(
        external_id=f"EXT-COACH-{uuid.uuid4().hex[:12]}", given_name=given_name,
        family_name=family_name, email=email, is_coach=True,
    )  # fmt: skip
    coach_profile_set(person=person, capacity=capacity, external=True)
    return person


@transaction.atomic
def goal_create(*, track: CoachingTrack, title: str, description: str = "") -> Goal:
    goal = Goal(track=track, title=title.strip(), description=description)
    goal.full_clean()
    goal.save()
    audit_record(action="coaching.goal.created", obj=goal, changes={"track": str(track.public_id)})
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, **changes) -> Goal:
    unknown = set(changes) - {"title", "description"}
    if unknown:
        raise ValidationError({name: [_("This cannot be changed here.")] for name in unknown})
    for name, value in changes.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    audit_record(action="coaching.goal.updated", obj=goal, changes={"fields": sorted(changes)})
    return goal


@transaction.atomic
def goal_progress_record(
    *, goal: Goal, value: int, by: Person, at: datetime | None = None
) -> GoalProgress:
    """A new reading on the 0-10 scale; earlier readings stay as history.
    ``at`` is when it was made (now; history written afterwards gives its own)."""
    if not isinstance(value, int) or not PROGRESS_MIN <= value <= PROGRESS_MAX:
        raise ValidationError({"value": [_("Give a whole number from 0 to 10.")]})
    reading = GoalProgress.objects.create(
        goal=goal, value=value, recorded_by=by, recorded_at=at or timezone.now()
    )
    Goal.objects.filter(pk=goal.pk).update()  # moves updated_at: syncs see the goal changed
    audit_record(action="coaching.goal.progress_recorded", obj=goal, changes={"value": value})
    return reading


def _session_of(track: CoachingTrack, session: Session | None) -> Session | None:
    if session is not None and (
        track.instance_id is None or session.component_instance_id != track.instance_id
    ):
        raise ValidationError({"session": [_("Choose a session of this coaching track.")]})
    return session


# The functions that hold private text open their transaction inside: a
# decorator's frame between them and ``sensitive_variables`` would show the
# text among its arguments in an error report.
@sensitive_variables("text", "note")
def note_write(
    *, track: CoachingTrack, author: Person, text: str, session: Session | None = None
) -> Note:
    if author.pk not in (track.coachee_id, track.coach_id):
        raise ValidationError(_("Only the coachee and the coach write notes."))
    _check_text(text, "text")
    with transaction.atomic():
        note = Note(track=track, author=author, text=text, session=_session_of(track, session))
        note.save()
        changes = {"track": str(track.public_id)}
        audit_record(action="coaching.note.written", obj=note, changes=changes)
    return note


@sensitive_variables("text", "note")
def note_edit(*, note: Note, text: str) -> Note:
    _check_text(text, "text")
    with transaction.atomic():
        note.text = text
        note.save(update_fields=["text", "updated_at"])
        audit_record(action="coaching.note.edited", obj=note)
    return note


@sensitive_variables("answers", "cleaned", "row")
def answer_save(
    *, track: CoachingTrack, author: Person, exercise: str, answers: dict
) -> ExerciseAnswer:
    """The author's answers to one exercise of the track: made, or replaced."""
    if author.pk not in (track.coachee_id, track.coach_id):
        raise ValidationError(_("Only the coachee and the coach answer exercises."))
    if exercise not in BY_KEY:
        raise ValidationError({"exercise": [_("Choose one of the track's exercises.")]})
    cleaned = _answers_clean(exercise, answers)
    with transaction.atomic():
        row, created = ExerciseAnswer.objects.select_for_update().get_or_create(
            track=track, exercise=exercise, author=author, defaults={"answers": cleaned}
        )
        if not created:
            row.answers = cleaned
            row.save(update_fields=["answers", "updated_at"])
        action = "coaching.exercise_answer." + ("created" if created else "updated")
        audit_record(action=action, obj=row, changes={"exercise": exercise})
    return row


@sensitive_variables("answers", "text", "cleaned")
def _answers_clean(exercise: str, answers) -> dict:
    prompts = BY_KEY[exercise].prompt_keys
    if not isinstance(answers, dict):
        raise ValidationError({"answers": [_("Give the answers as an object of texts.")]})
    unknown = sorted(set(answers) - set(prompts))
    if unknown:
        raise ValidationError(
            {"answers": [_("Unknown questions: %(keys)s.") % {"keys": ", ".join(unknown)}]}
        )
    for key, text in answers.items():
        if not isinstance(text, str):
            raise ValidationError({f"answers.{key}": [_("Give a text.")]})
        if text.strip():  # a question left empty is not answered yet
            _check_text(text, f"answers.{key}")
    cleaned = {key: answers[key] for key in prompts if answers.get(key, "").strip()}
    if not cleaned:
        raise ValidationError({"answers": [_("Write something.")]})
    return cleaned


def _check_text(text, field: str) -> None:
    # The message never quotes the text: errors reach logs and error reports.
    if not isinstance(text, str) or not text.strip():
        raise ValidationError({field: [_("Write something.")]})
    if len(text) > TEXT_MAX:
        raise ValidationError({field: [_("At most %(max)d characters.") % {"max": TEXT_MAX}]})
