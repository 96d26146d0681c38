"""A household built up from NLU entities and the words of a message; the schema document.

Pure functions over plain dicts (they live in a Rasa slot and in the operator's intake form).
``apply_entities`` folds one message's entities into the household; ``for_policy`` gives the
household.schema.json document the rules take.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from household.paths import set_in_place
from household.vocabulary import DISABILITY_TYPES, EVENT_TYPES, RELATIONS, SCHOOL_STAGES
from household.words import (
    EVENT_WORDS,
    KEYWORD_ENUMS,
    RELATION_WORDS,
    SCHOOL_STAGE_WORDS,
    normalise_area,
    normalise_disability_type,
    normalise_event_type,
    normalise_relation,
    normalise_school_stage,
    read_parents,
)
from zhtext.numbers import parse_age, parse_count, parse_grade, parse_money
from zhtext.places import code_contains, find_place_mentions, full_name, resolve_place

MAX_HOUSEHOLD_SIZE = 20

_CLAUSE_BREAK_RE = re.compile(r"[，,。;；！!？?\n]|(?<!\d)\.|\.(?!\d)")
# Chat without punctuation: a space after a Chinese character ends a phrase as a comma does
# (「老婆在超市一个月两千八 闺女7岁上一年级」).
_SPACE_BREAK_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff0-9])")


def spaces_as_commas(text: str) -> str:
    """The text with each space that ends a phrase made a comma (positions unchanged)."""
    return _SPACE_BREAK_RE.sub(lambda m: "，" * len(m.group(0)), text)


# A phrase the asker starts of themself (「…读高二 我在茶厂上班」).
_SELF_START_RE = re.compile(r"^\s*(?:我|俺|咱|自己|本人)(?!们|家|俩|两)")


def _ends_clause(between: str) -> bool:
    """Whether the words between a relation and a fact end the relation's clause: punctuation,
    or a space before a phrase the asker starts of themself (「儿子读高二 我在茶厂上班一个月
    三千五」). Other spaces keep the topic (「俺女子32了 精神分裂 一级精神残疾证」)."""
    if _CLAUSE_BREAK_RE.search(between):
        return True
    phrases = _SPACE_BREAK_RE.split(between)
    return len(phrases) > 1 and bool(_SELF_START_RE.match(phrases[-1]))


SERIOUS_ILLNESS_RE = re.compile(
    r"癌|肿瘤|白血病|尿毒症|透析|大病|重病|重症|脑梗|中风|脑出血|瘫痪|心脏病|肝硬化|精神病|精神分裂|"
    r"渐冻|血友病|器官移植|肾衰|重特大|"
    # the 重特大疾病 people name: tumours and their treatment, and the diseases of the region
    r"淋巴瘤|骨髓瘤|脑瘤|肉瘤|化疗|放疗|再生障碍|再障|红斑狼疮|帕金森|老年痴呆|阿尔茨海默|"
    r"包虫病|尘肺|肝衰|心衰|心力衰竭|先心病|肺心病"
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
    # fewer than known: the members nothing is known of go first (「老公」 named by a woman who
    # fled him, then 「2口人」), then the last ones
    while len(members) > size:
        empty = next(
            (i for i in range(len(members) - 1, 0, -1) if not _has_member_facts(members[i])), None
        )
        if empty is None:
            break
        del members[empty]
    del members[size:]
    household["_size"] = size


def _has_member_facts(member: dict[str, Any]) -> bool:
    """Anything known of a member beyond who they are."""
    return any(key != "relation" for key in member)


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
    r"^[^，,。；;]{0,4}?(?:走了|去世|过世|病故|殁了|没了|不在了|死了|离婚|离了|改嫁|跑了|离家出走|失踪|"
    r"联系不上|早就不在)"
    # 「有个儿子，不跟我住」「女儿早就分开过了」: a relative who does not live here
    r"|^[，,]?\s*(?:但是?|可|他|她)?\s*(?:早就|早)?(?:不跟我|不和我|没跟我|不跟我们|不和我们)(?:一起)?(?:住|过)"
    r"|^[^，,。；;]{0,4}?(?:分开住|分开过|另过|单过|各过各的|不住一起|不在一起住)"
)
_PRONOUN_RE = re.compile(r"^\s*(?:他|她|它|其|这孩子|那孩子|娃)")
_NO_SUPPORTERS_RE = re.compile(r"没儿没女|无儿无女|没有儿女|没有子女|膝下无|没有孩子|孤寡")


def _append_member(household: dict[str, Any], relation: str) -> int:
    """Index of a member of this relation added at the end (the count grows if it was short)."""
    members = household["members"]
    members.append({"relation": relation})
    if household.get("_size") and len(members) > household["_size"]:
        household["_size"] = len(members)
    return len(members) - 1


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
    return _append_member(household, relation)


# Relations that may name several members (two children, both parents); a spouse is one.
_SEVERAL_OF = frozenset({"child", "grandchild", "parent", "grandparent", "sibling", "other"})


@dataclass
class _Said:
    """What one message has said so far, to tell members of one relation apart."""

    text: str
    told: dict[tuple[int, str], tuple[Any, int]] = field(default_factory=dict)  # (value, where)
    named_at: dict[str, int] = field(default_factory=dict)  # relation -> where last named
    picked: dict[str, tuple[int, int]] = field(default_factory=dict)  # relation -> member, name


# 「大的15上初三 小的12上五年级」: the next of several members of a relation.
_ANOTHER_ONE_RE = re.compile(r"小的|老二|老三|老小|另一个|还有一个|二娃|小娃|二闺女|二儿子")


def _another_if_told(
    household: dict[str, Any], index: int, field: str, told_now: tuple[Any, int], said: _Said
) -> int:
    """The member a fact (value, where said) is of: a second, different age or school for a
    relation named again after the first (「娃考上研究生了，闺女也在读大学」「儿子12岁，女儿8岁」)
    or after 小的 / 老二 (「大的上初三 小的上五年级」) is another member of that relation — the
    next one nothing of the kind is known of, else a new one. Till the relation is named again,
    its facts stay with the member chosen."""
    members = household["members"]
    relation = str(members[index].get("relation"))
    pick = said.picked.get(relation)
    if index > 0 and pick is not None and pick[1] == said.named_at.get(relation, -1):
        index = pick[0]
    told = said.told.get((index, field))
    if (
        index > 0
        and relation in _SEVERAL_OF
        and told is not None
        and told[0] != told_now[0]
        and (
            said.named_at.get(relation, -1) > told[1]
            or _ANOTHER_ONE_RE.search(said.text[told[1] : told_now[1]])
        )
    ):
        index = next(
            (
                i
                for i, m in enumerate(members)
                if i > 0 and m.get("relation") == relation and field not in m
            ),
            -1,
        )
        if index < 0:
            index = _add_member(household, relation)
    said.told[(index, field)] = told_now
    if index > 0:
        said.picked[relation] = (index, said.named_at.get(relation, -1))
    return index


def _add_member(household: dict[str, Any], relation: str) -> int:
    """A new member of a relation (in a slot nothing is known of, if the count left one)."""
    members = household["members"]
    for index, member in enumerate(members):
        if index > 0 and not member:
            member["relation"] = relation
            return index
    return _append_member(household, relation)


# Relation words of the regions served that the NLU does not tag: 「丫头16岁」「俺女子32了」 (a
# daughter), 「老汉退休金」 (a husband; 「我一个老汉」 is the asker), 「娃他爸」 (the asker's spouse).
_DIALECT_RELATIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"丫头(?!片子)"), "child"),
    (re.compile(r"(?<=俺|我|咱)家?女子"), "child"),
    (re.compile(r"(?<![个是这那])老汉(?!我)"), "spouse"),
    (re.compile(r"(?<!孙)(?:娃娃|娃|孩子)(?:他|她)?(?:爸爸|爸|爹|妈妈|妈|娘)"), "spouse"),
)
# 「大一点」「初一那年」: a grade word that is not a school stage.
_NOT_A_GRADE_AFTER_RE = re.compile(r"^(?:点|些|岁|倍|那年|的时候|时)")


def _words_the_nlu_missed(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entities with the relations and school stages the words state plainly and the NLU
    did not tag (a dialect word replaces the NLU's pieces of it: 娃|他爸 is one spouse)."""
    found = list(entities or [])

    def overlaps(start: int, end: int, name: str | None = None) -> list[dict[str, Any]]:
        return [
            e
            for e in found
            if int(e.get("start") or 0) < end
            and start < int(e.get("end") or 0)
            and (name is None or e.get("entity") == name)
        ]

    for pattern, relation in _DIALECT_RELATIONS:
        for match in pattern.finditer(text):
            start, end = match.span()
            pieces = overlaps(start, end)
            if any(e.get("entity") != "relation" for e in pieces):
                continue
            found = [e for e in found if e not in pieces]
            found.append({"entity": "relation", "value": relation, "start": start, "end": end})
    for word in sorted(SCHOOL_STAGE_WORDS, key=len, reverse=True):
        if len(word) < 2 or word == "学前":
            continue
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            after = text[end : end + 3]
            if not overlaps(at, end) and not after.startswith("毕业"):
                # 「两个孩子在读小学」: the counted members' school, read by _read_clauses
                counted = _COUNTED_RE.search(_clause_at(text, at))
                if not counted and not _NOT_A_GRADE_AFTER_RE.match(after):
                    stage = SCHOOL_STAGE_WORDS[word]
                    found.append(
                        {"entity": "school_stage", "value": stage, "start": at, "end": end}
                    )
            at = text.find(word, end)
    return found


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
    total_before = household.get("household_monthly_income")
    own_income: float | None = None  # 「我做保洁一个月一千五」: the asker's own, said as theirs
    ordered = sorted(_words_the_nlu_missed(text, entities), key=lambda e: e.get("start") or 0)
    said = _Said(text)
    current_relation: str | None = None
    relation_end = 0
    for entity in ordered:
        name = entity.get("entity")
        value = entity.get("value")
        if value is None or value == "":
            continue
        start = int(entity.get("start") or 0)
        between = text[relation_end:start]
        if current_relation and _ends_clause(between):
            # a relation names the subject of its own clause only — and of the next one when
            # that starts with a pronoun (「儿子，他14岁上初二」)
            tail = _CLAUSE_BREAK_RE.split(spaces_as_commas(between))[-1]
            if not _PRONOUN_RE.match(tail):
                current_relation = None
        if current_relation == "gone" and name != "relation":
            continue
        if name == "household_size":
            size = _as_int(value) or parse_count(str(value))
            end = int(entity.get("end") or start)
            if size and _COUNTED_MEMBER_RE.match(text[end : end + 4]):
                continue  # 「两个孩子」: members of a relation, read by _read_clauses
            if text[end : end + 1] == "子" or text[max(0, start - 1) : start] == "老":
                continue  # 「俺两口子」「老两口」: the couple, read by _read_clauses
            if size:
                set_household_size(household, size)
                facts.changed.append("members")
        elif name == "relation":
            relation = normalise_relation(str(value)) if value not in RELATIONS else value
            end = int(entity.get("end") or start)
            if "老婆婆" in text[max(0, start - 1) : end + 1]:
                continue  # 「我一个老婆婆」: an old woman, not a wife
            if relation == "child" and text[start - 1 : start] == "孙" and start > 0:
                relation = "grandchild"  # 「孙娃子」 with 娃子 tagged alone
            if relation and relation != "self" and _GONE_AFTER_RE.match(text[end : end + 12]):
                current_relation, relation_end = "gone", end  # not a member: skip its clause
                continue
            if relation:
                current_relation = relation
                relation_end = end
                _member_for(household, relation)
                said.named_at[relation] = start
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
                    clause = _clause_at(text, start)
                    own = _subject(clause) == "self" and not _HOUSEHOLD_WIDE_RE.search(clause)
                    own_income = money if own else None
        elif name == "age":
            age = _as_int(value) or parse_age(str(value))
            if age is not None and 0 < age <= 130:  # 「零」 of 打零工 is nobody's age
                # 「带着8岁的女儿」: the age of the relation that follows it
                following = _RELATION_AFTER_RE.match(text[int(entity.get("end") or start) :])
                owner = normalise_relation(following.group(1)) if following else None
                index = _member_for(household, owner or current_relation, about)
                index = _another_if_told(household, index, "age", (age, start), said)
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
            end = int(entity.get("end") or start)
            if stage and text[end : end + 2] != "毕业" and not _school_to_come(text, start, end):
                pupil = current_relation or (None if about else _pupil(text, start))
                index = _member_for(household, pupil, about)
                index = _another_if_told(household, index, "school_stage", (stage, start), said)
                member = household["members"][index]
                if stage == "senior_high" and member.get("school_stage") == "vocational":
                    stage = "vocational"  # 「在县职高读高二」: a grade of the 职高
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
            cost = _cost_kind(_clause_at(text, start))
            if money is not None and cost is not None:
                household.setdefault("expenses_12m", {})[cost] = money
                facts.changed.append(f"expenses_12m.{cost}")
            elif money is not None and household.get("events"):
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
    if own_income is not None and household.get("household_monthly_income") == own_income:
        _own_income_beside_others(household, own_income, total_before, facts)
    return facts


