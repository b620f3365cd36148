from django.db.models import QuerySet

from spiral.api.models import ApiClient
from spiral.programs.org.actors import Actor


def api_client_list_visible(*, actor: Actor) -> QuerySet[ApiClient]:
    """Integration clients: only the tenant's administrators see them."""
    if actor.is_tenant_admin:
        return ApiClient.objects.select_related("application")
    return ApiClient.objects.none()
