"""Structured (JSON) log lines, each carrying the tenant schema and the request
or task id, whichever library wrote the line."""

import logging

import structlog
from django.db import connection

from spiral.platform.core.context import current_request_id, current_task_id
from spiral.platform.core.redaction import redact


class SpiralContextFilter(logging.Filter):
    """Stamps every record with where it happened. The schema is read from the
    database connection, which is what decides whose data a line is about."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.tenant = getattr(connection, "schema_name", None) or "public"
        record.request_id = current_request_id.get()
        record.task_id = current_task_id.get()
        return True


class TemplateContextFilter(logging.Filter):
    """For the ``django.template`` logger: at DEBUG it logs every variable a
    template could not resolve, with the exception, whose text is the whole
    context (what a page shows: a receiver's feedback, a manager's notes). The
    line stays, naming the variable and the template; the exception goes, for
    every handler, whatever the level (attached to the logger, not a handler)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or record.exc_text:
            record.exc_info, record.exc_text = None, None
        return True


# Attributes every LogRecord has; anything else was passed in ``extra``.
_STANDARD_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _copy_context(logger, method_name, event_dict):
    """Copies the stamped context and any ``extra=`` fields into the JSON line."""
    record = event_dict.get("_record")
    if record is not None:
        for field, value in vars(record).items():
            if field not in _STANDARD_RECORD_FIELDS and value is not None:
                event_dict.setdefault(field, value)
    return event_dict


def _redact_values(logger, method_name, event_dict):
    """URL secrets out of every field. An object (Django passes the request)
    is written as its repr, which shows the full path and query string."""
    for field, value in event_dict.items():
        if isinstance(value, str):
            event_dict[field] = redact(value)
        elif not isinstance(value, int | float | bool | dict | list | tuple | type(None)):
            event_dict[field] = redact(repr(value))
    return event_dict


def json_formatter() -> structlog.stdlib.ProcessorFormatter:
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.stdlib.add_logger_name,
            structlog.stdlib.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
        ],
        processors=[
            _copy_context,
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _redact_values,
            structlog.processors.JSONRenderer(),
        ],
    )


structlog.configure(
    processors=[
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)
