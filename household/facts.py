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
    NO_CHILDREN,
    NO_WORK_TO_DO,
    NOWHERE_TO_LIVE,
    PARENT_GONE_RE,
    PARENTS_ALIVE_APART_RE,
    RELATION_WORDS,
    SCHOOL_STAGE_WORDS,
    keyword_value,
    normalise_area,
    normalise_disability_type,
    normalise_event_type,
    normalise_relation,
    normalise_school_stage,
    read_parents,
)
from zhtext.money_role import money_role
from zhtext.numbers import parse_age, parse_count, parse_grade, parse_money
from zhtext.places import (
    SERVED_PROVINCES,
    code_contains,
    find_place_mentions,
    full_name,
    resolve_place,
)

MAX_HOUSEHOLD_SIZE = 20

_CLAUSE_BREAK_RE = re.compile(r"[，,。;；！!？?\n]|(?<!\d)\.|\.(?!\d)")
# Chat without punctuation: a space after a Chinese character ends a phrase as a comma does
# (「老婆在超市一个月两千八 闺女7岁上一年级」), and one between a number and a Chinese character
# (「今年15 我爸…」「我19 在厂里上班」).
_SPACE_BREAK_RE = re.compile(
    r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff0-9])"
    r"|(?<=[0-9])[ \t\u3000]+(?=[\u4e00-\u9fff])"
)


def spaces_as_commas(text: str) -> str:
    """The text with each space that ends a phrase made a comma (positions unchanged)."""
    return _SPACE_BREAK_RE.sub(lambda m: "，" * len(m.group(0)), text)


# The asker in Shaanxi and Gansu words: 「额是大荔的」「额在镇上摆摊」 (额 = 我; not the filler 「额，」).
_E_SELF = r"(?<![金名数余份超限差定总])额(?![度外头])(?=[\u4e00-\u9fff])"
# A phrase the asker starts of themself (「…读高二 我在茶厂上班」).
_SELF_START_RE = re.compile(
    rf"^\s*(?:家里|全家)?(?:就|只有|只|全靠|就靠|靠)?(?:(?:我|俺|咱|自己|本人)(?!们|家|俩|两)|{_E_SELF})"
)


def _ends_clause(between: str, spaced: str) -> bool:
    """Whether the words between a relation and a fact end the relation's clause: punctuation,
    or a space before a phrase the asker starts of themself (「儿子读高二 我在茶厂上班一个月
    三千五」「我妹两个人 我19 在厂里上班一个月三千」). Other spaces keep the topic (「俺女子32了
    精神分裂 一级精神残疾证」). ``spaced``: the same words with their spaces made commas (cut
    from :func:`spaces_as_commas` of the whole text)."""
    if _CLAUSE_BREAK_RE.search(between):
        return True
    return any(_SELF_START_RE.match(phrase) for phrase in spaced.split("，")[1:])


SERIOUS_ILLNESS_RE = re.compile(
    r"癌|肿瘤|白血病|尿毒症|透析|大病|重病|重症|脑梗|中风|脑出血|瘫痪|心脏病|肝硬化|精神病|精神分裂|"
    r"渐冻|血友病|器官移植|肾衰|重特大|"
    # the 重特大疾病 people name: tumours and their treatment, and the diseases of the region
    r"淋巴瘤|骨髓瘤|脑瘤|肉瘤|化疗|放疗|再生障碍|再障|红斑狼疮|帕金森|老年痴呆|阿尔茨海默|"
    r"包虫病|尘肺|肝衰|心衰|心力衰竭|先心病|肺心病|脑炎|脑膜炎|"
    # in intensive care or at death's door: serious whatever the name of the illness
    r"ICU|重症监护|监护室|病危|抢救"
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
    clean["members"] = [
        {k: v for k, v in member.items() if not k.startswith("_")}
        for member in clean.get("members") or []
    ]
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
    r"^[^，,。；;]{0,4}?(?:走了|走的|去世|过世|病故|病死|殁了|没了|不在了|死了|死的|离婚|离了|改嫁|跑了|"
    r"离家出走|失踪|联系不上|早就不在|不回来|不回家|不算|不算在内|不在户上|成家|另立门户|分家"
    # 「我儿子跟儿媳妇犯了事 两个人都判了」: in prison
    r"|犯了事|犯事|判了|判刑|坐牢|服刑|蹲监狱|在监狱|进去了|被抓|抓走|戒毒|劳教|拘留"
    # 「娃他爹出去两年了 电话都打不通」: gone for years, not to be reached
    r"|出去[^，,。；;]{0,3}年|打不通)"
    # 「有个儿子，不跟我住」「女儿早就分开过了」: a relative who does not live here
    r"|^[，,]?\s*(?:但是?|可|他|她)?\s*(?:早就|早)?(?:不跟|不和|没跟)(?:我们|俺们|我|俺)(?:一起|一搭|一块)?(?:住|过)"
    r"|^[^，,。；;]{0,4}?(?:分开住|分开过|另过|单过|各过各的|不住一起|不在一起住)"
    # 「儿子在杭州打工不在家」: away, not living here
    r"|^[^，,。；;\s]{0,10}?(?:不在家|没在家|不住家里|不在家里住)"
)
# A clause telling of a relative who lives apart (its 我 is no subject: 「不跟我住」).
_APART_RE = re.compile(
    r"(?:不跟|不和|没跟)(?:我们|俺们|我|俺)(?:一起|一搭|一块)?(?:住|过)"
    r"|分开住|分开过|另过|单过|各过各的|不住一起|不在一起住"
)
# 「我爸去年在工地出事走了」: a death that ends the relation's clause, after when and where.
_DIES_AT_CLAUSE_END_RE = re.compile(
    r"^[^，,。；;\s]{0,12}?(?:去世|过世|病故|病死|离世|死了|走了|没了|殁了)了?"
    # 「我爸上礼拜突然心梗走了才五十二家里顶梁柱没了」: run on, without a mark
    r"(?=$|[，,。；;\s]|才|年仅|刚|家里|留下|撇下|丢下)"
)
# 「就一个儿子出去打工二十年没音信了」: missing for years, no member and no supporter.
_MISSING_RE = re.compile(r"没(?:有)?(?:音信|音讯|消息)|杳无音信|音信全无|联系不上|失联|失踪")
_PRONOUN_RE = re.compile(r"^\s*(?:他|她|它|其|这孩子|那孩子|娃)")
_NO_SUPPORTERS_RE = re.compile(
    NO_CHILDREN + r"|孤寡|(?:就一个|只有一个|唯一的)(?:儿子|女儿|闺女|孩子|娃)[^，,。；;]{0,12}"
    r"(?:没(?:有)?(?:音信|音讯|消息)|杳无音信|联系不上|失联|失踪)"
)
# 「没娃」「没有孩子」「没儿子」: a relation said not to exist names no member.
_NEGATED_BEFORE_RE = re.compile(r"(?:没有?|无|没得|莫得|冇得?|木有)$")
# 「我一个老婆子」「是个老汉」「老头子我」: the asker, an old woman or man — no spouse.
_OLD_SELF_RE = re.compile(
    r"(?:一个|个|是|这|那)(?:老汉|老头子|老头|老婆子|老太婆|老婆婆)|(?:老汉|老头子|老头|老婆子)我"
)
# 「一个人带娃」「我在家照顾八十岁的公公」: a member cared for, the object of the asker's phrase.
_CARED_FOR_BEFORE_RE = re.compile(
    r"(?:带|带着|照顾|照看|伺候|陪|陪着|养|养着|供|供着|拉扯|拉扯着|守着|领着)$"
)
# 「他爸就是我儿子」: the same person named twice; the second word says who they are.
_SAME_PERSON_AFTER_RE = re.compile(
    r"^\s*(?:过|住|生活)?\s*(?:就是|也就是|是)(?:我|俺|咱|额)(?:的|家)?"
)
# Money a relative gives the household (「儿子在汉中开出租 一个月给五百块」「俺儿子有时候给个
# 三百块」): support the household receives, not that relative's income; the giver lives apart.
_GIVES = (
    r"(?:给|寄|汇|贴补|补贴|接济|打回|拿回|打过来"
    # 「每个月打一千块」: money sent, not 「打零工」「打两份工」
    r"|打(?=[0-9一二两三四五六七八九十几][0-9一二两三四五六七八九十百千万几]*(?:块|元|多块|来块|$|[\s，,。；;])))"
)
_GIVES_RE = re.compile(
    _GIVES + r"(?:了|个|点|些|回|回来|回家|家里|俺|我|咱|额|我们|俺们|咱们|过来|上)*\s*"
    r"(?:[0-9]|[一二两三四五六七八九十几百千](?!个))"
)
_GIVES_BEFORE_RE = re.compile(
    r"(?:给|寄|汇|贴补|补贴|接济|打回|拿回|打过来)[^，,。；;0-9]{0,5}$|打(?:了|个)?$"
)
# Relatives who may give (a spouse's money is their own income, 「娃他爸…一个月往回寄两千」).
_MAY_GIVE = frozenset({"child", "parent", "grandparent", "grandchild", "sibling", "other"})


def _topic_after(text: str, end: int) -> str:
    """The words about a relation named just before ``end``: the rest of its clause and the
    clauses after it that start no new subject, up to the end of the sentence."""
    sentence = re.split(r"[。！!？?\n；;]", spaces_as_commas(text)[end:], maxsplit=1)[0]
    parts = re.split(r"[，,]", sentence)
    topic = [parts[0]]
    for part in parts[1:]:
        if _SELF_START_RE.match(part) or _subject(part) not in (None, "self"):
            break
        topic.append(part)
    return "，".join(topic)


def _gives_money(text: str, end: int) -> bool:
    """Whether the relation named just before ``end`` gives the household money."""
    return bool(_GIVES_RE.search(_topic_after(text, end)))


def _is_gone(text: str, end: int) -> bool:
    """Whether the relation named just before ``end`` left the household (dead, gone, apart)."""
    after = text[end : end + 16]
    if text[end - 1 : end] not in ("爸", "妈", "爹", "娘", "亲") and re.match(
        r"\s*(?:的)?[他她]?(?:爸|妈|爹|娘|父亲|母亲)", after
    ):
        return False  # 「我孙女她爸前年出事没了」: the one gone is the parent named next
    if _GONE_AFTER_RE.match(after) or _DIES_AT_CLAUSE_END_RE.match(after):
        return True
    # 「儿子三十了在兰州送外卖 成家了不跟俺们住」: said apart a clause later, nobody named between
    window = re.split(r"[。；;！!？?\n]", text[end : end + 28])[0]
    apart = _APART_RE.search(window) or _MISSING_RE.search(re.split(r"[，,\s]", window)[0])
    if apart is None:
        return False
    return not any(w in window[: apart.start()] for w in _RELATION_WORDS)


# Parents, grandparents and siblings are told apart by the word (爸 and 妈 are two parents).
_SEXED = frozenset({"parent", "grandparent", "sibling"})
_MALE_KIN_RE = re.compile(r"爸|父|爹|爷|外公|公公|哥|弟")
_FEMALE_KIN_RE = re.compile(r"妈|母|娘|奶|婆|姥(?!爷)|姐|妹")


def _kin_sex(relation: str | None, word: str) -> str | None:
    """male / female when the word names one person of a relation told apart by sex (爸, 妈,
    哥, 妹); None for a pair (爸妈, 父母) or another relation."""
    if relation not in _SEXED:
        return None
    male, female = bool(_MALE_KIN_RE.search(word)), bool(_FEMALE_KIN_RE.search(word))
    return "male" if male and not female else "female" if female and not male else None


def _append_member(household: dict[str, Any], relation: str, sex: str | None = None) -> int:
    """Index of a member of this relation added at the end (the count grows if it was short)."""
    members = household["members"]
    members.append({"relation": relation, **({"sex": sex} if sex else {})})
    if household.get("_size") and len(members) > household["_size"]:
        household["_size"] = len(members)
    return len(members) - 1


def _member_for(
    household: dict[str, Any],
    relation: str | None,
    about: int | None = None,
    sex: str | None = None,
) -> int:
    """Index of the member a fact is about: the named relation, else the member the question
    was about (``about``), else the person asking. ``sex`` (爸 / 妈) tells two members of one
    relation apart: a parent known as the father is not the mother."""
    members = household.setdefault("members", [{"relation": "self"}])
    if not relation:
        return about if about is not None and about < len(members) else 0
    if relation == "self":
        return 0
    same = [i for i, m in enumerate(members) if i > 0 and m.get("relation") == relation]
    for index in same:
        if sex is None or members[index].get("sex") == sex:
            return index
    for index in same:
        if members[index].get("sex") is None:
            members[index]["sex"] = sex
            return index
    for index, member in enumerate(members):
        if index > 0 and "relation" not in member:
            member["relation"] = relation
            if sex:
                member["sex"] = sex
            return index
    return _append_member(household, relation, sex)


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
_ANOTHER_ONE_RE = re.compile(
    r"小的|老二|老三|老小|另一个|还有一个|二娃|小娃|二闺女|二儿子"
    r"|(?<!每)一个(?![月人])"  # 「两个孩子一个读中专一个读大学」
)


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


