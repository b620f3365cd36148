"""Feedback rounds in a management group (ömsesidig återkoppling).

A round belongs to one management group. When it opens it fixes who takes part
(the chair and the members of that moment), the group's goals of that moment
and the version of the leadership philosophy in force that day. Philosophy
versions are never changed once made (a new version is added instead), so the
round keeps a reference to the version row, not a copy of its text; goals are
referred to by their rows as well.

Every participant gives one item of feedback to every other participant. An
item refers to at least one of the round's goals or principles (a principle is
its position in the version's list), says what works and what to develop, and
may rate each principle it refers to from 1 to 5. Items can be changed while
the round is open, never after.

Confidential rounds: the giver is stored (a giver sees and edits what they
gave, and completion is counted from it), but nothing a receiver, the chair or
HR reads names them: the receiver's reads carry no giver and no time of
giving, are ordered by a random id, and the audit trail records that someone
gave feedback in the round, never to whom or what.
"""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from spiral.programs.org.models import (
    ManagementGoal,
    ManagementGroup,
    Person,
    PhilosophyVersion,
    TimeStamped,
)

RATING_MIN, RATING_MAX = 1, 5


class FeedbackRound(TimeStamped):
    class Mode(models.TextChoices):
        NAMED = "named", _("Named")
        CONFIDENTIAL = "confidential", _("Confidential")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        ManagementGroup, on_delete=models.CASCADE, related_name="feedback_rounds"
    )
    # Set when a programme's feedback-loop component started it; None when a
    # chair started it on their own.
    component_instance = models.ForeignKey(
        "programmes.ComponentInstance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.NAMED)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateTimeField(_("deadline"))
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Fixed when the round opens.
    philosophy = models.ForeignKey(
        PhilosophyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    goals = models.ManyToManyField(ManagementGoal, blank=True, related_name="+")
    participants = models.ManyToManyField(Person, blank=True, related_name="feedback_rounds")

    class Meta:
        ordering = ["-deadline", "id"]
        indexes = [models.Index(fields=["group", "status"], name="feedbackround_group_status")]

    def __str__(self) -> str:
        return self.title


class FeedbackItem(TimeStamped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="items")
    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback_given")
    receiver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback_received")
    principles = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    goals = models.ManyToManyField(ManagementGoal, blank=True, related_name="+")
    works = models.TextField(_("what works"), blank=True)
    develop = models.TextField(_("what to develop"), blank=True)
    # principle position (as text, a JSON key) -> 1..5
    ratings = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "giver", "receiver"], name="feedback_once_per_pair"
            ),
            models.CheckConstraint(condition=~Q(giver=F("receiver")), name="feedback_not_self"),
        ]
        indexes = [models.Index(fields=["receiver", "round"], name="feedback_receiver_round")]

    def __str__(self) -> str:
        return str(self.public_id)
