"""Which dates are working days: library years, the 2027 override table, the fallback."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
import yaml

from api.calendar import holidays
from api.calendar.holidays import (
    HolidayTableError,
    day_status,
    fallback_status,
    parse_override_table,
)
from api.calendar.workdays import is_working_day


@pytest.fixture
def override_file(tmp_path, monkeypatch):
    """Point HOLIDAY_OVERRIDES_FILE at a temporary table; caches cleared around the test."""

    def write(document: dict) -> None:
        path = tmp_path / "overrides.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv(holidays.OVERRIDES_ENV, str(path))
        holidays.clear_caches()

    yield write
    monkeypatch.delenv(holidays.OVERRIDES_ENV, raising=False)
    holidays.clear_caches()


def test_national_day_2026_is_rest_and_its_makeup_saturday_is_work():
    assert [is_working_day(dt.date(2026, 10, d)) for d in range(1, 9)] == [False] * 7 + [True]
    saturday = dt.date(2026, 10, 10)
    assert saturday.weekday() == 5
    assert is_working_day(saturday)
    assert not day_status(saturday).provisional
    assert not is_working_day(dt.date(2026, 10, 17))  # an ordinary Saturday


def test_library_years_agree_with_chinesecalendar_day_by_day():
    start, end = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
    official = set(chinese_calendar.get_workdays(start, end))
    day = start
    while day <= end:
        assert is_working_day(day) == (day in official), day
        day += dt.timedelta(days=1)


def test_library_raises_for_2027_so_the_override_table_answers():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(dt.date(2027, 1, 4))
    new_year = day_status(dt.date(2027, 1, 1))
    assert not new_year.working and new_year.provisional
    assert "全国年节及纪念日放假办法" in new_year.source
    monday = day_status(dt.date(2027, 1, 4))
    assert monday.working and monday.provisional
    assert not day_status(dt.date(2027, 1, 2)).working  # Saturday, no 调休 invented
    for month, dom in [(4, 5), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)]:
        assert not is_working_day(dt.date(2027, month, dom)), (month, dom)


def test_fallback_for_a_year_no_table_knows_uses_fixed_dates_and_qingming():
    assert dt.date(2031, 10, 1).weekday() == 2  # a Wednesday
    for day in [
        dt.date(2031, 1, 1),
        dt.date(2031, 5, 2),
        dt.date(2031, 10, 1),
        dt.date(2031, 10, 3),
    ]:
        status = day_status(day)
        assert not status.working and status.provisional, day
    qingming = next(
        d
        for d, n in chinese_calendar.get_solar_terms(dt.date(2031, 4, 1), dt.date(2031, 4, 30))
        if n == "清明"
    )
    assert not fallback_status(qingming).working
    assert day_status(dt.date(2031, 10, 6)).working  # Monday after the 3 statutory days
    assert not day_status(dt.date(2031, 10, 4)).working  # Saturday
    # Years before the library's data, and after the solar-term range, never fail.
    assert day_status(dt.date(1999, 10, 1)).provisional
    assert day_status(dt.date(2200, 3, 3)).working


def test_override_table_from_env_adds_a_makeup_working_saturday(override_file):
    override_file(
        {
            "years": {
                2028: {
                    "provisional": False,
                    "source": "测试用通知",
                    "holidays": [{"date": "2028-01-03", "source": "测试", "provisional": False}],
                    "workdays": [{"date": "2028-01-08", "source": "测试", "provisional": False}],
                }
            }
        }
    )
    assert not is_working_day(dt.date(2028, 1, 3))  # a Monday made a holiday
    saturday = day_status(dt.date(2028, 1, 8))
    assert saturday.working and not saturday.provisional
    assert (
        day_status(dt.date(2028, 1, 4)).working and not day_status(dt.date(2028, 1, 4)).provisional
    )
    # 2027 is no longer in the table in force: the generic fallback answers.
    assert day_status(dt.date(2027, 4, 5)).source == holidays.FALLBACK_SOURCE


@pytest.mark.parametrize(
    "document",
    [
        None,
        {"years": []},
        {"years": {"2027": {}}},
        {"years": {2027: {"provisional": "yes", "source": "x"}}},
        {"years": {2027: {"provisional": True}}},
        {
            "years": {
                2027: {"provisional": True, "source": "x", "holidays": [{"date": "2027-13-01"}]}
            }
        },
        {
            "years": {
                2027: {
                    "provisional": True,
                    "source": "x",
                    "holidays": [{"date": "2028-01-01", "source": "s", "provisional": True}],
                }
            }
        },
        {
            "years": {
                2027: {
                    "provisional": True,
                    "source": "x",
                    "holidays": [{"date": "2027-01-01", "provisional": True}],
                }
            }
        },
        {
            "years": {
                2027: {
                    "provisional": True,
                    "source": "x",
                    "holidays": [{"date": "2027-01-09", "source": "s", "provisional": True}],
                    "workdays": [{"date": "2027-01-09", "source": "s", "provisional": True}],
                }
            }
        },
    ],
)
def test_malformed_override_tables_are_rejected(document):
    with pytest.raises(HolidayTableError):
        parse_override_table(document)


def test_shipped_override_table_cites_every_entry_and_invents_no_makeup_days():
    table = holidays.override_table()
    year = table[2027]
    assert year.provisional and year.workdays == {}
    assert len(year.holidays) == 13  # 7 fixed-date and solar-term days + 春节 4, 端午 1, 中秋 1
    assert all(s.source and s.provisional for s in year.holidays.values())
    qingming = [
        d
        for d, n in chinese_calendar.get_solar_terms(dt.date(2027, 4, 1), dt.date(2027, 4, 30))
        if n == "清明"
    ]
    assert [d for d, s in year.holidays.items() if s.name == "清明节"] == qingming


@pytest.mark.parametrize(
    "bad",
    ["2026-10-01", None, 20261001, [2026, 10, 1], dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)],
)
def test_day_status_rejects_non_dates(bad):
    with pytest.raises(ValueError):
        day_status(bad)
