"""Working-day arithmetic: deadlines, pauses, minute counts and warnings."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.calendar.workdays import (
    add_working_days,
    add_working_time,
    extend_for_pause,
    is_working_day,
    warning_at,
    working_minutes_between,
)

SH = ZoneInfo("Asia/Shanghai")
UTC = dt.timezone.utc


def sh(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


# ---- add_working_days --------------------------------------------------------------------------


def test_filing_day_does_not_count_and_limit_ends_at_midnight():
    # Tuesday 2026-11-24 09:00 + 1 working day -> Wednesday 24:00 (= Thursday 00:00).
    assert add_working_days(sh(2026, 11, 24, 9), 1) == (sh(2026, 11, 26), False)
    # Filed one minute before midnight: same answer, the filing day never counts.
    assert add_working_days(sh(2026, 11, 24, 23, 59), 1) == (sh(2026, 11, 26), False)


def test_friday_and_weekend_filings_end_on_monday():
    assert add_working_days(sh(2026, 11, 27, 16), 1)[0] == sh(2026, 12, 1)  # Fri -> Mon 24:00
    assert add_working_days(sh(2026, 11, 28, 10), 1)[0] == sh(2026, 12, 1)  # Sat -> Mon 24:00
    assert add_working_days(sh(2026, 11, 29, 10), 1)[0] == sh(2026, 12, 1)  # Sun -> Mon 24:00


def test_across_national_day_and_a_makeup_saturday():
    # Filed Wed 2026-09-30; Oct 1-7 are holidays; Thu 8, Fri 9 and the 调休 Saturday Oct 10 work.
    deadline, provisional = add_working_days(sh(2026, 9, 30, 10), 3)
    assert deadline == sh(2026, 10, 11)  # 24:00 of Saturday Oct 10
    assert not provisional
    # Filed on a holiday day: still Oct 8 is the first working day counted.
    assert add_working_days(sh(2026, 10, 3, 12), 1)[0] == sh(2026, 10, 9)
    # Five working days from 09-30 run past the working Saturday into the next week.
    assert add_working_days(sh(2026, 9, 30, 10), 5)[0] == sh(2026, 10, 14)


def test_late_december_2026_runs_into_2027_and_is_provisional():
    # Mon 2026-12-28 + 13 working days: Dec 29-31 (3), Jan 1 2027 元旦 skipped,
    # Jan 4-8 (8), Jan 11-15 (13) -> Friday 2027-01-15 24:00.
    deadline, provisional = add_working_days(sh(2026, 12, 28, 15), 13)
    assert deadline == sh(2027, 1, 16)
    assert provisional
    # Entirely inside 2026: not provisional.
    assert add_working_days(sh(2026, 12, 28, 15), 3) == (sh(2027, 1, 1), False)


def test_result_is_in_the_input_timezone_and_is_the_same_instant():
    start_utc = dt.datetime(2026, 9, 30, 2, tzinfo=UTC)  # 10:00 in Shanghai
    deadline, _ = add_working_days(start_utc, 3)
    assert deadline.tzinfo is UTC
    assert deadline == sh(2026, 10, 11)
    assert deadline.hour == 16 and deadline.day == 10
    # 23:30 UTC on Monday is already Tuesday in Shanghai: Tuesday is the filing day.
    late = dt.datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert add_working_days(late, 1)[0] == sh(2026, 11, 26)


def test_zero_days_is_the_start_itself():
    start = sh(2026, 11, 24, 9)
    assert add_working_days(start, 0) == (start, False)


@pytest.mark.parametrize("days", [-1, 1.5, "3", True, None, 10**9])
def test_add_working_days_rejects_bad_days(days):
    with pytest.raises(ValueError):
        add_working_days(sh(2026, 11, 24, 9), days)


@pytest.mark.parametrize(
    "start", [dt.datetime(2026, 11, 24, 9), "2026-11-24T09:00+08:00", None, dt.date(2026, 11, 24)]
)
def test_naive_or_non_datetime_start_is_rejected(start):
    with pytest.raises(ValueError):
        add_working_days(start, 1)


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(
        min_value=dt.datetime(2004, 1, 1),
        max_value=dt.datetime(2026, 10, 31),
        timezones=st.just(SH),
    ),
    days=st.integers(min_value=1, max_value=30),
)
def test_deadline_matches_chinesecalendar_count(start, days):
    deadline, provisional = add_working_days(start, days)
    last_day = (deadline - dt.timedelta(seconds=1)).date()
    assert deadline.time() == dt.time(0)
    assert chinese_calendar.is_workday(last_day)
    start_day = start.date() - dt.timedelta(days=1 if start.time() == dt.time(0) else 0)
    counted = chinese_calendar.get_workdays(start_day + dt.timedelta(days=1), last_day)
    assert len(counted) == days
    assert not provisional


# ---- working_minutes_between -------------------------------------------------------------------


def test_working_minutes_skip_weekends_and_holidays_and_are_signed():
    assert working_minutes_between(sh(2026, 11, 24, 9), sh(2026, 11, 24, 10, 30)) == 90
    # Friday 22:00 -> Monday 02:00: 2 h on Friday, 2 h on Monday.
    assert working_minutes_between(sh(2026, 11, 27, 22), sh(2026, 11, 30, 2)) == 240
    assert working_minutes_between(sh(2026, 11, 30, 2), sh(2026, 11, 27, 22)) == -240
    # The whole National Day week counts nothing; the 调休 Saturday counts a full day.
    assert working_minutes_between(sh(2026, 10, 1), sh(2026, 10, 8)) == 0
    assert working_minutes_between(sh(2026, 10, 10), sh(2026, 10, 11)) == 24 * 60
    mixed = working_minutes_between(dt.datetime(2026, 11, 24, 1, tzinfo=UTC), sh(2026, 11, 24, 10))
    assert mixed == 60


def test_working_minutes_over_absurd_spans_is_a_value_error():
    with pytest.raises(ValueError):
        working_minutes_between(
            dt.datetime.min.replace(tzinfo=UTC), dt.datetime.max.replace(tzinfo=UTC)
        )
    with pytest.raises(ValueError):
        working_minutes_between(sh(2026, 1, 1), dt.datetime(9999, 12, 31, 23, tzinfo=UTC))


def test_working_minutes_between_start_and_deadline_is_n_days():
    start = sh(2026, 9, 30, 10)
    deadline, _ = add_working_days(start, 3)
    # 14 h left on the filing day (a working day) + 3 full working days.
    assert working_minutes_between(start, deadline) == 14 * 60 + 3 * 24 * 60


# ---- extend_for_pause --------------------------------------------------------------------------


def test_extension_pause_shifts_the_deadline_by_paused_working_time():
    # Filed Mon 2026-11-23, help ticket: 3 working days -> Thu 2026-11-26 24:00.
    due, _ = add_working_days(sh(2026, 11, 23, 9), 3)
    assert due == sh(2026, 11, 27)
    # Extension asked Wed 10:00, approved Fri 16:00: 2 days 6 hours of working time paused.
    new_due = extend_for_pause(due, sh(2026, 11, 25, 10), sh(2026, 11, 27, 16))
    assert new_due == sh(2026, 11, 27) + dt.timedelta(hours=6) + dt.timedelta(
        days=4
    )  # skips Sat/Sun
    assert new_due == sh(2026, 12, 1, 6)
    # The time left when the clock stopped (Wed 10:00 -> Fri 00:00 = 38 h) is left after it restarts.
    assert working_minutes_between(sh(2026, 11, 27, 16), new_due) == 38 * 60


def test_pause_over_a_holiday_costs_nothing_and_pause_after_breach_changes_nothing():
    due = sh(2026, 10, 9)  # Thu Oct 8 24:00
    assert extend_for_pause(due, sh(2026, 10, 1), sh(2026, 10, 8)) == due
    assert extend_for_pause(due, sh(2026, 10, 9, 1), sh(2026, 10, 12)) == due
    with pytest.raises(ValueError):
        extend_for_pause(due, sh(2026, 10, 8, 12), sh(2026, 10, 8, 11))


def test_pause_result_keeps_due_timezone():
    due = dt.datetime(2026, 11, 26, 16, tzinfo=UTC)  # Fri 00:00 Shanghai
    new_due = extend_for_pause(due, sh(2026, 11, 26, 8), sh(2026, 11, 26, 12))
    assert new_due.tzinfo is UTC
    assert new_due == sh(2026, 11, 27, 4)


@settings(max_examples=100, deadline=None)
@given(
    start=st.datetimes(
        min_value=dt.datetime(2025, 1, 1),
        max_value=dt.datetime(2026, 11, 30),
        timezones=st.just(SH),
    ),
    pause_hours=st.integers(min_value=0, max_value=24 * 20),
    offset_hours=st.integers(min_value=0, max_value=24 * 5),
)
def test_pause_extends_by_exactly_the_paused_working_minutes(start, pause_hours, offset_hours):
    due, _ = add_working_days(start, 5)
    paused_from = start + dt.timedelta(hours=offset_hours)
    paused_to = paused_from + dt.timedelta(hours=pause_hours)
    new_due = extend_for_pause(due, paused_from, paused_to)
    if paused_from >= due:
        assert new_due == due
    else:
        assert working_minutes_between(due, new_due) == working_minutes_between(
            paused_from, paused_to
        )


# ---- add_working_time / warning_at -------------------------------------------------------------


def test_add_working_time_lands_on_24_00_and_does_not_skip_past_it():
    assert add_working_time(sh(2026, 11, 27, 20), dt.timedelta(hours=4)) == sh(2026, 11, 28)
    assert add_working_time(sh(2026, 11, 27, 20), dt.timedelta(hours=5)) == sh(2026, 11, 30, 1)
    for bad in (dt.timedelta(hours=-1), dt.timedelta(days=10**6), 3600):
        with pytest.raises(ValueError):
            add_working_time(sh(2026, 11, 27, 20), bad)
    with pytest.raises(ValueError):
        add_working_time(dt.datetime(9999, 12, 30, tzinfo=UTC), dt.timedelta(days=5))
    with pytest.raises(ValueError):
        add_working_days(dt.datetime(9999, 12, 28, tzinfo=UTC), 5)


def test_warning_at_eighty_percent_of_working_time():
    start = sh(2026, 9, 30, 9)
    due, _ = add_working_days(start, 3)  # Sat Oct 10 24:00
    warn = warning_at(start, due)
    # Working time: 15 h on Sep 30 + Oct 8, 9, 10 = 87 h; 80 % = 69.6 h = 15 h + 2 d + 6.6 h.
    assert warn == sh(2026, 10, 10, 6, 36)
    assert warning_at(start, due, 0.5) == sh(2026, 10, 9, 4, 30)
    assert warning_at(start, due, 1.0) == due


def test_start_at_midnight_is_24_00_of_the_previous_day():
    # Deadlines chain: 2 working days from "Thu 24:00" (Fri 00:00) count Fri and Mon: Mon 24:00.
    assert add_working_days(sh(2026, 11, 27), 2)[0] == sh(2026, 12, 1)
    assert add_working_days(sh(2026, 11, 26, 23, 59), 2)[0] == sh(2026, 12, 1)  # Thu filing
    assert add_working_days(sh(2026, 11, 27, 0, 0, 1), 2)[0] == sh(2026, 12, 2)  # Fri filing


def test_warning_for_urgent_hours_on_a_rest_day_uses_wall_clock():
    start = sh(2026, 11, 29, 10)  # Sunday
    due = start + dt.timedelta(hours=2)
    assert warning_at(start, due) == sh(2026, 11, 29, 11, 36)


@pytest.mark.parametrize("fraction", [0, -0.1, 1.5, "0.8", True, float("nan")])
def test_warning_at_rejects_bad_fraction(fraction):
    with pytest.raises(ValueError):
        warning_at(sh(2026, 11, 24), sh(2026, 11, 26), fraction)


def test_warning_at_rejects_due_before_start():
    with pytest.raises(ValueError):
        warning_at(sh(2026, 11, 26), sh(2026, 11, 24))


def test_is_working_day_rejects_datetime():
    with pytest.raises(ValueError):
        is_working_day(sh(2026, 11, 24))
