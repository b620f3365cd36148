"""RFC 9457 problem details, for responses made outside DRF (routing, health)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(*, status: int, title: str, detail: str = "", **extra) -> JsonResponse:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


# Django's own error handlers (``handler400`` ... in both URL roots), for what
# fails before DRF sees the request or outside any view: a host not allowed
# (raised by get_host() in the routing middleware), a body over
# DATA_UPLOAD_MAX_MEMORY_SIZE, a path no route matches, a crash. Under /api/
# they answer problem+json; pages keep Django's HTML pages.


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception, template_name="400.html"):
    if not _is_api(request):
        return defaults.bad_request(request, exception, template_name)
    # The exception's own text can echo the request (a host name): kept out.
    return problem_response(
        status=400,
        title=_("Bad request"),
        detail=_("The request was refused: its host, size or form is not accepted."),
    )


def permission_denied(request, exception, template_name="403.html"):
    if not _is_api(request):
        return defaults.permission_denied(request, exception, template_name)
    return problem_response(status=403, title=_("Forbidden"))


def page_not_found(request, exception, template_name="404.html"):
    if not _is_api(request):
        return defaults.page_not_found(request, exception, template_name)
    return problem_response(
        status=404, title=_("Not found"), detail=_("No resource is served at this path.")
    )


def server_error(request, template_name="500.html"):
    if not _is_api(request):
        return defaults.server_error(request, template_name)
    return problem_response(status=500, title=_("Server error"))
