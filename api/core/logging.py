"""Logging of the ticket service: structlog for every record, personal data masked.

Every log record — the service's own (``logging.getLogger(__name__)``), SQLAlchemy's and
uvicorn's, access lines included (a URL may carry a phone number) — goes through one
handler whose structlog processors mask phone and ID numbers (api.core.masking) in the message
and in every string field before rendering. ``configure_logging`` runs when the app is created,
after uvicorn set up its own loggers, and takes them over.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog

from zhtext.masking import mask_text

# Loggers that uvicorn configures with handlers of their own: they are routed to ours.
_TAKEN_OVER = ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy")


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: _mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_mask_value(item) for item in value)
    return value


def mask_personal_data(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: phone and ID numbers masked in the event and every field."""
    return {key: _mask_value(value) for key, value in event_dict.items()}


def keep_traceback_text(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor (foreign records): a record whose traceback another part of the
    process already rendered to ``exc_text`` (e.g. a log-record factory that masks and moves
    ``exc_info``) keeps it as ``exception`` — structlog reads only ``exc_info`` and would drop it.
    Masked afterwards like every field."""
    record = event_dict.get("_record")
    if (
        record is not None
        and "exc_info" not in event_dict
        and "exception" not in event_dict
        and getattr(record, "exc_text", None)
    ):
        event_dict["exception"] = record.exc_text
    return event_dict


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    """Route all logging through structlog with masking; returns the installed handler."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        # keep_traceback_text runs before the formatter clears the record's exc_text.
        foreign_pre_chain=[*shared, keep_traceback_text],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            mask_personal_data,
            structlog.processors.KeyValueRenderer(
                key_order=["timestamp", "level", "logger", "event"], sort_keys=True
            ),
        ],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    handler.set_name("hotline-masked")
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if h.get_name() != "hotline-masked"] + [handler]
    root.setLevel(level.upper())
    for name in _TAKEN_OVER:
        taken = logging.getLogger(name)
        if name == "uvicorn.access" and not taken.handlers and not taken.propagate:
            # `uvicorn --no-access-log` left it without a handler: keep it off (routing it to
            # ours would turn it back on, since uvicorn logs access lines whenever it has one).
            continue
        taken.handlers = []
        taken.propagate = True
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return handler


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
