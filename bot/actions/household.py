"""The household facts (household.schema.json) built up from entities and answers.

Pure functions over plain dicts so they can live in a Rasa slot and be tested directly.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from bot.nlu.numbers import (
    normalise_area,
    normalise_disability_type,
    normalise_event_type,
    normalise_relation,
    normalise_school_stage,
    parse_age,
    parse_count,
    parse_grade,
    parse_money,
)
from bot.nlu.places import resolve_place

MAX_HOUSEHOLD_SIZE = 20

_PATH_PART = re.compile(r"([a-z_0-9]+)(?:\[(\d+)\])?")

# Field kinds by the last component of a field path.
MONEY_FIELDS = {
    "monthly_income",
    "household_monthly_income",
    "excluded_income",
    "last_year_total_income",
    "medical_out_of_pocket",
    "education",
    "disability_and_care",
    "loss",
}
BOOL_FIELDS = {
    "serious_illness",
    "able_to_work",
    "pregnant_or_nursing",
    "has_capable_supporter",
    "assets_within_local_limits",
    "homeless",
    "union_worker_hardship",
}
KEYWORD_ENUMS: dict[str, list[tuple[str, str]]] = {
    "housing": [
        ("damaged_by_disaster", r"倒塌|塌了|冲毁|震坏|受灾|烧毁|烧没"),
        ("dangerous", r"危房|漏雨|裂缝|快塌"),
        ("renting", r"租"),
        ("none", r"没有?房|无房|没地方住|借住|寄住"),
        ("adequate", r"自己的房|有房|自有|住得下|还行|可以住"),
    ],
    "residency": [
        ("non_local", r"外地|外省|不是本地|打工的|临时"),
        ("residence_permit", r"居住证"),
        ("local_hukou", r"本地|户口在这|本县|本市|户籍在"),
    ],
    "employment": [
        ("retired", r"退休"),
        ("student", r"上学|学生|读书"),
        ("flexible", r"打零工|零工|灵活|打短工|摆摊|跑外卖|临时工"),
        ("unemployed", r"失业|没工作|没有工作|无业|找不到工作|下岗"),
        ("employed", r"上班|有工作|在厂|打工|工作"),
        ("none", r"在家|照顾|带孩子|不工作"),
    ],
    "self_care": [
        ("total_loss", r"完全不能|全靠人|瘫痪|卧床|不能自理"),
        ("partial_loss", r"部分|有时|需要人帮|半自理"),
        ("full", r"能自理|可以自理|自己能|没问题"),
    ],
    "parents": [
        ("both_missing", r"都不在|双亡|都去世|都没了|都走了|无人抚养|没人管|都失踪|都在服刑"),
        ("one_missing", r"一个|单亲|离婚|去世了一个|只有(爸|妈|父亲|母亲)"),
        ("both_present", r"都在|都健在|父母双全"),
    ],
    "sex": [("female", r"女"), ("male", r"男")],
}

DONT_KNOW_RE = re.compile(
    r"不[太大怎么]*(知道|清楚|确定|晓得|了解|懂)|说不好|说不清|记不清|不好说|没算过|没数|不详"
)
_NO_RE = re.compile(r"^(没有|没|无|不是|不|否|没呢|没有的|都没有|不用|不需要|不符合|不对)")
_YES_RE = re.compile(r"^(有|是|对|嗯|符合|可以|能|会|在|好|行|是的|对的|有的)")
_NEGATED_RE = re.compile(r"没有|不是|没|不能|不会|无|不符合|超过|超了|超出")
_ZERO_MONEY_RE = re.compile(r"没有?收入|没收入|无收入|一分钱都没有|没钱|零收入|^0$|^零$|没有$|^没$")
_CLAUSE_BREAK_RE = re.compile(r"[，,。.;；！!？?\n]")
_PER_MONTH_RE = re.compile(r"一个月|每个?月|一月|月均|月收入|每年|一年|大概|大约|差不多|左右|收入")
_CORRECTION_RE = re.compile(r"不对|说错|搞错|弄错|更正|改一下|改成|应该是|其实是|是[^，。]*才对")

SERIOUS_ILLNESS_RE = re.compile(
    r"癌|肿瘤|白血病|尿毒症|透析|大病|重病|重症|脑梗|中风|脑出血|瘫痪|心脏病|肝硬化|精神病|精神分裂|"
    r"渐冻|血友病|器官移植|肾衰|重特大"
)


def new_household() -> dict[str, Any]:
    return {"members": [{"relation": "self"}]}


def parse_path(path: str) -> list[str | int]:
    """ "members[1].disability" -> ["members", 1, "disability"]."""
    parts: list[str | int] = []
    for chunk in path.split("."):
        match = _PATH_PART.fullmatch(chunk)
        if not match:
            raise ValueError(f"bad field path: {path!r}")
        parts.append(match.group(1))
        if match.group(2) is not None:
            parts.append(int(match.group(2)))
    return parts


_MISSING = object()


def get_field(household: dict[str, Any], path: str) -> Any:
    """The value at a field path, or the sentinel _MISSING when unset."""
    node: Any = household
    for part in parse_path(path):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return _MISSING
            node = node[part]
        else:
            if not isinstance(node, dict) or part not in node:
                return _MISSING
            node = node[part]
    return node


def is_known(household: dict[str, Any], path: str) -> bool:
    return get_field(household, path) is not _MISSING


def set_field(household: dict[str, Any], path: str, value: Any) -> None:
    parts = parse_path(path)
    node: Any = household
    for index, part in enumerate(parts[:-1]):
        following = parts[index + 1]
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            node = node[part]
        else:
            if part not in node or node[part] is None:
                node[part] = [] if isinstance(following, int) else {}
            node = node[part]
    last = parts[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append({})
        node[last] = value
    else:
        node[last] = value


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


# ----------------------------------------------------------------------- entities from NLU
@dataclass
class EntityFacts:
    """What one message told us, besides household fields."""

    changed: list[str] = field(default_factory=list)
    place_text: str | None = None
    place_code: str | None = None
    phone: str | None = None
    id_number: str | None = None
    ticket_number: str | None = None


def _member_for(household: dict[str, Any], relation: str | None) -> int:
    """Index of the member a fact is about: the named relation, else the person asking."""
    members = household.setdefault("members", [{"relation": "self"}])
    if not relation or relation == "self":
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
    household: dict[str, Any], entities: list[dict[str, Any]], text: str = ""
) -> EntityFacts:
    """Fold the NLU entities of one message into the household (in place)."""
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
        if current_relation and _CLAUSE_BREAK_RE.search(text[relation_end:start]):
            current_relation = None  # a relation names the subject of its own clause only
        if name == "household_size":
            size = _as_int(value) or parse_count(str(value))
            if size:
                set_household_size(household, size)
                facts.changed.append("members")
        elif name == "relation":
            relation = normalise_relation(str(value)) if value not in _RELATIONS else value
            if relation:
                current_relation = relation
                relation_end = int(entity.get("end") or start)
                _member_for(household, relation)
        elif name == "monthly_income":
            money = _as_float(value) if _as_float(value) is not None else parse_money(str(value))
            if money is not None:
                if current_relation and current_relation != "self":
                    index = _member_for(household, current_relation)
                    set_field(household, f"members[{index}].monthly_income", money)
                    facts.changed.append(f"members[{index}].monthly_income")
                else:
                    household["household_monthly_income"] = money
                    facts.changed.append("household_monthly_income")
        elif name == "age":
            age = _as_int(value) or parse_age(str(value))
            if age is not None and 0 <= age <= 130:
                index = _member_for(household, current_relation)
                household["members"][index]["age"] = age
                facts.changed.append(f"members[{index}].age")
        elif name in ("disability_grade", "disability_type"):
            index = _member_for(household, current_relation)
            member = household["members"][index]
            disability = member.get("disability") or {}
            if name == "disability_grade":
                grade = _as_int(value) or parse_grade(str(value))
                if grade and 1 <= grade <= 4:
                    disability["grade"] = grade
            else:
                kind = (
                    value if value in _DISABILITY_TYPES else normalise_disability_type(str(value))
                )
                if kind:
                    disability["type"] = kind
            member["disability"] = disability
            facts.changed.append(f"members[{index}].disability")
        elif name == "illness":
            if SERIOUS_ILLNESS_RE.search(str(entity.get("text") or value)):
                index = _member_for(household, current_relation)
                household["members"][index]["serious_illness"] = True
                facts.changed.append(f"members[{index}].serious_illness")
        elif name == "school_stage":
            stage = value if value in _SCHOOL_STAGES else normalise_school_stage(str(value))
            if stage:
                index = _member_for(household, current_relation or "child")
                household["members"][index]["school_stage"] = stage
                household["members"][index]["employment"] = "student"
                facts.changed.append(f"members[{index}].school_stage")
        elif name == "event_type":
            kind = value if value in _EVENT_TYPES else normalise_event_type(str(value))
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
    if re.search(r"流浪|乞讨|露宿|回不了家|流落", text):
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


_RELATIONS = {"self", "spouse", "child", "parent", "grandparent", "grandchild", "sibling", "other"}
_DISABILITY_TYPES = {
    "physical",
    "visual",
    "hearing",
    "speech",
    "intellectual",
    "mental",
    "multiple",
}
_SCHOOL_STAGES = {
    "preschool",
    "primary",
    "junior_high",
    "senior_high",
    "vocational",
    "college",
    "postgraduate",
}
_EVENT_TYPES = {
    "fire",
    "traffic_accident",
    "sudden_major_illness",
    "natural_disaster",
    "public_emergency",
    "job_loss",
    "death_in_family",
    "other",
}


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


# ------------------------------------------------------------------ answers to one question
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
    last = str([p for p in parse_path(path) if isinstance(p, str)][-1])
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
        set_field(household, path, float(money))
        return Answer(accepted=True, value=float(money))
    if kind == "age":
        age = parse_age(text)
        if age is None or not 0 <= age <= 130:
            return Answer(error="请说年龄数字，比如 45。")
        set_field(household, path, int(age))
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
        set_field(household, path, answer)
        return Answer(accepted=True, value=answer)
    if kind == "disability":
        grade = parse_grade(text)
        kind_of = normalise_disability_type(text)
        if grade is None and kind_of is None:
            answer = yes_no(text, intent)
            if answer is None:
                return Answer(error="有残疾证吗？有的话请说几级，比如“二级肢体”；没有请说“没有”。")
            set_field(household, path, {} if answer else None)
            return Answer(accepted=True, value={} if answer else None)
        disability: dict[str, Any] = {}
        if grade is not None and 1 <= grade <= 4:
            disability["grade"] = grade
        if kind_of:
            disability["type"] = kind_of
        set_field(household, path, disability)
        return Answer(accepted=True, value=disability)
    if kind == "area":
        area = normalise_area(text)
        if area is None:
            return Answer(error="请说“城镇”或“农村”。")
        set_field(household, path, area)
        return Answer(accepted=True, value=area)
    if kind == "relation":
        relation = normalise_relation(text)
        if relation is None:
            return Answer(error="请说是您的什么人，比如 配偶、孩子、父母。")
        set_field(household, path, relation)
        return Answer(accepted=True, value=relation)
    if kind == "school_stage":
        stage = normalise_school_stage(text)
        if stage is None:
            if yes_no(text, intent) is False:
                set_field(household, path.rsplit(".", 1)[0] + ".employment", "none")
                return Answer(accepted=True, value=None)
            return Answer(error="请说在读哪个阶段，比如 小学、初中、高中、大学。")
        set_field(household, path, stage)
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
                set_field(household, path, value)
                return Answer(accepted=True, value=value)
        return Answer(error="没听明白，请换个说法，或者说“不知道”。")
    if kind == "benefits":
        answer = yes_no(text, intent)
        if answer is False:
            household["current_benefits"] = []
            return Answer(accepted=True, value=[])
        return Answer(unknown=True)
    return Answer(unknown=True)


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
        who = RELATION_ZH.get(member.get("relation") or "", f"第{index + 1}位家人")
        bits = []
        if "age" in member:
            bits.append(f"{member['age']}岁")
        if "monthly_income" in member:
            bits.append(f"月收入{_yuan(member['monthly_income'])}")
        disability = member.get("disability")
        if disability:
            grade = disability.get("grade")
            kind = DISABILITY_ZH.get(disability.get("type") or "", "")
            bits.append(f"{CN_DIGITS.get(grade, '')}{'级' if grade else ''}{kind}残疾".strip())
        if member.get("serious_illness"):
            bits.append("患重病")
        if member.get("school_stage"):
            bits.append(SCHOOL_ZH.get(member["school_stage"], "在读"))
        if bits:
            phrases.append(who + "".join("，" + b if i else b for i, b in enumerate(bits)))
    for event in household.get("events") or []:
        phrases.append("遭遇" + EVENT_ZH.get(event.get("type", ""), "突发事件"))
    if household.get("housing") in HOUSING_ZH:
        phrases.append(HOUSING_ZH[household["housing"]])
    return phrases


def _yuan(value: Any) -> str:
    number = float(value)
    return f"{int(number)}元" if number.is_integer() else f"{number:.1f}元"


CN_DIGITS = {1: "一", 2: "二", 3: "三", 4: "四"}
RELATION_ZH = {
    "self": "本人",
    "spouse": "配偶",
    "child": "孩子",
    "parent": "父母",
    "grandparent": "祖父母",
    "grandchild": "孙辈",
    "sibling": "兄弟姐妹",
    "other": "其他家人",
}
DISABILITY_ZH = {
    "physical": "肢体",
    "visual": "视力",
    "hearing": "听力",
    "speech": "言语",
    "intellectual": "智力",
    "mental": "精神",
    "multiple": "多重",
}
SCHOOL_ZH = {
    "preschool": "上幼儿园",
    "primary": "上小学",
    "junior_high": "上初中",
    "senior_high": "上高中",
    "vocational": "上职校",
    "college": "上大学",
    "postgraduate": "读研究生",
}
EVENT_ZH = {
    "fire": "火灾",
    "traffic_accident": "车祸",
    "sudden_major_illness": "突发重病",
    "natural_disaster": "自然灾害",
    "public_emergency": "突发公共事件",
    "job_loss": "失业",
    "death_in_family": "家人去世",
    "other": "突发困难",
}
HOUSING_ZH = {
    "none": "没有住房",
    "renting": "租房住",
    "dangerous": "住危房",
    "damaged_by_disaster": "房屋因灾损毁",
}


def resolve_locality(text: str, code_hint: str | None = None) -> tuple[str | None, list[str]]:
    """(code, candidate names): a code when the place is known, candidates when ambiguous."""
    if code_hint:
        return code_hint, []
    match = resolve_place(text or "")
    if match is None:
        return None, []
    if match.ambiguous:
        return None, [_candidate_name(c) for c in (match.candidates or [])][:5]
    return match.code, []


def _candidate_name(candidate: Any) -> str:
    if isinstance(candidate, (tuple, list)) and len(candidate) >= 2:
        return str(candidate[1])
    return str(getattr(candidate, "name", candidate))
