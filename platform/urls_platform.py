"""URLs served on the bare base domain: the platform operators' API."""

from django.urls import include, path

urlpatterns = [
    path("api/", include("spiral.api.urls_platform")),
]

handler400 = "spiral.platform.core.problems.bad_request"
handler403 = "spiral.platform.core.problems.permission_denied"
handler404 = "spiral.platform.core.problems.page_not_found"
handler500 = "spiral.platform.core.problems.server_error"
