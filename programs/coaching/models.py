"""Coaching tracks: a coachee (an enrolled manager), a coach, goals with a
0-10 progress history, exercise answers and session notes.

Notes and exercise answers are private to the coachee and the coach of the
track; the coach changes of a track are kept, so that a coach who leaves hands
the track on with its history."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spiral.programs.coaching.exercises import CHOICES
from spiral.programs.org.models import Person, TimeStamped
from spiral.programs.programmes.models import ComponentInstance
from spiral.programs.sessions.models import Session

PROGRESS_MIN, PROGRESS_MAX = 0, 10
DEFAULT_CAPACITY = 6


class CoachProfile(TimeStamped):
    """How many coachees a coach takes, and whether they come from outside
    the organisation (their login then sees only their coachees)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="coach_profile")
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=DEFAULT_CAPACITY)
    external = models.BooleanField(_("external coach"), default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"coach {self.person_id} ({self.capacity})"


class CoachingTrack(TimeStamped):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instance = models.OneToOneField(
        ComponentInstance, null=True, blank=True, on_delete=models.CASCADE,
        related_name="coaching_track",
    )  # fmt: skip
    coachee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="coaching_tracks")
    coach = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="coached_tracks"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(coach=models.F("coachee")), name="track_not_self"),
        ]

    def __str__(self) -> str:
        return f"track of {self.coachee_id}"


class CoachChange(models.Model):
    """Who coached a track from when: the automatic assignment, a manual
    override (with its reason) or a hand-on when a coach leaves."""

    class Cause(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic")
        MANUAL = "manual", _("Manual")
        COACH_LEFT = "coach_left", _("Coach left")

    track = models.ForeignKey(CoachingTrack, on_delete=models.CASCADE, related_name="changes")
    coach = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cause = models.CharField(max_length=20, choices=Cause.choices)
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.track_id}: {self.previous_id} → {self.coach_id} ({self.cause})"


class Goal(TimeStamped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    track = models.ForeignKey(CoachingTrack, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class GoalProgress(models.Model):
    """One reading of a goal on the 0-10 scale; never changed, so the history stays."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    value = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=PROGRESS_MIN, value__lte=PROGRESS_MAX),
                name="goal_progress_0_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.value}"


class ExerciseAnswer(TimeStamped):
    """One person's answers to one exercise of a track: {prompt key: text}."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    track = models.ForeignKey(CoachingTrack, on_delete=models.CASCADE, related_name="answers")
    exercise = models.CharField(max_length=20, choices=CHOICES)
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "exercise", "author"], name="exercise_answer_once"
            )
        ]

    def __repr__(self) -> str:  # never the text, wherever it is printed
        return f"<ExerciseAnswer {self.pk}>"

    def __str__(self) -> str:
        return f"{self.exercise} of {self.track_id}"


class Note(TimeStamped):
    """A session note: private to the track's coachee and coach."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    track = models.ForeignKey(CoachingTrack, on_delete=models.CASCADE, related_name="notes")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["created_at", "id"]

    def __repr__(self) -> str:  # never the text, wherever it is printed
        return f"<Note {self.pk}>"

    def __str__(self) -> str:
        return f"note {self.pk}"
