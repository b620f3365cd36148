"""The acting person or integration behind an API request."""

from django.contrib.auth import get_user_model
from oauth2_provider.models import AccessToken

from spiral.platform.audit.context import acting_for
from spiral.programs.org.actors import Actor, actor_for_client, actor_for_user


def actor_of(request) -> Actor | None:
    """Built once per request; None when nobody is authenticated."""
    request = getattr(request, "_request", request)
    if not hasattr(request, "_spiral_actor"):
        request._spiral_actor = _build(request)
    return request._spiral_actor


def _build(request) -> Actor | None:
    auth = getattr(request, "auth", None)
    if isinstance(auth, AccessToken):
        client = auth.application
        return actor_for_client(client.client_id, frozenset(auth.scope.split()))
    user = getattr(request, "user", None)
    # Platform operators are not a tenant's people: no actor on tenant data.
    if isinstance(user, get_user_model()) and user.is_authenticated:
        return actor_for_user(user)
    return None


def principal_key(actor: Actor) -> str:
    """A stable name for throttling buckets and idempotency records."""
    return f"client:{actor.client_id}" if actor.is_client else f"user:{actor.user_id}"


class ActingMiddleware:
    """Audit events written while a request is served name its person or
    integration, for every view (API resources, the caller's own resources,
    pages). Found when the first event is written: DRF authenticates a token
    inside the view, and sets the caller on the underlying request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_for(lambda: actor_of(request), label="anonymous"):
            return self.get_response(request)
