"""Written-down defaults, applied before any question is asked.

A default fills a fact the household did not state with what the rules or the law make near
certain; it is reported in the result (``defaults_applied``) and in the reasons, and an answer
always overrides it. ``most_decisive_unknowns`` never asks about a fact a default settles.

| fact | default | when | why |
| --- | --- | --- | --- |
| ``employment`` | ``student`` | aged 6-15, employment and school stage not stated | 义务教育法 第十一条: 适龄儿童 must attend school |
| ``monthly_income`` | ``0`` | under 16, or in school | 劳动法 第十五条 forbids employing under-16s; a pupil's or student's income is asked only if the caller raises it |
| ``able_to_work`` | ``false`` | under 16 | 《特困人员认定办法》第五条: 未满16周岁 = 无劳动能力 |
| ``able_to_work`` | ``true`` | in work or seeking work (employed, flexible, unemployed) and no disability grade known that the rules count as 无劳动能力 | the person works or looks for work |
"""

from __future__ import annotations

from typing import Any

from policies.facts import ABLE_EMPLOYMENTS, NO_WORK_DISABILITY
from policies.parameters import ParameterSet

COMPULSORY_SCHOOL_AGES = (6, 15)

WHY = {
    "school": "6-15周岁适龄儿童、少年推定在接受义务教育（义务教育法 第十一条），如未上学请告知",
    "income_child": "未满16周岁不得被招用（劳动法 第十五条），未告知收入的按无收入计算",
    "income_student": "在校学生未告知收入的按无收入计算",
    "unable_child": "未满16周岁视为无劳动能力（《特困人员认定办法》第五条）",
    "able_worker": "正在工作或在找工作，视为有劳动能力",
}


def _qualifying_disability(member: dict[str, Any]) -> bool:
    info = member.get("disability")
    if not isinstance(info, dict):
        return False
    return info.get("grade") in NO_WORK_DISABILITY.get(str(info.get("type", "")), ())


def apply_defaults(
    household: dict[str, Any], params: ParameterSet
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(a copy of the validated household with the defaults filled in, the defaults applied)."""
    child_age = int(params.get("child_no_work_age"))
    members: list[dict[str, Any]] = []
    applied: list[dict[str, Any]] = []

    def fill(index: int, member: dict[str, Any], field: str, value: Any, why: str) -> None:
        member[field] = value
        applied.append({"fact": f"members[{index}].{field}", "value": value, "why": WHY[why]})

    for index, original in enumerate(household["members"]):
        member = dict(original)
        age = member.get("age")
        low, high = COMPULSORY_SCHOOL_AGES
        if (
            age is not None
            and low <= age <= high
            and "employment" not in member
            and "school_stage" not in member
        ):
            fill(index, member, "employment", "student", "school")
        child = age is not None and age < child_age
        in_school = "school_stage" in member or member.get("employment") == "student"
        if "monthly_income" not in member and (child or in_school):
            fill(index, member, "monthly_income", 0, "income_child" if child else "income_student")
        if "able_to_work" not in member:
            if child:
                fill(index, member, "able_to_work", False, "unable_child")
            elif member.get("employment") in ABLE_EMPLOYMENTS and not _qualifying_disability(
                member
            ):
                fill(index, member, "able_to_work", True, "able_worker")
        members.append(member)
    return {**household, "members": members}, applied
