"""URLs that answer on any host, before tenant routing (probes)."""

from django.urls import path

from spiral.platform.core import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