# Relation words of the regions served that the NLU does not tag: 「丫头16岁」「俺女子32了」「女子
# 15上初三」 (a daughter), 「老汉退休金」「我老头子85了」「我掌柜的胃癌」 (a husband; 「我一个老汉」 is
# the asker), 「娃他爸」 (the asker's spouse).
# 「离婚三年了 娃他爸一分钱抚养费都不给」: the children's other parent, divorced, is no member.
_DIVORCED_RE = re.compile(r"离婚|离了婚|离异")
_REMARRIED_RE = re.compile(r"再婚|又结婚|又找了|现在的(?:老公|丈夫|男人|媳妇|老婆)|后来的")
_KIDS_PARENT_RE = re.compile(r"(?<!孙)(?:娃娃|娃|伢|孩子)(?:他|她)?(?:爸爸|爸|爹|妈妈|妈|娘)")
_DIALECT_RELATIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"丫头(?!片子)"), "child"),
    (re.compile(r"(?<=俺|我|咱|额)家?女子"), "child"),
    (
        re.compile(
            r"(?<![\u4e00-\u9fff])女子(?=\s*(?:[0-9一二三四五六七八九十]|今年|在|上|读|念|才|都|已经|也|嫁))"
        ),
        "child",
    ),
    (re.compile(r"(?<![个是这那])老汉(?!我)"), "spouse"),
    (re.compile(r"(?<![个是这那小])老头子?(?!我)"), "spouse"),
    (re.compile(r"(?<=我|俺|咱|额)家?(?:掌柜的|当家的)"), "spouse"),
    # a wife in 陕南/四川 (「我屋里头婆娘」), 湖南/湖北 (「我堂客」)
    (re.compile(r"(?<![老小])婆娘|(?<=我|俺|咱)(?:屋里头?的?)?堂客"), "spouse"),
    (re.compile(r"(?<=我|俺|咱|额)儿(?![子女媳童时科])"), "child"),  # 「俺儿考上大学了」
    (re.compile(r"(?<=我|俺|咱|额)家?对象"), "spouse"),  # 「俺对象在北京工地上」 (北方话)
    (_KIDS_PARENT_RE, "spouse"),
    (re.compile(r"(?<=我|俺|咱|额)(?:老)?(?:娘|爹)(?!家)"), "parent"),  # 「俺跟俺娘」, not 娘家
)
# Where the asker raises grandchildren (a grandchild is named): 「娃是我跟他爷爷带着」 — the
# child's other grandparent is the asker's spouse; 「他爸」「她妈」 is the child's parent, the
# asker's son or daughter (-in-law), never the asker's own parent.
_GRANDCHILD_WORD_RE = re.compile(r"孙子|孙女|孙娃|外孙")
_THEIR_GRANDPARENT_RE = re.compile(r"(?<=他|她)(?:爷爷|奶奶|姥姥|姥爷|外公|外婆)")
_THEIR_PARENT_RE = re.compile(r"(?<=他|她)(?:爸妈|爹妈|爹娘|爸爸|妈妈|爸|爹|妈|娘)")
_REFERENTS = ("grandchild", "child", "spouse")
# 「留下两个娃 大的孙子12 小的孙女8岁」: the children named are grandchildren.
_KIDS_ARE_GRANDCHILDREN_RE = re.compile(
    r"^[^。！？!?\n]{0,6}?(?:大的|老大)(?:是)?(?:孙子|孙女|孙娃|外孙)"
)
_GENERIC_CHILD_WORDS = (
    "娃娃",
    "娃",
    "娃儿",
    "娃子",
    "小娃",
    "孩子",
    "小孩",
    "孩儿",
    "伢",
    "伢子",
    "小伢",
    "伢儿",
)
# 「大一点」「初一那年」: a grade word that is not a school stage.
_NOT_A_GRADE_AFTER_RE = re.compile(
    r"^(?:点|些|岁|倍|那年|的时候|时|院|医院|附院)"
)  # 兰大二院: a hospital
# An age said right after the member it is of, without 岁 (「女子15上初三」「儿子17 再障」「我19
# 在厂里上班」「大的孙子12」); never a sum, a count or a date (「儿子3年前」「我两个孩子」).
_BARE_AGE_AFTER_RE = re.compile(
    r"\s*(?:今年)?([0-9]{1,3}|[一二三四五六七八九十]{1,3})(?:岁|周岁)?"
    r"(?=了|\s|上|读|念|在|，|,|。|；|$|多了|就|只|靠|还|也|都|有|没|种|打|干|做|身体|前年|去年)"
)
_SELF_WORD_RE = re.compile(rf"(?:我|俺|{_E_SELF})(?!们|家|俩|两|跟|和)")
# A monthly sum said in words the NLU left untagged (「俺捡破烂一个月也就三百」).
_MONTHLY_SUM_RE = re.compile(
    r"(?:一个月|每个?月|一月)(?:也就|就|才|只有|只|能|大概|差不多|也|有|挣|拿|赚|收入|下来|落个?|剩个?|挣个|弄个|赚个|拿个)*\s*"
    r"(?:(?:给|寄|打)(?:我|俺|我们|俺们|家里)?)?"
    r"((?:[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千万几]+)(?:多|来)?(?:块钱?|元)?)"
    r"(?=左右|上下|$|[，,。；;\s])"
)


def _words_the_nlu_missed(
    text: str,
    entities: list[dict[str, Any]],
    about_relation: str | None = None,
    raising: bool = False,
) -> list[dict[str, Any]]:
    """The entities with the relations, school stages, ages and monthly sums the words state
    plainly and the NLU did not tag (a dialect word replaces the NLU's pieces of it: 娃|他爸 is
    one spouse)."""
    found = list(entities or [])

    def overlaps(start: int, end: int, name: str | None = None) -> list[dict[str, Any]]:
        return [
            e
            for e in found
            if int(e.get("start") or 0) < end
            and start < int(e.get("end") or 0)
            and (name is None or e.get("entity") == name)
        ]

    def replace(start: int, end: int, relation: str) -> None:
        nonlocal found
        pieces = overlaps(start, end)
        if all(e.get("entity") == "relation" for e in pieces):
            found = [e for e in found if e not in pieces]
            found.append({"entity": "relation", "value": relation, "start": start, "end": end})

    for pattern, relation in _DIALECT_RELATIONS:
        for match in pattern.finditer(text):
            if pattern is _KIDS_PARENT_RE and (
                raising or _GRANDCHILD_WORD_RE.search(text) or _DIVORCED_RE.search(text)
            ):
                # 「俺带着孙子…伢他爸在外头打工」: the grandchild's parent, the asker's son or
                # daughter(-in-law) away from the household raising the child: no member
                replace(*match.span(), "giver")
                continue
            replace(*match.span(), relation)
    if _GRANDCHILD_WORD_RE.search(text):
        for match in _THEIR_GRANDPARENT_RE.finditer(text):
            replace(*match.span(), "spouse")
    # 「他爸」「她妈」: the parent of the member named before — of the asker's child, the asker's
    # spouse; of a grandchild, the asker's child (-in-law); of the asker's spouse, a parent-in-law
    for match in _THEIR_PARENT_RE.finditer(text):
        before = [
            normalise_relation(str(e.get("value")))
            if e.get("value") not in RELATIONS
            else e.get("value")
            for e in sorted(found, key=lambda e: int(e.get("start") or 0))
            if e.get("entity") == "relation"
            and int(e.get("end") or 0) <= match.start() - 1
            and not _THEIR_PARENT_RE.match(text, int(e.get("start") or 0))
        ]
        named_next = [
            normalise_relation(str(e.get("value")))
            if e.get("value") not in RELATIONS
            else e.get("value")
            for e in sorted(found, key=lambda e: int(e.get("start") or 0))
            if e.get("entity") == "relation" and int(e.get("start") or 0) >= match.end()
        ]
        referent = next((r for r in reversed(before) if r in _REFERENTS), about_relation)
        if referent is None and named_next and named_next[0] == "child":
            referent = "child"  # 「三口 我 他爸 儿子」: the father of the child named next
        pair = match.group(0) in ("爸妈", "爹妈", "爹娘")
        theirs = {"grandchild": "other", "child": None if pair else "spouse", "spouse": "parent"}
        kin = theirs.get(referent or "")
        if kin:
            replace(*match.span(), kin)
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
    # a bare age after the member it is of: a relation the entities name, or the asker (我19)
    named = [
        (int(e.get("start") or 0), int(e.get("end") or 0), False)
        for e in found
        if e.get("entity") == "relation"
    ]
    named += [
        (m.start(), m.end(), True)
        for m in _SELF_WORD_RE.finditer(text)
        if not overlaps(m.start(), m.end())
    ]
    for start, end, asker in named:
        age = _BARE_AGE_AFTER_RE.match(text, end)
        if age is None or overlaps(age.start(1), age.end(1)):
            continue
        value = parse_age(age.group(1) + "岁")
        if value is not None and 0 < value <= 120:
            if asker:
                found.append({"entity": "relation", "value": "self", "start": start, "end": end})
            found.append(
                {"entity": "age", "value": value, "start": age.start(1), "end": age.end(1)}
            )
    for match in _MONTHLY_SUM_RE.finditer(text):
        start, end = match.span(1)
        said = match.group(1)
        money = parse_money(said if re.search(r"[块元]", said) else said + "块")
        if money and not overlaps(start, end) and money_role(text, start, end) == "monthly_income":
            found.append({"entity": "monthly_income", "value": money, "start": start, "end": end})
    return found


# 「住了四回院」「透析三回」: a count of times, never an age.
# 「住了四回院」 is a count of times, 「四十多只羊」 a count of things: neither is an age.
_TIMES_AFTER_RE = re.compile(r"^\s*(?:次|回|趟|遍|顿|只|头|匹|亩|棵|箱|斤|间|袋|株|口羊|口猪)")
# 「就我一个人住」: living alone (「翻身擦洗都是我一个人」 is doing alone).
_LIVES_ALONE_AFTER_RE = re.compile(r"^\s*(?:住|过|生活|在家|单过)")
# 「一个人带俩娃」「一个人拉扯孩子」: raising others alone
_RAISES_AFTER_RE = re.compile(r"^\s*(?:带|养|拉扯|供|照顾|伺候|守着|顾着)")
# 「一个人在家顾不过来」: one person doing the work of the home, not a household of one
_MANAGES_ALONE_AFTER_RE = re.compile(
    r"^\s*在家里?(?:又|还|要|得)?(?:顾|忙|照顾|伺候|带|管|撑|扛|操持|种地|干活)"
)
_YEARLY_WORDS_RE = re.compile(r"一年|每年|年收入|全年|一年到头|一年下来")


# A job just before a sum in its clause: 「做保洁一千八」「送快递两三千」 — a month's pay.
_PAID_WORK_BEFORE_RE = re.compile(
    r"(?:送快递|送外卖|跑外卖|做保洁|干保洁|打零工|打工|上班|开出租|跑滴滴|当保安|看大门|当保姆|"
    r"做护工|搬砖|在厂里|进厂)[^，,。；;\s0-9一二两三四五六七八九十]{0,2}$"
)
# 「不是三级」: a value said to be wrong; 「不对」「记错了」: the words correct what was said before.
_NOT_THIS_BEFORE_RE = re.compile(r"不是\s*$")
_FIXING_RE = re.compile(r"不对|记错|说错|搞错|弄错|错了|应该是|其实是|更正")


def _raising_grandchildren(household: dict[str, Any]) -> bool:
    """Grandchildren and no children in the household: 娃 / 孩子 is a grandchild."""
    members = household.get("members") or []
    relations = {m.get("relation") for m in members[1:]}
    return "grandchild" in relations and "child" not in relations


def _money_of(value: Any) -> float | None:
    return _as_float(value) if _as_float(value) is not None else parse_money(str(value))


_TWINS_RE = re.compile(r"双胞胎(?![孙儿女闺])")


# Stranded, with no roof: nights at a station, no fare home, nothing left (流浪乞讨人员救助).
_STRANDED_RE = re.compile(
    r"流浪|乞讨|露宿|回不了家|回不去家|流落|滞留|困在(?:车站|火车站|客运站)|身无分文|"
    # (not 「办丧事把存的钱都花光了」: savings spent at home)
    r"买不起(?:车)?票|车?票(?:钱)?(?:都|也)?买不起|(?<!存的)(?<!攒的)(?<!积蓄)钱(?:都|也)?(?:花完|花光|用完|被偷|被骗)|"
    # 「在南门汽车站待了两个晚上」: nights out at a station
    r"(?:车站|汽车站|火车站|客运站|候车室|桥洞|街上|公园|网吧)(?:里|上)?(?:待|呆|蹲|过)了?"
    r"(?:[一两三四五六七八九十几]+|好几)个?(?:晚上|夜|宿)|"
    r"身上一分钱(?:都)?没有|(?:钱包|钱|行李).{0,6}(?:被偷|被抢|被骗|丢了)|"
    # 「在会宁汽车站睡了两晚上」「没地方住」: a night out, nowhere to live
    r"(?:车站|火车站|汽车站|客运站|候车室|桥洞|街上|马路边?|公园|网吧)(?:里|上|边)?睡|"
    r"睡(?:在)?(?:车站|火车站|汽车站|候车室|桥洞|街上|马路|大街|公园)|"
    rf"{NOWHERE_TO_LIVE}|没处住|无处可去|没地方去|无家可归|"
    # 「晚上在菜市场棚子底下睡呢」
    r"(?:棚子?|屋檐|桥|楼道)(?:底下|下面|下|里)睡",
)


