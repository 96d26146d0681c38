"""Which Chinese dates are working days, and how sure we are.

Three sources, tried in order for a date's year:

1. ``chinesecalendar`` (State Council holiday notices incl. 调休 working weekends, 2004-2026 in
   version 1.11). Authoritative: ``provisional=False``.
2. The dated override table ``holiday_overrides.yaml`` (env ``HOLIDAY_OVERRIDES_FILE`` replaces it)
   for years the library raises ``NotImplementedError`` for (2027 onwards). Each year and entry
   carries ``source`` and ``provisional``.
3. Fallback for a year neither knows: Monday-Friday minus the fixed-date statutory holidays of
   《全国年节及纪念日放假办法》(2024 amendment: 元旦 1.1, 劳动节 5.1-5.2, 国庆节 10.1-10.3) and 清明
   (a solar term, computed by chinesecalendar for 1900-2100). Lunar holidays (春节, 端午, 中秋)
   are unknown without a lunar library and are not subtracted. Always ``provisional=True``.

Never raises for a valid ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import chinese_calendar
import yaml

DEFAULT_OVERRIDES_FILE = Path(__file__).with_name("holiday_overrides.yaml")
OVERRIDES_ENV = "HOLIDAY_OVERRIDES_FILE"

FALLBACK_SOURCE = (
    "《全国年节及纪念日放假办法》（2024年修订）固定日期法定节假日推算（元旦、清明、劳动节、国庆节）；"
    "未含农历节日与调休，待国务院当年节假日安排通知"
)
LIBRARY_SOURCE = "国务院办公厅部分节假日安排通知（chinesecalendar 数据）"
WEEKDAY_SOURCE = "周一至周五为工作日，周六、周日休息"

# (month, day, name) of statutory holidays whose Gregorian date never moves.
FIXED_DATE_HOLIDAYS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (5, 2, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
)


class HolidayTableError(ValueError):
    """The override table is malformed."""


@dataclass(frozen=True)
class DayStatus:
    working: bool
    provisional: bool
    source: str
    name: str | None = None  # holiday name when known


@dataclass(frozen=True)
class OverrideYear:
    provisional: bool
    source: str
    holidays: dict[dt.date, DayStatus]
    workdays: dict[dt.date, DayStatus]


def _parse_entry(
    year: int, raw: Any, working: bool, year_provisional: bool
) -> tuple[dt.date, DayStatus]:
    if not isinstance(raw, dict):
        raise HolidayTableError(f"节假日覆盖表 {year} 年的条目必须是映射：{raw!r}")
    day = raw.get("date")
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError as exc:
            raise HolidayTableError(f"节假日覆盖表日期格式错误：{day!r}") from exc
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise HolidayTableError(f"节假日覆盖表条目缺少有效的 date：{raw!r}")
    if day.year != year:
        raise HolidayTableError(f"节假日覆盖表中 {day.isoformat()} 不属于 {year} 年")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise HolidayTableError(f"节假日覆盖表条目 {day.isoformat()} 缺少 source")
    provisional = raw.get("provisional")
    if not isinstance(provisional, bool):
        raise HolidayTableError(
            f"节假日覆盖表条目 {day.isoformat()} 的 provisional 必须是 true/false"
        )
    name = raw.get("name")
    return day, DayStatus(
        working=working,
        provisional=provisional or year_provisional,
        source=source,
        name=name if isinstance(name, str) else None,
    )


def parse_override_table(data: Any) -> dict[int, OverrideYear]:
    """Validate the YAML document of the override table; return it by year."""
    if not isinstance(data, dict) or not isinstance(data.get("years"), dict):
        raise HolidayTableError("节假日覆盖表必须包含 years 映射")
    table: dict[int, OverrideYear] = {}
    for year, raw_year in data["years"].items():
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 9999:
            raise HolidayTableError(f"节假日覆盖表年份无效：{year!r}")
        if not isinstance(raw_year, dict):
            raise HolidayTableError(f"节假日覆盖表 {year} 年必须是映射")
        provisional = raw_year.get("provisional")
        source = raw_year.get("source")
        if not isinstance(provisional, bool):
            raise HolidayTableError(f"节假日覆盖表 {year} 年的 provisional 必须是 true/false")
        if not isinstance(source, str) or not source.strip():
            raise HolidayTableError(f"节假日覆盖表 {year} 年缺少 source")
        holidays: dict[dt.date, DayStatus] = {}
        workdays: dict[dt.date, DayStatus] = {}
        for key, working, target in (("holidays", False, holidays), ("workdays", True, workdays)):
            entries = raw_year.get(key) or []
            if not isinstance(entries, list):
                raise HolidayTableError(f"节假日覆盖表 {year} 年的 {key} 必须是列表")
            for raw in entries:
                day, status = _parse_entry(year, raw, working, provisional)
                target[day] = status
        both = holidays.keys() & workdays.keys()
        if both:
            listed = ", ".join(sorted(d.isoformat() for d in both))
            raise HolidayTableError(f"节假日覆盖表中日期同时列为放假和上班：{listed}")
        table[year] = OverrideYear(provisional, source, holidays, workdays)
    return table


@lru_cache(maxsize=4)
def _load_override_table(path: str) -> dict[int, OverrideYear]:
    with open(path, encoding="utf-8") as handle:
        return parse_override_table(yaml.safe_load(handle))


def override_table() -> dict[int, OverrideYear]:
    """The override table in force (setting ``HOLIDAY_OVERRIDES_FILE`` or the shipped file)."""
    from api.core.config import get_settings

    return _load_override_table(
        get_settings().holiday_overrides_file or str(DEFAULT_OVERRIDES_FILE)
    )


@lru_cache(maxsize=256)
def _qingming(year: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30))
    return next((day for day, name in terms if name == "清明"), None)


def fallback_status(day: dt.date) -> DayStatus:
    """Status for a year no table knows: weekdays minus fixed-date statutory holidays."""
    for month, dom, name in FIXED_DATE_HOLIDAYS:
        if (day.month, day.day) == (month, dom):
            return DayStatus(False, True, FALLBACK_SOURCE, name)
    if day == _qingming(day.year):
        return DayStatus(False, True, FALLBACK_SOURCE, "清明节")
    return DayStatus(day.weekday() < 5, True, FALLBACK_SOURCE)


def _library_status(day: dt.date) -> DayStatus | None:
    try:
        working = chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None
    name = None
    if not working:
        _, english_name = chinese_calendar.get_holiday_detail(day)
        if english_name:
            name = chinese_calendar.Holiday(english_name).chinese
    return DayStatus(working, False, LIBRARY_SOURCE, name)


def _override_status(day: dt.date) -> DayStatus | None:
    year = override_table().get(day.year)
    if year is None:
        return None
    if day in year.holidays:
        return year.holidays[day]
    if day in year.workdays:
        return year.workdays[day]
    return DayStatus(day.weekday() < 5, year.provisional, year.source or WEEKDAY_SOURCE)


@lru_cache(maxsize=8192)
def _day_status(day: dt.date) -> DayStatus:
    return _library_status(day) or _override_status(day) or fallback_status(day)


def day_status(day: dt.date) -> DayStatus:
    """Whether ``day`` (a Chinese local date) is a working day, how sure, and per which source."""
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise ValueError(f"需要 datetime.date 类型的日期，收到 {type(day).__name__}")
    return _day_status(day)


def clear_caches() -> None:
    """Forget loaded tables and computed days (after changing HOLIDAY_OVERRIDES_FILE: the
    settings are read again too)."""
    from api.core.config import get_settings

    get_settings.cache_clear()
    _load_override_table.cache_clear()
    _day_status.cache_clear()
