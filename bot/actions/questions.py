"""Which question to ask next: the place, the household size, then policies' most decisive unknown."""

from __future__ import annotations

import functools
import json
import logging
import re
from typing import Any

from bot.actions import settings
from bot.actions.household import (
    RELATION_ZH,
    field_kind,
    for_policy,
    household_size,
    is_known,
    parse_path,
)

logger = logging.getLogger(__name__)

_NTH_MEMBER_RE = re.compile(r"第\d+位家庭成员")

MAX_QUESTIONS = 8

# Our own wording, used when policies.QUESTIONS has none for a path.
FALLBACK_QUESTIONS: dict[str, str] = {
    "locality": "您住在哪个县（区）？比如 会宁县。",
    "members": "家里一起生活的有几口人？",
    "household_monthly_income": "全家每个月加起来大概有多少收入（元）？没有收入可以说“没有”。",
    "monthly_income": "{who}每个月大概有多少收入（元）？",
    "assets_within_local_limits": "家里的存款、房子、车辆这些，有没有明显超出一般家庭？没有超出请说“没有”。",
    "area": "您家在城镇还是农村？",
    "residency": "您是本地户口吗？",
    "age": "{who}今年多大年纪？",
    "disability": "{who}有残疾证吗？有的话是几级、什么类别？",
    "serious_illness": "{who}有没有患重大疾病（比如癌症、尿毒症）？",
    "able_to_work": "{who}有劳动能力吗？",
    "employment": "{who}现在有工作吗？",
    "school_stage": "{who}在上学吗？在读哪个阶段？",
    "self_care": "{who}生活能自理吗？",
    "has_capable_supporter": "{who}有能赡养（抚养）并且有能力照顾的子女或亲属吗？",
    "parents": "孩子的父母还在身边吗？",
    "housing": "现在住的是自己的房、租的房，还是危房，或者没有住处？",
    "events": "最近有没有遇到火灾、车祸、突发重病、失业这样的突发事情？",
    "medical_out_of_pocket": "过去一年看病自己掏了多少钱（报销以后）？",
    "education": "过去一年孩子上学自己花了多少钱？",
    "disability_and_care": "过去一年残疾康复和护理自己花了多少钱？",
    "last_year_total_income": "去年全家总收入大概多少？",
    "excluded_income": "{who}每月有没有养老金、抚恤金这类补助？大概多少？",
    "pregnant_or_nursing": "{who}是否在怀孕或哺乳期？",
    "homeless": "您现在有地方住吗？",
    "current_benefits": "家里现在有没有在领低保、特困或其他救助？",
    "union_worker_hardship": "家里有人在单位上班或打工满一年吗？",
    "sex": "{who}是男是女？",
    "relation": "这位家人是您的什么人？",
}


def _policies() -> Any:
    import policies

    return policies


def _who(path: str, household: dict[str, Any]) -> str:
    parts = parse_path(path)
    if len(parts) >= 2 and parts[0] == "members" and isinstance(parts[1], int):
        index = parts[1]
        if index == 0:
            return "您"
        members = household.get("members") or []
        relation = members[index].get("relation") if index < len(members) else None
        return "您的" + RELATION_ZH.get(relation or "", f"第{index + 1}位家人")
    return "您"


def _policy_question(path: str) -> str | None:
    try:
        return _policies().question_for(path)
    except Exception:  # policies not importable or no wording: our own
        return None


def question_for(path: str, household: dict[str, Any]) -> str:
    """The Chinese question for a field path, naming the family member it is about."""
    text = _policy_question(path)
    who = _who(path, household)
    if text and who != "您":
        text = _NTH_MEMBER_RE.sub(who, text)
    if not text:
        last = [p for p in parse_path(path) if isinstance(p, str)][-1]
        text = FALLBACK_QUESTIONS.get(path) or FALLBACK_QUESTIONS.get(str(last))
    if not text:
        text = "能再说说{who}的情况吗？"
    text = text.replace("{who}", who)
    if who != "您" and who not in text and path.startswith("members["):
        text = f"（关于{who}）{text}"
    return text


def next_field(
    household: dict[str, Any],
    locality: str | None,
    skipped: list[str],
    asked: int,
) -> str | None:
    """The next fact to ask about, or None when the estimate should be given now.

    One turn asks this several times with the same state (form, validation, question), and
    policies' ranking costs tens of milliseconds, so answers are cached by state.
    """
    key = json.dumps([household, locality, sorted(skipped), asked], sort_keys=True, default=str)
    return _next_field_cached(key)


@functools.lru_cache(maxsize=512)
def _next_field_cached(key: str) -> str | None:
    household, locality, skipped, asked = json.loads(key)
    return _next_field(household, locality, skipped, asked)


def _next_field(
    household: dict[str, Any], locality: str | None, skipped: list[str], asked: int
) -> str | None:
    if asked >= MAX_QUESTIONS:
        return None
    if not locality and "locality" not in skipped:
        return "locality"
    if household_size(household) is None and "members" not in skipped:
        return "members"
    try:
        candidates = _policies().most_decisive_unknowns(
            for_policy(household, locality or settings.hotline_locality()), None, limit=10
        )
    except Exception:
        logger.exception("most_decisive_unknowns failed")
        return None
    for path in candidates:
        if path in skipped or is_known(household, path):
            continue
        if field_kind(path) == "unknown":
            continue  # a fact we could not read from an answer: do not ask it
        return path
    return None