def apply_entities(
    household: dict[str, Any],
    entities: list[dict[str, Any]],
    text: str = "",
    *,
    about: int | None = None,
    answering: bool = False,
) -> EntityFacts:
    """Fold the NLU entities of one message into the household (in place).

    ``about``: the member the pending question asked about; a fact whose clause names nobody
    belongs to that member (「14岁」 to 「您的孩子多大？」 is the child's age, never the asker's).
    ``answering``: the text answers a question (``about`` or one of the household's): relatives
    it names beside a household already counted are not new members.
    """
    facts = EntityFacts()
    # 「我家双胞胎今年都考上大学了」: two children (same length: the entities' offsets hold)
    text = _TWINS_RE.sub("俩孩子", text or "")
    size_before = household.get("_size")
    count_before = len(household.get("members") or [])
    wrong = _SUM_SAID_WRONG_RE.search(text)
    if (
        wrong
        and household.get("household_monthly_income") is not None
        and parse_money(wrong.group(1)) == float(household["household_monthly_income"])
    ):
        # 「刚才说错咧 一个月1500 不是1200」: the total known was the sum said wrong
        household.pop("household_monthly_income")
    total_before = household.get("household_monthly_income")
    own_income: float | None = None  # 「我做保洁一个月一千五」: the asker's own, said as theirs
    support = 0.0  # 「儿子…一个月给五百块」: what relatives living apart give the household
    members = household.get("members") or []
    # 「八岁。他爸一个月回来一次」 to 「您的孩子多大？」: 他 is the member asked about
    about_relation = (
        members[about].get("relation") if about is not None and 0 < about < len(members) else None
    )
    ordered = sorted(
        _words_the_nlu_missed(text, entities, about_relation, _raising_grandchildren(household)),
        key=lambda e: e.get("start") or 0,
    )
    said = _Said(text)
    current_relation: str | None = None  # a relation, or "gone" / "giver": not a member
    current_sex: str | None = None  # 爸 or 妈: which of two members of the relation
    # 「一个人带娃 在临潼做环卫」「老头子走了五年 就一百多块钱养老金」: the next phrase is the
    # asker's again
    cared_for = False
    relation_end = 0
    raising_alone = False
    spaced = spaces_as_commas(text)
    # 「我替我妈问一下」: the household is the parent's (its size is read once the members are)
    for_parent = about is None and not answering and bool(_ASKS_FOR_PARENT_RE.search(text))
    sizes_said: list[int] = []
    for entity in ordered:
        name = entity.get("entity")
        value = entity.get("value")
        if value is None or value == "":
            continue
        start = int(entity.get("start") or 0)
        end = int(entity.get("end") or start)
        between, spaced_between = text[relation_end:start], spaced[relation_end:start]
        if current_relation and (
            _ends_clause(between, spaced_between)
            or ((cared_for or current_relation == "gone") and "，" in spaced_between)
        ):
            # a relation names the subject of its own clause only — and of the next one when
            # that starts with a pronoun (「儿子，他14岁上初二」)
            tail = _CLAUSE_BREAK_RE.split(spaced_between)[-1]
            if not _PRONOUN_RE.match(tail):
                current_relation = current_sex = None
        if current_relation == "gone" and name != "relation":
            continue
        if current_relation == "giver" and name != "relation":
            money = _money_of(value) if name in ("monthly_income", "amount") else None
            if money and _GIVES_BEFORE_RE.search(text[max(0, start - 8) : start]):
                if name == "monthly_income":
                    support += money
                elif _YEARLY_WORDS_RE.search(_clause_at(text, start)):
                    support += round(money / 12)  # 「一年到头寄回来五六千」
            continue
        if name == "monthly_income" and money_role(text, start, end) == "amount":
            name = "amount"  # 「康复训练一个月要三千」: a cost, whatever the model said
        elif (
            name == "amount"
            and money_role(text, start, end) is None
            and _PAID_WORK_BEFORE_RE.search(_clause_before(text, start))
        ):
            name = "monthly_income"  # 「老公送快递两三千 没个准」: what a job brings in a month
        if name == "household_size":
            size = _as_int(value) or parse_count(str(value))
            if for_parent:
                sizes_said += [size] if size else []
                continue
            if (
                size
                and _COUNTED_MEMBER_RE.match(text[end : end + 4])
                and not re.search(r"口|人$", text[start:end])  # 「六口人 孩子仨」 is the size
            ):
                continue  # 「两个孩子」: members of a relation, read by _read_clauses
            if text[end : end + 1] == "子" or text[max(0, start - 1) : start] == "老":
                continue  # 「俺两口子」「老两口」: the couple, read by _read_clauses
            if (
                size == 1
                and (
                    not _LIVES_ALONE_AFTER_RE.match(text[end : end + 3])
                    or _MANAGES_ALONE_AFTER_RE.match(text[end : end + 8])
                )
                and any(m.get("relation") for m in household["members"][1:])
            ):
                continue  # 「翻身擦洗都是我一个人」「俺一个人在家顾不过来」: done alone
            if size == 1 and _RAISES_AFTER_RE.match(text[end : end + 4]):
                raising_alone = True  # 「我一个人带俩娃」: a single parent and the children
                continue
            if size:
                set_household_size(household, size)
                facts.changed.append("members")
        elif name == "relation":
            if value == "giver":  # 「伢他爸在外头打工」 of a grandchild raised here
                current_relation, current_sex, relation_end = "giver", None, end
                continue
            relation = normalise_relation(str(value)) if value not in RELATIONS else value
            word = text[start:end]
            if relation == "child" and "孙" in word:
                relation = "grandchild"  # 「孙女儿」「外孙」 the model took for a child
            if "老婆婆" in text[max(0, start - 1) : end + 1] or any(
                m.start() <= start < m.end() for m in _OLD_SELF_RE.finditer(text)
            ):
                continue  # 「我一个老婆婆」「我一个老婆子」: an old woman, not a wife
            if not relation or relation == "self":
                if relation == "self":
                    current_relation, current_sex, relation_end = "self", None, end
                continue
            if _NEGATED_BEFORE_RE.search(text[max(0, start - 2) : start]):
                continue  # 「没娃」「没有孩子」: nobody
            if relation == "child" and text[start - 1 : start] == "孙" and start > 0:
                relation = "grandchild"  # 「孙娃子」 with 娃子 tagged alone
            if (
                relation == "child"
                and word in _GENERIC_CHILD_WORDS
                and _KIDS_ARE_GRANDCHILDREN_RE.match(text[end:])
            ):
                relation = "grandchild"  # 「留下两个娃 大的孙子12 小的孙女8岁」
            if (
                relation == "child"
                and word in _GENERIC_CHILD_WORDS
                and _raising_grandchildren(household)
            ):
                relation = "grandchild"  # 「这娃有没有啥补助」 of a grandparent
            same = _SAME_PERSON_AFTER_RE.match(text[end : end + 8])
            if same and normalise_relation(text[end + same.end() : end + same.end() + 3]) not in (
                None,
                "self",
            ):
                continue  # 「他爸就是我儿子」: the word after says who
            if _is_gone(text, end) or _FORMER_RE.match(word):
                current_relation, current_sex, relation_end = "gone", None, end
                continue  # not a member (「前夫一分钱不给」): skip its clause
            known = any(m.get("relation") == relation for m in household["members"][1:])
            if relation in _MAY_GIVE and not known and _gives_money(text, end):
                current_relation, current_sex, relation_end = "giver", None, end
                asker = household["members"][0]
                clause = _clause_at(text, start) + _topic_after(text, end)
                if (
                    relation == "child"
                    and "has_capable_supporter" not in asker
                    and _EARNS_WELL_RE.search(clause)
                    and not _HARD_UP_RE.search(clause)
                ):
                    # 「儿子在兰州上班 一个月给我寄个八百块」: a son who supports the asker
                    asker["has_capable_supporter"] = True
                    facts.changed.append("members[0].has_capable_supporter")
                continue  # gives the household money: lives apart, no member
            current_relation, current_sex = relation, _kin_sex(relation, word)
            cared_for = bool(_CARED_FOR_BEFORE_RE.search(text[max(0, start - 3) : start]))
            relation_end = end
            _member_for(household, relation, sex=current_sex)
            said.named_at[relation] = start
        elif name == "monthly_income":
            money = _money_of(value)
            owner, owner_sex = current_relation, current_sex
            if money is not None and owner is None and about is None:
                # 「我妈种地一个月六百」 with 妈 untagged: the member the clause names before it
                before = _clause_before(text, start)
                named = _subject_said(before, len(before))
                if named and named[0] != "self":
                    owner, owner_sex = named[0], _kin_sex(named[0], named[1])
                    if owner in _MAY_GIVE and _GIVES_BEFORE_RE.search(
                        text[max(0, start - 8) : start]
                    ):
                        support += money  # 「儿子每个月给我三百」
                        continue
            if (
                money is not None
                and owner in ("child", "grandchild")
                and about is None
                and relation_end <= start - len(_clause_before(text, start))
                and _all_pupils(household, owner)
            ):
                owner = None  # 「大的初三小的五年级 在饭馆洗碗一个月挣1300」: the asker's wage
            if money is not None:
                excluded = excluded_income_in(_words_of_sum(text, start, end), money)
                # 「我跟她爸都在厂里上班 一个月加起来五千」: a total, the household's
                total = _TOTAL_WORDS_RE.search(_clause_before(text, start))
                if not total and ((owner and owner != "self") or (about is not None and not owner)):
                    index = _member_for(household, owner, about, owner_sex)
                    field = "excluded_income" if excluded else "monthly_income"
                    set_in_place(household, f"members[{index}].{field}", money)
                    facts.changed.append(f"members[{index}].{field}")
                elif excluded:
                    # 「就一百五的养老金」: the asker's, not counted
                    household["members"][0]["excluded_income"] = money
                    facts.changed.append("members[0].excluded_income")
                    if _ONLY_THIS_RE.search(_clause_before(text, start)) and (
                        "monthly_income" not in household["members"][0]
                    ):
                        # 「就靠一百来块养老金」: that is all — no counted income besides
                        household["members"][0]["monthly_income"] = 0.0
                        facts.changed.append("members[0].monthly_income")
                else:
                    household["household_monthly_income"] = money
                    facts.changed.append("household_monthly_income")
                    clause = _clause_at(text, start)
                    own = _subject(clause) == "self" and not _HOUSEHOLD_WIDE_RE.search(clause)
                    if not own and _subject(clause) is None and _OWN_WORK_RE.search(clause):
                        # 「我在煤矿干了十五年 矿关了 打零工一个月也就一千出头」: the asker's
                        # own work, told on from a clause of theirs with nobody else named since
                        earlier = _clause_before(text, start)
                        own = (
                            _subject(earlier) in (None, "self")
                            and _SELF_WORD_RE.search(text[:start]) is not None
                            and not any(
                                e.get("entity") == "relation" and int(e.get("start") or 0) < start
                                for e in ordered
                            )
                        )
                    own_income = money if own else None
        elif name == "age":
            age = _as_int(value) or parse_age(str(value))
            # 「零」 of 打零工 is nobody's age; 「住了四回院」 is a count of times
            if age is not None and 0 < age <= 130 and not _TIMES_AFTER_RE.match(text[end:]):
                # 「带着8岁的女儿」: the age of the relation that follows it
                following = _RELATION_AFTER_RE.match(text[end:])
                owner = normalise_relation(following.group(1)) if following else None
                ranked = _ranked_member(household, text, start)
                if owner:
                    sex = _kin_sex(owner, following.group(1)) if following else None
                    index = _member_for(household, owner, about, sex)
                elif ranked is not None:
                    index = ranked  # 「两个伢 大的十六…小的五岁」
                else:
                    index = _member_for(household, current_relation, about, current_sex)
                if ranked is None:
                    index = _another_if_told(household, index, "age", (age, start), said)
                pupil_member = household["members"][index]
                if (
                    age > 35
                    and pupil_member.get("school_stage")
                    and pupil_member.get("relation") in ("child", "grandchild")
                    and about is None
                    and "age" not in household["members"][0]
                ):
                    index = 0  # 「女子在兰州念大专…四十九了找活没人要」: the asker's age
                household["members"][index]["age"] = age
                facts.changed.append(f"members[{index}].age")
        elif name in ("disability_grade", "disability_type"):
            if _NOT_THIS_BEFORE_RE.search(text[max(0, start - 3) : start]):
                continue  # 「是二级 不是三级」: the grade said wrong
            if name == "disability_grade" and "级" not in text[start : end + 1]:
                continue  # 「3个 我跟两个娃」: a count, not a grade
            certified = [i for i, m in enumerate(household["members"]) if m.get("disability")]
            if current_relation is None and len(certified) == 1 and _FIXING_RE.search(text):
                # 「哦不对 残疾证上是二级 我记错了」: the one certificate told of, corrected
                index = certified[0]
            else:
                index = _member_for(household, current_relation, about, current_sex)
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
                index = _member_for(household, current_relation, about, current_sex)
                household["members"][index]["serious_illness"] = True
                facts.changed.append(f"members[{index}].serious_illness")
        elif name == "school_stage":
            stage = value if value in SCHOOL_STAGES else normalise_school_stage(str(value))
            if stage and text[end : end + 2] != "毕业" and not _school_to_come(text, start, end):
                pupil = current_relation or (None if about else _pupil(text, start))
                ranked = _ranked_member(household, text, start)
                if ranked is not None:
                    index = ranked
                else:
                    index = _member_for(household, pupil, about, current_sex)
                    index = _another_if_told(household, index, "school_stage", (stage, start), said)
                member = household["members"][index]
                if stage == "senior_high" and member.get("school_stage") == "vocational":
                    stage = "vocational"  # 「在县职高读高二」: a grade of the 职高
                household["members"][index]["school_stage"] = stage
                household["members"][index]["employment"] = "student"
                facts.changed.append(f"members[{index}].school_stage")
        elif name == "event_type":
            kind = value if value in EVENT_TYPES else normalise_event_type(str(value))
            if kind and not _is_long_ago(_clause_at(text, start)):
                events = household.setdefault("events", [])
                if all(e.get("type") != kind for e in events):
                    events.append({"type": kind})
                facts.changed.append("events")
        elif name == "amount":
            money = _money_of(value)
            cost = _cost_kind(_clause_at(text, start), text)
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
    _apply_keywords(household, text, facts, alone_is_asker=not for_parent)
    if for_parent:
        _asked_for_a_parent(household, text, sizes_said, facts)
    if own_income is not None and household.get("household_monthly_income") == own_income:
        _own_income_beside_others(household, own_income, total_before, facts)
    if support:
        _add_support(household, support, own_income, total_before, facts)
    if _DIVORCED_RE.search(text) and not _REMARRIED_RE.search(text):
        # 「离婚三年了 娃他爸一分钱抚养费都不给 我一个人带俩娃」: no spouse at home
        household["members"][count_before:] = [
            m
            for m in household["members"][count_before:]
            if m.get("relation") != "spouse" or _has_member_facts(m)
        ]
    if not size_before and len(household["members"]) > count_before:
        _same_members_counted(household, count_before, text, facts)
    if household.get("_size") and len(household["members"]) > household["_size"]:
        household["_size"] = len(household["members"])  # never fewer than the members told
    elif raising_alone and not household.get("_size") and len(household["members"]) > 1:
        household["_size"] = len(household["members"])  # 「我一个人带俩娃」: just them
    if (
        (about is not None or answering)
        and size_before
        and count_before >= size_before
        and len(household["members"]) > count_before
        and not _LIVES_WITH_US_RE.search(text)
    ):
        # 「有个兄弟也七十多了 自己顾自己」 to the supporter question of a household already
        # complete: relatives told of, not members
        del household["members"][count_before:]
        household["_size"] = size_before
        facts.changed = [
            c for c in facts.changed if not c.startswith("members[") or _index_in(c) < count_before
        ]
    return facts


