"""Idempotency-Key on POST: the same key with the same body gets the same
response without a second write; the same key with another body is a 422."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from rest_framework import exceptions, status
from rest_framework.response import Response

from spiral.api.models import IdempotencyRecord
from spiral.api.principals import actor_of, principal_key

HEADER = "Idempotency-Key"


class KeyReusedError(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used with a different request."
    default_code = "idempotency_key_reused"


class KeyInProgressError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "A request with this Idempotency-Key is still being processed."
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


class IdempotentPostMixin:
    """Claims the key before the view runs (a unique row), stores the response
    after it. A 5xx releases the key so that the client can retry."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        key = request.headers.get(HEADER)
        if request.method != "POST" or not key:
            return
        if len(key) > 200:
            raise exceptions.ValidationError({HEADER: ["At most 200 characters."]})
        principal = principal_key(actor_of(request))
        fingerprint = _fingerprint(request)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    principal=principal, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(principal=principal, key=key)
            if existing.fingerprint != fingerprint:
                raise KeyReusedError() from None
            if existing.status_code is None:
                raise KeyInProgressError() from None
            raise _Replay(existing) from None
        request._idempotency_record = record

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
                record.delete()
            else:
                record.status_code = response.status_code
                record.body = json.loads(json.dumps(response.data, default=str))
                record.save(update_fields=["status_code", "body"])
        return response
