"""Idempotency-Key on POST: the same key with the same body gets the same
response without a second write; the same key with another body is a 422."""

import hashlib
import json
from datetime import timedelta

from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from spiral.api.models import IdempotencyRecord
from spiral.api.principals import actor_of, principal_key
from spiral.api.selectors import idempotency_record
from spiral.api.services import idempotency_claim, idempotency_finish, idempotency_release

HEADER = "Idempotency-Key"


class KeyReusedError(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("This Idempotency-Key was used with a different request.")
    default_code = "idempotency_key_reused"


class KeyInProgressError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("A request with this Idempotency-Key is still being processed.")
    default_code = "idempotency_key_in_progress"


class _Replay(Exception):
    def __init__(self, record: IdempotencyRecord):
        self.record = record


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.get_full_path().encode())
    try:
        digest.update(request._request.body)
    except RawPostDataException:
        # A multipart body was already read (CSRF check): hash what it held.
        for name, value in sorted(request.data.items()):
            digest.update(name.encode())
            if hasattr(value, "chunks"):
                for chunk in value.chunks():
                    digest.update(chunk)
                value.seek(0)
            else:
                digest.update(str(value).encode())
    return digest.hexdigest()


# A claim older than this whose request never finished (its process died) is
# given up, so that the key can be used again.
ABANDONED_AFTER = timedelta(minutes=5)


def _claim(principal: str, key: str, fingerprint: str) -> IdempotencyRecord:
    """The new claim on the key, or the answer to a repeat (raised)."""
    for _attempt in range(2):  # a second try after giving up an abandoned claim
        claim = idempotency_claim(principal=principal, key=key, fingerprint=fingerprint)
        if claim is not None:
            return claim
        existing = idempotency_record(principal=principal, key=key)
        if existing.fingerprint != fingerprint:
            raise KeyReusedError()
        if existing.status_code is not None:
            raise _Replay(existing)
        if existing.created_at >= timezone.now() - ABANDONED_AFTER:
            raise KeyInProgressError()
        idempotency_release(record=existing)
    raise KeyInProgressError()


class IdempotentPostMixin:
    """Claims the key before the view runs (a unique row), stores the response
    after it. A 5xx or an unexpected error releases the key so that the client
    can retry. A view whose response must not be stored (it shows a secret once)
    sets ``idempotent = False``."""

    idempotent = True

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Exception:
            record = getattr(self.request, "_idempotency_record", None)
            if record is not None:
                idempotency_release(record=record)
            raise

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        key = request.headers.get(HEADER)
        if request.method != "POST" or not key or not self.idempotent:
            return
        if len(key) > 200:
            raise exceptions.ValidationError({HEADER: [_("At most 200 characters.")]})
        principal = principal_key(actor_of(request))
        request._idempotency_record = _claim(principal, key, _fingerprint(request))

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            response = Response(exc.record.body, status=exc.record.status_code)
            response["Idempotent-Replayed"] = "true"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(request, "_idempotency_record", None)
        if record is not None:
            if response.status_code >= 500:
                idempotency_release(record=record)
            else:
                body = json.loads(json.dumps(response.data, default=str))
                idempotency_finish(record=record, status_code=response.status_code, body=body)
        return response
