"""Every API error as application/problem+json (RFC 9457), with field errors
listed under ``errors``."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from spiral.platform.core.errors import ConflictError
from spiral.platform.core.problems import PROBLEM_CONTENT_TYPE


def _field_errors(detail, prefix: str = "") -> list[dict]:
    """Flattens DRF's nested error detail into [{field, message, code}]."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            field = f"{prefix}.{key}" if prefix else str(key)
            errors.extend(_field_errors(value, field))
        return errors
    if isinstance(detail, list):
        errors = []
        for index, value in enumerate(detail):
            nested = isinstance(value, dict | list)
            errors.extend(_field_errors(value, f"{prefix}[{index}]" if nested else prefix))
        return errors
    return [
        {
            "field": prefix or "non_field_errors",
            "message": str(detail),
            "code": getattr(detail, "code", "invalid"),
        }
    ]


# DRF's default_detail of these is a format string ('Method "{method}" not
# allowed.'); the title stays fixed and the formatted text is the detail.
_FIXED_TITLES = {
    exceptions.MethodNotAllowed: gettext_lazy("Method not allowed."),
    exceptions.UnsupportedMediaType: gettext_lazy("Unsupported media type."),
}


def _referenced_by(exc: ProtectedError | RestrictedError) -> list[dict]:
    """What still refers to the object, counted per kind."""
    counts: dict = {}
    for obj in exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects:
        counts[type(obj)._meta] = counts.get(type(obj)._meta, 0) + 1
    return [
        {
            "kind": str(meta.verbose_name if count == 1 else meta.verbose_name_plural),
            "count": count,
        }
        for meta, count in counts.items()
    ]


def _still_referenced(exc: ProtectedError | RestrictedError) -> Response:
    referenced_by = _referenced_by(exc)
    listed = ", ".join(f"{entry['count']} {entry['kind']}" for entry in referenced_by)
    return Response(
        {
            "type": "about:blank",
            "title": _("Still in use"),
            "status": 409,
            "detail": _("It cannot be removed while these refer to it: %(listed)s.")
            % {"listed": listed},
            "referenced_by": referenced_by,
        },
        status=status.HTTP_409_CONFLICT,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def problem_exception_handler(exc, context):
    if isinstance(exc, ProtectedError | RestrictedError):
        return _still_referenced(exc)
    if isinstance(exc, ConflictError):
        return Response(
            {
                "type": "about:blank",
                "title": "Conflict",
                "status": 409,
                "detail": str(exc),
                "reasons": exc.reasons,
            },
            status=status.HTTP_409_CONFLICT,
            content_type=PROBLEM_CONTENT_TYPE,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None

    body = {"type": "about:blank", "status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["title"] = "Invalid input"
        body["detail"] = "One or more fields are invalid."
        body["errors"] = _field_errors(exc.detail)
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        body["title"] = _FIXED_TITLES.get(type(exc)) or getattr(exc, "default_detail", "Error")
        detail = getattr(exc, "detail", None)
        if detail is not None:
            body["detail"] = str(detail)
        if getattr(exc, "code", None) or hasattr(detail, "code"):
            body["code"] = getattr(detail, "code", None) or exc.code
    body["title"] = str(body["title"])
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
