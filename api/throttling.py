from rest_framework.throttling import SimpleRateThrottle

from spiral.api.principals import actor_of, principal_key


class ClientRateThrottle(SimpleRateThrottle):
    """One bucket per person or integration. Cache keys carry the tenant schema,
    so tenants never share a bucket."""

    scope = "client"

    def get_cache_key(self, request, view):
        actor = actor_of(request)
        ident = principal_key(actor) if actor else f"anon:{self.get_ident(request)}"
        return f"throttle:{ident}"
