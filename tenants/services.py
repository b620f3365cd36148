"""Every write to tenants goes through here: the CLI and the operator API call
the same functions."""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from spiral.platform.accounts.services import AdminInvitation, user_create_first_admin
from spiral.platform.audit.changes import changed_fields, snapshot
from spiral.platform.audit.services import audit_record
from spiral.tenants.links import tenant_url
from spiral.tenants.models import (
    MIN_ANONYMITY_THRESHOLD,
    Domain,
    OperatorToken,
    PlatformOperator,
    Tenant,
)
from spiral.tenants.validators import (
    normalise_org_number,
    schema_name_for_slug,
    validate_quiet_hours,
    validate_slug,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProvisionedTenant:
    tenant: Tenant
    domain: Domain
    admin_invitation: AdminInvitation

    @property
    def set_password_url(self) -> str:
        """The administrator's one-time link on the tenant's public address."""
        return tenant_url(self.admin_invitation.set_password_path, self.tenant)


def tenant_primary_host(slug: str) -> str:
    return f"{slug}.{settings.SPIRAL_BASE_DOMAIN}"


def _validated_tenant(
    *, name: str, slug: str, kind: str, org_number: str, default_language: str
) -> Tenant:
    errors: dict[str, list[str]] = {}
    try:
        validate_slug(slug)
    except ValidationError as exc:
        errors["slug"] = exc.messages
    try:
        org_number = normalise_org_number(org_number)
    except ValidationError as exc:
        errors["org_number"] = exc.messages
    tenant = Tenant(
        name=name.strip(),
        slug=slug,
        schema_name=schema_name_for_slug(slug),
        kind=kind,
        org_number=org_number,
        default_language=default_language,
        status=Tenant.Status.PROVISIONING,
    )
    try:
        # Field choices, lengths and uniqueness (slug, org number, schema name).
        excluded = list(errors) + (["schema_name"] if "slug" in errors else [])
        tenant.full_clean(exclude=excluded)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            # The schema name is derived from the slug; report it as the slug's.
            errors.setdefault("slug" if field == "schema_name" else field, []).extend(messages)
    if "slug" not in errors and schema_exists(tenant.schema_name):
        errors["slug"] = [_("A schema with this name already exists.")]
    if "slug" not in errors and Domain.objects.filter(domain=tenant_primary_host(slug)).exists():
        errors["slug"] = [_("The host name for this slug is already in use.")]
    if errors:
        raise ValidationError(errors)
    return tenant


def tenant_create(
    *,
    name: str,
    slug: str,
    kind: str,
    org_number: str,
    admin_email: str,
    default_language: str = Tenant.Language.SWEDISH,
) -> ProvisionedTenant:
    """Provisions a tenant: row, schema with every tenant migration, primary domain
    and first administrator, all in one transaction. PostgreSQL's DDL is
    transactional, so a failure at any step leaves no schema, row or domain."""
    if connection.schema_name != settings.PUBLIC_SCHEMA_NAME:
        raise RuntimeError("Tenants are provisioned from the public schema.")
    tenant = _validated_tenant(
        name=name, slug=slug, kind=kind, org_number=org_number, default_language=default_language
    )
    with transaction.atomic():
        tenant.save()
        tenant.create_schema(check_if_exists=False, verbosity=0)
        domain = Domain.objects.create(
            tenant=tenant, domain=tenant_primary_host(tenant.slug), is_primary=True
        )
        with schema_context(tenant.schema_name):
            invitation = user_create_first_admin(
                email=admin_email, language=tenant.default_language
            )
        tenant.status = Tenant.Status.ACTIVE
        tenant.save(update_fields=["status", "updated_at"])
    log.info("tenant provisioned", extra={"tenant_slug": tenant.slug})
    return ProvisionedTenant(tenant=tenant, domain=domain, admin_invitation=invitation)


def _tenant_set_status(*, tenant: Tenant, status: str) -> Tenant:
    with transaction.atomic():
        locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
        if locked.status == Tenant.Status.PROVISIONING:
            raise ValidationError({"status": [_("The tenant is still being provisioned.")]})
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
    log.info("tenant status changed", extra={"tenant_slug": locked.slug, "status": status})
    return locked


def tenant_suspend(*, tenant: Tenant) -> Tenant:
    return _tenant_set_status(tenant=tenant, status=Tenant.Status.SUSPENDED)


def tenant_activate(*, tenant: Tenant) -> Tenant:
    return _tenant_set_status(tenant=tenant, status=Tenant.Status.ACTIVE)


# What a tenant's administrators may change about how Spiral works for them, and
# the bounds that make sense. (The anonymity threshold comes with the
# organisation's settings.)
TENANT_SETTINGS = (
    "anonymity_threshold",
    "reminder_hours_before",
    "weekly_programme_hours_limit",
    "quiet_from",
    "quiet_until",
)
REMINDER_HOURS = (1, 168)  # an hour to a week ahead
WEEKLY_HOURS = (Decimal("0.5"), Decimal("40"))  # half an hour to a working week
# Never below the minimum; above 50 no management group or unit could be shown.
ANONYMITY_THRESHOLD = (MIN_ANONYMITY_THRESHOLD, 50)


def _settings_errors(tenant: Tenant) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    low, high = ANONYMITY_THRESHOLD
    if tenant.anonymity_threshold is None or not low <= tenant.anonymity_threshold <= high:
        errors["anonymity_threshold"] = [
            _("Give a whole number of people from %(low)s to %(high)s.")
            % {"low": low, "high": high}
        ]
    low, high = REMINDER_HOURS
    if tenant.reminder_hours_before is None or not low <= tenant.reminder_hours_before <= high:
        errors["reminder_hours_before"] = [
            _("Give a whole number of hours from %(low)s to %(high)s.") % {"low": low, "high": high}
        ]
    low, high = WEEKLY_HOURS
    hours = tenant.weekly_programme_hours_limit
    if hours is None or not low <= Decimal(hours) <= high:
        errors["weekly_programme_hours_limit"] = [
            _("Give a number of hours from %(low)s to %(high)s.") % {"low": low, "high": high}
        ]
    elif Decimal(hours) != Decimal(hours).quantize(Decimal("0.1")):
        errors["weekly_programme_hours_limit"] = [_("Give the hours with at most one decimal.")]
    try:
        validate_quiet_hours(tenant.quiet_from, tenant.quiet_until)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    return errors


def tenant_settings_update(*, tenant: Tenant, **changes) -> Tenant:
    """Changes the tenant's own settings (the anonymity threshold, reminder lead
    time, weekly programme hours per person, default quiet hours), from the
    tenant's own host, with an audit event in the tenant's trail. Each error
    names its field. The anonymity engine reads the threshold at every
    publication, so a change applies at once to every view, closed rounds too."""
    unknown = set(changes) - set(TENANT_SETTINGS)
    if unknown:
        raise ValidationError({name: [_("This cannot be changed here.")] for name in unknown})
    with transaction.atomic():
        locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
        before = snapshot(locked, changes)
        for name, value in changes.items():
            setattr(locked, name, value)
        errors = _settings_errors(locked)
        if errors:
            raise ValidationError(errors)
        locked.clean_fields(exclude=[f.name for f in Tenant._meta.fields if f.name not in changes])
        locked.save(update_fields=[*changes, "updated_at"])
        audit_record(
            action="tenant.settings_changed",
            obj=locked,
            changes=changed_fields(before, snapshot(locked, changes)),
        )
    for name in changes:  # the request's own tenant object follows too
        setattr(tenant, name, getattr(locked, name))
    log.info("tenant settings changed", extra={"tenant_slug": locked.slug})
    return locked


def domain_add(*, tenant: Tenant, domain: str) -> Domain:
    """Adds a custom host name (for example spiral.boras.se) to a tenant."""
    host = domain.strip().lower()
    candidate = Domain(tenant=tenant, domain=host, is_primary=False)
    candidate.full_clean()
    candidate.save()
    return candidate


@transaction.atomic
def operator_create(*, email: str, name: str = "") -> tuple[PlatformOperator, str]:
    """Creates (or reuses) a platform operator and issues a new API token."""
    operator, _ = PlatformOperator.objects.get_or_create(
        email=email.strip().lower(), defaults={"name": name}
    )
    _, key = OperatorToken.issue(operator)
    return operator, key


def operator_token_mark_used(*, token: OperatorToken) -> None:
    OperatorToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