# 「娃上大学的钱」「明年考大学」: a school to come, not the one attended.
_SCHOOL_TO_COME_BEFORE_RE = re.compile(
    r"(?:想|要|能|将来|以后|明年|准备|考不考|供)(?:考|上|读|念)?$"
)
_SCHOOL_TO_COME_AFTER_RE = re.compile(r"^的?(?:钱|学费|费用|开销|花销)")


def _school_to_come(text: str, start: int, end: int) -> bool:
    return bool(
        _SCHOOL_TO_COME_BEFORE_RE.search(text[max(0, start - 4) : start])
        or _SCHOOL_TO_COME_AFTER_RE.match(text[end : end + 4])
    )


def _pupil(text: str, position: int) -> str:
    """Whose school a stage said with no relation before it is: the asker's when the clause is
    theirs (「我今年14岁上初二」), else a child's (「上小学的娃」)."""
    for match in _CLAUSE_RE.finditer(spaces_as_commas(text)):
        if match.start() <= position < match.end():
            said = _subject(match.group(0), position - match.start())
            return "self" if said == "self" else "child"
    return "child"


# Words that make a sum the whole household's (「全家一个月就八百」「家里就靠我打零工挣八百」).
_HOUSEHOLD_WIDE_RE = re.compile(r"全家|一家|家里|家庭|总共|一共|加起来|合计|全靠|就靠|都靠")


