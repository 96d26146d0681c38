"""Plain-Python validation of household facts against household.schema.json (contract v1).

Every failure raises InvalidHousehold with a one-line message "中文 / English" naming the field.
Unknown extra fields are accepted and ignored (the contract allows more fields).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from household.vocabulary import (
    AREAS,
    DISABILITY_TYPES,
    EVENT_TYPES,
    EXPENSE_FIELDS,
    HOUSING,
    MEMBER_BOOLS,
    MEMBER_ENUMS,
    MEMBER_MONEY,
    RESIDENCIES,
)
from policies.errors import InvalidHousehold
from policies.parameters import LOCALITY_PATTERN


def _fail(zh: str, en: str) -> InvalidHousehold:
    return InvalidHousehold(f"{zh} / {en}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_money(value: Any, path: str) -> None:
    if not _is_number(value):
        raise _fail(f"{path} 应为数字（元）", f"{path} must be a number of yuan")
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail(f"{path} 不是有效数字", f"{path} must be a finite number")
    if value < 0:
        raise _fail(f"{path} 不能为负数", f"{path} must not be negative")


def _check_enum(value: Any, allowed: tuple[str, ...], path: str) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise _fail(
            f"{path} 取值无效，应为 {'/'.join(allowed)} 之一",
            f"{path} must be one of {', '.join(allowed)}",
        )


def _check_bool(value: Any, path: str) -> None:
    if not isinstance(value, bool):
        raise _fail(f"{path} 应为是/否（true/false）", f"{path} must be true or false")


def _check_date(value: Any, path: str) -> None:
    if not isinstance(value, str) or len(value) != 10:
        raise _fail(f"{path} 日期格式错误，应为 YYYY-MM-DD", f"{path} must be a date YYYY-MM-DD")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(
            f"{path} 日期格式错误，应为 YYYY-MM-DD", f"{path} must be a date YYYY-MM-DD"
        ) from None


def _check_integer(value: Any, path: str, low: int, high: int) -> None:
    is_integer = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not is_integer:
        raise _fail(f"{path} 应为整数", f"{path} must be an integer")
    if not low <= value <= high:
        raise _fail(f"{path} 应在 {low} 到 {high} 之间", f"{path} must be between {low} and {high}")


def _check_disability(value: Any, path: str) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        raise _fail(f"{path} 应为对象或 null", f"{path} must be an object or null")
    if "grade" in value:
        _check_integer(value["grade"], f"{path}.grade", 1, 4)
    if "type" in value:
        _check_enum(value["type"], DISABILITY_TYPES, f"{path}.type")


def _check_member(member: Any, index: int) -> None:
    path = f"members[{index}]"
    if not isinstance(member, dict):
        raise _fail(f"{path} 应为对象", f"{path} must be an object")
    for field, allowed in MEMBER_ENUMS.items():
        if field in member:
            _check_enum(member[field], allowed, f"{path}.{field}")
    for field in MEMBER_BOOLS:
        if field in member:
            _check_bool(member[field], f"{path}.{field}")
    for field in MEMBER_MONEY:
        if field in member:
            _check_money(member[field], f"{path}.{field}")
    if "age" in member:
        _check_integer(member["age"], f"{path}.age", 0, 130)
    if "disability" in member:
        _check_disability(member["disability"], f"{path}.disability")


def _check_events(events: Any) -> None:
    if not isinstance(events, list):
        raise _fail("events 应为列表", "events must be a list")
    for index, event in enumerate(events):
        path = f"events[{index}]"
        if not isinstance(event, dict) or "type" not in event:
            raise _fail(f"{path} 应为含 type 的对象", f"{path} must be an object with a type")
        _check_enum(event["type"], EVENT_TYPES, f"{path}.type")
        if "date" in event:
            _check_date(event["date"], f"{path}.date")
        if "loss" in event:
            _check_money(event["loss"], f"{path}.loss")


def _drop_nulls(data: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """A null optional field is read as unknown (the same as leaving it out)."""
    return {k: v for k, v in data.items() if v is not None or k in keep}


def _normalise_member(member: dict[str, Any]) -> dict[str, Any]:
    member = _drop_nulls(member, keep=("disability",))
    if isinstance(member.get("disability"), dict):
        member["disability"] = _drop_nulls(member["disability"])
    return member


def validate_household(household: Any) -> dict[str, Any]:
    """Return the normalised facts, or raise InvalidHousehold for an invalid document.

    Normalising only drops optional fields given as null (unknown); ``disability: null`` is kept,
    as it means "no 残疾人证".
    """
    if not isinstance(household, dict):
        raise _fail("家庭信息应为 JSON 对象", "household facts must be a JSON object")
    return _validate(_drop_nulls(household))


def _validate(household: dict[str, Any]) -> dict[str, Any]:
    if isinstance(household.get("members"), list):
        household["members"] = [
            _normalise_member(m) if isinstance(m, dict) else m for m in household["members"]
        ]
    if isinstance(household.get("events"), list):
        household["events"] = [
            _drop_nulls(e) if isinstance(e, dict) else e for e in household["events"]
        ]
    if isinstance(household.get("expenses_12m"), dict):
        household["expenses_12m"] = _drop_nulls(household["expenses_12m"])
    locality = household.get("locality")
    if locality is None:
        raise _fail("缺少地区代码 locality", "locality is required")
    if not isinstance(locality, str) or not LOCALITY_PATTERN.match(locality):
        raise _fail("地区代码格式错误：应为6位数字", "locality must be 6 digits")
    members = household.get("members")
    if not isinstance(members, list) or not members:
        raise _fail("家庭成员 members 至少需要一人", "members must be a non-empty list")
    for index, member in enumerate(members):
        _check_member(member, index)
    if "as_of" in household:
        _check_date(household["as_of"], "as_of")
    if "area" in household:
        _check_enum(household["area"], AREAS, "area")
    if "residency" in household:
        _check_enum(household["residency"], RESIDENCIES, "residency")
    if "housing" in household:
        _check_enum(household["housing"], HOUSING, "housing")
    for field in ("household_monthly_income", "last_year_total_income"):
        if field in household:
            _check_money(household[field], field)
    for field in ("assets_within_local_limits", "homeless", "union_worker_hardship"):
        if field in household:
            _check_bool(household[field], field)
    if "expenses_12m" in household:
        expenses = household["expenses_12m"]
        if not isinstance(expenses, dict):
            raise _fail("expenses_12m 应为对象", "expenses_12m must be an object")
        for field in EXPENSE_FIELDS:
            if field in expenses:
                _check_money(expenses[field], f"expenses_12m.{field}")
    if "events" in household:
        _check_events(household["events"])
    if "current_benefits" in household:
        benefits = household["current_benefits"]
        if not isinstance(benefits, list) or not all(isinstance(b, str) for b in benefits):
            raise _fail(
                "current_benefits 应为项目代码列表", "current_benefits must be a list of strings"
            )
    return household
