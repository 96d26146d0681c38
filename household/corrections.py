"""Corrections to the summary before filing: 「残疾那条不对」「是四口人」「我没有残疾证啊」.

``apply_correction(household, text)`` finds which fact the words are about (by topic words),
reads a new value when the words give one, and otherwise takes the fact back (a disability line
that is wrong becomes "no certificate"; any other wrong fact becomes unknown). It returns the
topics it changed, so the assistant can say what it changed and estimate again.
"""

from __future__ import annotations

import re
from typing import Any

from household.answers import read_disability, read_money
from household.facts import set_household_size
from household.words import RELATION_WORDS, normalise_relation, normalise_school_stage
from zhtext.numbers import parse_age, parse_count

# Topic -> the words that name it in a correction.
TOPICS: dict[str, str] = {
    "disability": r"残疾|残疾证|证",
    "members": r"几口|口人|人口|几个人|家里人数",
    "income": r"收入|挣|工资|养老金|钱|块|元|月薪|一个月|每个?月",
    "age": r"岁|年龄|年纪|多大",
    "illness": r"病|癌|透析",
    "school": r"上学|读书|年级|初中|高中|小学|大学|职校",
    "housing": r"房|住",
    "events": r"车祸|火灾|受灾|突发|失业",
}
TOPIC_ZH = {
    "disability": "残疾证",
    "members": "家里人数",
    "income": "收入",
    "age": "年龄",
    "illness": "重病",
    "school": "上学",
    "housing": "住房",
    "events": "突发事件",
}
_WRONG_RE = re.compile(
    r"不对|错了|说错|搞错|弄错|记错|不是|没有|没|不用|去掉|删掉|删了|更正|改一下|改成|应该是|其实是"
)


_PAST_RE = re.compile(r"不是|原先|原来|以前|之前|过去|那时")


# 「不是一万三」「多打了个零」: the sum said wrong, or a word about the typing, no sum.
_WRONG_SUM_RE = re.compile(r"^不是|打了个?零|多了个?零|少了个?零|多打|少打|打错")


def _latest_money(text: str) -> float | None:
    """The sum a correction gives: the last one said, not one said to be past or wrong
    (「两千是原先的，现在一个月就一千出头」 -> 1000)."""
    found = None
    for clause in re.split(r"[，,。；;！!？?\n\s]", text or ""):
        if _PAST_RE.search(clause) or _WRONG_SUM_RE.search(clause):
            continue
        money = (
            read_money(clause)
            if re.search(r"[0-9零一二两三四五六七八九十百千万]", clause)
            else None
        )
        if money is not None:
            found = money
    return found if found is not None else read_money(text)


def topics_in(text: str) -> list[str]:
    return [topic for topic, words in TOPICS.items() if re.search(words, text or "")]


def is_correction_of_summary(text: str) -> bool:
    """The words say a fact of the summary is wrong (and name which)."""
    return bool(topics_in(text)) and bool(_WRONG_RE.search(text or ""))


def apply_correction(household: dict[str, Any], text: str) -> list[str]:
    """Correct the facts the words are about (in place); the topics changed."""
    changed: list[str] = []
    members = household.setdefault("members", [{"relation": "self"}])
    named = _member_named(members, text)
    topics = topics_in(text)
    with_certificate = [m for m in members if m.get("disability")]
    # 「不对 是二级精神残疾 今年三十岁」: one person's facts — the one named, else the one
    # whose certificate is corrected in the same words
    certified = with_certificate
    if "disability" in topics and len(certified) > 1:
        # of two certificates, the one of the kind corrected (「二级精神残疾」: the mental one)
        said = read_disability(text, None)[1]
        kind = said.get("type") if isinstance(said, dict) else None
        certified = [m for m in certified if (m.get("disability") or {}).get("type") == kind]
    person = named or (certified[0] if "disability" in topics and len(certified) == 1 else None)
    for topic in topics:
        if topic == "disability":
            understood, value = read_disability(text, None)
            targets = [person] if person else (with_certificate or members[:1])
            for member in targets:
                member["disability"] = value if understood else None
            changed.append(topic)
        elif topic == "members":
            size = parse_count(text)
            if size:
                set_household_size(household, size)
                changed.append(topic)
        elif topic == "income":
            money = _latest_money(text)
            if money is not None:
                for member in members:
                    member.pop("monthly_income", None)
                household["household_monthly_income"] = money
            else:
                household.pop("household_monthly_income", None)
            changed.append(topic)
        elif topic == "age":
            age = parse_age(text)
            if age is not None:
                (person or members[0])["age"] = age
                changed.append(topic)
        elif topic == "illness":
            for member in members:
                if member.get("serious_illness"):
                    member["serious_illness"] = False
            changed.append(topic)
        elif topic == "school":
            stage = normalise_school_stage(text)
            pupils = [m for m in members if m.get("school_stage")]
            for member in pupils:
                if stage:
                    member["school_stage"] = stage
                else:
                    member.pop("school_stage", None)
            changed.append(topic)
        elif topic == "housing":
            household.pop("housing", None)
            changed.append(topic)
        elif topic == "events":
            household["events"] = []
            changed.append(topic)
    return changed


def _member_named(members: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    """The member a correction names by relation (「我儿子是二级」), if one is named."""
    words = sorted((w for w in RELATION_WORDS if len(w) > 1), key=len, reverse=True)
    for word in words:
        if word in text:
            relation = normalise_relation(word)
            if relation and relation != "self":
                return next((m for m in members if m.get("relation") == relation), None)
    return None
