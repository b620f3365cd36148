import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spiral.programs.org.models import OrgUnit, Person, TimeStamped
from spiral.programs.programmes.models import ComponentInstance, Programme


class SupportRound(TimeStamped):
    """One round of a programme's support assessment: open until it closes,
    on ``closes_on`` or when HR closes it. Its results are published (through
    the anonymity engine) only once it is closed, when no answer changes any more."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instance = models.ForeignKey(
        ComponentInstance, on_delete=models.CASCADE, related_name="support_rounds"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="support_rounds"
    )
    sequence = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    opened_at = models.DateTimeField()
    closes_on = models.DateField(_("closes on"))
    closed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "sequence"], name="support_round_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["instance"], condition=Q(status="open"), name="support_round_one_open"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="support_round_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} #{self.sequence}"


class SupportAnswer(TimeStamped):
    """One manager's answer in a round: a rating 1-5 for each kind of support
    (``questions.SUPPORT_KEYS``) and what they need, in their own words
    (private text: never logged, never shown with its author). ``unit`` is the
    unit they answered for (the one they manage, else their own), fixed when
    they first answer: results roll up the tree from there."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(SupportRound, on_delete=models.CASCADE, related_name="answers")
    respondent = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="support_answers")
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ratings = models.JSONField(default=dict)
    need = models.TextField(_("what do you need?"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent"], name="support_answer_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.respondent_id}"
