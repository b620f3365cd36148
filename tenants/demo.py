"""The demo tenant that ``spiral dev`` and the compose file start with."""

from django.db import transaction
from django_tenants.utils import schema_context

from spiral.platform.accounts.models import User
from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_create

DEMO_SLUG = "demo"
DEMO_ADMIN_EMAIL = "hr@demo.example.se"
# Development only: `spiral dev` refuses to run unless DEBUG is on.
DEMO_PASSWORD = "spiral-demo-2026"  # noqa: S105


def demo_tenant_ensure() -> tuple[Tenant, str]:
    """Creates the demo tenant and its administrator on first run; later runs
    find them. Returns the tenant and the administrator's email."""
    tenant = Tenant.objects.filter(slug=DEMO_SLUG).first()
    if tenant is None:
        tenant = tenant_create(
            name="Demokommunen",
            slug=DEMO_SLUG,
            kind=Tenant.Kind.MUNICIPALITY,
            org_number="212000-0001",
            admin_email=DEMO_ADMIN_EMAIL,
        ).tenant
        with schema_context(tenant.schema_name), transaction.atomic():
            admin = User.objects.get(email=DEMO_ADMIN_EMAIL)
            admin.full_name = "Demo HR"
            admin.set_password(DEMO_PASSWORD)
            admin.save()
    return tenant, DEMO_ADMIN_EMAIL