def _own_income_beside_others(
    household: dict[str, Any], money: float, total_before: Any, facts: EntityFacts
) -> None:
    """An income the asker states as their own is the household's while nobody else's is
    known; beside another member's income (「儿子送快递一个月三千…我做保洁一个月一千五」) it is
    the asker's share, and the members' incomes add up."""
    members = household["members"]
    if not any("monthly_income" in m for m in members[1:]) or "monthly_income" in members[0]:
        return
    members[0]["monthly_income"] = money
    if total_before is None:
        household.pop("household_monthly_income", None)
    else:
        household["household_monthly_income"] = total_before
    facts.changed = [c for c in facts.changed if c != "household_monthly_income"]
    facts.changed.append("members[0].monthly_income")


# ---------------------------------------------------------------- facts read from the words

_CLAUSE_RE = re.compile(r"(?:[^，,。.;；！!？?\n]|(?<=\d)\.(?=\d))+")  # 1.2万 is one clause
_GONE_RE = re.compile(r"走了|去世|过世|病故|殁了|没了|不在了|死了|离世|离婚|改嫁|离家出走|失踪")
_TOTAL_CARE_RE = re.compile(
    r"瘫痪在床|卧床不起|长期卧床|卧病在床|生活不能自理|不能自理|完全失能|(?<!半)失能|下不了床|起不了床"
)
_PARTIAL_CARE_RE = re.compile(r"半失能|部分自理|半自理|生活部分不能自理")
_DISABLED_RE = re.compile(r"残疾|残障|伤残|残急|残废")
# 「没有残疾证」「一直没去办残疾证」: a disability without a certificate is no 持证 disability
NO_CERTIFICATE_RE = re.compile(
    r"(?:没有?|无|还没|没去|没来得及|不够)(?:去)?(?:办|评|领|拿|有)?(?:过|到)?(?:残疾)?证"
    r"|不是残疾|没残疾|没有残疾|不算残疾|没评上|评不上|没鉴定"
)
_GRADE_RE = re.compile(r"([一二三四1-4])级")
# A disability is a 残疾人证 when a grade or the certificate is said; 「摔下来残疾了」 alone is
# asked about (「有残疾证吗？几级？」).
_CERTIFICATE_RE = re.compile(r"残\S?证|残疾人证|有证|持证|办了?证")
_MEDICAL_RE = re.compile(
    r"医疗费|医药费|治疗费|住院费|手术费|药费|看病|治病|医疗支出|医疗开支|透析费"
    r"|报销|自费|自付|化疗|放疗|住院|透析|手术|ICU|重症监护|押金"
)
# A sum spent or owed (「已经花了五万多」「自己还掏了12万」): a medical cost when the message is
# about an illness or a hospital, though its own clause names neither.
_SPENT_RE = re.compile(r"花了|花费|花掉|掏了|借了|欠了|垫了|自己出了|自己拿了")
_MEDICAL_CONTEXT_RE = re.compile(r"医院|住院|病|化疗|透析|手术|ICU|医药|治疗")
_EDUCATION_RE = re.compile(r"学费|教育费|上学费用|书本费|住宿费")
_MONEY_RE = re.compile(
    r"[0-9]+(?:\.[0-9]+)?\s*(?:万|千)?\s*(?:余|多)?\s*元"
    r"|[0-9]+(?:\.[0-9]+)?\s*(?:万|千)(?:余|多)?"
    r"|[一二两三四五六七八九十百]+\s*(?:万|千)\s*(?:余|多)?\s*元?"
)
_COUNT_WORDS = {"两": 2, "二": 2, "俩": 2, "三": 3, "仨": 3, "四": 4, "五": 5, "六": 6}
_CHILD_WORDS = {
    "孩子": "child",
    "小孩": "child",
    "儿子": "child",
    "女儿": "child",
    "子女": "child",
    "娃": "child",
    "孙子": "grandchild",
    "孙女": "grandchild",
}
_COUNTED_MEMBER_RE = re.compile(r"^\s*(?:个|名|位)?\s*(孩子|小孩|儿子|女儿|子女|娃|孙子|孙女)")
_COUNTED_RE = re.compile(
    r"([两二俩三仨四五六2-6])\s*(?:个|名|位)?\s*(孩子|小孩|儿子|女儿|子女|娃|孙子|孙女)"
)
# The 突发事件 words of the vocabulary (household.words), but not a death (「老伴走了」 tells who
# is gone, not when) nor the bare 重病 (a lasting illness is no sudden event).
_EVENT_WORDS_RE = re.compile(
    "|".join(
        re.escape(word)
        for word in sorted(EVENT_WORDS, key=len, reverse=True)
        if EVENT_WORDS[word] != "death_in_family" and word != "重病"
    )
)
# The relation words of the vocabulary that name a clause's subject; one-character words only
# where they cannot be part of another (「我」「娃」; 「妈」 is also 「她妈」, the child's mother).
_RELATION_WORDS = sorted(
    (w for w in RELATION_WORDS if len(w) > 1 or w in ("我", "娃")),
    key=len,
    reverse=True,
)