# 「还有个孙女跟我们住」「刚才说漏了」: a member added to a household already counted.
_LIVES_WITH_US_RE = re.compile(
    r"(?:跟|和|同)(?:我们|俺们|咱们|我|俺|咱)(?:一起|一搭|一块)?(?:住|过|生活)|一起住|住在一起|"
    r"住一起|说漏|忘了说|漏了|还有一个人|还有个人|是[两三四五六七八九2-9]口人"
)


# 「就我跟娃两个」「俺和老伴俩人」: the asker and the people named, counted together.
_COUNTED_WITH_ME_RE = re.compile(
    r"(?:我|俺|咱)(?:们)?(?:跟|和|同|与|带着?|领着?)[^，,。；;]{1,8}?"
    r"(?:[两俩仨三四五六七2-7](?:个|口|人)|俩|仨)"
)


def _same_members_counted(
    household: dict[str, Any], count_before: int, text: str, facts: EntityFacts
) -> None:
    """A count said with the people it counts (「就我跟娃两个」 to 「几口人？」): a relative
    named who is already a member is that member, not another one."""
    match = _COUNTED_WITH_ME_RE.search(text)
    said = parse_count(match.group(0)) if match else None
    members = household["members"]
    if not said or len(members) <= said:
        return
    known = [m.get("relation") for m in members[:count_before]]
    if "grandchild" in known and "child" not in known:
        for member in members[count_before:]:
            if member.get("relation") == "child":  # 「娃」 of a grandmother raising her grandson
                member["relation"] = "grandchild"
    kept: list[dict[str, Any]] = []
    merged: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for member in members[count_before:]:
        relation = member.get("relation")
        if count_before + len(kept) < said and relation not in known:
            kept.append(member)
            continue
        # the one already known, or (「孙子三个人」 read as three grandchildren) the one just added
        same = next(
            (m for m in [*members[:count_before], *kept] if m.get("relation") == relation), None
        )
        if same is None:
            return  # someone else than the people known: the count was not theirs
        merged.append((same, member))
    for same, member in merged:
        for key, value in member.items():
            same.setdefault(key, value)
    household["members"] = members[:count_before] + kept
    household["_size"] = said
    facts.changed = [
        c for c in facts.changed if not c.startswith("members[") or _index_in(c) < count_before
    ]


# A living earned by the season (a farm, tea, herds) or said by the year.
_YEARLY_LIVING_RE = re.compile(
    r"种地|种茶|种庄稼|庄稼|务农|几亩|果园|大棚|养羊|放羊|养牛|一年到头|一年下来|靠天吃饭"
)
# A home hit by the disaster told of: cracked, fallen, washed away, burnt, not to be lived in.
_HOME_HIT_RE = re.compile(
    r"(?:房|屋|窑|墙|院)[^，,。；;]{0,6}(?:裂|塌|倒|冲|垮|烧|淹|泡)|住不成|住不了|没法住|不能住"
)


def _disability_kind_from_words(household: dict[str, Any], text: str, facts: EntityFacts) -> None:
    """The one certificate of unknown kind: the kind the words name (「下半身瘫了坐轮椅」)."""
    members = household.get("members") or []
    untyped = [
        i
        for i, m in enumerate(members)
        if isinstance(m.get("disability"), dict)
        and m["disability"].get("grade")
        and not m["disability"].get("type")
    ]
    kind = normalise_disability_type(text)
    if len(untyped) == 1 and kind:
        members[untyped[0]]["disability"]["type"] = kind
        facts.changed.append(f"members[{untyped[0]}].disability")


_LIVES_ALONE_RE = re.compile(r"一个人(住|生活|过)|独居|孤身一人|单身一人|孤寡|无儿无女|一个人在家")
# 「我替我妈问一下」「帮俺爸问问」: a son or daughter asking for a parent who lives apart.
_ASKS_FOR_PARENT_RE = re.compile(
    r"(?:替|帮|给|为)(?:我|俺|咱)的?(妈妈?|母亲|老娘|娘|爸爸?|父亲|老爹|爹)"
    r"(?:问|咨询|打听|申请|办|反映|求助)"
)


def _asked_for_a_parent(
    household: dict[str, Any], text: str, sizes_said: list[int], facts: EntityFacts
) -> None:
    """The household asked about is the parent's: the parent is `self` (the person the request is
    about) and the other parent, if named, the spouse; the caller and the caller's relatives are
    not members."""
    match = _ASKS_FOR_PARENT_RE.search(text)
    members = household["members"]
    parents = [m for m in members[1:] if m.get("relation") == "parent"]
    if not match or not parents:
        return
    mother = match.group(1)[-1] in "妈母娘"
    parents.sort(key=lambda m: m.get("sex") != ("female" if mother else "male"))
    # the parent's own parents are not those the words tell of (「我爸前年走了」 is her husband)
    asked_for = {k: v for k, v in parents[0].items() if k != "parents"} | {"relation": "self"}
    household["members"] = [asked_for]
    household["_for"] = "母亲" if mother else "父亲"  # the questions name them: 「您母亲…」
    if len(parents) > 1:
        household["members"].append({**parents[1], "relation": "spouse"})
    household.pop("_size", None)
    if _LIVES_ALONE_RE.search(text):
        set_household_size(household, 1)
    elif sizes_said and max(sizes_said) >= len(household["members"]):
        set_household_size(household, max(sizes_said))  # 「跟我妈两个人在村里」
    facts.changed.append("members")


def _index_in(path: str) -> int:
    match = re.match(r"members\[(\d+)\]", path)
    return int(match.group(1)) if match else 0


def _add_support(
    household: dict[str, Any],
    support: float,
    own_income: float | None,
    total_before: Any,
    facts: EntityFacts,
) -> None:
    """Money relatives living apart give (「儿子一个月给五百块」) is income the household receives:
    added to the total this message states (the asker's own sum stays theirs: 「俺儿子有时候给个
    三百块 俺捡破烂一个月也就三百」 is 300 of the asker's and 600 in all), else to the members'
    incomes known; a total known before the message is left as it was."""
    members = household["members"]
    if "household_monthly_income" in facts.changed:
        base = float(household["household_monthly_income"])
        if own_income is not None and "monthly_income" not in members[0]:
            members[0]["monthly_income"] = own_income
            facts.changed.append("members[0].monthly_income")
    elif total_before is None:
        base = sum(float(m["monthly_income"]) for m in members if "monthly_income" in m)
    else:
        return
    household["household_monthly_income"] = base + support
    facts.changed.append("household_monthly_income")


# Income the rules do not count (household.schema.json excluded_income): the 城乡居民基础养老金 (a
# 养老金 of a few hundred yuan a month is that basic pension; a worker's 退休金 is counted),
# 抚恤金, 奖励扶助金, 奖学金, and assistance payments (低保金, 五保, 残疾人补贴, 高龄补贴).
_EXCLUDED_INCOME_RE = re.compile(
    r"基础养老金|农村养老金|养老补贴|高龄补贴|高龄津贴|抚恤金|优抚金|奖励扶助|计生|独生子女|奖学金|"
    r"见义勇为|低保金|低保的钱|低保钱|五保|特困金|供养金|救助金|残疾人?补贴|护理补贴|临时救助"
)
_RESIDENTS_PENSION_RE = re.compile(r"(?<!职工)养老金|养老钱")
RESIDENTS_PENSION_LIMIT = 500.0  # yuan a month: a 城乡居民 basic pension is less


def excluded_income_in(words: str, money: float | None = None) -> bool:
    """Whether a sum said in these words is income the rules do not count (「一百三的养老金」
    「五保的钱」); ``money`` tells a resident's basic pension from a worker's."""
    if _EXCLUDED_INCOME_RE.search(words):
        return True
    return bool(
        _RESIDENTS_PENSION_RE.search(words)
        and "退休" not in words
        and (money is None or money < RESIDENTS_PENSION_LIMIT)
    )


# A former spouse (「前夫」「前妻」「孩子他前妈」): never a member of the household.
_FORMER_RE = re.compile(r"前(?:夫|妻|任|老公|老婆|媳妇|男人|女人|对象)")


# A child who works and sends money, with no hardship of their own told: able to support.
_EARNS_WELL_RE = re.compile(
    r"上班|工作|当老师|开车|做生意|开店|公务员|挣"
    r"|(?:一个月|每个?月|月月)(?:都)?(?:给|寄|打)"  # 「儿子一个月给三百」: he pays, month by month
)
_HARD_UP_RE = re.compile(r"下岗|失业|没工作|没活|困难|病|残疾|自己也|顾不上|紧巴|打零工")
# 「不是1200」「不是一千二」: a sum said to be wrong.
_SUM_SAID_WRONG_RE = re.compile(
    r"不是\s*([0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千万]+)\s*(?:块|元)?"
)
# 「就靠」「只有」「全指望」: the sum named is all there is.
_ONLY_THIS_RE = re.compile(r"就靠|只靠|全靠|光靠|就指望|全指望|只有|就只有|就那|就这")


def _all_pupils(household: dict[str, Any], relation: str) -> bool:
    """Every member of this relation known is a child at school (or under 16): no earner."""
    kin = [m for m in household["members"][1:] if m.get("relation") == relation]
    return bool(kin) and all(
        m.get("school_stage") in ("preschool", "primary", "junior_high")
        or (isinstance(m.get("age"), int) and m["age"] < 16)
        for m in kin
    )


# 「看大门一个月800还有150的养老金」: the words of one sum, apart from the next.
_SUMS_APART_RE = re.compile(r"还有|另外|加上|外加|再加上?|再就是")


def _clause_before(text: str, position: int) -> str:
    """The words of the clause around ``position`` before it."""
    for match in _CLAUSE_RE.finditer(spaces_as_commas(text)):
        if match.start() <= position < match.end():
            return match.group(0)[: position - match.start()]
    return ""


