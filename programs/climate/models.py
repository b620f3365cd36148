import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spiral.programs.org.models import Person, TimeStamped, WorkGroup
from spiral.programs.programmes.models import ComponentInstance


class ClimatePulse(TimeStamped):
    """One pulse of a work group's climate: open until ``closes_on`` (or until
    its leader closes it). Its results are shown, through the anonymity
    engine, as soon as enough members have answered."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instance = models.ForeignKey(
        ComponentInstance, on_delete=models.CASCADE, related_name="climate_pulses"
    )
    work_group = models.ForeignKey(
        WorkGroup, on_delete=models.CASCADE, related_name="climate_pulses"
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
                fields=["instance", "sequence"], name="climate_pulse_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["instance"], condition=Q(status="open"), name="climate_pulse_one_open"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="climate_pulse_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} #{self.sequence}"


class ClimateParticipation(models.Model):
    """That a person has answered a pulse, and nothing of what they answered:
    it keeps them to one answer, and lets the list say "answered". No time is
    kept: a moment could be matched against another table's moments."""

    pulse = models.ForeignKey(ClimatePulse, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["pulse", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["pulse", "person"], name="climate_participation_once_per_pulse"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pulse_id}:{self.person_id}"


class ClimateAnswer(models.Model):
    """One member's ratings, with no link back to them: no person, no time, and
    a random key (a serial id would follow the order of the participations).
    Answers are never changed, as the anonymity engine's ledger needs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pulse = models.ForeignKey(ClimatePulse, on_delete=models.CASCADE, related_name="answers")
    ratings = models.JSONField(default=dict)

    class Meta:
        ordering = ["pulse", "id"]

    def __str__(self) -> str:
        return str(self.id)


class ClimateImprovement(TimeStamped):
    """What the group chose to improve after a pulse: the aspects, and one
    concrete activity, which the groups app turns into an action
    (outbox topic ``climate.improvement_chosen``)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pulse = models.OneToOneField(ClimatePulse, on_delete=models.CASCADE, related_name="improvement")
    aspects = ArrayField(models.CharField(max_length=40))
    activity = models.CharField(_("activity"), max_length=500)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due = models.DateField(_("due"), null=True, blank=True)
    chosen_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.activity
