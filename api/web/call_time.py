"""The 来电时间 column of a 12345 export: the time a call was registered, read as Beijing time."""

from __future__ import annotations

import re
from datetime import datetime

from api.core.timeutil import SHANGHAI

_TIME_RE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*(?:[:：分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?\s*分?)?\s*$"
)


class BadCallTime(ValueError):
    """Not a date and time (message in Chinese)."""


def parse_call_time(text: str) -> datetime | None:
    """'2026-11-20 09:30', '2026/11/20 9:30:05', '2026年11月20日 9时30分', '2026-11-20' → an aware
    datetime in Asia/Shanghai; None for an empty cell; BadCallTime otherwise."""
    if not text or not text.strip():
        return None
    match = _TIME_RE.match(text)
    if match is None:
        raise BadCallTime(f"来电时间无法识别：{text.strip()[:30]}（应如 2026-11-20 09:30）")
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)
    except ValueError:
        raise BadCallTime(f"来电时间不是有效的日期：{text.strip()[:30]}") from None