def _words_of_sum(text: str, start: int, end: int) -> str:
    """The words of the clause around a sum, up to the words that join it to another sum."""
    spaced = spaces_as_commas(text)
    for match in _CLAUSE_RE.finditer(spaced):
        if match.start() <= start < match.end():
            pieces = _SUMS_APART_RE.split(match.group(0)[: start - match.start()])
            after = _SUMS_APART_RE.split(match.group(0)[end - match.start() :])
            return pieces[-1] + text[start:end] + after[0]
    return text[start:end]


# 「娃上大学的钱」「明年考大学」: a school to come, not the one attended.
# 「听说高中能免学费」: a school spoken of, not attended.
_SCHOOL_TO_COME_BEFORE_RE = re.compile(
    r"(?:想|要|能|将来|以后|明年|准备|考不考|供)(?:考|上|读|念)?$|听说$"
)
_SCHOOL_TO_COME_AFTER_RE = re.compile(
    r"^的?(?:钱|学费|费用|开销|花销)|^(?:能|可以|是不是|能不能)?能?(?:免|减)"
)


def _school_to_come(text: str, start: int, end: int) -> bool:
    return bool(
        _SCHOOL_TO_COME_BEFORE_RE.search(text[max(0, start - 4) : start])
        or _SCHOOL_TO_COME_AFTER_RE.match(text[end : end + 4])
    )


def _pupil(text: str, position: int) -> str:
    """Whose school a stage said with no relation before it is: the member the clause names
    (「我今年14岁上初二」 the asker's, 「还有个妹妹上四年级」 a sibling's), else a child's
    (「上小学的娃」)."""
    for match in _CLAUSE_RE.finditer(spaces_as_commas(text)):
        if match.start() <= position < match.end():
            return _subject(match.group(0), position - match.start()) or "child"
    return "child"


# A sum said as a total (「一个月加起来五千」): never one member's.
_TOTAL_WORDS_RE = re.compile(r"加起来|一共|总共|合计|合起来|全家")
# Words that make a sum the whole household's (「全家一个月就八百」「家里就靠我打零工挣八百」).
_HOUSEHOLD_WIDE_RE = re.compile(r"全家|一家|家里|家庭|总共|一共|加起来|合计|全靠|就靠|都靠")


def _own_income_beside_others(
    household: dict[str, Any], money: float, total_before: Any, facts: EntityFacts
) -> None:
    """An income the asker states as their own is the household's while nobody else's is
    known; beside another member's income (「儿子送快递一个月三千…我做保洁一个月一千五」) it is
    the asker's share, and the members' incomes add up."""
    members = household["members"]
    if not any("monthly_income" in m for m in members[1:]):
        return
    if members[0].get("monthly_income", money) != money:
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
_GONE_RE = re.compile(
    r"走了|去世|过世|病故|病死|殁了|没了|不在了|死了|离世|离婚|改嫁|离家出走|失踪"
)
# 「老汉二十天前走了」「上个月刚走」: a death in the family lately, a 突发事件 (「老伴前年走了」
# tells only who is gone).
# 「中风瘫床上三年了」「前些年着过火」: an event years ago is a lasting condition, not a 突发事件.
_LONG_AGO_RE = re.compile(
    r"(?:[两三四五六七八九十几多好2-9]|[1-9][0-9])\s*(?:来|多)?\s*年(?:了|前|以前|多了|头上了)"
    r"|多年|好些年|好几年|这些年|常年|前些年|早些年|早年|年轻时|小时候|从小|前年"
)


def _is_long_ago(clause: str) -> bool:
    return bool(_LONG_AGO_RE.search(clause))


_RECENT_DEATH_RE = re.compile(
    r"(?:刚刚?|才|前几天|前些天|前两天|这几天|最近|上个?月|这个月|上礼拜|上星期|上周|"
    r"[0-9一二两三四五六七八九十几半]+(?:天|个?月|个?礼拜|个?星期|周)(?:前|以前|之前))"
    # 「上个月在东莞厂里出事故没了」, but never 「上个月钱都花没了」
    r"(?:(?!钱|东西|工作|活(?!时|的时候)|粮|房|(?<!工)地|羊|牛|猪|鸡)[^，,。；;\s]){0,12}?"
    r"(?:走了|走的|去世|过世|病故|病死|离世|死了|没了|殁了)"
)
_TOTAL_CARE_RE = re.compile(
    r"瘫痪在床|卧床不起|长期卧床|卧病在床|生活不能自理|不能自理|完全失能|下不了床|起不了床"
    # not 「失能老人有护理补贴」, a kind of people a program is for
    r"|(?<!半)失能(?!老人|人员|补贴|的老人)"
    r"|屎尿[^，,。；;]{0,4}(?:床|炕|身上|裤子)|大小便失禁|拉在(?:床|炕|裤子)"
    r"|瘫在?床|瘫在?炕|瘫床上"
    # 「到现在还躺床上」「一直躺在炕上」: bedridden
    r"|(?:还|一直|整天|天天|成天|常年)躺(?:在)?(?:床|炕)上"
)
# 「干不了重活」「啥也干不了」「干不动了」: no longer able to work.
_CANNOT_WORK_RE = re.compile(
    r"干不了(?:重)?活|(?:啥|什么)(?:也|都)干不了|现在干不了|干不动|不能干活|没法干活|丧失劳动能力"
)
# What work pays, said after it: 「一个月一千」「每月三千」「工资两千」.
_PAY_RE = re.compile(r"(?:一个月|每个?月|月收入|工资|月薪|一月)")
# 「我不敢出去打工了」「没法上班」: work not done.
_NOT_WORKING_BEFORE_RE = re.compile(r"(?:不|没|别)[^，,。；;]{0,3}$")
# The asker's own work (「我打零工一个月一千」「在厂里上班」): employed or in flexible work.
_AT_WORK_RE = re.compile(
    r"(?<![没不])(?:上班|在厂|进厂|打工|当保安|做保洁|当保洁|送快递|送外卖|跑外卖|开出租|"
    r"打零工|零工|摆摊|种地|务农|捡破烂|收破烂|放羊)"
)
_PARTIAL_CARE_RE = re.compile(r"半失能|部分自理|半自理|生活部分不能自理")
_DISABLED_RE = re.compile(r"残疾|残障|伤残|残急|残废")
# 「没有残疾证」「一直没去办残疾证」: a disability without a certificate is no 持证 disability
NO_CERTIFICATE_RE = re.compile(
    r"(?:没有?|无|还没|没去|没来得及|不够|木有|莫得|冇得?|没得)(?:去)?(?:办|评|领|拿|有)?(?:过|到)?"
    r"(?:残疾)?证"
    r"|不是残疾|没残疾|没有残疾|不算残疾|没评上|评不上|没鉴定|木有残疾|莫得残疾|冇残疾"
    # 「残疾证还没去办」「证也没办」: the certificate named first
    r"|(?:残疾)?证(?:还|也|都|一直)?(?:没有?|还没|没去|没来得及)(?:去)?(?:办|评|领|拿|鉴定)"
)
_GRADE_RE = re.compile(r"([一二三四1-4])级")
# A disability is a 残疾人证 when a grade or the certificate is said; 「摔下来残疾了」 alone is
# asked about (「有残疾证吗？几级？」).
_CERTIFICATE_RE = re.compile(r"残\S?证|残疾人证|有证|持证|办了?证")
_MEDICAL_RE = re.compile(
    r"医疗费|医药费|治疗费|住院费|手术费|药费|看病|治病|医疗支出|医疗开支|透析费"
    r"|报销|报完|报了|自费|自付|化疗|放疗|住院|透析|手术|ICU|重症监护|押金"
)
# A sum spent or owed (「已经花了五万多」「自己还掏了12万」): a medical cost when the message is
# about an illness or a hospital, though its own clause names neither.
_SPENT_RE = re.compile(r"花了|花费|花掉|掏了|借了|欠了|垫了|自己出了|自己拿了")
_MEDICAL_CONTEXT_RE = re.compile(
    r"医院|住院|住了.{0,5}院|病|化疗|透析|手术|ICU|医药|治疗|癌|肝硬化|骨折|钢板|摔断|受伤"
)
_EDUCATION_RE = re.compile(r"学费|教育费|上学费用|书本费|住宿费")
_MONEY_RE = re.compile(
    r"[0-9]+(?:\.[0-9]+)?\s*(?:万|千)?\s*(?:余|多)?\s*元"
    r"|[0-9]+(?:\.[0-9]+)?\s*(?:万|千)(?:余|多)?"
    # 「三万二」「一万二的账」: the digit after 万 or 千 is its thousands or hundreds
    r"|[一二两三四五六七八九十百]+\s*(?:万|千)(?:[一二两三四五六七八九](?:千|百)?)?\s*(?:余|多)?\s*元?"
)
_COUNT_WORDS = {"两": 2, "二": 2, "俩": 2, "三": 3, "仨": 3, "四": 4, "五": 5, "六": 6}
_CHILD_WORDS = {
    "孩子": "child",
    "小孩": "child",
    "儿子": "child",
    "女儿": "child",
    "子女": "child",
    "娃": "child",
    "伢": "child",
    "孙子": "grandchild",
    "孙娃": "grandchild",
    "孙女": "grandchild",
}
_COUNTED_MEMBER_RE = re.compile(
    r"^\s*(?:个|名|位)?\s*(孩子|小孩|儿子|女儿|子女|孙娃|娃|伢|孙子|孙女)"
)
_COUNTED_RE = re.compile(
    r"([两二俩三仨四五六2-6])\s*(?:个|名|位)?\s*(孩子|小孩|儿子|女儿|子女|孙娃|娃|伢|孙子|孙女)"
)
# 「孩子仨」「娃两个」: the count after the members counted (read as 「仨孩子」「两个娃」).
_COUNTED_AFTER_RE = re.compile(
    r"(孩子|小孩|儿子|女儿|子女|娃|伢|孙子|孙女)(仨|俩|[两二三四五六2-6]个)(?![月岁年])"
)


def _counted_after(clause: str) -> re.Match[str] | None:
    """A count said after its noun, matched as _COUNTED_RE on the words put the usual way round
    (same length, so the match's positions hold for the clause as said)."""
    after = _COUNTED_AFTER_RE.search(clause)
    if after is None:
        return None
    turned = clause[: after.start()] + after.group(2) + after.group(1) + clause[after.end() :]
    return _COUNTED_RE.search(turned, after.start())


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
    (w for w in RELATION_WORDS if len(w) > 1 or w in ("我", "娃", "伢")),
    key=len,
    reverse=True,
)


# 「我妹14上初二」「俺爹」: one-character kin words, named as the asker's.
_MY_KIN_RE = re.compile(r"(?<=我|俺|咱|额)家?(爸|爹|妈|娘|哥|姐|弟|妹)")
_ASKER_RE = re.compile(rf"(?:俺|咱)(?!们|家|俩|两)|{_E_SELF}")

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


def _cost_kind(clause: str, text: str = "") -> str | None:
    """Which 刚性支出 a sum in this clause is: medical costs, education, or neither (「两万块钱
    已经掏进去了」 paid out, with an injury or illness told in the message: medical costs)."""
    if _MEDICAL_RE.search(clause):
        return "medical_out_of_pocket"
    if _EDUCATION_RE.search(clause):
        return "education"
    if _PAID_OUT_RE.search(clause) and _HURT_OR_ILL_RE.search(text):
        return "medical_out_of_pocket"
    return None


_PAID_OUT_RE = re.compile(r"掏(?:进去|出去|了)|花(?:进去|出去)|搭进去|垫了")
_HURT_OR_ILL_RE = re.compile(r"摔|住院|医院|手术|治疗|看病|骨折|断了|病")


def _subject(clause: str, position: int | None = None) -> str | None:
    """The relation a clause is about: its first relation word other than 我 (「我父亲」 is the
    father), else 我 (the person asking), else None.

    ``position``: where a fact is said in the clause. In a list of members (「老伴62岁有残疾证、
    孙子5岁上幼儿园」) the fact is of the member named last before it."""
    said = _subject_said(clause, position)
    return said[0] if said else None


def _subject_sex(clause: str, position: int | None = None) -> str | None:
    """爸 or 妈 (male / female) when the subject :func:`_subject` finds is one of two such."""
    said = _subject_said(clause, position)
    return _kin_sex(said[0], said[1]) if said else None


_OWN_POCKET_RE = re.compile(r"自己(?=(?:还|又|都|也)?(?:掏|花|出|付|垫|拿|承担|负担))")


