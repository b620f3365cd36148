"""URLs served on the bare base domain: the platform operators' API."""

from django.urls import include, path

urlpatterns = [
    path("api/", include("spiral.api.urls_platform")),
]