_OLD_MAN_SELF_RE = re.compile(r"(?:一个|个|是|这|那)老汉|老汉我")

_RELATION_AFTER_RE = re.compile(
    r"\s*(?:岁|周岁)?\s*的\s*(" + "|".join(re.escape(w) for w in _RELATION_WORDS if w != "我") + ")"
)


def _clause_at(text: str, position: int) -> str:
    """The clause of the text (between punctuation) around a character position."""
    if not text:
        return ""
    for match in _CLAUSE_RE.finditer(spaces_as_commas(text)):
        if match.start() <= position < match.end():
            return match.group(0)
    return ""


def _cost_kind(clause: str) -> str | None:
    """Which 刚性支出 a sum in this clause is: medical costs, education, or neither."""
    if _MEDICAL_RE.search(clause):
        return "medical_out_of_pocket"
    if _EDUCATION_RE.search(clause):
        return "education"
    return None


def _subject(clause: str, position: int | None = None) -> str | None:
    """The relation a clause is about: its first relation word other than 我 (「我父亲」 is the
    father), else 我 (the person asking), else None.

    ``position``: where a fact is said in the clause. In a list of members (「老伴62岁有残疾证、
    孙子5岁上幼儿园」) the fact is of the member named last before it."""
    clause = clause.replace("老婆婆", "   ")  # an old woman: neither a wife nor a mother-in-law
    clause = _OLD_MAN_SELF_RE.sub(lambda m: " " * len(m.group(0)), clause)  # 「我一个老汉」
    found = []
    for word in _RELATION_WORDS:
        at = clause.find(word)
        while at >= 0:
            found.append((at, -len(word), normalise_relation(word)))
            at = clause.find(word, at + len(word))
    # a word inside a longer one is that one (娃他爸 is the spouse, not 娃)
    found = [
        f
        for f in found
        if not any(g[0] <= f[0] and f[0] - f[1] <= g[0] - g[1] and g[1] < f[1] for g in found)
    ]
    others = sorted(f for f in found if f[2] != "self")
    if position is not None:
        before = [f for f in others if f[0] < position]
        if before:
            return before[-1][2]
        if any(f[0] < position for f in found):
            return "self"  # 「我今年查出淋巴瘤…老婆在超市」: said of the asker, before the others
    if others:
        return others[0][2]
    return "self" if found else None


def _school_said(clause: str) -> tuple[str, int] | None:
    """The school stage a clause names (its longest word) and where; not a school left
    (「初中毕业」)."""
    best: tuple[int, str, int] | None = None
    for word, stage in SCHOOL_STAGE_WORDS.items():
        at = clause.find(word)
        if clause[at + len(word) : at + len(word) + 2] == "毕业":
            continue
        if at >= 0 and (best is None or len(word) > best[0]):
            best = (len(word), stage, at)
    return (best[1], best[2]) if best else None


