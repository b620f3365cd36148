"""Key figures, milestones, next steps and stored progress reports.

A KPI is a named key figure of a unit (sick leave, staff turnover, an
engagement index) with one value per period and a goal for it. They are
figures about units, entered by HR or pushed by an HR system, never answers of
people: they are shown as entered (the anonymity engine is for aggregates of
people's answers and activity).

A report is built in memory by a worker and written, with its four files, in
one transaction: a report is either without files (queued, running, failed)
or complete (ready). Its files live in the tenant's schema.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spiral.programs.org.models import OrgUnit, Person, TimeStamped
from spiral.programs.programmes.models import Programme


class Kpi(TimeStamped):
    """A kind of key figure the tenant follows, with its default direction."""

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.UP)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class KpiValue(TimeStamped):
    """One KPI's value for one unit and one month (``period`` is its first day),
    with the goal for that period."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="kpi_values")
    period = models.DateField(_("period"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3)
    goal = models.DecimalField(_("goal"), max_digits=12, decimal_places=3, null=True, blank=True)
    source = models.CharField(max_length=40, default="manual")  # manual, api, upload

    class Meta:
        ordering = ["kpi", "unit", "period", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "unit", "period"], name="kpi_value_once"),
            models.CheckConstraint(
                condition=Q(period__day=1), name="kpi_value_period_first_of_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id}@{self.unit_id} {self.period}"


class Milestone(TimeStamped):
    """A key event on a programme's timeline: due on a day, reached (or not)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class NextStep(TimeStamped):
    """The next step of a development process: who does what, by when."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(_("what"), max_length=300)
    who = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("by when"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.what


class ReportSettings(TimeStamped):
    """The tenant's report schedule and retention (one row per tenant schema)."""

    class Schedule(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        OFF = "off", _("Not scheduled")

    schedule = models.CharField(max_length=10, choices=Schedule.choices, default=Schedule.MONTHLY)
    retention_days = models.PositiveIntegerField(default=365)
    language = models.CharField(max_length=2, default="sv")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.schedule}, {self.retention_days} days"


class Report(TimeStamped):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being produced")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_user = models.IntegerField(null=True, blank=True)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    language = models.CharField(max_length=2, default="sv")
    scheduled = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    document = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
            ),
            # A programme's scheduled report of a period is made once.
            models.UniqueConstraint(
                fields=["programme", "period_start", "period_end"],
                condition=Q(scheduled=True),
                name="report_scheduled_once",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="report_status_expiry")]

    def __str__(self) -> str:
        return f"report {self.public_id} ({self.status})"


class ReportFile(models.Model):
    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    content = models.BinaryField()
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="report_file_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}.{self.format}"
