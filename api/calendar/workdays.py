"""Working-day arithmetic for 12345 time limits, in Asia/Shanghai local dates.

How a limit of N working days is counted (and why):

* The start day does not count; counting begins the next calendar day. 《中华人民共和国民法典》
  第二百零一条: 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算.
* Only working days count (《中华人民共和国行政许可法》第八十二条: 期限以工作日计算，不含法定节假日),
  where working days follow the State Council holiday notices including 调休 working weekends
  (see ``api.calendar.holidays``).
* The limit ends at 24:00 of the Nth working day after the start day (《民法典》第二百零三条:
  期间的最后一日的截止时间为二十四时). We return that instant as 00:00 of the next calendar day:
  the deadline is *exclusive*, a ticket is overdue when ``now >= deadline``. Displayed in Shanghai
  time it reads "次日 00:00"; show it as "当日 24:00" if preferred.
* A start at exactly 00:00 Shanghai is read as 24:00 of the previous day, so a limit counted from
  a deadline (e.g. the 10-working-day extension cap counted from the current deadline) starts
  right after that deadline's last day.
* A start on a non-working day (weekend, holiday, late night) is treated the same way: the start
  day never counts, so filing on Saturday with a 1-working-day limit ends at Monday 24:00.
* "Working time" (for pauses, warnings and minute counts) is all clock time on working days,
  00:00-24:00 Shanghai time, consistent with limits ending at 24:00 rather than at office closing.
* Limits in hours (紧急/急难) are wall-clock hours, added in ``time_limits.due_at`` (the Beijing
  rule reads "2小时内反馈", not working hours). Pauses still shift them by paused working time, and
  ``warning_at`` falls back to wall-clock time when no working time lies in the window.

All functions require timezone-aware datetimes (``ValueError`` otherwise) and return datetimes in
the timezone of their (first) datetime argument.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from api.calendar.holidays import day_status

SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = dt.timedelta(days=1)
MAX_WORKING_DAYS = 3660  # ten years; far beyond any 12345 limit, guards against runaway input
MAX_SPAN_DAYS = 36600  # a century of calendar days for minute counts and pauses


P = ParamSpec("P")
R = TypeVar("R")


def _dates_in_range(func: Callable[P, R]) -> Callable[P, R]:
    """Turn date overflow near datetime.min/max into a clear ValueError."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except OverflowError as exc:
            raise ValueError("时间超出可计算的日期范围") from exc

    return wrapper


def require_aware(value: object, name: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ValueError(f"{name} 必须是带时区的 datetime，收到 {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} 必须带时区（收到无时区的 datetime {value.isoformat()}）")
    return value


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=SHANGHAI)


def is_working_day(d: dt.date) -> bool:
    """True when the Chinese local date ``d`` is a working day (调休 Saturdays included)."""
    return day_status(d).working


def is_provisional_day(d: dt.date) -> bool:
    """True when whether ``d`` is a working day is only estimated (year without official data)."""
    return day_status(d).provisional


@_dates_in_range
def add_working_days(start: dt.datetime, days: int) -> tuple[dt.datetime, bool]:
    """Deadline of a limit of ``days`` working days starting at ``start``, and whether provisional.

    The deadline is 24:00 (Shanghai) of the ``days``-th working day after the start day, returned as
    the next midnight in ``start``'s timezone. ``days == 0`` returns ``start`` itself. Provisional
    is True when any day counted over comes from an estimated (not officially published) calendar.
    """
    require_aware(start, "start")
    if not isinstance(days, int) or isinstance(days, bool):
        raise ValueError(f"days 必须是整数，收到 {type(days).__name__}")
    if not 0 <= days <= MAX_WORKING_DAYS:
        raise ValueError(f"days 必须在 0 到 {MAX_WORKING_DAYS} 之间，收到 {days}")
    if days == 0:
        return start, False
    local = start.astimezone(SHANGHAI)
    day = local.date()
    if local.time() == dt.time(0):
        # 00:00 is 24:00 of the previous day: deadlines chain (a limit counted from a deadline
        # starts after that deadline's last day), and the whole start day is left to work in.
        day -= ONE_DAY
    counted = 0
    provisional = False
    while counted < days:
        day += ONE_DAY
        status = day_status(day)
        provisional = provisional or status.provisional
        if status.working:
            counted += 1
    end = _local_midnight(day + ONE_DAY)
    return end.astimezone(start.tzinfo), provisional