_YEARLY_INCOME_RE = re.compile(
    r"(一年|去年|今年|年收入|全年|一年到头|一年下来).{0,8}(收入|挣|种地|打工|卖|地租|租金)"
    r"|(收入|挣|种地|打工|卖|包出去|租出去|流转|承包出去).{0,6}(一年|年收入|全年)"
)


def _read_costs_and_events(
    household: dict[str, Any], clause: str, text: str, facts: EntityFacts
) -> None:
    """A medical or school cost stated in the clause, a yearly income (as a month's), and a
    突发事件 it names."""
    yearly = _YEARLY_INCOME_RE.search(clause)
    if yearly and "household_monthly_income" not in household and not _cost_kind(clause):
        money = _MONEY_RE.search(clause[yearly.start() :])
        amount = parse_money(money.group(0)) if money else None
        if amount:
            household["household_monthly_income"] = round(amount / 12)
            facts.changed.append("household_monthly_income")
    cost = _cost_kind(clause)
    if cost is None and _SPENT_RE.search(clause) and _MEDICAL_CONTEXT_RE.search(text):
        cost = "medical_out_of_pocket"
    money = _MONEY_RE.search(clause) if cost else None
    if cost and money:
        amount = parse_money(money.group(0))
        expenses = household.setdefault("expenses_12m", {})
        if amount is not None and cost not in expenses:
            expenses[cost] = amount
            facts.changed.append(f"expenses_12m.{cost}")
    event = _EVENT_WORDS_RE.search(clause) if _EVENT_WORDS_RE.pattern else None
    if event:
        kind = normalise_event_type(event.group(0))
        events = household.setdefault("events", [])
        if kind and all(e.get("type") != kind for e in events):
            events.append({"type": kind})
            facts.changed.append("events")


_COUPLE_RE = re.compile(r"两口子|老两口|夫妻俩|老俩口|俺俩口")
# 「我今年73了」「娃二十八了」「我都七十了」: an age said without 岁
_AGE_WORDS_RE = re.compile(
    r"(?:今年|都|已经|快)\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*(?:岁|周岁)?(?:了|多了)"
    r"|^\s*\S{0,4}?([0-9]{1,3}|[一二三四五六七八九十]{2,3})\s*了$"
)
_SCHOOL_VERB_RE = re.compile(r"考上|在读|读|上学|在校|上了?")


def _gone_is_another(clause: str, after: int) -> bool:
    """「俩孙子爹妈都没了」: the gone ones are named after the counted members, not them."""
    rest = clause[after:]
    return bool(re.search(r"爹妈|爸妈|父母|爹|妈|爸|母亲|父亲", rest))


def _only_one(household: dict[str, Any], relation: str) -> bool:
    """Whether a relation names one member (which of two children: the NLU's entities or a
    question decide)."""
    members = household.get("members") or [{"relation": "self"}]
    return len([m for m in members if m.get("relation") == relation]) <= 1


def _read_age_and_school(
    household: dict[str, Any], clause: str, subject: str | None, facts: EntityFacts
) -> None:
    """An age or a school a clause states of a member, where the NLU left them unknown: of the
    member named last before it, else of the clause's (or the sentence's) subject."""
    age_match = _AGE_WORDS_RE.search(clause)
    relation = _subject(clause, age_match.start()) if age_match else None
    relation = relation or subject
    if age_match and relation and _only_one(household, relation):
        age = parse_age((age_match.group(1) or age_match.group(2)) + "岁")
        index = _member_for(household, relation)
        member = household["members"][index]
        if age is not None and 0 < age <= 120 and "age" not in member:
            member["age"] = age
            facts.changed.append(f"members[{index}].age")
    school = _school_said(clause)
    if school and _SCHOOL_VERB_RE.search(clause):
        relation = _subject(clause, school[1]) or subject
        if relation and _only_one(household, relation):
            _set_school(household, _member_for(household, relation), school[0], facts)


_NO_INCOME_RE = re.compile(
    r"没有?(?:任何)?收入|无收入|没有经济来源|零收入|一分钱?(?:都|也)?不挣|进账(?:都|也)?没有?|没有?进账"
)


def _read_no_income(
    household: dict[str, Any], clause: str, subject: str | None, facts: EntityFacts
) -> None:
    """「老伴没有收入」: no income of that member (the asker's or nobody's is the household's,
    read by _apply_keywords, while no member's income is known)."""
    said = _NO_INCOME_RE.search(clause)
    if said and _HOUSEHOLD_WIDE_RE.search(clause[: said.start()]):
        return  # 「家里没有收入」
    relation = (_subject(clause, said.start()) or subject) if said else None
    if said is None or relation in (None, "self") or not _only_one(household, relation):
        return
    index = _member_for(household, relation)
    if "monthly_income" not in household["members"][index]:
        household["members"][index]["monthly_income"] = 0.0
        facts.changed.append(f"members[{index}].monthly_income")


def _set_school(household: dict[str, Any], index: int, stage: str, facts: EntityFacts) -> None:
    """A member at school (never over a school already known)."""
    member = household["members"][index]
    if "school_stage" not in member:
        member["school_stage"] = stage
        member["employment"] = "student"
        facts.changed.append(f"members[{index}].school_stage")


