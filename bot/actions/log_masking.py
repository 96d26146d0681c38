"""Every log record of the bot's processes masked (phone and ID numbers), whatever the logger.

The patterns are zhtext.masking's; this module only installs them in Python's logging.
"""

from __future__ import annotations

import logging

from zhtext.masking import mask_text


class PersonalDataFilter(logging.Filter):
    """Logging filter that rewrites a record's message with personal data masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def mask_record(record: logging.LogRecord) -> None:
    """Render the record's message once, masked, so no handler can see the raw arguments."""
    if getattr(record, "_personal_data_masked", False):
        return
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: mask what we have
        message = f"{record.msg} {record.args}"
    record.msg = mask_text(str(message))
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        record.exc_info = None
    record._personal_data_masked = True  # type: ignore[attr-defined]


_installed = False


def install_log_masking() -> None:
    """Mask every log record created in this process, whatever logger or handler it goes to.

    A record factory covers loggers and handlers created later (rasa_sdk sets up its handlers
    after our modules are imported); the filter on the root handlers covers records made by
    a foreign factory.
    """
    global _installed
    if _installed:
        return
    previous_factory = logging.getLogRecordFactory()

    def masking_factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous_factory(*args, **kwargs)
        mask_record(record)
        return record

    logging.setLogRecordFactory(masking_factory)
    for handler in logging.getLogger().handlers:
        handler.addFilter(PersonalDataFilter())
    _installed = True