def _working_time(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    """Working time in [a, b) for a <= b, exact to the microsecond."""
    total = dt.timedelta(0)
    day = a.astimezone(SHANGHAI).date()
    last = b.astimezone(SHANGHAI).date()
    if (last - day).days > MAX_SPAN_DAYS:
        raise ValueError(f"时间跨度超过 {MAX_SPAN_DAYS} 天，无法计算工作时间")
    while day <= last:
        if day_status(day).working:
            lo = max(a, _local_midnight(day))
            hi = min(b, _local_midnight(day + ONE_DAY))
            if hi > lo:
                total += hi - lo
        day += ONE_DAY
    return total


@_dates_in_range
def working_minutes_between(a: dt.datetime, b: dt.datetime) -> int:
    """Whole minutes of working time from ``a`` to ``b``; negative when ``b`` is before ``a``.

    Truncated toward zero. Working time = clock time on working days (00:00-24:00 Shanghai).
    """
    require_aware(a, "a")
    require_aware(b, "b")
    minute = dt.timedelta(minutes=1)
    if b < a:
        return -(_working_time(b, a) // minute)
    return _working_time(a, b) // minute


@_dates_in_range
def add_working_time(start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
    """The earliest instant at which ``duration`` of working time has elapsed since ``start``."""
    require_aware(start, "start")
    if not isinstance(duration, dt.timedelta):
        raise ValueError(f"duration 必须是 timedelta，收到 {type(duration).__name__}")
    if not dt.timedelta(0) <= duration <= dt.timedelta(days=MAX_SPAN_DAYS):
        raise ValueError(f"duration 必须在 0 到 {MAX_SPAN_DAYS} 天之间")
    remaining = duration
    cursor = start.astimezone(SHANGHAI)
    while remaining > dt.timedelta(0):
        day = cursor.date()
        day_end = _local_midnight(day + ONE_DAY)
        if day_status(day).working:
            available = day_end - cursor
            if remaining <= available:
                cursor = cursor + remaining
                break
            remaining -= available
        cursor = day_end
    return cursor.astimezone(start.tzinfo)


@_dates_in_range
def extend_for_pause(
    due: dt.datetime, paused_from: dt.datetime, paused_to: dt.datetime
) -> dt.datetime:
    """Shift ``due`` by the working time the clock was paused (e.g. an extension awaiting approval).

    Only the part of the pause before ``due`` can stop the clock: a pause starting at or after
    ``due`` (the ticket was already overdue) leaves ``due`` unchanged. A pause starting before
    ``due`` shifts it by the whole paused working time, so the time left when the clock stopped is
    still left when it restarts. Result in ``due``'s timezone.
    """
    require_aware(due, "due")
    require_aware(paused_from, "paused_from")
    require_aware(paused_to, "paused_to")
    if paused_to < paused_from:
        raise ValueError("暂停结束时间早于开始时间")
    if paused_from >= due:
        return due
    return add_working_time(due, _working_time(paused_from, paused_to))


@_dates_in_range
def warning_at(start: dt.datetime, due: dt.datetime, fraction: float = 0.8) -> dt.datetime:
    """When to warn that ``due`` is near: once ``fraction`` of the working time has elapsed.

    If no working time lies between ``start`` and ``due`` (e.g. a 2-hour urgent limit on a Sunday),
    the fraction is taken of the wall-clock time instead. Result in ``start``'s timezone.
    """
    require_aware(start, "start")
    require_aware(due, "due")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)):
        raise ValueError(f"fraction 必须是数字，收到 {type(fraction).__name__}")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction 必须大于 0 且不超过 1，收到 {fraction}")
    if due < start:
        raise ValueError("截止时间早于开始时间")
    working = _working_time(start, due)
    if not working:
        return (start.astimezone(dt.timezone.utc) + (due - start) * fraction).astimezone(
            start.tzinfo
        )
    return add_working_time(start, working * fraction)