def _read_clauses(household: dict[str, Any], text: str, facts: EntityFacts) -> None:
    """Facts an operator's text states in words, clause by clause, where the NLU left them
    unknown: how many children (「两个孩子在读小学」), illness and care words (瘫痪在床, 尿毒症,
    不能自理), a disability, a 突发事件, and sums that are medical or school costs (「医疗费已
    花费6万余元」 is a medical cost, not an event's loss). Never overrides a known fact."""
    subject: str | None = None  # a clause naming nobody is about the subject before it
    for match in _CLAUSE_RE.finditer(spaces_as_commas(text)):
        clause = match.group(0)
        if match.start() > 0 and text[match.start() - 1] in "。.；;！!？?\n":
            subject = None  # a new sentence
        counted = _COUNTED_RE.search(clause)
        if _GONE_RE.search(clause) and not (counted and _gone_is_another(clause, counted.end())):
            subject = None
            continue
        if _COUPLE_RE.search(clause):
            members = household.setdefault("members", [{"relation": "self"}])
            if not any(m.get("relation") == "spouse" for m in members[1:]):
                _member_for(household, "spouse")
                facts.changed.append("members")
        if counted:
            count = _COUNT_WORDS.get(counted.group(1)) or int(counted.group(1))
            child_relation = _CHILD_WORDS[counted.group(2)]
            members = household.setdefault("members", [{"relation": "self"}])
            have = [m for m in members[1:] if m.get("relation") == child_relation]
            while len(have) < count and len(members) < MAX_HOUSEHOLD_SIZE:
                empty = next((m for m in members[1:] if not m), None)
                if empty is not None:
                    empty["relation"] = child_relation
                    have.append(empty)
                else:
                    members.append({"relation": child_relation})
                    have.append(members[-1])
                facts.changed.append("members")
            size = household.get("_size")
            if size and len(members) > size:
                household["_size"] = len(members)
            stage = normalise_school_stage(clause)
            if stage and _SCHOOL_VERB_RE.search(clause):
                for member in have[:count]:
                    _set_school(household, members.index(member), stage, facts)
            _read_costs_and_events(household, clause, text, facts)
            subject = child_relation  # 「带两个娃 大的15上初三」: the next clause is of them
            continue
        relation = _subject(clause) or subject
        _read_age_and_school(household, clause, relation, facts)
        _read_no_income(household, clause, relation, facts)
        subject = relation
        lost = _JOB_LOST_RE.search(clause)
        asker = household["members"][0]
        # 「我52了 原来在纺织厂 厂子改制下岗了」: the asker's own job (not 「老伴下岗了」)
        if (
            lost
            and "employment" not in asker
            and (_subject(clause, lost.start()) or relation) in (None, "self")
        ):
            asker["employment"] = "unemployed"
            facts.changed.append("members[0].employment")
        illness = SERIOUS_ILLNESS_RE.search(clause)
        total = _TOTAL_CARE_RE.search(clause)
        partial = _PARTIAL_CARE_RE.search(clause)
        disabled = _DISABLED_RE.search(clause)
        if illness or total or partial or disabled:
            said = min(m.start() for m in (illness, total, partial, disabled) if m)
            index = _member_for(household, _subject(clause, said) or relation)
            member = household["members"][index]
            if illness and "serious_illness" not in member:
                member["serious_illness"] = True
                facts.changed.append(f"members[{index}].serious_illness")
            if (total or partial) and "self_care" not in member:
                member["self_care"] = "total_loss" if total else "partial_loss"
                facts.changed.append(f"members[{index}].self_care")
            if total and "able_to_work" not in member:
                member["able_to_work"] = False
            grade = _GRADE_RE.search(clause)
            certified = grade or _CERTIFICATE_RE.search(text)
            if (
                disabled
                and certified
                and "disability" not in member
                and not NO_CERTIFICATE_RE.search(text)
            ):
                disability: dict[str, Any] = {}
                if grade:
                    digit = grade.group(1)
                    disability["grade"] = (
                        "一二三四".index(digit) + 1 if digit in "一二三四" else int(digit)
                    )
                kind = normalise_disability_type(clause)
                if kind:
                    disability["type"] = kind
                member["disability"] = disability
                facts.changed.append(f"members[{index}].disability")
        _read_costs_and_events(household, clause, text, facts)
    if household.get("expenses_12m") == {}:
        household.pop("expenses_12m")
    if household.get("events") == []:
        household.pop("events")


def _apply_keywords(household: dict[str, Any], text: str, facts: EntityFacts) -> None:
    """A few facts that are words rather than entities."""
    if not text:
        return
    _read_clauses(household, text, facts)
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
        and _NO_INCOME_RE.search(text)
        and not any("monthly_income" in m for m in household.get("members") or [])
    ):
        household["household_monthly_income"] = 0.0
        facts.changed.append("household_monthly_income")
    self_member = household["members"][0]
    if _NO_SUPPORTERS_RE.search(text) and "has_capable_supporter" not in self_member:
        self_member["has_capable_supporter"] = False
        facts.changed.append("members[0].has_capable_supporter")
    parents = read_parents(text)
    if parents in ("one_missing", "both_missing"):
        # the minors whose parents are not the asker share the parents the words tell of: the
        # grandchildren a grandparent raises (「俩孙子爹妈都没了」), a nephew (「哥嫂都走了 留下个
        # 侄子10岁」), and the asker themself when a minor (「我14岁…我爸死了 我妈…管不了我」)
        for index, member in enumerate(household["members"]):
            if "parents" not in member and _raised_by_others(member, index):
                member["parents"] = parents
                facts.changed.append(f"members[{index}].parents")
    _read_unraised_children(household, text, facts)
    if re.search(
        r"流浪|乞讨|露宿|回不了家|回不去家|流落|滞留|困在(?:车站|火车站|客运站)|身无分文|"
        r"买不起(?:车)?票|车?票(?:钱)?(?:都|也)?买不起|钱(?:都)?(?:花完|花光|被偷|被骗)|"
        r"身上一分钱(?:都)?没有|(?:钱包|钱|行李).{0,6}(?:被偷|被抢|被骗|丢了)|"
        # 「在会宁汽车站睡了两晚上」「没地方住」: a night out, nowhere to live
        r"(?:车站|火车站|汽车站|客运站|候车室|桥洞|街上|马路边?|公园|网吧)(?:里|上|边)?睡|"
        r"睡(?:在)?(?:车站|火车站|汽车站|候车室|桥洞|街上|马路|大街|公园)|"
        r"没地方住|没处住|无处可去|没地方去|无家可归",
        text,
    ):
        household["homeless"] = True
        facts.changed.append("homeless")
    if "residency" not in household and _RESIDENCE_PERMIT_RE.search(text):
        household["residency"] = "residence_permit"
        facts.changed.append("residency")
    if re.search(r"(丧失|没有|无)劳动能力", text) and "able_to_work" not in household["members"][0]:
        household["members"][0]["able_to_work"] = False
        facts.changed.append("members[0].able_to_work")
    if (
        _ON_DIBAO_RE.search(text)
        and "不是低保" not in text
        and "dibao" not in household.get("current_benefits", [])
    ):
        household.setdefault("current_benefits", []).append("dibao")
        facts.changed.append("current_benefits")


