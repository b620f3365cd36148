"""Reads of tenants. Only platform operators see tenants as a list; tenant users
never reach the public schema's tables."""

from django.db.models import QuerySet

from spiral.tenants.models import Tenant


def tenant_list() -> QuerySet[Tenant]:
    return Tenant.objects.prefetch_related("domains").order_by("name")


def tenants_ready_for_work() -> QuerySet[Tenant]:
    """Tenants whose periodic work should run: active ones only (not those being
    provisioned, not suspended ones)."""
    return Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("schema_name")


def tenant_get_by_slug(slug: str) -> Tenant:
    return Tenant.objects.get(slug=slug)
