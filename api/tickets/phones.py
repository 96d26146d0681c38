"""What a usable contact phone is: an 11-digit mobile number or a fixed line with its area code
(a 7- or 8-digit local number cannot be called back from another county's hotline)."""

from __future__ import annotations

import re

from zhtext.masking import normalise_phone

MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
LANDLINE_RE = re.compile(r"^0[1-9][0-9]{8,10}$")  # area code (3–4 digits with the 0) + 7–8 digits
RAW_RE = re.compile(r"^[+0-9 ()（）-]{1,30}$")


class BadPhone(ValueError):
    """The text is not a phone number a person can call back (message in Chinese)."""


def check_phone(raw: str) -> str:
    """The phone as digits ('13912345678', '09431234567'), or BadPhone with the reason."""
    text = raw.strip()
    if not RAW_RE.fullmatch(text):
        raise BadPhone("联系电话只能包含数字、空格和连字符")
    digits = normalise_phone(text)
    if MOBILE_RE.fullmatch(digits) or LANDLINE_RE.fullmatch(digits):
        return digits
    if len(digits) in (7, 8) and not digits.startswith("0"):
        raise BadPhone("固定电话缺少区号（如 0943-1234567），无法回电")
    if digits.startswith("1"):
        raise BadPhone("手机号应为11位数字")
    raise BadPhone("联系电话须为11位手机号或带区号的固定电话")
