"""Masking of personal data (phone and ID numbers) in texts and in every log record."""

from __future__ import annotations

import logging
import re

# 18-digit resident ID (last char may be X) and 15-digit legacy ID; mainland mobile numbers;
# landlines with an area code. Digits glued to other digits are not split.
_ID_RE = re.compile(
    r"(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?![\dXx])|(?<!\d)(\d{6})(\d{6})(\d{3})(?!\d)"
)
_MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{3,4})(\d{4})(?!\d)")


def _mask_id(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1)[:3] + "*" * 11 + match.group(3)[-4:]
    return match.group(4)[:3] + "*" * 8 + match.group(6)[-4:]


def mask_personal_data(text: str) -> str:
    """Return the text with ID numbers and phone numbers masked (keeps the last 4 digits)."""
    if not text:
        return text
    text = _ID_RE.sub(_mask_id, text)
    text = _MOBILE_RE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    return _LANDLINE_RE.sub(lambda m: f"{m.group(1)}-****{m.group(3)}", text)


def mask_phone(phone: str | None) -> str:
    """Mask one phone number for display: 138****5678."""
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


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
    record.msg = mask_personal_data(str(message))
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_personal_data(logging.Formatter().formatException(record.exc_info))
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