def _raised_by_others(member: dict[str, Any], index: int) -> bool:
    """A minor of the household whose parents the asker is not."""
    age = member.get("age")
    if index == 0:
        return isinstance(age, int) and age < 18
    if member.get("relation") not in ("grandchild", "other", "sibling"):
        return False
    return member.get("relation") == "grandchild" or (isinstance(age, int) and age < 18)


# The asker's child's other parent gone (「她妈五年前跑了再没音讯」「孩子他爸去世了」).
_OTHER_PARENT_GONE_RE = re.compile(
    r"(?:她|他|孩子|娃|娃娃|闺女|儿子|女儿)的?(?:妈妈?|爸爸?|娘|爹|母亲|父亲)[^，,。；;]{0,8}?"
    r"(?:去世|走了|没了|死了|不在了|病故|过世|改嫁|跑了|离家出走|失踪|联系不上|找不到|没音讯|"
    r"服刑|坐牢|判刑)"
)


def _read_unraised_children(household: dict[str, Any], text: str, facts: EntityFacts) -> None:
    """事实无人抚养: the asker's minor children, when their other parent is gone (dead, missing,
    in prison) and the asker is 重残/重病 or cannot look after themselves (「我是一级肢体残疾…她妈
    五年前跑了再没音讯，闺女11岁跟着我」). An able asker raises them: nothing is said then."""
    members = household["members"]
    asker = members[0]
    grade = (asker.get("disability") or {}).get("grade")
    unable = (
        grade in (1, 2)
        or asker.get("serious_illness") is True
        or asker.get("self_care") == "total_loss"
    )
    if not unable or any(m.get("relation") == "spouse" for m in members[1:]):
        return
    if not _OTHER_PARENT_GONE_RE.search(text):
        return
    for index, member in enumerate(members):
        age = member.get("age")
        minor = not isinstance(age, int) or age < 18
        if index > 0 and member.get("relation") == "child" and minor and "parents" not in member:
            member["parents"] = "both_missing"
            facts.changed.append(f"members[{index}].parents")


# Out of work: 「厂子改制下岗了」「公司把我辞了」「找不着活」.
_JOB_LOST_RE = re.compile(
    r"下岗|失业|被裁|裁了|被辞|辞了|辞退|开除|没工作|没了工作|丢了工作|找不到工作|找不着活|待业"
)

# 「办了居住证」「有居住证」: not 「没有居住证」「居住证还没办」.
_RESIDENCE_PERMIT_RE = re.compile(r"(?<![没无不])(?<!没有)(?<!没办)(?<!不能办)居住证(?!还没|没)")

# Receiving 低保 now — not 「听说能吃低保」「想吃低保」「能不能领低保」, which ask for it.
_ON_DIBAO_RE = re.compile(
    r"(?<!想当)(?<!能当)(?<!申请)低保户|(?<![想能要可以办申请说])(?:吃|领|享受)(?:着|了|上了)?低保(?!吗|不|没|么)"
)


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
    it names, even when the NLU tagged only 甘肃), without the places of other people or errands
    (「囡在杭州做保姆」「医生说最好去上海做骨髓移植」); the NLU's place then, and its code last."""
    text = unicodedata.normalize("NFKC", text or "")
    whole = resolve_place(_without_places_elsewhere(text))
    if place_text and place_of_another(text, place_text):
        code_hint = place_text = None
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


# Who else a place may belong to, besides the relation words: 「囡在杭州做保姆」「医生说…」.
_OTHER_PERSON_RE = re.compile(r"囡|医生|大夫|专家|老板|包工头|工头|他们|她们|人家|别人")
# The household together, not another member alone: 「我和老伴在会宁」「孙子跟着我在兰州」.
_TOGETHER_RE = re.compile(r"我们|俺们|咱们|咱|[我俺][和跟带]|[和跟]着?[我俺]|带着")
_VERB_FIRST_RE = re.compile(r"^\s*(?:在|到|去)")
# A child's school below university is at home: 「俺娃上了民勤职专」, not 「闺女在合肥念大三」.
_SCHOOL_AT_HOME_RE = re.compile(
    r"^.{0,6}?(?:小学|初中|高中|中学|职专|职高|职中|幼儿园|[一二三四五六七八九]中|县中)"
)
# A place gone to for an errand is not where one lives: 「最好去上海做骨髓移植」「到兰州看病」.
_GONE_TO_RE = re.compile(r"(?<![回过上下进出])去$")
_ERRAND_TO_RE = re.compile(r"(?:到|上|转到|转院到|送到|送去|转去)$")
_ERRAND_RE = re.compile(
    r"^.{0,4}?(?:做|看病|看|治|住院|手术|检查|移植|化疗|放疗|透析|复查|就医|医院|旅游)"
)
# A place said as where the speaker lives: 我在…, 住在…, 我是…的, 我们这….
_HOME_BEFORE_RE = re.compile(
    r"(?:(?:我|俺|咱)们?(?:家|一家|这边|这里|这儿)?[^，,。！？!?]{0,4}?(?:住在|在|是|住)"
    r"|住在|家住|家在|住)$"
)
_OURS_BEFORE_RE = re.compile(r"(?:我|俺|咱)们?$")
_HERE_AFTER_RE = re.compile(r"^(?:这边|这里|这儿|这块|这)")


