"""Per-client rate limits: a fixed-window counter in Redis, one round trip per
request (INCR and EXPIRE in a pipeline). DRF's own throttle keeps the time of
every request of the window in one cache entry, which grows with the rate."""

import time

from django.core.cache import cache
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

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        self._retry_after = (window + 1) * self.duration - now
        key = cache.make_key(f"{self.get_cache_key(request, view)}:{window}")
        client = cache._cache.get_client(key, write=True)  # the backend's redis client
        pipeline = client.pipeline(transaction=False)
        pipeline.incr(key)
        pipeline.expire(key, self.duration + 1)
        count, _ = pipeline.execute()
        return count <= self.num_requests

    def wait(self) -> float:
        return self._retry_after
