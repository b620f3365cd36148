import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedQuerySet(models.QuerySet):
    """Every change moves ``updated_at``, bulk ones too: integrations sync by it
    (``updated_after``), and a change they cannot see is a change they miss."""

    def update(self, **changes):
        changes.setdefault("updated_at", timezone.now())
        return super().update(**changes)

    def bulk_update(self, objs, fields, batch_size=None):
        if "updated_at" not in fields:
            objs, now = list(objs), timezone.now()
            for obj in objs:
                obj.updated_at = now
            fields = [*fields, "updated_at"]
        return super().bulk_update(objs, fields, batch_size=batch_size)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = TimeStampedQuerySet.as_manager()

    class Meta:
        abstract = True


class OrgUnit(TimeStamped):
    """A node of the organisation tree (förvaltning → verksamhet → enhet, any depth).

    ``path`` is the chain of public ids from the root, "/<root>/<…>/<self>/", so
    that "everything under this unit" is one indexed prefix query.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Null, not "", for units made in Spiral: unique applies only to real ids.
    external_id = models.CharField(
        _("external id"), max_length=100, unique=True, null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.TextField(editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    manager = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_units"
    )

    class Meta:
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="orgunit_path_prefix", opclasses=["text_pattern_ops"]
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["path"], name="orgunit_path_unique"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="orgunit_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def segment(public_id: uuid.UUID) -> str:
        return f"{public_id.hex}/"


class Person(TimeStamped):
    """A member of staff, as the HR system knows them."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEAVING = "leaving", _("Leaving")
        LEFT = "left", _("Left")

    ROLE_FIELDS = (
        "is_first_line_manager",
        "is_senior_manager",
        "is_hr",
        "is_process_leader",
        "is_coach",
        "is_mentor",
    )
    # Roles that make a person's login an administrator of the tenant (actors.py).
    ADMIN_ROLE_FIELDS = ("is_hr",)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(_("external id"), max_length=100, unique=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("title or profession"), max_length=200, blank=True)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    status = models.CharField(
        _("employment status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    is_first_line_manager = models.BooleanField(_("first-line manager"), default=False)
    is_senior_manager = models.BooleanField(_("senior manager"), default=False)
    is_hr = models.BooleanField(_("HR"), default=False)
    is_process_leader = models.BooleanField(_("process leader"), default=False)
    is_coach = models.BooleanField(_("coach"), default=False)
    is_mentor = models.BooleanField(_("mentor"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="person_unit_status"),
            # The people page's order: its first page of 50,000 is an index scan.
            models.Index(fields=["family_name", "given_name", "id"], name="person_name_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["active", "leaving", "left"]), name="person_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class SupportAssignment(TimeStamped):
    """A coach or mentor assigned to a person: what a coach or mentor may see.
    Coaching tracks and mentorships create these."""

    class Kind(models.TextChoices):
        COACH = "coach", _("Coach")
        MENTOR = "mentor", _("Mentor")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    supporter = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="supporting")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="supported_by")
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "supporter", "person"], name="support_assignment_unique"
            ),
            models.CheckConstraint(
                condition=~Q(supporter=models.F("person")), name="support_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.supporter_id} → {self.person_id}"


class WorkGroup(TimeStamped):
    """A unit's work group or an ad-hoc team, led by a manager."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="work_groups"
    )
    leader = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_work_groups"
    )
    members = models.ManyToManyField(Person, blank=True, related_name="work_groups")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ManagementGroup(TimeStamped):
    """A senior manager (chair) and the managers reporting to them."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="management_groups"
    )
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="chaired_groups"
    )
    members = models.ManyToManyField(Person, blank=True, related_name="management_groups")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ManagementGoal(TimeStamped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(ManagementGroup, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return self.title


class PhilosophyVersion(TimeStamped):
    """One version of a management group's leadership philosophy, written as
    principles. Versions are never edited: a change is a new version, so that
    feedback can refer to the version that was in force."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        ManagementGroup, on_delete=models.CASCADE, related_name="philosophy_versions"
    )
    number = models.PositiveIntegerField()
    principles = models.JSONField(default=list)
    in_force_from = models.DateField(_("in force from"))

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="philosophy_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} v{self.number}"
