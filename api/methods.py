"""A method a route does not serve is a 405, decided before authentication and
permissions: they would otherwise answer 401 or 403, which says something
about the caller when the truth is about the route."""

from django.utils.translation import gettext as _

from spiral.platform.core.problems import problem_response


def allowed_methods(view_func) -> set[str] | None:
    """The methods a DRF view serves (None for other views: not ours to judge)."""
    actions = getattr(view_func, "actions", None)  # a viewset route: {method: action}
    if actions is not None:
        return {method.upper() for method in actions}
    view = getattr(view_func, "cls", None)
    if view is None:
        return None
    served = {m.upper() for m in view.http_method_names if m != "options" and hasattr(view, m)}
    return served | ({"HEAD"} if "GET" in served else set())


class RoutedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = allowed_methods(view_func)
        if allowed is None or request.method in allowed:
            return None
        response = problem_response(
            status=405,
            title=_("Method not allowed."),
            detail=_("%(method)s is not served here.") % {"method": request.method},
        )
        response["Allow"] = ", ".join(sorted(allowed))
        return response
