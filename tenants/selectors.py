"""Reads of tenants. Only platform operators see tenants as a list; tenant users
never reach the public schema's tables."""

from django.db.models import QuerySet

from spiral.tenants.models import OperatorToken, Tenant


def tenant_list() -> QuerySet[Tenant]:
    return Tenant.objects.prefetch_related("domains").order_by("name")


def tenants_ready_for_work() -> QuerySet[Tenant]:
    """Tenants whose periodic work should run: active ones only (not those being
    provisioned, not suspended ones)."""
    return Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("schema_name")


def tenant_get_by_slug(slug: str) -> Tenant:
    return Tenant.objects.get(slug=slug)


def tenant_settings_of(*, tenant: Tenant) -> Tenant:
    """The request's own tenant as stored now (its settings page), not the
    copy the host lookup keeps for a while. Nothing of another tenant."""
    return Tenant.objects.get(pk=tenant.pk)


def operator_token_usable(*, prefix: str) -> OperatorToken | None:
    """The operator token with this prefix, unless revoked or its operator is
    inactive (its secret is still to be checked)."""
    return (
        OperatorToken.objects.select_related("operator")
        .filter(prefix=prefix, revoked_at__isnull=True, operator__is_active=True)
        .first()
    )
