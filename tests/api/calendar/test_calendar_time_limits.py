"""Time limits per step, urgency and kind: due_at, kind_for_category and the settings file."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from api.calendar import time_limits
from api.calendar.time_limits import (
    Due,
    TimeLimitsError,
    can_request_extension,
    clear_time_limits_cache,
    due_at,
    kind_for_category,
    load_time_limits,
    parse_time_limits,
)
from api.calendar.workdays import add_working_days, extend_for_pause

SH = ZoneInfo("Asia/Shanghai")
UTC = dt.timezone.utc
SHIPPED = yaml.safe_load(Path(time_limits.DEFAULT_TIME_LIMITS_FILE).read_text(encoding="utf-8"))
CONTRACT_CATEGORIES = [
    "request_dibao", "request_tekun", "request_temporary", "request_medical", "request_education",
    "request_housing", "request_employment", "request_disability", "request_child_welfare",
    "request_disaster", "request_vagrant", "ask_eligibility", "complain_handling", "report_fraud",
    "query_ticket_status", "out_of_scope",
]  # fmt: skip


def sh(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


@pytest.fixture
def limits_file(tmp_path, monkeypatch):
    """Write a settings document and point TIME_LIMITS_FILE at it."""

    def write(document) -> Path:
        path = tmp_path / "limits.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv(time_limits.TIME_LIMITS_ENV, str(path))
        clear_time_limits_cache()
        return path

    yield write
    monkeypatch.delenv(time_limits.TIME_LIMITS_ENV, raising=False)
    clear_time_limits_cache()


# ---- kinds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "kind"),
    [
        ("request_dibao", "help"),
        ("request_vagrant", "help"),
        ("complain_handling", "complaint"),
        ("report_fraud", "complaint"),
        ("ask_eligibility", "consult"),
        ("query_ticket_status", "consult"),
        ("out_of_scope", "general"),
    ],
)
def test_kind_for_category(category, kind):
    assert kind_for_category(category) == kind


def test_every_contract_category_has_a_kind():
    assert {kind_for_category(c) for c in CONTRACT_CATEGORIES} == {
        "help",
        "complaint",
        "consult",
        "general",
    }


@pytest.mark.parametrize(
    "category",
    [
        "",
        "request_",
        "greet",
        "REQUEST_DIBAO",
        "x" * 10_000,
        "request_💥" * 20,
        None,
        3,
        ["request_dibao"],
    ],
)
def test_unknown_or_bad_category_is_a_value_error(category):
    with pytest.raises(ValueError):
        kind_for_category(category)


# ---- due_at ------------------------------------------------------------------------------------


def test_close_limits_per_kind_from_a_tuesday():
    start = sh(2026, 11, 24, 9)  # Tuesday
    expected = {
        "request_medical": sh(2026, 11, 28),  # 3 working days -> Fri 24:00
        "ask_eligibility": sh(2026, 11, 28),  # 3
        "out_of_scope": sh(2026, 12, 2),  # 5 -> Tue 24:00
        "complain_handling": sh(2026, 12, 12),  # 13 -> Fri Dec 11 24:00
        "report_fraud": sh(2026, 12, 12),
    }
    for category, at in expected.items():
        due = due_at("close", category=category, urgency="normal", start=start)
        assert due.at == at, category
        assert not due.provisional
        assert "山东" in due.rule


def test_close_across_national_day_and_makeup_saturday():
    due = due_at("close", category="request_dibao", urgency="normal", start=sh(2026, 9, 30, 10))
    assert due == Due(at=sh(2026, 10, 11), provisional=False, rule=due.rule)  # Sat Oct 10 24:00


def test_complaint_filed_late_december_2026_is_provisional_in_2027():
    due = due_at(
        "close", category="complain_handling", urgency="normal", start=sh(2026, 12, 28, 15)
    )
    assert due.at == sh(2027, 1, 16)
    assert due.provisional
    callback = due_at(
        "callback", category="complain_handling", urgency="normal", start=sh(2026, 12, 31, 17)
    )
    assert callback.at == sh(2027, 1, 5)  # Jan 1 元旦 skipped, Mon Jan 4 24:00
    assert callback.provisional


def test_urgent_accept_is_two_wall_clock_hours_even_on_a_holiday():
    start = dt.datetime(2026, 10, 2, 3, 30, tzinfo=UTC)
    due = due_at("accept", category="request_temporary", urgency="urgent", start=start)
    assert due.at == start + dt.timedelta(hours=2)
    assert due.at.tzinfo is UTC
    assert "北京市接诉即办工作条例" in due.rule


def test_return_window_and_normal_accept_are_one_working_day():
    start = sh(2026, 11, 27, 18)  # Friday evening
    for step in ("return", "accept"):
        assert due_at(step, category="request_housing", urgency="normal", start=start).at == sh(
            2026, 12, 1
        )
    assert (
        "衡阳" in due_at("return", category="request_housing", urgency="normal", start=start).rule
    )
    # accept borrows the return window by analogy: marked provisional in the settings file.
    assert due_at("accept", category="request_housing", urgency="normal", start=start).provisional


def test_extension_max_and_pause():
    close = due_at("close", category="request_dibao", urgency="normal", start=sh(2026, 11, 23, 9))
    assert close.at == sh(2026, 11, 27)
    latest = due_at("extension_max", category="request_dibao", urgency="normal", start=close.at)
    assert latest.at == sh(2026, 12, 11)  # 10 working days after Thu Nov 26 -> Thu Dec 10 24:00
    assert can_request_extension(sh(2026, 11, 26, 23, 59), close.at)
    assert not can_request_extension(close.at, close.at)
    # While the request awaits approval (Wed 10:00 -> Thu 10:00) the clock stands still.
    paused = extend_for_pause(close.at, sh(2026, 11, 25, 10), sh(2026, 11, 26, 10))
    assert paused == sh(2026, 11, 28)  # one working day later: Friday 24:00


def test_temporary_assistance_decision_15_working_days_with_stages():
    due = due_at(
        "temporary_decision",
        category="request_temporary",
        urgency="normal",
        start=sh(2026, 9, 14, 9),
    )
    # Sep 15-18 (4), Sep 20 Sunday 调休 (5), Sep 21-24 (9), Sep 25 中秋 off, Sep 28-30 (12), Oct 8-10 (15).
    assert due.at == sh(2026, 10, 11)
    limit = load_time_limits().limit("temporary_decision", "normal", "help")
    assert [(s.name, s.working_days) for s in limit.stages] == [
        ("受理", 1),
        ("审核", 9),
        ("审批", 5),
    ]
    urgent = due_at(
        "temporary_decision",
        category="request_temporary",
        urgency="urgent",
        start=sh(2026, 9, 14, 9),
    )
    assert urgent.at == sh(2026, 9, 16, 9)


@pytest.mark.parametrize(
    ("step", "category", "urgency"),
    [
        ("reply", "request_dibao", "normal"),
        ("", "request_dibao", "normal"),
        ("close", "request_unknown_but_prefixed", "normal"),  # prefix match: valid, see below
        ("close", "greet", "normal"),
        ("close", "request_dibao", "URGENT"),
        ("close", "request_dibao", "紧急"),
        ("close", "request_dibao", None),
        (None, "request_dibao", "normal"),
        ("close'; DROP TABLE tickets;--", "request_dibao", "normal"),
        ("<script>", "request_dibao", "normal"),
    ],
)
def test_bad_step_category_urgency_are_value_errors(step, category, urgency):
    call = lambda: due_at(step, category=category, urgency=urgency, start=sh(2026, 11, 24, 9))  # noqa: E731
    if category == "request_unknown_but_prefixed":
        assert call().at == sh(2026, 11, 28)  # any request_* is a 求助 ticket
        return
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value)


def test_naive_start_is_a_value_error():
    with pytest.raises(ValueError):
        due_at("close", category="request_dibao", urgency="normal", start=dt.datetime(2026, 11, 24))


def test_dispatch_has_its_own_urgent_and_normal_limit():
    start = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SH)  # a Tuesday
    urgent = due_at("dispatch", category="request_temporary", urgency="urgent", start=start)
    normal = due_at("dispatch", category="request_dibao", urgency="normal", start=start)
    assert urgent.at - start == dt.timedelta(minutes=30)
    assert normal.at == dt.datetime(2026, 11, 26, 0, 0, tzinfo=SH)
    assert urgent.provisional and "派单" in urgent.rule and "派单" in normal.rule


def test_every_limit_cites_a_source():
    settings = load_time_limits()
    assert len(settings.limits) == 7 * 2 * 4  # steps (派单 included) x urgencies x kinds
    assert all(limit.source for limit in settings.limits.values())
    assert settings.warning_fraction == 0.8


# ---- settings file -----------------------------------------------------------------------------


def test_env_file_overrides_limits(limits_file):
    document = copy.deepcopy(SHIPPED)
    document["limits"]["close"]["normal"]["help"]["working_days"] = 7
    document["limits"]["close"]["normal"]["help"]["source"] = "本地规定：求助类7个工作日"
    limits_file(document)
    due = due_at("close", category="request_dibao", urgency="normal", start=sh(2026, 11, 24, 9))
    assert due.at == add_working_days(sh(2026, 11, 24, 9), 7)[0]
    assert due.rule == "本地规定：求助类7个工作日"
    # Other kinds keep the shipped figures.
    assert due_at(
        "close", category="ask_eligibility", urgency="normal", start=sh(2026, 11, 24, 9)
    ).at == sh(2026, 11, 28)


def _broken(mutate) -> dict:
    document = copy.deepcopy(SHIPPED)
    mutate(document)
    return document


@pytest.mark.parametrize(
    "document",
    [
        None,
        [],
        _broken(lambda d: d.pop("categories")),
        _broken(lambda d: d["categories"].update({"request_x": "urgent"})),
        _broken(lambda d: d["limits"].pop("callback")),
        _broken(lambda d: d["limits"].update({"escalate": d["limits"]["callback"]})),
        _broken(lambda d: d["limits"]["close"]["normal"].pop("complaint")),
        _broken(lambda d: d["limits"]["accept"]["normal"].pop("source")),
        _broken(lambda d: d["limits"]["accept"]["normal"].update({"hours": 2})),
        _broken(lambda d: d["limits"]["accept"]["normal"].update({"working_days": 0})),
        _broken(lambda d: d["limits"]["accept"]["normal"].update({"working_days": "1"})),
        _broken(lambda d: d["limits"]["accept"]["urgent"].update({"hours": -2})),
        _broken(lambda d: d["limits"]["accept"]["urgent"].update({"provisional": "no"})),
        _broken(lambda d: d["limits"]["temporary_decision"]["normal"]["stages"].pop()),
        _broken(lambda d: d.update({"warning_fraction": 1.5})),
    ],
)
def test_malformed_settings_are_rejected(document):
    with pytest.raises(TimeLimitsError):
        parse_time_limits(document)


def test_unreadable_or_invalid_yaml_file_is_a_clear_error(tmp_path):
    with pytest.raises(TimeLimitsError, match="无法读取"):
        load_time_limits(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("limits: [unclosed", encoding="utf-8")
    with pytest.raises(TimeLimitsError, match="YAML"):
        load_time_limits(bad)
