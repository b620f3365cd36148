from django.db.models import QuerySet

from spiral.api.models import ApiClient
from spiral.programs.org.actors import Actor


def api_client_list_visible(*, actor: Actor) -> QuerySet[ApiClient]:
    """Integration clients: only the tenant's administrators see them."""
    if actor.is_tenant_admin:
        return ApiClient.objects.select_related("application")
    return ApiClient.objects.none()


def api_client_scopes(*, application) -> set[str]:
    """The scopes a tenant administrator gave the client behind an OAuth2
    application (none for an application that is not an API client)."""
    scopes = ApiClient.objects.filter(application=application).values_list("scopes", flat=True)
    return set(scopes.first() or ())
