import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spiral.programs.org.models import ManagementGroup, Person, TimeStamped, WorkGroup


class Level(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Work group")
    ORGANISATION = "organisation", _("Organisation")


class Audience(models.TextChoices):
    """Who gets their own instance of a component when a programme starts."""

    EACH_PARTICIPANT = "each_participant", _("Each participant")
    EACH_WORK_GROUP = "each_work_group", _("Each work group a participant leads")
    EACH_MANAGEMENT_GROUP = "each_management_group", _("Each management group of participants")
    PROGRAMME = "programme", _("The programme as a whole")


class ComponentFields(models.Model):
    """What a component is, shared by template components and programme components."""

    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=40)  # coaching_track, feedback_loop, ...
    level = models.CharField(max_length=20, choices=Level.choices)
    audience = models.CharField(max_length=30, choices=Audience.choices)
    # An RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;INTERVAL=2
    cadence = models.CharField(max_length=200, blank=True)
    session_minutes = models.PositiveSmallIntegerField(default=60)
    title_sv = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    exercises = models.JSONField(default=list)  # [{"title_sv", "title_en", "text_sv", "text_en"}]

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title_sv


class ProgrammeTemplate(TimeStamped):
    """A reusable programme design. Shipped ones are loaded into every tenant and
    never edited there; a tenant edits its own copies."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(max_length=80, unique=True)
    is_shipped = models.BooleanField(default=False)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    name_sv = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    summary_sv = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    # Who a programme made from it enrols unless it says otherwise: roles
    # without the is_ prefix (first_line_manager, ...).
    target_roles = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-is_shipped", "name_sv", "id"]

    def __str__(self) -> str:
        return self.name_sv


class TemplateComponent(ComponentFields):
    template = models.ForeignKey(
        ProgrammeTemplate, on_delete=models.CASCADE, related_name="components"
    )

    class Meta(ComponentFields.Meta):
        pass


class Programme(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ARCHIVED = "archived", _("Archived")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    template = models.ForeignKey(
        ProgrammeTemplate, null=True, blank=True, on_delete=models.SET_NULL
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_programmes"
    )
    process_leaders = models.ManyToManyField(Person, blank=True, related_name="led_programmes")
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Change in steps: [{"name", "starts_on", "ends_on"}]
    phases = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    # [{"horizon": "short" | "long", "text", "target_date"}]
    goals = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    # [{"title", "due_on", "reached_on"}]
    milestones = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    # Who is enrolled: people with any of these roles in any of these subtrees
    # (no units: the whole tenant), plus includes, minus excludes. Public ids.
    target_roles = models.JSONField(default=list, blank=True)
    target_units = models.JSONField(default=list, blank=True)
    include_people = models.JSONField(default=list, blank=True)
    exclude_people = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="programme_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeComponent(ComponentFields):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="components")

    class Meta(ComponentFields.Meta):
        pass


class Enrolment(TimeStamped):
    """A person in a programme. Withdrawn enrolments stay, as history; a person
    enrolled again gets a new row."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ENROLLED)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=Q(status="enrolled"),
                name="enrolment_one_active_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.programme_id}"


class ComponentInstance(TimeStamped):
    """A component as one participant, work group, management group or the whole
    programme has it (a coaching track, a feedback loop, a meeting series...).
    The scheduler turns these into sessions."""

    component = models.ForeignKey(
        ProgrammeComponent, on_delete=models.CASCADE, related_name="instances"
    )
    enrolment = models.ForeignKey(Enrolment, null=True, blank=True, on_delete=models.CASCADE)
    work_group = models.ForeignKey(WorkGroup, null=True, blank=True, on_delete=models.CASCADE)
    management_group = models.ForeignKey(
        ManagementGroup, null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "enrolment"], condition=Q(enrolment__isnull=False),
                name="instance_once_per_enrolment",
            ),
            models.UniqueConstraint(
                fields=["component", "work_group"], condition=Q(work_group__isnull=False),
                name="instance_once_per_work_group",
            ),
            models.UniqueConstraint(
                fields=["component", "management_group"],
                condition=Q(management_group__isnull=False),
                name="instance_once_per_management_group",
            ),
            models.UniqueConstraint(
                fields=["component"],
                condition=Q(
                    enrolment__isnull=True, work_group__isnull=True, management_group__isnull=True
                ),
                name="instance_once_per_programme",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.component_id}#{self.pk}"