_WINDOW = 40  # characters of a clause read around a place (a subject is said near it)


def _clauses(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CLAUSE_RE.finditer(spaces_as_commas(text))]


def _around(
    text: str, start: int, end: int, clauses: list[tuple[int, int]]
) -> tuple[int | None, str, str]:
    """(index of the clause, its words before the place, its words after), near the place."""
    index = next((i for i, (a, b) in enumerate(clauses) if a <= start < b), None)
    if index is None:
        return None, "", ""
    first, last = clauses[index]
    return index, text[max(first, start - _WINDOW) : start], text[end : min(last, end + _WINDOW)]


def _elsewhere(text: str, start: int, end: int, clauses: list[tuple[int, int]]) -> bool:
    """Whether the place at text[start:end] is another person's (「儿子在汉中开出租」) or an
    errand's (「去上海做骨髓移植」) rather than where the household lives."""
    index, before, after = _around(text, start, end, clauses)
    if index is None:
        return False
    if _GONE_TO_RE.search(before) or (_ERRAND_TO_RE.search(before) and _ERRAND_RE.match(after)):
        return True
    if _TOGETHER_RE.search(before):
        return False
    if _OTHER_PERSON_RE.search(before):
        return True
    subject = _subject(before, len(before)) if before.strip() else None
    if subject in ("child", "grandchild") and _SCHOOL_AT_HOME_RE.match(after):
        return False
    whole_clause = clauses[index][0] >= start - _WINDOW
    if subject is None and index > 0 and whole_clause and _VERB_FIRST_RE.match(before):
        # 「儿子今年三十，在兰州打工」: a clause without a subject goes on about the one before
        first, last = clauses[index - 1]
        subject = _leading_subject(text[first : min(last, first + _WINDOW)])
    return subject not in (None, "self")


def _leading_subject(clause: str) -> str | None:
    """The relation a clause starts with: 「我在家带两个娃」 is the asker, 「我儿子…」 the child."""
    hits = sorted(
        (clause.find(word), -len(word), word) for word in _RELATION_WORDS if word in clause
    )
    if not hits:
        return None
    at, length, _ = hits[0]
    end = at - length
    follows = [hit for hit in hits if hit[0] == end]  # 我|儿子: the asker's son
    if follows:
        end = follows[0][0] - follows[0][1]
    return _subject(clause, end)


def _without_places_elsewhere(text: str) -> str:
    """The text with the places of other people and errands blanked out."""
    clauses = _clauses(text)
    characters = list(text)
    for start, end, _ in find_place_mentions(text):
        if _elsewhere(text, start, end, clauses):
            characters[start:end] = "_" * (end - start)
    return "".join(characters)


def place_of_another(text: str, place_text: str | None) -> bool:
    """Whether the place a message names is where another member is (「儿子在兰州不回来」) or an
    errand goes (「去上海做骨髓移植」), not where the household lives."""
    at = text.find(place_text) if place_text else -1
    return at >= 0 and _elsewhere(text, at, at + len(place_text or ""), _clauses(text))


def said_as_home(text: str) -> bool:
    """Whether the message names a place as where the speaker lives: 「我在兰州」「住在会宁县」
    「我是大靖的」「我们古浪这边」; not a place said in passing."""
    text = unicodedata.normalize("NFKC", text or "")
    clauses = _clauses(text)
    for start, end, _ in find_place_mentions(text):
        if _elsewhere(text, start, end, clauses):
            continue
        _, before, after = _around(text, start, end, clauses)
        if _ERRAND_RE.match(after):
            continue  # 「我去年在兰州住院」: a stay, not a home
        if _HOME_BEFORE_RE.search(before):
            return True
        if _OURS_BEFORE_RE.search(before) and _HERE_AFTER_RE.match(after):
            return True
    return False


def refined_locality(known: str | None, code: str | None) -> str | None:
    """The locality once a message names the place ``code``: a place that contains the one
    already known (「我一个人在西安」 after 西安长安区) keeps the known, more specific one."""
    if known and code and code_contains(code, known):
        return known
    return code or known


def locality_from_answer(known: str | None, code: str | None, text: str) -> str | None:
    """The locality after an answer to another question (household size, income…) names the
    place ``code``. A place inside the known one refines it; a place elsewhere replaces it only
    when said as where the speaker lives (「我现在住在兰州」), not in passing (「…去上海做移植」)."""
    if not known or not code:
        return code or known
    if code_contains(code, known):
        return known
    if code_contains(known, code) or said_as_home(text):
        return code
    return known


def _candidate_name(candidate: Any) -> str:
    """A candidate place as the citizen can tell it apart: 陕西省西安市长安区."""
    if isinstance(candidate, (tuple, list)) and len(candidate) >= 2:
        return full_name(str(candidate[0]))
    return str(getattr(candidate, "name", candidate))
