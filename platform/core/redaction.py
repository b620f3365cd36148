"""Secrets that travel in URLs, taken out of anything written to a log.

Two addresses carry a secret in their path: the one-time set-password link
(/accounts/set-password/<uid>/<token>/) and a personal calendar feed
(/calendar/<secret>.ics). Access tokens are refused in query strings, but a
client may still send one, so query values with secret names go too.
"""

import logging
import re

REDACTED = "[redacted]"

_PATTERNS = (
    (re.compile(r"(/accounts/set-password/)[^/\s?#\"]+/[^/\s?#\"]+"), rf"\1{REDACTED}/{REDACTED}"),
    (re.compile(r"(/calendar/)[^/\s?#\"]+(\.ics)"), rf"\1{REDACTED}\2"),
    (
        re.compile(
            r"(\b(?:access_token|refresh_token|client_secret|token|secret|password|code)=)"
            r"[^&\s#\"]+",
            re.IGNORECASE,
        ),
        rf"\1{REDACTED}",
    ),
)


def redact(text: str) -> str:
    """The text with every secret-bearing part of a URL replaced."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Takes URL secrets out of every message, whoever wrote it: Django logs
    "Not Found: <path>" for a revoked calendar feed, for example."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
