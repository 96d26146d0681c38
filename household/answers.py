"""An answer to one question, read against that question (its field, its member, its polarity).

``apply_answer(household, path, text, intent)`` stores what the answer says about ``path`` and
tells whether it was an answer, an honest 不知道, or something else (with a hint to ask again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from household.facts import MAX_HOUSEHOLD_SIZE, set_household_size
from household.paths import field_name, set_in_place
from household.vocabulary import BOOL_FIELDS, MONEY_FIELDS
from household.words import (
    KEYWORD_ENUMS,
    normalise_area,
    normalise_disability_type,
    normalise_event_type,
    normalise_relation,
    normalise_school_stage,
)
from zhtext.numbers import parse_age, parse_count, parse_grade, parse_money

DONT_KNOW_RE = re.compile(
    r"不[太大怎么]*(知道|清楚|确定|晓得|了解|懂)|说不好|说不清|记不清|不好说|没算过|没数|不详"
)
_NO_RE = re.compile(r"^(没有|没|无|不是|不|否|没呢|没有的|都没有|不用|不需要|不符合|不对)")
_YES_RE = re.compile(r"^(有|是|对|嗯|符合|可以|能|会|在|好|行|是的|对的|有的)")
_NEGATED_RE = re.compile(r"没有|不是|没|不能|不会|无|不符合|超过|超了|超出")
_ZERO_MONEY_RE = re.compile(r"没有?收入|没收入|无收入|一分钱都没有|没钱|零收入|^0$|^零$|没有$|^没$")
_PER_MONTH_RE = re.compile(r"一个月|每个?月|一月|月均|月收入|每年|一年|大概|大约|差不多|左右|收入")
_CORRECTION_RE = re.compile(r"不对|说错|搞错|弄错|更正|改一下|改成|应该是|其实是|是[^，。]*才对")


@dataclass
class Answer:
    """How an answer to the pending question went."""

    accepted: bool = False
    unknown: bool = False
    error: str | None = None
    value: Any = None


def is_dont_know(text: str) -> bool:
    return bool(DONT_KNOW_RE.search(text or ""))


def is_correction(text: str) -> bool:
    return bool(_CORRECTION_RE.search(text or ""))


def yes_no(text: str, intent: str | None) -> bool | None:
    """True/False for a yes/no answer, by intent first, then by the words."""
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    stripped = (text or "").strip().lstrip("嗯哦噢啊呃，, ")
    if _NO_RE.match(stripped):
        return False
    if _YES_RE.match(stripped):
        return True
    return None


def field_kind(path: str) -> str:
    if path in ("locality", "place"):
        return "place"
    if path in ("members", "household_size"):
        return "count"
    last = field_name(path)
    if last in MONEY_FIELDS or path.startswith("expenses_12m"):
        return "money"
    if last in BOOL_FIELDS:
        return "bool"
    if last in KEYWORD_ENUMS:
        return "keyword:" + last
    return {
        "age": "age",
        "disability": "disability",
        "area": "area",
        "relation": "relation",
        "school_stage": "school_stage",
        "events": "events",
        "type": "events",
        "current_benefits": "benefits",
    }.get(last, "unknown")


NUMBER_HINT = "请说一个数字，比如 2000；不清楚可以说“不知道”。"


def apply_answer(
    household: dict[str, Any], path: str, text: str, intent: str | None = None
) -> Answer:
    """Read the answer to the question about `path` from the text and store it (in place)."""
    text = (text or "").strip()
    if not text:
        return Answer(error="没有收到您的回答。")
    if is_dont_know(text):
        return Answer(unknown=True)
    kind = field_kind(path)
    if kind == "count":
        size = parse_count(text)
        if size is None and yes_no(text, None) is None:
            size = None
        if size is None or not 1 <= size <= MAX_HOUSEHOLD_SIZE:
            return Answer(error="请说家里共同生活的人数，比如 3。")
        set_household_size(household, size)
        return Answer(accepted=True, value=size)
    if kind == "money":
        spoken = _PER_MONTH_RE.sub("", text) or text
        money = 0.0 if _ZERO_MONEY_RE.search(text) else parse_money(spoken)
        if money is None or money < 0 or money > 10_000_000:
            return Answer(error=NUMBER_HINT)
        set_in_place(household, path, float(money))
        return Answer(accepted=True, value=float(money))
    if kind == "age":
        age = parse_age(text)
        if age is None or not 0 <= age <= 130:
            return Answer(error="请说年龄数字，比如 45。")
        set_in_place(household, path, int(age))
        return Answer(accepted=True, value=int(age))
    if kind == "bool":
        answer = yes_no(text, intent)
        if path.endswith("assets_within_local_limits"):
            # The question asks whether the property EXCEEDS the usual: “没有” means within limits.
            if re.search(r"超过|超了|存款多|有车|两套|好几套|第二套", text):
                answer = False
            elif answer is not None:
                answer = not answer
        if answer is None:
            return Answer(error="请回答“是”或“不是”（“有”或“没有”）。")
        set_in_place(household, path, answer)
        return Answer(accepted=True, value=answer)
    if kind == "disability":
        grade = parse_grade(text)
        kind_of = normalise_disability_type(text)
        if grade is None and kind_of is None:
            answer = yes_no(text, intent)
            if answer is None:
                return Answer(error="有残疾证吗？有的话请说几级，比如“二级肢体”；没有请说“没有”。")
            set_in_place(household, path, {} if answer else None)
            return Answer(accepted=True, value={} if answer else None)
        disability: dict[str, Any] = {}
        if grade is not None and 1 <= grade <= 4:
            disability["grade"] = grade
        if kind_of:
            disability["type"] = kind_of
        set_in_place(household, path, disability)
        return Answer(accepted=True, value=disability)
    if kind == "area":
        area = normalise_area(text)
        if area is None:
            return Answer(error="请说“城镇”或“农村”。")
        set_in_place(household, path, area)
        return Answer(accepted=True, value=area)
    if kind == "relation":
        relation = normalise_relation(text)
        if relation is None:
            return Answer(error="请说是您的什么人，比如 配偶、孩子、父母。")
        set_in_place(household, path, relation)
        return Answer(accepted=True, value=relation)
    if kind == "school_stage":
        stage = normalise_school_stage(text)
        if stage is None:
            if yes_no(text, intent) is False:
                set_in_place(household, path.rsplit(".", 1)[0] + ".employment", "none")
                return Answer(accepted=True, value=None)
            return Answer(error="请说在读哪个阶段，比如 小学、初中、高中、大学。")
        set_in_place(household, path, stage)
        return Answer(accepted=True, value=stage)
    if kind == "events":
        event = normalise_event_type(text)
        if event is None:
            if yes_no(text, intent) is False:
                household.setdefault("events", [])
                return Answer(accepted=True, value=[])
            return Answer(error="请简单说一下发生了什么，比如 火灾、车祸、突发重病、失业。")
        events = household.setdefault("events", [])
        if all(e.get("type") != event for e in events):
            events.append({"type": event})
        return Answer(accepted=True, value=event)
    if kind.startswith("keyword:"):
        name = kind.split(":", 1)[1]
        for value, pattern in KEYWORD_ENUMS[name]:
            if re.search(pattern, text):
                set_in_place(household, path, value)
                return Answer(accepted=True, value=value)
        return Answer(error="没听明白，请换个说法，或者说“不知道”。")
    if kind == "benefits":
        answer = yes_no(text, intent)
        if answer is False:
            household["current_benefits"] = []
            return Answer(accepted=True, value=[])
        return Answer(unknown=True)
    return Answer(unknown=True)
