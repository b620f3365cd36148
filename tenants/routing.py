"""Routes each request by its host: to a tenant's schema and URLs, to the
platform (operator) URLs on the bare base domain, or to a 404."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_tenants.utils import remove_www

from spiral.platform.core.problems import problem_response
from spiral.tenants.host_cache import tenant_for_host


def host_of(request: HttpRequest) -> str:
    # get_host() also enforces ALLOWED_HOSTS.
    return remove_www(request.get_host().split(":")[0]).lower()


class TenantRoutingMiddleware:
    """Must come first after the request context: everything after it runs in
    the schema it chose. Plays the part of django-tenants' TenantMainMiddleware,
    with a cached lookup and answers in problem+json."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.tenant = None
        host = host_of(request)
        if host == settings.SPIRAL_BASE_DOMAIN:
            connection.set_schema_to_public()
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            return self.get_response(request)

        tenant = tenant_for_host(host)
        if tenant is None or not tenant.is_active:
            connection.set_schema_to_public()
        if tenant is None:
            return problem_response(
                status=404, title=_("Unknown host"), detail=_("No organisation is served here.")
            )
        if not tenant.is_active:
            return self._not_serving(tenant)

        if connection.schema_name == tenant.schema_name:
            # Same tenant as this connection's last request: the search path is
            # still right, and re-setting it would cost a round trip.
            connection.tenant = tenant
        else:
            connection.set_tenant(tenant)
        request.tenant = tenant
        request.urlconf = settings.ROOT_URLCONF
        return self.get_response(request)

    @staticmethod
    def _not_serving(tenant):
        if tenant.status == tenant.Status.SUSPENDED:
            return problem_response(
                status=403,
                title=_("Organisation suspended"),
                detail=_("This organisation's access to Spiral is suspended."),
                tenant_status=tenant.status,
            )
        return problem_response(
            status=503,
            title=_("Organisation not ready"),
            detail=_("This organisation is still being set up."),
            tenant_status=tenant.status,
        )
