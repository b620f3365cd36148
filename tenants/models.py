import hashlib
import hmac
import secrets
import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

MIN_ANONYMITY_THRESHOLD = 3
DEFAULT_ANONYMITY_THRESHOLD = 5


class Tenant(TenantMixin):
    """A municipality or region. Its data lives in its own PostgreSQL schema."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")

    class Status(models.TextChoices):
        PROVISIONING = "provisioning", _("Provisioning")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=63, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(_("organisation number"), max_length=11, unique=True)
    default_language = models.CharField(
        _("default language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROVISIONING
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold"),
        default=DEFAULT_ANONYMITY_THRESHOLD,
        validators=[MinValueValidator(MIN_ANONYMITY_THRESHOLD)],
        help_text=_("The smallest group whose answers an aggregate may show."),
    )
    weekly_programme_hours_limit = models.DecimalField(
        _("weekly programme hours per person"),
        max_digits=4,
        decimal_places=1,
        default=4,
        help_text=_("Programmes report who would spend more hours a week than this."),
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("reminder hours before a session"), default=24
    )
    # The quiet hours of everyone who has not chosen their own (local time):
    # reminders and other messages falling in them wait until they end.
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Provisioning creates and migrates the schema itself, inside one transaction.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymity_threshold__gte=MIN_ANONYMITY_THRESHOLD),
                name="tenant_anonymity_threshold_at_least_3",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["provisioning", "active", "suspended"]),
                name="tenant_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["municipality", "region"]),
                name="tenant_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Domain(DomainMixin):
    """A host name that routes to a tenant: <slug>.<base domain> or a custom one."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain"]


class PlatformOperator(models.Model):
    """Someone who runs the platform itself (provisions and suspends tenants).
    Operators live in the public schema and are no tenant's users."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_authenticated(self) -> bool:
        return True  # as DRF expects of request.user once a token matched


class OperatorToken(models.Model):
    """A bearer token for the operator API. Only a hash is stored; the key is
    shown once, when it is created."""

    operator = models.ForeignKey(PlatformOperator, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"spo_{self.prefix}_…"

    @classmethod
    def issue(cls, operator: PlatformOperator) -> tuple["OperatorToken", str]:
        prefix = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(operator=operator, prefix=prefix, key_hash=_digest(secret))
        return token, f"spo_{prefix}_{secret}"

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(_digest(secret), self.key_hash)


def _digest(secret: str) -> str:
    # 256 random bits need no slow password hash: a plain digest cannot be
    # reversed, and it keeps every API call cheap.
    return hashlib.sha256(secret.encode()).hexdigest()
