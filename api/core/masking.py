"""Masking of personal data (phones, ID numbers) in texts, responses and logs."""

from __future__ import annotations

import hashlib
import hmac
import re

# Mainland mobile numbers, landlines with area code, and 18-digit resident ID numbers.
_ID_RE = re.compile(
    r"(?<![0-9])([1-9][0-9]{5})((?:19|20)[0-9]{2}[01][0-9][0-3][0-9])([0-9]{3}[0-9Xx])(?![0-9])"
)
_MOBILE_RE = re.compile(
    r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])"
)
_LANDLINE_RE = re.compile(r"(?<![0-9])(0[0-9]{2,3})[- ]?([0-9]{3,4})([0-9]{4})(?![0-9])")


def mask_phone(phone: str | None) -> str | None:
    """138****5678 style; keeps the last four digits only for short numbers."""
    if phone is None:
        return None
    digits = only_digits(phone)
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) >= 7:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)


def mask_id_number(value: str) -> str:
    return value[:6] + "********" + value[-4:]


def mask_text(text: str) -> str:
    """Replace ID numbers and phone numbers in free text by masked forms."""
    text = _ID_RE.sub(lambda m: m.group(1) + "********" + m.group(3), text)
    text = _MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    text = _LANDLINE_RE.sub(lambda m: m.group(1) + "-****" + m.group(3), text)
    return text


def only_digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def normalise_phone(phone: str) -> str:
    digits = only_digits(phone)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def match_hash(value: str, salt: str) -> str:
    """A keyed hash used to recognise the same caller or household without a second copy."""
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()
