"""Short Chinese phrases for what is known of a household, for summaries and work orders."""

from __future__ import annotations

from typing import Any

from household.facts import household_size
from household.vocabulary import (
    CN_GRADE,
    DISABILITY_TYPE_ZH,
    EVENT_TYPE_ZH,
    HOUSING_ZH,
    SCHOOL_STAGE_ZH,
    relation_zh,
)


def describe_facts(household: dict[str, Any]) -> list[str]:
    """Short Chinese phrases for what is known, for summaries."""
    phrases: list[str] = []
    size = household_size(household)
    if size:
        phrases.append(f"{size}口人")
    if household.get("area"):
        phrases.append("城镇" if household["area"] == "urban" else "农村")
    if "household_monthly_income" in household:
        phrases.append(f"家庭月收入{_yuan(household['household_monthly_income'])}")
    for index, member in enumerate(household.get("members") or []):
        who = relation_zh(member, f"第{index + 1}位家人")
        if index == 0 and household.get("_for"):
            who = f"{household['_for']}（申请人）"  # 「我替我妈问一下」: the household is hers
        bits = []
        if "age" in member:
            bits.append(f"{member['age']}岁")
        if "monthly_income" in member:
            bits.append(f"月收入{_yuan(member['monthly_income'])}")
        disability = member.get("disability")
        if disability:
            grade = disability.get("grade")
            kind = DISABILITY_TYPE_ZH.get(disability.get("type") or "", "")
            bits.append(f"{CN_GRADE.get(grade, '')}{'级' if grade else ''}{kind}残疾".strip())
        if member.get("serious_illness"):
            bits.append("患重病")
        if member.get("school_stage"):
            bits.append(SCHOOL_STAGE_ZH.get(member["school_stage"], "在读"))
        if bits:
            phrases.append(who + "".join("，" + b if i else b for i, b in enumerate(bits)))
    for event in household.get("events") or []:
        phrases.append("遭遇" + EVENT_TYPE_ZH.get(event.get("type", ""), "突发事件"))
    if household.get("housing") in HOUSING_ZH:
        phrases.append(HOUSING_ZH[household["housing"]])
    return phrases


def _yuan(value: Any) -> str:
    number = float(value)
    return f"{int(number)}元" if number.is_integer() else f"{number:.1f}元"