def _subject_said(clause: str, position: int | None = None) -> tuple[str, str] | None:
    """(relation, word) of the clause's subject (see :func:`_subject`)."""
    clause = clause.replace("老婆婆", "   ")  # an old woman: neither a wife nor a mother-in-law
    clause = _OLD_SELF_RE.sub(lambda m: " " * len(m.group(0)), clause)  # 「我一个老汉」
    # 「报完了自己还掏了四万」: out of the household's pocket, no subject
    clause = _OWN_POCKET_RE.sub(lambda m: " " * len(m.group(0)), clause)
    found: list[tuple[int, int, str, str]] = []
    for word in _RELATION_WORDS:
        at = clause.find(word)
        while at >= 0:
            found.append((at, -len(word), str(normalise_relation(word)), word))
            at = clause.find(word, at + len(word))
    # the asker's one-character kin (我妹), the dialect's words (女子15), 额 (the asker)
    patterns = [(_ASKER_RE, "self"), *_DIALECT_RELATIONS]
    for pattern, relation in patterns:
        for match in pattern.finditer(clause):
            found.append((match.start(), -len(match.group(0)), relation, match.group(0)))
    for match in _MY_KIN_RE.finditer(clause):
        kind = "parent" if match.group(1) in "爸爹妈娘" else "sibling"
        found.append((match.start(1), -1, kind, match.group(1)))
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
            return before[-1][2], before[-1][3]
        if any(f[0] < position for f in found):
            return "self", "我"  # 「我今年查出淋巴瘤…老婆在超市」: of the asker, before the others
    if others:
        return others[0][2], others[0][3]
    return ("self", "我") if found else None


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


# 「我一个人种两亩青稞 一年也就一千来块」: a year's sum after the work that earns it.
_YEAR_SUM_RE = re.compile(
    r"^\s*(?:一年|每年|全年|一年到头|一年下来)(?:也就|就|才|只|只有|能|也|顶多|最多|总共|下来|能挣|挣|收)*"
    r"\s*[0-9一二两三四五六七八九十几]"
)
_EARNS_RE = re.compile(r"种|打工|零工|干活|放羊|养|卖|挣|收")


def _read_costs_and_events(
    household: dict[str, Any], clause: str, text: str, facts: EntityFacts, previous: str = ""
) -> None:
    """A medical or school cost stated in the clause, a yearly income (as a month's), and a
    突发事件 it names. ``previous``: the clause before, of the same sentence."""
    yearly = _YEARLY_INCOME_RE.search(clause) or (
        _YEAR_SUM_RE.match(clause) if _EARNS_RE.search(previous) else None
    )
    if yearly and "household_monthly_income" not in household and not _cost_kind(clause):
        money = _MONEY_RE.search(clause[yearly.start() :])
        amount = parse_money(money.group(0)) if money else None
        if amount:
            household["household_monthly_income"] = round(amount / 12)
            facts.changed.append("household_monthly_income")
            if "去年" in clause and "last_year_total_income" not in household:
                # 「去年家里总共才挣了三万来块」: last year's total, as the question asks it
                household["last_year_total_income"] = amount
                facts.changed.append("last_year_total_income")
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
    if event and not _is_long_ago(clause):
        kind = normalise_event_type(event.group(0))
        events = household.setdefault("events", [])
        if kind and all(e.get("type") != kind for e in events):
            events.append({"type": kind})
            facts.changed.append("events")


def _read_recent_death(household: dict[str, Any], clause: str, facts: EntityFacts) -> None:
    """「老汉二十天前走了」: a death in the family lately is a 突发事件."""
    if _RECENT_DEATH_RE.search(clause):
        events = household.setdefault("events", [])
        if all(e.get("type") != "death_in_family" for e in events):
            events.append({"type": "death_in_family"})
            facts.changed.append("events")


_COUPLE_RE = re.compile(r"两口子|老两口|夫妻俩|老俩口|俺俩口")
# 「我今年73了」「娃二十八了」「我都七十了」「我自己也83了」「今年15」: an age said without 岁
_AGE_WORDS_RE = re.compile(
    r"(?:今年|都|已经|快|也)\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*(?:岁|周岁)?(?:了|多了)"
    r"|^\s*\S{0,4}?([0-9]{1,3}|[一二三四五六七八九十]{2,3})\s*了$"
    r"|^\s*今年\s*([0-9]{1,3}|[一二三四五六七八九十]{2,3})\s*(?:岁|周岁)?\s*$"
)
_SCHOOL_VERB_RE = re.compile(r"考上|在读|读|上学|在校|上了?")
# 「我想上高中」「想考大学」: a school wished for, not attended.
_SCHOOL_WISHED_RE = re.compile(r"(?:想|要|盼着|希望|打算|准备)(?:着)?(?:能)?(?:考|上|读|念)")


def _gone_is_another(clause: str, after: int) -> bool:
    """「俩孙子爹妈都没了」: the gone ones are named after the counted members, not them."""
    rest = clause[after:]
    return bool(re.search(r"爹妈|爸妈|父母|爹|妈|爸|母亲|父亲", rest))


def _only_one(household: dict[str, Any], relation: str) -> bool:
    """Whether a relation names one member (which of two children: the NLU's entities or a
    question decide)."""
    members = household.get("members") or [{"relation": "self"}]
    return len([m for m in members if m.get("relation") == relation]) <= 1


@dataclass
class _Who:
    """The member a clause is about: a relation, and 爸 / 妈 when one of two such (male /
    female)."""

    relation: str | None = None
    sex: str | None = None


def _who_in(clause: str, position: int | None, subject: _Who) -> _Who:
    """Who a fact said at ``position`` of a clause is of: the member named last before it, else
    the clause's subject (see :func:`_subject`), else the subject carried from before."""
    said = _subject_said(clause, position)
    if said is None:
        return subject
    return _Who(said[0], _kin_sex(said[0], said[1]))


def _index_of(household: dict[str, Any], who: _Who) -> int | None:
    """The member of ``who`` when it names one (the asker, or one member of a relation or of a
    relation and sex); None when it could be one of several."""
    if who.relation is None:
        return None
    members = household.get("members") or [{"relation": "self"}]
    same = [m for m in members[1:] if m.get("relation") == who.relation]
    if who.sex is not None:
        same = [m for m in same if m.get("sex") in (None, who.sex)]
    if who.relation != "self" and len(same) > 1:
        return None
    return _member_for(household, who.relation, sex=who.sex)


def _read_age_and_school(
    household: dict[str, Any], clause: str, subject: _Who, facts: EntityFacts
) -> None:
    """An age or a school a clause states of a member, where the NLU left them unknown: of the
    member named last before it, else of the clause's (or the sentence's) subject."""
    age_match = _AGE_WORDS_RE.search(clause)
    if age_match:
        index = _index_of(household, _who_in(clause, age_match.start(), subject))
        said = next(group for group in age_match.groups() if group)
        age = parse_age(said + "岁")
        member = household["members"][index] if index is not None else {"age": None}
        if index is not None and age is not None and 0 < age <= 120 and "age" not in member:
            member["age"] = age
            facts.changed.append(f"members[{index}].age")
    school = _school_said(clause)
    if school and _SCHOOL_VERB_RE.search(clause) and not _SCHOOL_WISHED_RE.search(clause):
        index = _index_of(household, _who_in(clause, school[1], subject))
        if index is not None:
            _set_school(household, index, school[0], facts)


_NO_INCOME_RE = re.compile(
    r"没有?(?:任何)?收入|无收入|没有经济来源|零收入|一分钱?(?:都|也)?不挣|进账(?:都|也)?没有?|没有?进账"
    # 「家里现在一分进项都没有」「屋里现在没一分钱进项」
    r"|(?:进项|进账)(?:都|也)?没有?|没有?(?:一分钱?)?(?:进项|进账)|一分(?:钱)?(?:进项|进账)(?:都|也)?没有?"
)


