"""A household built up from NLU entities and the words of a message; the schema document.

Pure functions over plain dicts (they live in a Rasa slot and in the operator's intake form).
``apply_entities`` folds one message's entities into the household; ``for_policy`` gives the
household.schema.json document the rules take.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from household.paths import set_in_place
from household.vocabulary import DISABILITY_TYPES, EVENT_TYPES, RELATIONS, SCHOOL_STAGES
from household.words import (
    KEYWORD_ENUMS,
    normalise_area,
    normalise_disability_type,
    normalise_event_type,
    normalise_relation,
    normalise_school_stage,
    read_parents,
)
from zhtext.numbers import parse_age, parse_count, parse_grade, parse_money
from zhtext.places import full_name, resolve_place

MAX_HOUSEHOLD_SIZE = 20

_CLAUSE_BREAK_RE = re.compile(r"[，,。.;；！!？?\n]")

SERIOUS_ILLNESS_RE = re.compile(
    r"癌|肿瘤|白血病|尿毒症|透析|大病|重病|重症|脑梗|中风|脑出血|瘫痪|心脏病|肝硬化|精神病|精神分裂|"
    r"渐冻|血友病|器官移植|肾衰|重特大"
)


def new_household() -> dict[str, Any]:
    return {"members": [{"relation": "self"}]}


def household_size(household: dict[str, Any]) -> int | None:
    size = household.get("_size")
    return int(size) if size else None


def set_household_size(household: dict[str, Any], size: int) -> None:
    """Fix the number of members: keep the known ones, add empty ones, drop empty extras."""
    size = max(1, min(MAX_HOUSEHOLD_SIZE, int(size)))
    members = household.setdefault("members", [{"relation": "self"}])
    while len(members) < size:
        members.append({})
    while len(members) > size and not _has_facts(members[-1]):
        members.pop()
    del members[size:]
    household["_size"] = size


def _has_facts(member: dict[str, Any]) -> bool:
    return any(key != "relation" for key in member) or member.get("relation") not in (None, "other")


def for_policy(household: dict[str, Any], locality: str) -> dict[str, Any]:
    """The household as household.schema.json: private bookkeeping keys removed."""
    clean = {k: copy.deepcopy(v) for k, v in household.items() if not k.startswith("_")}
    clean["locality"] = household.get("locality") or locality
    if not clean.get("members"):
        clean["members"] = [{"relation": "self"}]
    return clean


@dataclass
class EntityFacts:
    """What one message told us, besides household fields."""

    changed: list[str] = field(default_factory=list)
    place_text: str | None = None
    place_code: str | None = None
    phone: str | None = None
    id_number: str | None = None
    ticket_number: str | None = None


# A relation word followed by these is someone who left the household (老伴走了, 她爸死了).
_GONE_AFTER_RE = re.compile(
    r"^[^，,。；;]{0,4}?(?:走了|去世|过世|病故|没了|不在了|死了|离婚|离了|改嫁|跑了|离家出走|失踪|"
    r"联系不上|早就不在)"
)
_PRONOUN_RE = re.compile(r"^\s*(?:他|她|它|其|这孩子|那孩子|娃)")
_NO_SUPPORTERS_RE = re.compile(r"没儿没女|无儿无女|没有儿女|没有子女|膝下无|没有孩子|孤寡")


def _member_for(household: dict[str, Any], relation: str | None, about: int | None = None) -> int:
    """Index of the member a fact is about: the named relation, else the member the question
    was about (``about``), else the person asking."""
    members = household.setdefault("members", [{"relation": "self"}])
    if not relation:
        return about if about is not None and about < len(members) else 0
    if relation == "self":
        return 0
    for index, member in enumerate(members):
        if member.get("relation") == relation and index > 0:
            return index
    for index, member in enumerate(members):
        if index > 0 and "relation" not in member:
            member["relation"] = relation
            return index
    members.append({"relation": relation})
    if household.get("_size") and len(members) > household["_size"]:
        household["_size"] = len(members)
    return len(members) - 1


def apply_entities(
    household: dict[str, Any],
    entities: list[dict[str, Any]],
    text: str = "",
    *,
    about: int | None = None,
) -> EntityFacts:
    """Fold the NLU entities of one message into the household (in place).

    ``about``: the member the pending question asked about; a fact whose clause names nobody
    belongs to that member (「14岁」 to 「您的孩子多大？」 is the child's age, never the asker's).
    """
    facts = EntityFacts()
    ordered = sorted(entities or [], key=lambda e: e.get("start") or 0)
    current_relation: str | None = None
    relation_end = 0
    for entity in ordered:
        name = entity.get("entity")
        value = entity.get("value")
        if value is None or value == "":
            continue
        start = int(entity.get("start") or 0)
        between = text[relation_end:start]
        if current_relation and _CLAUSE_BREAK_RE.search(between):
            # a relation names the subject of its own clause only — and of the next one when
            # that starts with a pronoun (「儿子，他14岁上初二」)
            tail = _CLAUSE_BREAK_RE.split(between)[-1]
            if not _PRONOUN_RE.match(tail):
                current_relation = None
        if current_relation == "gone" and name != "relation":
            continue
        if name == "household_size":
            size = _as_int(value) or parse_count(str(value))
            if size:
                set_household_size(household, size)
                facts.changed.append("members")
        elif name == "relation":
            relation = normalise_relation(str(value)) if value not in RELATIONS else value
            end = int(entity.get("end") or start)
            if relation and relation != "self" and _GONE_AFTER_RE.match(text[end : end + 12]):
                current_relation, relation_end = "gone", end  # not a member: skip its clause
                continue
            if relation:
                current_relation = relation
                relation_end = end
                _member_for(household, relation)
        elif name == "monthly_income":
            money = _as_float(value) if _as_float(value) is not None else parse_money(str(value))
            if money is not None:
                if (current_relation and current_relation != "self") or (
                    about is not None and not current_relation
                ):
                    index = _member_for(household, current_relation, about)
                    set_in_place(household, f"members[{index}].monthly_income", money)
                    facts.changed.append(f"members[{index}].monthly_income")
                else:
                    household["household_monthly_income"] = money
                    facts.changed.append("household_monthly_income")
        elif name == "age":
            age = _as_int(value) or parse_age(str(value))
            if age is not None and 0 <= age <= 130:
                index = _member_for(household, current_relation, about)
                household["members"][index]["age"] = age
                facts.changed.append(f"members[{index}].age")
        elif name in ("disability_grade", "disability_type"):
            index = _member_for(household, current_relation, about)
            member = household["members"][index]
            disability = member.get("disability") or {}
            if name == "disability_grade":
                grade = _as_int(value) or parse_grade(str(value))
                if grade and 1 <= grade <= 4:
                    disability["grade"] = grade
            else:
                kind = value if value in DISABILITY_TYPES else normalise_disability_type(str(value))
                if kind:
                    disability["type"] = kind
            member["disability"] = disability
            facts.changed.append(f"members[{index}].disability")
        elif name == "illness":
            if SERIOUS_ILLNESS_RE.search(str(entity.get("text") or value)):
                index = _member_for(household, current_relation, about)
                household["members"][index]["serious_illness"] = True
                facts.changed.append(f"members[{index}].serious_illness")
        elif name == "school_stage":
            stage = value if value in SCHOOL_STAGES else normalise_school_stage(str(value))
            if stage:
                pupil = current_relation or (None if about else "child")
                index = _member_for(household, pupil, about)
                household["members"][index]["school_stage"] = stage
                household["members"][index]["employment"] = "student"
                facts.changed.append(f"members[{index}].school_stage")
        elif name == "event_type":
            kind = value if value in EVENT_TYPES else normalise_event_type(str(value))
            if kind:
                events = household.setdefault("events", [])
                if all(e.get("type") != kind for e in events):
                    events.append({"type": kind})
                facts.changed.append("events")
        elif name == "amount":
            money = _as_float(value) if _as_float(value) is not None else parse_money(str(value))
            if money is not None and household.get("events"):
                household["events"][-1].setdefault("loss", money)
                facts.changed.append("events")
        elif name == "area":
            area = value if value in ("urban", "rural") else normalise_area(str(value))
            if area:
                household["area"] = area
                facts.changed.append("area")
        elif name == "place":
            facts.place_text = str(entity.get("text") or value)
            code = entity.get("code")
            if isinstance(code, str) and re.fullmatch(r"\d{6}", code):
                facts.place_code = code
        elif name == "phone":
            facts.phone = re.sub(r"\D", "", str(value))
        elif name == "id_number":
            facts.id_number = str(value).upper()
        elif name == "ticket_number":
            facts.ticket_number = str(value)
    _apply_keywords(household, text, facts)
    return facts


def _apply_keywords(household: dict[str, Any], text: str, facts: EntityFacts) -> None:
    """A few facts that are words rather than entities."""
    if not text:
        return
    if "housing" not in household:
        for value, pattern in KEYWORD_ENUMS["housing"][:4]:
            if re.search(pattern, text):
                household["housing"] = value
                facts.changed.append("housing")
                break
    if household.get("_size") is None and re.search(
        r"一个人(住|生活|过)|独居|孤身一人|单身一人|孤寡|无儿无女|一个人在家", text
    ):
        set_household_size(household, 1)
        facts.changed.append("members")
    if (
        "household_monthly_income" not in household
        and re.search(r"没有?(任何)?收入|无收入|没有经济来源|零收入", text)
        and not any("monthly_income" in m for m in household.get("members") or [])
    ):
        household["household_monthly_income"] = 0.0
        facts.changed.append("household_monthly_income")
    self_member = household["members"][0]
    if _NO_SUPPORTERS_RE.search(text) and "has_capable_supporter" not in self_member:
        self_member["has_capable_supporter"] = False
        facts.changed.append("members[0].has_capable_supporter")
    parents = read_parents(text)
    grandchildren = [m for m in household["members"][1:] if m.get("relation") == "grandchild"]
    lone = grandchildren[0] if len(grandchildren) == 1 else None
    if parents in ("one_missing", "both_missing") and lone is not None and "parents" not in lone:
        lone["parents"] = parents
        facts.changed.append(f"members[{household['members'].index(lone)}].parents")
    if re.search(
        r"流浪|乞讨|露宿|回不了家|回不去家|流落|滞留|困在(?:车站|火车站|客运站)|身无分文|"
        r"买不起(?:车)?票|钱(?:都)?(?:花完|花光|被偷|被骗)",
        text,
    ):
        household["homeless"] = True
        facts.changed.append("homeless")
    if re.search(r"(丧失|没有|无)劳动能力", text) and "able_to_work" not in household["members"][0]:
        household["members"][0]["able_to_work"] = False
        facts.changed.append("members[0].able_to_work")
    if (
        re.search(r"低保户|吃低保|享受低保|领低保", text)
        and "不是低保" not in text
        and "dibao" not in household.get("current_benefits", [])
    ):
        household.setdefault("current_benefits", []).append("dibao")
        facts.changed.append("current_benefits")


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def resolve_locality(
    text: str, code_hint: str | None = None, place_text: str | None = None
) -> tuple[str | None, list[str]]:
    """(code, candidate names): a code when the place is known, candidates when ambiguous.

    The whole message is read first (「我来西安找活…想回甘肃老家」 is 西安, the most specific place
    it names, even when the NLU tagged only 甘肃); the NLU's place then, and its code last."""
    whole = resolve_place(text or "")
    if whole is not None and not whole.ambiguous:
        hinted = code_hint and len(code_hint.rstrip("0")) > len(whole.code.rstrip("0"))
        return (code_hint if hinted else whole.code), []
    if code_hint:
        return code_hint, []
    match = resolve_place(place_text) if place_text else whole
    if match is None:
        return None, []
    if match.ambiguous:
        return None, [_candidate_name(c) for c in (match.candidates or [])][:5]
    return match.code, []


def _candidate_name(candidate: Any) -> str:
    """A candidate place as the citizen can tell it apart: 陕西省西安市长安区."""
    if isinstance(candidate, (tuple, list)) and len(candidate) >= 2:
        return full_name(str(candidate[0]))
    return str(getattr(candidate, "name", candidate))
