"""Every link the product prints or sends (set-password, invitations, the
calendar feed, pages) is made here, on the tenant's one public address:
``SPIRAL_PUBLIC_SCHEME``://<the tenant's primary domain>[:``SPIRAL_PUBLIC_PORT``].
Never from the request that happens to cause the email: a link must work for
whoever receives it, whatever host the sender used."""

from django.conf import settings
from django.db import connection

from spiral.tenants.models import Domain


def tenant_base_url(tenant=None) -> str:
    """``https://alingsas.spiral.se``, or ``http://demo.localhost:8000`` in development."""
    schema = tenant.schema_name if tenant else connection.schema_name
    host = (
        Domain.objects.filter(tenant__schema_name=schema, is_primary=True)
        .values_list("domain", flat=True)
        .first()
    )
    if host is None:
        raise LookupError(f"The tenant of schema {schema!r} has no primary domain.")
    scheme, port = settings.SPIRAL_PUBLIC_SCHEME, settings.SPIRAL_PUBLIC_PORT
    if port == {"http": 80, "https": 443}.get(scheme):
        port = None  # the scheme's own port is never written
    return f"{scheme}://{host}{f':{port}' if port else ''}"


def tenant_url(path: str, tenant=None) -> str:
    """An absolute link to ``path`` (which starts with /) on the tenant's address."""
    return f"{tenant_base_url(tenant)}{path}"
