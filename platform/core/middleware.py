import logging
import re
import time
import uuid

from spiral.platform.core.context import current_request_id
from spiral.platform.core.redaction import redact

# Accept a caller's request id only when it is short and harmless in a log line.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

access_log = logging.getLogger("spiral.access")


class RequestContextMiddleware:
    """Gives every request an id (the caller's X-Request-ID if sane) that every
    log line of the request carries and the response echoes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": redact(request.path),  # no query string: it may hold secrets
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response