def _read_no_income(
    household: dict[str, Any], clause: str, subject: _Who, facts: EntityFacts
) -> None:
    """「老伴没有收入」: no income of that member (the asker's or nobody's is the household's,
    read by _apply_keywords, while no member's income is known)."""
    said = _NO_INCOME_RE.search(clause)
    if said is None or _HOUSEHOLD_WIDE_RE.search(clause[: said.start()]):
        return  # 「家里没有收入」
    who = _who_in(clause, said.start(), subject)
    index = _index_of(household, who) if who.relation != "self" else None
    if index is None:
        return
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
    不能自理), a disability, work and the lack of it, a 突发事件, and sums that are medical or
    school costs (「医疗费已花费6万余元」 is a medical cost, not an event's loss) or a year's income.
    Never overrides a known fact."""
    # an answer already given (「没有出啥事」 is events: []) stays; only lists opened here go
    had_expenses, had_events = "expenses_12m" in household, "events" in household
    subject = _Who()  # a clause naming nobody is about the subject before it
    other = _Who()  # the last member named besides the asker: 「他还在上高二」 is of them
    topic = ""  # the clauses said of the subject so far (「两条腿都截了 二级残疾证」)
    previous = ""
    matches = list(_CLAUSE_RE.finditer(spaces_as_commas(text)))
    for number, match in enumerate(matches):
        clause = match.group(0)
        following = matches[number + 1].group(0) if number + 1 < len(matches) else ""
        if match.start() > 0 and text[match.start() - 1] in "。.；;！!？?\n":
            subject, other, previous = _Who(), _Who(), ""  # a new sentence
        _read_recent_death(household, clause, facts)
        counted = _COUNTED_RE.search(clause) or _counted_after(clause)
        gone = _GONE_RE.search(clause) or _APART_RE.search(clause)
        if gone and not (
            counted and (_gone_is_another(clause, counted.end()) or counted.start() > gone.end())
        ):  # 「我离婚了一个人带俩娃」: the counted ones are told after the one gone
            subject, previous = _Who(), clause
            continue
        if _COUPLE_RE.search(clause):
            members = household.setdefault("members", [{"relation": "self"}])
            if not any(m.get("relation") == "spouse" for m in members[1:]):
                _member_for(household, "spouse")
                facts.changed.append("members")
        if counted:
            _read_counted(household, clause, match.start() + counted.end(), counted, text, facts)
            subject = other = _Who(_counted_relation(household, counted, text, match.start()))
            previous = clause  # 「带两个娃 大的15上初三」: the next clause is of them
            continue
        said = _subject_said(clause)
        if said is None and _PRONOUN_RE.match(clause) and other.relation:
            said_who = other  # 「他还在上高二」: the member named before, never the asker
        elif said is None:
            said_who = subject
        else:
            said_who = _Who(said[0], _kin_sex(said[0], said[1]))
            known = any(m.get("relation") == said[0] for m in household["members"][1:])
            if (
                said[0] in _MAY_GIVE
                and not known
                and _gives_money(text, match.start() + clause.find(said[1]) + len(said[1]))
            ):
                subject, previous = _Who("giver"), clause  # lives apart: nothing of theirs here
                continue
        if said_who.relation == "giver":
            previous = clause
            continue
        topic = topic + "，" + clause if said is None else clause
        _read_age_and_school(household, clause, said_who, facts)
        _read_no_income(household, clause, said_who, facts)
        subject = said_who
        if said_who.relation not in (None, "self"):
            other = said_who
        _read_work(household, clause, said_who, facts, following)
        illness = SERIOUS_ILLNESS_RE.search(clause)
        total = _TOTAL_CARE_RE.search(clause)
        partial = _PARTIAL_CARE_RE.search(clause)
        disabled = _DISABLED_RE.search(clause)
        if illness or total or partial or disabled:
            at = min(m.start() for m in (illness, total, partial, disabled) if m)
            who = _who_in(clause, at, said_who) if said is not None else said_who
            index = _member_for(household, who.relation, sex=who.sex)
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
                and index == 0
                and _FIXING_RE.search(text)
                and not _SELF_WORD_RE.search(clause)
                and any(isinstance(m.get("disability"), dict) for m in household["members"][1:])
            ):
                # 「哦不对 残疾证上是二级」: the certificate told of before is corrected (by the
                # entities), none of the asker's own
                disabled = None
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
                member["disability"] = disability
                facts.changed.append(f"members[{index}].disability")
            elif disabled and "disability" not in member and not NO_CERTIFICATE_RE.search(text):
                # 「我爸有残疾」: a disability without a word of its certificate — worth asking
                member["_disabled"] = True
            elif disabled and "disability" not in member and NO_CERTIFICATE_RE.search(clause):
                # 「残疾证还没去办」 of this member: no 持证 disability (said, not unknown)
                member["disability"] = None
                facts.changed.append(f"members[{index}].disability")
            if disabled and isinstance(member.get("disability"), dict):
                # 「两条腿都截了 二级残疾证」: the kind said of the member before the certificate
                kind = normalise_disability_type(clause) or normalise_disability_type(topic)
                if kind and "type" not in member["disability"]:
                    member["disability"]["type"] = kind
        _read_costs_and_events(household, clause, text, facts, previous)
        previous = clause
    if household.get("expenses_12m") == {} and not had_expenses:
        household.pop("expenses_12m")
    if household.get("events") == [] and not had_events:
        household.pop("events")


# 「大的十六在宣城读中职 小的五岁上幼儿园」: the elder or the younger of the members counted before.
_RANK_RE = re.compile(
    r"(大的|老大|大一点的|大儿子|大闺女|小的|老二|老小|最小的|小一点的|小儿子|小闺女)\s*$"
)


# Work of one's own hands that pays by the month: 「打零工」「上班」「摆摊」.
_OWN_WORK_RE = re.compile(r"打零工|打短工|打工|上班|干活|摆摊|做保洁|送外卖|开出租|挣")


def _ranked_member(household: dict[str, Any], text: str, start: int) -> int | None:
    """The member 大的/小的 at the start of this clause names, of the children counted before."""
    clause_start = max(
        (m.end() for m in re.finditer(r"[，,。；;！!？?\s]", text[:start])), default=0
    )
    rank = _RANK_RE.search(text[clause_start:start])
    counts = list(_COUNTED_RE.finditer(text[:clause_start]))
    counted = counts[-1] if counts else None
    if rank is None or counted is None:
        return None
    count = _COUNT_WORDS.get(counted.group(1)) or int(counted.group(1))
    relation = _counted_relation(household, counted, text, 0)
    members = household.setdefault("members", [{"relation": "self"}])
    have = [i for i, m in enumerate(members) if i > 0 and m.get("relation") == relation]
    while len(have) < min(count, 2) and len(members) < MAX_HOUSEHOLD_SIZE:
        members.append({"relation": relation})
        have.append(len(members) - 1)
    if not have:
        return None
    elder = rank.group(1) in ("大的", "老大", "大一点的", "大儿子", "大闺女")
    return have[0] if elder else have[1 if len(have) > 1 else 0]


def _counted_relation(
    household: dict[str, Any], counted: re.Match[str], text: str, clause_start: int
) -> str:
    """The relation of counted members: 「两个孩子」 are children; 「留下两个娃 大的孙子12」, and
    「这两个娃」 of a grandparent raising grandchildren, grandchildren."""
    relation = _CHILD_WORDS[counted.group(2)]
    if relation != "child" or counted.group(2) not in _GENERIC_CHILD_WORDS:
        return relation
    members = household.get("members") or []
    said_back = text[max(0, clause_start + counted.start() - 1) : clause_start + counted.start()]
    raising = (
        said_back == "这"  # 「这两个娃」: the ones named before
        and any(m.get("relation") == "grandchild" for m in members)
        and not any(m.get("relation") == "child" for m in members)
    )
    after = text[clause_start + counted.end() :]
    return "grandchild" if raising or _KIDS_ARE_GRANDCHILDREN_RE.match(after) else relation


def _read_counted(
    household: dict[str, Any],
    clause: str,
    after: int,
    counted: re.Match[str],
    text: str,
    facts: EntityFacts,
) -> None:
    """「两个孩子在读小学」: that many members of the relation, and their school."""
    count = _COUNT_WORDS.get(counted.group(1)) or int(counted.group(1))
    child_relation = _counted_relation(household, counted, text, after - counted.end())
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
    stages = [SCHOOL_STAGE_WORDS[m.group(0)] for m in _STAGE_WORDS_RE.finditer(clause)]
    if stages and _SCHOOL_VERB_RE.search(clause):
        if len(stages) == count and len(set(stages)) > 1:
            # 「两个娃一个上初中一个上小学」: each its own, in the order said
            for member, stage in zip(have[:count], stages, strict=False):
                _set_school(household, members.index(member), stage, facts)
        else:
            for member in have[:count]:
                _set_school(household, members.index(member), stages[0], facts)
    _read_costs_and_events(household, clause, text, facts)


_STAGE_WORDS_RE = re.compile(
    "|".join(re.escape(w) for w in sorted(SCHOOL_STAGE_WORDS, key=len, reverse=True))
)


def _read_work(
    household: dict[str, Any], clause: str, who: _Who, facts: EntityFacts, following: str = ""
) -> None:
    """Work said of a member: out of work (「找了半年工作都没找到」「厂子改制下岗了」, the asker's
    own), no longer able to work (「摔断了腿干不了重活」「现在啥也干不了」), or the asker's work
    with what it pays (「我打零工一个月一千」「在厂里上班一个月三千」; not 「在厂里干了十几年，
    上个月被裁了」「我不敢出去打工了」). ``following``: the next clause."""
    asker = household["members"][0]
    lost = _JOB_LOST_RE.search(clause)
    # 「我52了 原来在纺织厂 厂子改制下岗了」: the asker's own job (not 「老伴下岗了」), also over
    # the work this message told of before (「我在厂里干了十几年，上个月被裁了」)
    if (
        lost
        and ("employment" not in asker or "members[0].employment" in facts.changed)
        and asker.get("employment") != "student"
        and (
            _who_in(clause, lost.start(), who).relation in (None, "self")
            # 「找活人家一听坐过牢都不要」 with no one named: the asker looking for work
            or (lost.group(0).startswith("找") and _subject_said(clause) is None)
        )
    ):
        asker["employment"] = "unemployed"
        facts.changed.append("members[0].employment")
    if lost and _BOTH_OUT_OF_WORK_RE.search(clause):
        partner = _member_for(household, "spouse")
        if "employment" not in household["members"][partner]:
            household["members"][partner]["employment"] = "unemployed"
            facts.changed.append(f"members[{partner}].employment")
    unable = _CANNOT_WORK_RE.search(clause)
    index = _index_of(household, _who_in(clause, unable.start(), who)) if unable else None
    if index is not None and "able_to_work" not in household["members"][index]:
        household["members"][index]["able_to_work"] = False
        facts.changed.append(f"members[{index}].able_to_work")
    work = _AT_WORK_RE.search(clause)
    paid = work and (_PAY_RE.search(clause[work.end() :]) or _PAY_RE.match(following.lstrip()))
    if (
        work
        and paid
        and not (lost or unable or _HOUSEHOLD_WIDE_RE.search(clause))
        and not _NOT_WORKING_BEFORE_RE.search(clause[: work.start()])
        and "employment" not in asker
        and _who_in(clause, work.start(), who).relation == "self"
    ):
        asker["employment"] = keyword_value("employment", work.group(0)) or "employed"
        facts.changed.append("members[0].employment")


# 「老婆怀孕六个月」「媳妇刚生了孩子在喂奶」「我怀着二胎」: pregnant or nursing.
_EXPECTING_RE = re.compile(
    r"(我|俺|额|老婆|媳妇|婆姨|妻子|爱人|孩子他妈|娃他妈)?(?:现在|还)?(?:怀孕|怀着|怀上|有了身孕|坐月子|在喂奶|哺乳期)"
)
# 「没车没存款」「没有存款也没有车」「啥财产都没有」: property within any local limit, said.
_NO_PROPERTY_RE = re.compile(
    r"(?:没有?|无)(?:小?车|汽车|存款|积蓄)[^，,。；;]{0,4}(?:没有?|无)(?:小?车|汽车|存款|积蓄|房)"
    r"|(?:啥|什么)(?:财产|存款|积蓄)(?:也|都)没有?|(?:没有?|无)(?:任何)?(?:财产|存款和车|车和存款)"
    # 「没车，存款都看病花光了」「积蓄早就花完了 车也没有」
    r"|(?:没有?|无)(?:小?车|汽车)[^。；;]{0,6}(?:存款|积蓄)[^，,。；;]{0,6}(?:花光|用光|花完|用完|没了)"
    r"|(?:存款|积蓄)[^，,。；;]{0,6}(?:花光|用光|花完|用完|没了)[^。；;]{0,6}"
    r"(?:(?:没有?|无)(?:小?车|汽车)|(?:小?车|汽车)也?没有?)"
)


# 「住自家老房子」「住的是自己家的房」「房子是自己的」: one's own home, said outright (the words
# of an answer, 老房子 or 平房 alone, are too loose for a whole message).
_OWN_HOME_RE = re.compile(
    r"住(?:在|的是|的)?(?:自家|自己家|自个家|自己的|俺家|我家|咱家)的?(?:老)?(?:房|屋|窑)"
    r"|房子?是(?:自己|自家|俺家|我家)的"
)


def _apply_keywords(
    household: dict[str, Any], text: str, facts: EntityFacts, *, alone_is_asker: bool = True
) -> None:
    """A few facts that are words rather than entities (``alone_is_asker``: 「一个人住」 is said
    of the asker, not of a parent the asker calls for)."""
    if not text:
        return
    _read_clauses(household, text, facts)
    if "housing" not in household:
        for value, pattern in KEYWORD_ENUMS["housing"][:4]:
            if re.search(pattern, text):
                household["housing"] = value
                facts.changed.append("housing")
                break
        else:
            if _OWN_HOME_RE.search(text):
                household["housing"] = "adequate"
                facts.changed.append("housing")
    disaster = any(
        e.get("type") in ("natural_disaster", "fire") for e in household.get("events") or []
    )
    if (
        disaster
        and household.get("housing") in (None, "dangerous", "none")
        and _HOME_HIT_RE.search(text)
    ):
        # 「发了山洪 院墙冲倒了 房子裂开大缝子住不成了」: the home the disaster damaged
        household["housing"] = "damaged_by_disaster"
        facts.changed.append("housing")
    _disability_kind_from_words(household, text, facts)
    if _YEARLY_LIVING_RE.search(text):
        household["_yearly_income"] = True  # asked by the year when the month is not known
    if alone_is_asker and household.get("_size") is None and _LIVES_ALONE_RE.search(text):
        set_household_size(household, 1)
        facts.changed.append("members")
    if (
        "household_monthly_income" not in household
        and _NO_INCOME_RE.search(text)
        and not any("monthly_income" in m for m in household.get("members") or [])
    ):
        household["household_monthly_income"] = 0.0
        facts.changed.append("household_monthly_income")
    expecting = _EXPECTING_RE.search(text)
    if expecting and expecting.group(1):
        # 「老婆怀孕六个月」: the spouse; 「我怀着二胎」: the asker
        who = "self" if expecting.group(1) in ("我", "俺", "额") else "spouse"
        index = 0 if who == "self" else _member_for(household, "spouse")
        if "pregnant_or_nursing" not in household["members"][index]:
            household["members"][index]["pregnant_or_nursing"] = True
            facts.changed.append(f"members[{index}].pregnant_or_nursing")
    if "assets_within_local_limits" not in household and _NO_PROPERTY_RE.search(text):
        household["assets_within_local_limits"] = True
        facts.changed.append("assets_within_local_limits")
    self_member = household["members"][0]
    if _NO_SUPPORTERS_RE.search(text) and "has_capable_supporter" not in self_member:
        self_member["has_capable_supporter"] = False
        facts.changed.append("members[0].has_capable_supporter")
    _read_parents_of_others(household, text, facts)
    _read_unraised_children(household, text, facts)
    only_us = _ONLY_US_RE.search(text)
    if only_us and household.get("_size") is None:
        size = _COUNT_WORDS[only_us.group(1)]
        if len(household["members"]) <= size:
            set_household_size(household, size)
            facts.changed.append("members")
    if _STRANDED_RE.search(text) and not (_LODGED_RE.search(text) and not _NOWHERE_RE.search(text)):
        household["homeless"] = True
        facts.changed.append("homeless")
        if household.get("housing") in (None, "renting"):
            household["housing"] = "none"  # 「租的房子拆了 晚上在菜市场棚子底下睡」
    if "residency" not in household and _RESIDENCE_PERMIT_RE.search(text):
        household["residency"] = "residence_permit"
        facts.changed.append("residency")
    if re.search(r"(丧失|没有|无)劳动能力", text) and "able_to_work" not in household["members"][0]:
        household["members"][0]["able_to_work"] = False
        facts.changed.append("members[0].able_to_work")
    on_dibao = _ON_DIBAO_RE.search(text)
    if (
        on_dibao
        and not _ANOTHERS_OWN_RE.search(text[max(0, on_dibao.start() - 12) : on_dibao.start()])
        and "不是低保" not in text
        and "dibao" not in household.get("current_benefits", [])
    ):
        household.setdefault("current_benefits", []).append("dibao")
        facts.changed.append("current_benefits")
    if _ON_TEKUN_RE.search(text) and "tekun" not in household.get("current_benefits", []):
        household.setdefault("current_benefits", []).append("tekun")
        facts.changed.append("current_benefits")


# 「就我跟老婆两个人」「现在就我跟我妹两个人」: the household, counted.
_ONLY_US_RE = re.compile(
    r"(?:就|只有|就剩|只剩|剩下?)(?:我|俺|咱|额)(?:跟|和|与|同)[^，,。；;\s]{1,5}?([两俩二三仨四五六])"
    r"(?:个|口)人?"
)
# The asker's own parents (「我爸妈都不在了」「我妈前几年病死的」).
_OWN_PARENTS_RE = re.compile(r"(?:我|俺|咱|额)(?:的|家)?(?:爸|妈|爹|娘|父|母|老爹|老娘)")


def _read_parents_of_others(household: dict[str, Any], text: str, facts: EntityFacts) -> None:
    """The parents the words tell of, for the members whose parents the asker is not. The
    asker's own (「我爸妈都不在了 我妈前几年病死的」) are the asker's and the siblings'; the
    others' the minors' a grandparent or relative raises (「俩孙子爹妈都没了」「哥嫂都走了 留下个
    侄子10岁」「我儿子跟儿媳妇犯了事 两个人都判了」), and a minor asker's. Parents said gone or
    unable are recorded, and parents said alive apart (「她爹她娘离婚以后各自又成了家」); a parent
    gone beside one at home who is 重病/重残 is 事实无人抚养 (「他妈跑了…他爸就是我儿子 得了尿毒症」)."""
    clauses = _CLAUSE_RE.findall(spaces_as_commas(text))
    own = [c for c in clauses if _OWN_PARENTS_RE.search(c)]
    theirs = "，".join(c for c in clauses if c not in own)
    members = household["members"]
    if own:
        value = read_parents("，".join(own))
        for index, member in enumerate(members):
            if (
                value in ("one_missing", "both_missing")
                and "parents" not in member
                and member.get("relation") in ("self", "sibling")
            ):
                member["parents"] = value
                facts.changed.append(f"members[{index}].parents")
    if theirs and _neither_parent_is_asker(theirs):
        _children_as_grandchildren(members, facts)
    value = read_parents(theirs) if theirs else None
    alive_apart = value == "both_present" and PARENTS_ALIVE_APART_RE.search(theirs)
    if value in ("one_missing", "both_missing") or alive_apart:
        for index, member in enumerate(members):
            if "parents" not in member and _raised_by_others(member, index):
                member["parents"] = value
                facts.changed.append(f"members[{index}].parents")
    # a grandparent's words: 儿子/闺女 and 儿媳/女婿 are the grandchildren's parents (「儿子坐牢了
    # 还要关五年 儿媳妇跑了好多年了…孙女儿九岁跟到我」)
    grandchildren = [m for m in members[1:] if m.get("relation") == "grandchild"]
    if theirs and grandchildren and value != "both_missing":
        value = read_parents(theirs, grandparent=True)
        if value in ("one_missing", "both_missing"):
            for index, member in enumerate(members):
                told = member.get("parents")
                grandchild = member.get("relation") == "grandchild"
                if grandchild and told in (None, "one_missing") and told != value:
                    member["parents"] = value
                    facts.changed.append(f"members[{index}].parents")
    # the grandchildren's parent at home (the asker's child, or child-in-law) unable to raise
    # them while the other is gone
    at_home = [m for m in members[1:] if m.get("relation") in ("child", "other")]
    for index, member in enumerate(members):
        if (
            member.get("relation") == "grandchild"
            and member.get("parents") == "one_missing"
            and len(at_home) == 1
            and _incapacitated(at_home[0])
        ):
            member["parents"] = "both_missing"
            facts.changed.append(f"members[{index}].parents")


# A child's father and mother told of as others (「娃他爸在监狱里呢 他妈早跑了 娃跟着我」).
_THEIR_FATHER_RE = re.compile(r"(?:他|她|娃|孩子|娃娃|娃儿)的?(?:爸爸?|爹|父亲)")
_THEIR_MOTHER_RE = re.compile(r"(?:他|她|娃|孩子|娃娃|娃儿)的?(?:妈妈?|娘|母亲)(?!的)")


def _neither_parent_is_asker(text: str) -> bool:
    """Both parents of the child named as others and both gone: the asker is neither of them."""
    clauses = re.split(r"[，,。；;！!？?\s]+", text)
    father = any(_THEIR_FATHER_RE.search(c) and PARENT_GONE_RE.search(c) for c in clauses)
    mother = any(_THEIR_MOTHER_RE.search(c) and PARENT_GONE_RE.search(c) for c in clauses)
    return father and mother


def _children_as_grandchildren(members: list[dict[str, Any]], facts: EntityFacts) -> None:
    """The minors taken for the asker's children are the children of the asker's child."""
    for index, member in enumerate(members):
        age = member.get("age")
        if index and member.get("relation") == "child" and (age is None or age < 18):
            member["relation"] = "grandchild"
            facts.changed.append(f"members[{index}].relation")


def _incapacitated(member: dict[str, Any]) -> bool:
    """重病, 重残 (一、二级) or unable to look after themself: unable to raise a child."""
    grade = (member.get("disability") or {}).get("grade")
    return (
        member.get("serious_illness") is True
        or grade in (1, 2)
        or member.get("self_care") == "total_loss"
    )


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
    rf"下岗|失业|{NO_WORK_TO_DO}|被裁|裁了|被辞|辞了|辞退|开除|没工作|没了工作|丢了工作|找不到工作|找不着活|待业|"
    # 「找了半年工作都没找到」
    r"没找到工作|没找着工作|工作(?:都|也|还)?没找(?:到|着)|找不到活|找不着工作|"
    # 「厂子倒闭了」「今年工地都停了 半年没活干」
    r"(?:厂子?|公司|工地|单位|矿上?)(?:都|也)?(?:倒闭|关门|停产|停工|停了|黄了)|没活干|"
    # 「找活人家一听坐过牢都不要」「找工作人家嫌年纪大」: looking for work, turned away
    r"找(?:活|工作|事做|事干)[^，,。；;]{0,12}(?:不要|没人要|嫌)"
)
# 「我跟媳妇现在都没工作」: the asker and the spouse both out of work.
_BOTH_OUT_OF_WORK_RE = re.compile(
    r"(?:我|俺|额)(?:跟|和|与|同)(?:媳妇|老婆|婆姨|老公|丈夫|男人|爱人|老伴|掌柜的)"
    r"[^，,。；;]{0,4}都(?:没工作|没了工作|下岗|失业|被裁|没活干|找不到)"
    r"|(?:俺|我|咱)(?:两口子|俩口子|们两口|俩)[^，,。；;]{0,6}都(?:没工作|下岗|失业|被裁|没活干)"
)

# 「现在借住在我姐家」: somewhere to stay, so no money alone makes a person homeless …
_LODGED_RE = re.compile(
    r"借住|寄住|住在?(?:我|俺|咱)?(?:哥|姐|弟|妹|叔|舅|姑|姨|亲戚|朋友)(?:家|那)"
)
# … unless a night out or nowhere to live is said too.
_NOWHERE_RE = re.compile(
    rf"流浪|乞讨|露宿|睡|{NOWHERE_TO_LIVE}|没处住|无处可去|无家可归|回不了家|滞留"
)

# 「办了居住证」「有居住证」: not 「没有居住证」「居住证还没办」.
_RESIDENCE_PERMIT_RE = re.compile(r"(?<![没无不])(?<!没有)(?<!没办)(?<!不能办)居住证(?!还没|没)")

# Receiving 特困供养 (its old name 五保) now: 「俺是五保户」「就是五保的钱」 — not 「想办五保」
# 「有没有五保那种」, which ask for it.
_ON_TEKUN_RE = re.compile(
    r"(?<!想当)(?<!能当)(?<!申请)(?<!想办)(?:五保户|特困户|特困人员|特困供养人员|五保老人)"
    r"|(?<![想能要可以办申请说])(?:吃|领|享受|拿)(?:着|了|上了)?(?:五保|特困)(?!吗|不|没|么|那)"
    r"|五保(?:的|那点)?钱|五保金|特困金|供养金"
)
# Receiving 低保 now — not 「听说能吃低保」「想吃低保」「能不能领低保」, which ask for it.
# 「娃自己也是吃低保的」「他腿瘸着自己吃低保」: a relative's own benefit, not the household's.
_ANOTHERS_OWN_RE = re.compile(
    r"(?:他|她|娃|儿子|女儿|闺女|姑娘|孩子|兄弟|哥|姐|弟|妹)[^，,。；;]{0,8}自己[^，,。；;]{0,4}$"
)
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
        candidates = list(match.candidates or [])
        served = [c for c in candidates if str(c[0])[:2] in SERVED_PROVINCES]
        if len(served) == 1:
            return str(served[0][0]), []  # 「新城区的」 to a hotline of 陕西: 西安市新城区
        return None, [_candidate_name(c) for c in candidates][:5]
    return match.code, []


# Who else a place may belong to, besides the relation words: 「囡在杭州做保姆」「医生说…」.
_OTHER_PERSON_RE = re.compile(
    r"囡|医生|大夫|专家|老板|包工头|工头|他们|她们|人家|别人"
    r"|[他她](?:爸|妈|爹|娘|爷|奶|哥|姐|弟|妹)"  # 「他爸在兰州工地上」: the child's father
    r"|(?<![我俺咱额])(?:爹娘|爹妈)"  # 「我两个孙子 爹娘离婚了都在广东打工」: the children's parents
)
# The household together, not another member alone: 「我和老伴在会宁」「孙子跟着我在兰州」.
_TOGETHER_RE = re.compile(r"我们|俺们|咱们|咱|[我俺][和跟带]|[和跟]着?[我俺]|带着")
_VERB_FIRST_RE = re.compile(r"^\s*(?:在|到|去)")
# A child's school below university is at home: 「俺娃上了民勤职专」, not 「闺女在合肥念大三」.
_SCHOOL_AT_HOME_RE = re.compile(
    r"^.{0,6}?(?:小学|初中|高中|中学|职专|职高|职中|幼儿园|[一二三四五六七八九]中|县中)"
)
# 「想回会宁」「回不了老家天水」: a place wished back to.
_WANTS_BACK_TO_RE = re.compile(
    r"(?:想|要|准备|打算|得|好)回(?:老家|家)?$|回不(?:了|去)(?:老家|家)?$"
)
# 「江西来绩溪」「从甘肃过来到西安」: the place come from, before the place one is in now.
_CAME_FROM_AFTER_RE = re.compile(r"^(?:过|出)?来(?:到|了)?")
# A place gone to for an errand is not where one lives: 「最好去上海做骨髓移植」「到兰州看病」.
_GONE_TO_RE = re.compile(r"(?<![回过上下进出])去$")
_MARRIED_TO_RE = re.compile(r"嫁(?:到|去|在|给)$")
_ERRAND_TO_RE = re.compile(r"(?:到|上|转到|转院到|送到|送去|转去)$")
_ERRAND_RE = re.compile(
    r"^.{0,4}?(?:做|看病|看|治|住院|手术|检查|移植|化疗|放疗|透析|复查|就医|医院|旅游)"
)
# Where the speaker is for now, away from home: 「人在兰州回不去」「我人还在上海」.
_STAYING_AFTER_RE = re.compile(r"^.{0,3}?(?:回不去|回不来|回不了|走不开|陪|守着)")
_AWAY_BEFORE_RE = re.compile(r"(?<![个一])人(?:还|现在|暂时)?在$")
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


# Work or study away (「我在杭州上班」「我在合肥上大学」) while the household is spoken of apart
# (「家里好像挺困难的」「老家」): the asker's place is not the household's.
_AWAY_AFTER_RE = re.compile(
    r"^.{0,3}?(?:上班|打工|务工|工作|干活|做工|打零工|上大学|读大学|念大学|读研|上学"
    r"|工地|跑外卖|送外卖|跑快递|送快递|开车|摆摊)"
)
_HOME_APART_RE = re.compile(
    r"老家|不(?:太|大)?(?:清楚|知道|了解)家里|家里(?:好像|听说|说是)|家里在|回家|家里人说"
    r"|回(?:到|了)?[\u4e00-\u9fff]{1,6}?(?:屋里|家里|老家|家)"  # 「现在回丹凤屋里躺着」
)


# 「原来在浙江打工」「前几年在新疆工地上」: a place one was at before.
_FORMERLY_AT_RE = re.compile(
    r"(?:原来|以前|之前|早先|过去|前些年|前几年|那几年)(?:一直|都)?(?:在|去)$"
)


def _elsewhere(text: str, start: int, end: int, clauses: list[tuple[int, int]]) -> bool:
    """Whether the place at text[start:end] is another person's (「儿子在汉中开出租」) or an
    errand's (「去上海做骨髓移植」) rather than where the household lives."""
    index, before, after = _around(text, start, end, clauses)
    if index is None:
        return False
    if _GONE_TO_RE.search(before) or (_ERRAND_TO_RE.search(before) and _ERRAND_RE.match(after)):
        return True
    if _WANTS_BACK_TO_RE.search(before):
        return True  # 「钱也花完了…想回会宁」: where one wants to go, not where one is
    if _FORMERLY_AT_RE.search(before) and _AWAY_AFTER_RE.match(after):
        return True  # 「原来在浙江打工 我爸查出来胃癌我就回来了」: where one worked before
    came = _CAME_FROM_AFTER_RE.match(after)
    if came and find_place_mentions(after[came.end() : came.end() + 8]):
        return True  # 「我是江西来绩溪工地上干活的」: where one came from, not where one is
    if _TOGETHER_RE.search(before):
        return False
    if _OTHER_PERSON_RE.search(before):
        return True
    subject = _subject(before, len(before)) if before.strip() else None
    if _MARRIED_TO_RE.search(before) and subject not in (None, "self"):
        return True  # 「女子嫁到靖远去了」: where a daughter married to, not 「我嫁到会宁」
    if subject in ("child", "grandchild") and _SCHOOL_AT_HOME_RE.match(after):
        return False
    if (
        subject in (None, "self")
        and _AWAY_AFTER_RE.match(after)
        and _HOME_APART_RE.search(text)
        and not _STRANDED_RE.search(text)  # stranded where one worked: that is where one is
    ):
        return True  # 「我在杭州上班…家里好像挺困难的」: the asker works away from the household
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
        if (
            _ERRAND_RE.match(after)
            or _STAYING_AFTER_RE.match(after)
            or _AWAY_BEFORE_RE.search(before)
        ):
            continue  # 「我去年在兰州住院」「我们人在兰州回不去」: a stay, not a home
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
