"""Masking of personal data (phone and ID numbers) in free text, for storage, display and logs.

One set of patterns for the whole project. Numbers are found however they are written: ASCII or
full-width digits (１３８…), with or without a country code, and with spaces, hyphens, dots or
middle dots between the digits (138 1234 5678, 138.1234.5678, 6204 2219 8001 0112 34). The masked
form keeps only what a caller needs to recognise the number: 138****5678, 620422********123X.
Digits glued to other digits are not split, so amounts and work-order numbers stay as they are.
"""

from __future__ import annotations

import re
import unicodedata

_D = "[0-9０-９]"
_SEP = "[ \u3000\\-‐‑‒–—―.．·・－_]?"
_NOT_DIGIT_BEFORE = "(?<![0-9０-９])"
_NOT_DIGIT_AFTER = "(?![0-9０-９XxＸｘ])"


def _digits(count: int) -> str:
    """`count` digits with an optional separator between any two."""
    return _D + f"(?:{_SEP}{_D}){{{count - 1}}}"


_COUNTRY = f"(?:(?:[+＋])?(?:86|８６){_SEP})?"
_MOBILE_RE = re.compile(
    _NOT_DIGIT_BEFORE
    + _COUNTRY
    + f"(?P<mobile>[1１]{_SEP}[3-9３-９]{_SEP}{_digits(9)})"
    + _NOT_DIGIT_AFTER
)
# 18-digit resident ID (the last character may be X) and the 15-digit legacy ID.
_ID_RE = re.compile(
    _NOT_DIGIT_BEFORE
    + f"(?P<id>{_digits(17)}{_SEP}[0-9０-９XxＸｘ]|{_digits(15)})"
    + _NOT_DIGIT_AFTER
)
# Landlines with an area code: 0943-5221234, ０９４３ ５２２１２３４.
_LANDLINE_RE = re.compile(
    _NOT_DIGIT_BEFORE
    + f"(?P<area>[0０]{_D}{{2,3}}){_SEP}(?P<local>{_digits(7)}|{_digits(8)})"
    + _NOT_DIGIT_AFTER
)


def only_digits(value: str) -> str:
    """The ASCII digits of a value (full-width digits count), X kept for ID numbers."""
    normal = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in normal if ch.isdigit() and ch.isascii() or ch in "Xx").upper()


def normalise_phone(phone: str) -> str:
    """Digits only, without the country code: '+86 138-1234-5678' -> '13812345678'."""
    digits = "".join(
        ch for ch in unicodedata.normalize("NFKC", phone) if ch.isascii() and ch.isdigit()
    )
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def mask_phone(phone: str | None) -> str | None:
    """138****5678 for display; short numbers keep only their last four digits."""
    if phone is None:
        return None
    digits = normalise_phone(phone)
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) >= 7:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)


def mask_id_number(value: str) -> str:
    """620422********123X: the region code and the last four characters."""
    digits = only_digits(value)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def mask_text(text: str) -> str:
    """The text with every ID and phone number masked (ID numbers first: they are longer)."""
    if not text:
        return text
    text = _ID_RE.sub(lambda m: mask_id_number(m.group("id")), text)
    text = _MOBILE_RE.sub(lambda m: mask_phone(m.group("mobile")) or "", text)
    return _LANDLINE_RE.sub(
        lambda m: only_digits(m.group("area")) + "-****" + only_digits(m.group("local"))[-4:], text
    )


def find_phones(text: str) -> list[str]:
    """The phone numbers in a text as digits: mobiles first, then landlines with area code."""
    mobiles = [only_digits(m.group("mobile")) for m in _MOBILE_RE.finditer(text or "")]
    landlines = [
        only_digits(m.group("area")) + only_digits(m.group("local"))
        for m in _LANDLINE_RE.finditer(text or "")
    ]
    return mobiles + landlines
