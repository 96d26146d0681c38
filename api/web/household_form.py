"""The household as an HTML form (the intake page): every member with its relation, age, income,
illness, disability, school and self-care, and the household's income, costs, housing and
events — read back into a household.schema.json document, with a Chinese message per bad field.

Field names: ``m{i}_{field}`` for member i, ``hh_{field}`` for the household, ``ev{j}_{field}``
for event j; ``members`` and ``events`` say how many rows the form had.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from household.vocabulary import (
    AREA_ZH,
    DISABILITY_TYPE_ZH,
    EMPLOYMENT_ZH,
    EVENT_TYPE_ZH,
    HOUSING_ZH,
    RELATION_ZH,
    SCHOOL_STAGE_ZH,
    SELF_CARE_ZH,
)

MAX_MEMBERS = 20
MAX_EVENTS = 5
SPARE_MEMBERS = 2  # empty rows the form offers for members the text did not name
MAX_MONEY = 100_000_000
YES_NO = {"yes": True, "no": False}

LABELS = {
    "relation": RELATION_ZH,
    "disability_type": DISABILITY_TYPE_ZH,
    "school_stage": SCHOOL_STAGE_ZH,
    "self_care": SELF_CARE_ZH,
    "employment": EMPLOYMENT_ZH,
    "area": AREA_ZH,
    "housing": HOUSING_ZH,
    "event": EVENT_TYPE_ZH,
}


# The facts the form shows; any other fact (a child's parents, a supporter, benefits already
# received…) rides along in a hidden field, so that nothing the text told is lost.
MEMBER_FIELDS = frozenset(
    {
        "relation",
        "age",
        "monthly_income",
        "disability",
        "serious_illness",
        "school_stage",
        "self_care",
        "employment",
        "able_to_work",
    }
)
HOUSEHOLD_FIELDS = frozenset(
    {
        "locality",
        "members",
        "area",
        "housing",
        "household_monthly_income",
        "expenses_12m",
        "events",
        "homeless",
    }
)
MAX_EXTRA_CHARS = 4000


def _extra(doc: dict[str, Any], shown: frozenset[str]) -> str:
    rest = {k: v for k, v in doc.items() if k not in shown and not k.startswith("_")}
    return json.dumps(rest, ensure_ascii=False) if rest else ""


def form_rows(household: dict[str, Any] | None) -> dict[str, Any]:
    """What the template shows: the members (plus empty rows to add some), the events, and the
    hidden rest of each."""
    household = household or {}
    members = [dict(m) for m in household.get("members") or [{"relation": "self"}]]
    members += [{} for _ in range(SPARE_MEMBERS)]
    events = [dict(e) for e in household.get("events") or []] + [{}]
    return {
        "members": [{**m, "_extra": _extra(m, MEMBER_FIELDS)} for m in members[:MAX_MEMBERS]],
        "events": events[:MAX_EVENTS],
        "extra": _extra(household, HOUSEHOLD_FIELDS),
    }


def _hidden(form: Mapping[str, Any], key: str, shown: frozenset[str]) -> dict[str, Any]:
    value = form.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_EXTRA_CHARS:
        return {}
    try:
        doc = json.loads(value)
    except ValueError:
        return {}
    return {k: v for k, v in doc.items() if k not in shown} if isinstance(doc, dict) else {}


class FormErrors(list):
    """Messages about bad fields, in Chinese."""


def _text(form: Mapping[str, Any], key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _count(form: Mapping[str, Any], key: str, cap: int) -> int:
    value = _text(form, key)
    return min(int(value), cap) if value.isdigit() else 0


def _choice(form, key: str, allowed, errors: FormErrors, what: str) -> str | None:
    value = _text(form, key)
    if not value:
        return None
    if value not in allowed:
        errors.append(f"{what}的选项无效")
        return None
    return value


def _money(form, key: str, errors: FormErrors, what: str) -> float | None:
    value = _text(form, key).replace(",", "").replace("，", "")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        errors.append(f"{what}须为数字（元）")
        return None
    if not 0 <= number <= MAX_MONEY or number != number:
        errors.append(f"{what}须在 0 到 1 亿元之间")
        return None
    return int(number) if number.is_integer() else round(number, 2)


def _integer(form, key: str, low: int, high: int, errors: FormErrors, what: str) -> int | None:
    value = _text(form, key)
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        errors.append(f"{what}须为 {low}–{high} 的整数")
        return None
    return int(value)


def _member(form, i: int, errors: FormErrors) -> dict[str, Any]:
    who = f"第{i + 1}位成员"
    member: dict[str, Any] = _hidden(form, f"m{i}_extra", MEMBER_FIELDS)
    relation = _choice(form, f"m{i}_relation", RELATION_ZH, errors, f"{who}的关系")
    if i == 0:
        relation = "self"
    if relation:
        member["relation"] = relation
    age = _integer(form, f"m{i}_age", 0, 130, errors, f"{who}的年龄")
    if age is not None:
        member["age"] = age
    income = _money(form, f"m{i}_income", errors, f"{who}的月收入")
    if income is not None:
        member["monthly_income"] = income
    grade = _integer(form, f"m{i}_disability_grade", 1, 4, errors, f"{who}的残疾等级")
    kind = _choice(form, f"m{i}_disability_type", DISABILITY_TYPE_ZH, errors, f"{who}的残疾类别")
    if grade is not None or kind:
        member["disability"] = {
            k: v for k, v in (("grade", grade), ("type", kind)) if v is not None
        }
    if _text(form, f"m{i}_illness") == "on":
        member["serious_illness"] = True
    for field, table, what in (
        ("school_stage", SCHOOL_STAGE_ZH, "在读学段"),
        ("self_care", SELF_CARE_ZH, "自理能力"),
        ("employment", EMPLOYMENT_ZH, "就业状况"),
    ):
        value = _choice(form, f"m{i}_{field}", table, errors, f"{who}的{what}")
        if value:
            member[field] = value
    able = _text(form, f"m{i}_able_to_work")
    if able in YES_NO:
        member["able_to_work"] = YES_NO[able]
    return member


def parse_household(form: Mapping[str, Any], locality: str) -> tuple[dict[str, Any], FormErrors]:
    """The household document of the form (empty member rows left out) and the errors."""
    errors = FormErrors()
    members = []
    for i in range(_count(form, "members", MAX_MEMBERS)):
        member = _member(form, i, errors)
        if i == 0 or member:
            members.append(member or {"relation": "self"})
    household: dict[str, Any] = {
        **_hidden(form, "hh_extra", HOUSEHOLD_FIELDS),
        "locality": locality,
        "members": members or [{"relation": "self"}],
    }
    area = _choice(form, "hh_area", AREA_ZH, errors, "城乡")
    if area:
        household["area"] = area
    housing = _choice(form, "hh_housing", HOUSING_ZH, errors, "住房情况")
    if housing:
        household["housing"] = housing
    income = _money(form, "hh_income", errors, "家庭月收入")
    if income is not None:
        household["household_monthly_income"] = income
    expenses = {}
    for field, what in (
        ("medical_out_of_pocket", "近12个月医疗自付费用"),
        ("education", "近12个月教育支出"),
        ("disability_and_care", "近12个月残疾护理支出"),
    ):
        value = _money(form, f"hh_{field}", errors, what)
        if value is not None:
            expenses[field] = value
    if expenses:
        household["expenses_12m"] = expenses
    events = []
    for j in range(_count(form, "events", MAX_EVENTS)):
        kind = _choice(form, f"ev{j}_type", EVENT_TYPE_ZH, errors, f"第{j + 1}个突发事件的类型")
        loss = _money(form, f"ev{j}_loss", errors, f"第{j + 1}个突发事件的损失")
        if kind:
            events.append({"type": kind, **({"loss": loss} if loss is not None else {})})
        elif loss is not None:
            errors.append(f"第{j + 1}个突发事件请选择类型")
    if events:
        household["events"] = events
    if _text(form, "hh_homeless") == "on":
        household["homeless"] = True
    return household, errors
