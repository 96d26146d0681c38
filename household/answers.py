"""An answer to one question, read against that question (its field, its member, its polarity).

``apply_answer(household, path, text, intent, inverted=...)`` stores what the answer says about
``path`` and tells how it went: an answer, an honest 不知道, a confused or filler reply (「啥意思」
「嗯」 — never an answer: the question is explained in other words), or something else (with a
hint to ask again). Short replies (有 / 没 / 对 / 不是), numbers in words and negations
(「没有残疾证，就是腿脚不好」 is no certificate) are read as people say them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from household.facts import (
    MAX_HOUSEHOLD_SIZE,
    NO_CERTIFICATE_RE,
    SERIOUS_ILLNESS_RE,
    excluded_income_in,
    set_household_size,
    spaces_as_commas,
)
from household.paths import field_name, get_path, set_in_place
from household.vocabulary import BOOL_FIELDS, MONEY_FIELDS
from household.words import (
    KEYWORD_ENUMS,
    NO_CHILDREN,
    keyword_value,
    normalise_area,
    normalise_disability_type,
    normalise_event_type,
    normalise_relation,
    normalise_school_stage,
    read_parents,
)
from zhtext.numbers import parse_age, parse_count, parse_grade, parse_money
from zhtext.tokens import NUMBER_EXPRESSION

DONT_KNOW_RE = re.compile(
    r"不[太大怎么]*(知道|清楚|确定|晓得|了解)|说不好|说不清|记不清|不好说|没算过|没数|不详|不记得|忘了"
    # a question declined (「存款不方便说」「这个不想讲」) is left unknown, never asked again;
    # not 「腿脚不方便」
    r"|不(?:太|大)?(?:方便|便|想|愿意)(?:说|讲|透露|告诉)|不告诉你"
)
# Replies that answer nothing: acknowledgements and confusion. They get the question explained.
_FILLER_RE = re.compile(
    r"^(?:嗯+|恩+|啊+|哦+|噢+|喔+|呃+|额+|唔+|哈+|诶|欸|哎|好的?|行|是吗|是么|然后呢|然后|"
    r"啥|什么|你说啥|说啥|啥意思|什么意思|啥子意思|咋说|怎么说|怎么回答|"
    r"不懂|不明白|不太懂|没懂|没听懂|听不懂|看不懂|没明白|不理解|"
    r"[?？.。…~～!！]+)"
    r"[啊呀呢吧哦嘛啦？?!！。，,…~～\s]*$"
)
_CONFUSED_RE = re.compile(
    r"啥意思|什么意思|不懂|不明白|没明白|没听懂|听不懂|看不懂|不理解|问的啥|说的啥"
)
_ASSENT_RE = re.compile(r"^(?:好的?|行|可以|中|成)")
_LEADING_NOISE_RE = re.compile(r"^(?:[嗯恩哦噢啊呃额唔诶欸哎，,。.\s]|那个|这个|就是|其实)+")
_SUBJECT_RE = re.compile(r"^(?:我们?家?|俺们?家?|咱们?家?|他们?|她们?|家里|孩子|娃|都|也|还)+")
_NO_WORDS = (
    "没有的",
    "没有",
    "没得",
    "莫得",  # 四川: 「莫得存款」
    "冇得",
    "冇",
    "木有",
    "没",
    "无",
    "不是",
    "不会",
    "不能",
    "不在",
    "不行",
    "不用",
    "不需要",
    "不符合",
    "不对",
    "否",
    "不",
)
_YES_WORDS = (
    "是的",
    "对的",
    "有的",
    "有",
    "是",
    "对",
    "会",
    "能",
    "在",
    "可以",
    "符合",
    "当然",
    "好的",
    "好",
    "行",
    "中",
)
# 「哪有存款」「哪来的钱」: a question that means no.
_NEGATION_RE = re.compile(
    r"没有?|无|不是|不能|不会|没得|莫得|冇得?|木有|干不了|干不动|哪有|哪来|哪儿有"
)
_POSITIVE_RE = re.compile(r"(?<![没无哪])(?<!哪儿)有(?!点)|是的|能干|还能")
# Money: none at all, said in words (or a pupil / someone out of work with nothing else said).
_ZERO_MONEY_RE = re.compile(
    r"^(?:没有?|无|没得|莫得|冇得?|木有|零|0|一分(?:钱)?(?:也|都)?没有?)(?:[，,。.!！\s]|$)|没有?收入|无收入|零收入|"
    r"不挣钱|没挣钱|挣不到钱|没钱|一分钱?都?没|还在上学|在上学|上学呢|是学生|还小|没工作|没上班|不上班"
    # 「俺腿断了啥也挣不了」「干不了活 挣不下钱」
    r"|(?:啥|什么)(?:也|都)挣不|挣不了|挣不下|挣不来|挣不着"
)
_COST_CLAUSE_RE = re.compile(r"欠|花了|花费|药费|医药费|房租|学费|贷款|借了")
_CORRECTION_RE = re.compile(
    r"不对|说错|搞错|弄错|记错|更正|改一下|改成|应该是|其实是|是[^，。]*才对|不是[^，。]{1,8}是"
)
_HAS_CERTIFICATE_RE = re.compile(r"有(?:残疾)?证|持证|办了证|办过证|有残疾证|证是")
_NOT_IN_SCHOOL_RE = re.compile(
    r"没上学|不上学|不上了|辍学|毕业了|没念|不念了|没读书?|不读了|上班了|打工了|工作了|没上|还没上学"
)
_NO_SUPPORT_RE = re.compile(
    NO_CHILDREN + r"|不管|指望不上|靠不上|自己都顾不上|也困难|也很难|没能力|养不起|没人管"
    r"|顾不上(?:我|俺|咱|额)|顾不了(?:我|俺|咱|额)|管不了(?:我|俺|咱|额)|自己都顾不了"
)
# A relative who gives money every month: 「一个月给俺三百」「每月寄五百回来」.
_SENDS_MONEY_RE = re.compile(
    r"(?:给|寄|打)(?:俺|我|咱|额)?(?:个)?[0-9一二两三四五六七八九十百千几]+"
)
_BENEFIT_WORDS = (
    ("dibao", r"低保"),
    ("tekun", r"特困|五保"),
    ("disability_subsidies", r"残疾人?补贴|护理补贴|两项补贴"),
    ("temporary", r"临时救助"),
    ("orphan_child", r"孤儿|事实无人抚养"),
)


@dataclass
class Answer:
    """How an answer to the pending question went."""

    accepted: bool = False
    unknown: bool = False  # an honest 不知道: recorded as unknown, not asked again
    confused: bool = False  # filler or confusion: explain the question in other words
    error: str | None = None  # not readable: this hint, then ask again
    value: Any = None


def is_dont_know(text: str) -> bool:
    return bool(DONT_KNOW_RE.search(text or ""))


def is_filler(text: str) -> bool:
    """「嗯」「好的」「啥意思」「不懂」「？」: a reply that answers no household question."""
    text = (text or "").strip()
    return bool(_FILLER_RE.match(text)) or is_confused(text)


def is_confused(text: str) -> bool:
    """「啥意思」「不懂」「嗯」「？」: the citizen did not follow (「好的」 is not confusion)."""
    text = (text or "").strip()
    if len(text) <= 10 and _CONFUSED_RE.search(text):
        return True
    return bool(_FILLER_RE.match(text)) and not _ASSENT_RE.match(text)


def is_correction(text: str) -> bool:
    return bool(_CORRECTION_RE.search(text or ""))


def _core(text: str) -> str:
    """The reply without leading noise and subject words: 「嗯，我们家没有」 -> 「没有」."""
    text = _LEADING_NOISE_RE.sub("", (text or "").strip())
    return _SUBJECT_RE.sub("", text)


def yes_no(text: str, intent: str | None = None) -> bool | None:
    """True/False for a yes/no reply: the leading word first, then the words throughout, then the
    NLU's affirm/deny. 「没有存款，也没有车」 is no; 「有一辆车」 is yes; 「嗯」 is neither."""
    if is_confused(text):
        return None
    core = _core(text)
    for word in _NO_WORDS:
        if core.startswith(word) and not core.startswith("不错"):
            return False
    for word in _YES_WORDS:
        if core.startswith(word):
            return True
    negative = bool(_NEGATION_RE.search(core))
    positive = bool(_POSITIVE_RE.search(core))
    if negative != positive:
        return positive
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
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


NUMBER_HINT = "说个大概的数就行，比如“六百”“两千左右”；没有就说“没有”，不清楚可以说“不知道”。"


def _member_prefix(path: str) -> str:
    return path.rsplit(".", 1)[0]


def read_money(text: str) -> float | None:
    """Money in an answer: a stated sum, else 0 for 「没有」「还在上学」, else None."""
    clean = re.sub(r"一个月|每个?月|一月|月均|月收入|大概|大约|差不多|左右|收入", "", text) or text
    money = parse_money(clean)
    if money is not None and not (_COST_CLAUSE_RE.search(text) and _ZERO_MONEY_RE.search(text)):
        return float(money)
    if _ZERO_MONEY_RE.search(text.strip()):
        return 0.0
    return None


def read_disability(text: str, intent: str | None) -> tuple[bool, dict[str, Any] | None]:
    """(understood, value): value None = no 残疾人证; {} = a certificate, grade unknown."""
    if NO_CERTIFICATE_RE.search(text):
        return True, None
    grade = parse_grade(text)
    kind = normalise_disability_type(text)
    if grade is not None or (kind is not None and _HAS_CERTIFICATE_RE.search(text)):
        value: dict[str, Any] = {}
        if grade is not None and 1 <= grade <= 4:
            value["grade"] = grade
        if kind:
            value["type"] = kind
        return True, value
    if _HAS_CERTIFICATE_RE.search(text):
        return True, {}
    answer = yes_no(text, intent)
    if answer is None:
        return False, None
    return True, ({} if answer else None)


def apply_answer(
    household: dict[str, Any],
    path: str,
    text: str,
    intent: str | None = None,
    *,
    inverted: bool = False,
) -> Answer:
    """Read the answer to the question about ``path`` and store it (in place).

    ``inverted``: the question was put so that "没有" means the field is true
    (「有没有大额存款…？」 for ``assets_within_local_limits``).
    """
    text = (text or "").strip()
    if not text:
        return Answer(confused=True)
    if is_dont_know(text):
        return Answer(unknown=True)
    if is_filler(text):
        return Answer(confused=True)
    kind = field_kind(path)
    reader = _READERS.get(kind.split(":", 1)[0])
    if reader is None:
        return Answer(unknown=True)
    return reader(household, path, text, intent, inverted)


# 「我跟两个娃」「俺带着三个孙娃儿」: the asker and the children counted — no total said.
_ME_WITH_CHILDREN_RE = re.compile(
    r"(?:我|俺|咱|额)(?:一个人)?(?:跟|和|带着?|领着?)\s*([两二俩三仨四五六2-6])\s*个?\s*"
    r"(?:孩子|小孩|娃|伢|孙子|孙女|孙娃|儿子|女儿|闺女)"
)
_TOTAL_SAID_RE = re.compile(r"[0-9一二两三四五六七八九十]\s*(?:口|个人|人)|一共|总共")
# 「四口 哦不对 五口」「三个 不是 四个」: the count said after a correction.
_CORRECTED_COUNT_RE = re.compile(
    r"(?:不对|不是|说错了?|错了|哦不)[，,\s]*([0-9一二两三四五六七八九十]+\s*(?:口|个|人))"
)


def _count(
    household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool
) -> Answer:
    size = parse_count(text)
    with_me = _ME_WITH_CHILDREN_RE.search(text)
    if with_me and not _TOTAL_SAID_RE.search(text):
        size = 1 + (parse_count(with_me.group(1)) or 0)  # 「我跟两个娃」: three
    corrected = _CORRECTED_COUNT_RE.search(text)
    if corrected:
        size = parse_count(corrected.group(1)) or size  # 「四口 哦不对 五口」: the count said last
    if size is None and re.search(r"就我一个|一个人|就我自己|光我", text):
        size = 1
    if size is None or not 1 <= size <= MAX_HOUSEHOLD_SIZE:
        return Answer(error="说一下家里一起生活的一共几个人就行，比如“3个”。")
    set_household_size(household, size)
    return Answer(accepted=True, value=size)


# A sum said as the total (一共, 加起来 …): it wins over the parts named beside it.
_TOTAL_RE = re.compile(r"一共|总共|总的|加起来|合起来|全家|家里总|统共|共计")
_CLAUSE_SPLIT_RE = re.compile(r"[，,、；;。]|还有|另外")
# 「加上种地 一个月四五百」: what follows sums up what came before.
_PLUS_RE = re.compile(r"(?:再)?加上|算上|连上")
_DIGIT_RE = re.compile(r"[0-9零一二两三四五六七八九十百千万]")


# 「一个月摊下来一百多」: a yearly sum said again by the month.
_BY_THE_MONTH_RE = re.compile(r"摊下来|平摊|折合|合下来|算下来|平均")
_YEARLY_RE = re.compile(r"一年|每年|年收入|全年|一年到头|一年下来|去年")
_MONTHLY_RE = re.compile(r"月")


def monthly_of(text: str, money: float) -> float:
    """A sum said by the year (「一年就两千块地租」) as a month's; a month's as it is."""
    if _YEARLY_RE.search(text) and not _MONTHLY_RE.search(text):
        return round(money / 12)
    return money


def read_household_money(text: str) -> float | None:
    """The household's monthly money in an answer: the members' sums named one by one are added
    (「我一个月八百，老伴一个月六百」 is 1400), a total said as one wins, a yearly sum said again
    by the month is that (「一年就两千块地租 一个月摊下来一百多」), else :func:`read_money`."""
    clauses = [c for c in _CLAUSE_SPLIT_RE.split(spaces_as_commas(text)) if c.strip()]
    by_month = [m for m in (read_money(c) for c in clauses if _BY_THE_MONTH_RE.search(c)) if m]
    if by_month:
        return by_month[0]
    totals = [m for m in (read_money(c) for c in clauses if _TOTAL_RE.search(c)) if m]
    if totals:
        return totals[0]
    for index, clause in enumerate(clauses[:-1]):
        if _PLUS_RE.search(clause) and not _DIGIT_RE.search(clause):
            # 「娃他爸寄个两三百 加上种地 一个月四五百吧」: the sum said after 「加上 X」 is the
            # total (「加上老伴的六百」 is one more part)
            after = clauses[index + 1]
            money = read_money(after) if _DIGIT_RE.search(after) else None
            if money:
                return money
    if len(clauses) >= 2:
        sums = [m for m in (parse_money(c) for c in clauses) if m is not None]
        if len(sums) >= 2:
            return float(sum(sums))
    return read_money(text)


def split_excluded(text: str) -> tuple[str, float | None]:
    """(the words of counted income, the sum of income not counted): 「就是五保的钱 还有一百三的
    养老金 别的没有」 is ("别的没有", 130) — a resident's basic pension and assistance are not
    counted (household.schema.json excluded_income); None when the words name none."""
    clauses = [c for c in _CLAUSE_SPLIT_RE.split(spaces_as_commas(text)) if c.strip()]
    kept, excluded = [], None
    for clause in clauses:
        money = parse_money(clause)
        if excluded_income_in(clause, money):
            excluded = (excluded or 0.0) + (money or 0.0)
        else:
            kept.append(clause)
    return "，".join(kept), excluded


def _money(
    household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool
) -> Answer:
    counted, excluded = split_excluded(text)
    if excluded is not None and field_name(path) in ("monthly_income", "household_monthly_income"):
        # 「没收入，就每月150的基础养老金」: the pension is kept apart; the rest is counted, and
        # nothing else said is nothing
        owner = _member_prefix(path) if "." in path else "members[0]"
        if excluded:
            set_in_place(household, owner + ".excluded_income", excluded)
        text = counted
        if read_household_money(counted) is None:
            set_in_place(household, path, 0.0)
            return Answer(accepted=True, value=0.0)
    money = read_household_money(text) if "." not in path else read_money(text)
    if money and field_name(path) in ("monthly_income", "household_monthly_income"):
        money = monthly_of(text, money)
    if money is None and not is_correction(text) and yes_no(text, intent) is False:
        money = 0.0
    if money is None or not 0 <= money <= 10_000_000:
        return Answer(error=NUMBER_HINT)
    set_in_place(household, path, money)
    if path == "household_monthly_income" and _ONLY_EARNER_RE.search(text):
        set_in_place(household, "members[0].monthly_income", money)  # 「就我一个人挣 1500到2000」
    return Answer(accepted=True, value=money)


# The asker is the household's only earner.
_ONLY_EARNER_RE = re.compile(
    r"(?:就|只有|全靠)(?:我|俺|额)(?:一个人?)?(?:挣|上班|打工)|(?:我|俺)一个人挣"
)


def _age(household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool) -> Answer:
    age = parse_age(text)
    if age is None:
        bare = NUMBER_EXPRESSION.search(text)
        age = parse_age(bare.group(0) + "岁") if bare else None
    if age is None and re.search(r"刚出生|几个月|不到一岁|吃奶", text):
        age = 0
    if age is None or not 0 <= age <= 130:
        return Answer(error="说个岁数就行，比如“45岁”“七十多”。")
    set_in_place(household, path, int(age))
    return Answer(accepted=True, value=int(age))


# Savings gone, only the home lived in: no property beyond the limits.
_NOTHING_LEFT_RE = re.compile(
    r"(?:钱|积蓄|存款)(?:都|也|早就?)?(?:花光|花完|用光|用完|没了)|就(?:一|这)(?:个|间|套|孔)(?:老|破)?(?:房子?|窑)"
)


def _bool(household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool) -> Answer:
    field = field_name(path)
    answer = yes_no(text, intent)
    if field == "serious_illness" and answer is None and SERIOUS_ILLNESS_RE.search(text):
        answer = True
    if field == "has_capable_supporter" and _NO_SUPPORT_RE.search(text):
        answer = False
    elif field == "has_capable_supporter" and answer is None and _SENDS_MONEY_RE.search(text):
        answer = True  # 「儿在上海打工 一个月给俺三百」: a child who keeps the asker
    if field == "able_to_work" and re.search(r"干不了|干不动|不能干|没法干|丧失|瘫痪|卧床", text):
        answer = False
    if field == "assets_within_local_limits" and answer is None and _NOTHING_LEFT_RE.search(text):
        answer = False  # 「办丧事把存的钱都花光了 就一个老房子」: nothing of value
    if answer is None:
        return Answer(error="回答“有”或“没有”（“是”或“不是”）就行。")
    value = (not answer) if inv else answer
    set_in_place(household, path, value)
    return Answer(accepted=True, value=value)


def _disability(
    household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool
) -> Answer:
    understood, value = read_disability(text, intent)
    if not understood:
        return Answer(error="有没有办残疾证？有的话说几级，比如“二级肢体”；没有就说“没有证”。")
    known, before = get_path(household, path)
    if known and isinstance(before, dict) and isinstance(value, dict):
        if not value.get("grade"):
            return Answer(unknown=True)  # the grade of a certificate told of, still not said
        value = {**before, **value}  # 「二级」 to 「…的残疾证是几级？」: the kind told stays
    set_in_place(household, path, value)
    return Answer(accepted=True, value=value)


def _area(household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool) -> Answer:
    area = normalise_area(text)
    if area is None:
        return Answer(error="说“城里”还是“农村”就行。")
    set_in_place(household, path, area)
    return Answer(accepted=True, value=area)


def _relation(
    household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool
) -> Answer:
    relation = normalise_relation(text)
    if relation is None:
        return Answer(error="说是您的什么人就行，比如 老伴、孩子、父母。")
    set_in_place(household, path, relation)
    return Answer(accepted=True, value=relation)


def _school(
    household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool
) -> Answer:
    stage = normalise_school_stage(text)
    if stage is not None:
        set_in_place(household, path, stage)
        set_in_place(household, _member_prefix(path) + ".employment", "student")
        return Answer(accepted=True, value=stage)
    if _NOT_IN_SCHOOL_RE.search(text) or yes_no(text, intent) is False:
        return Answer(accepted=True, value=None)  # not in school: nothing to record
    return Answer(error="说一下在上几年级就行，比如“初二”“高中”“大学”；没上学就说“没上学”。")


def _events(
    household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool
) -> Answer:
    event = normalise_event_type(text)
    if event is None:
        if yes_no(text, intent) is False:
            household.setdefault("events", [])
            return Answer(accepted=True, value=[])
        return Answer(
            error="简单说一下出了什么事就行，比如 火灾、车祸、突然得重病、失业；没有就说“没有”。"
        )
    events = household.setdefault("events", [])
    if all(e.get("type") != event for e in events):
        events.append({"type": event})
    return Answer(accepted=True, value=event)


def _keyword(
    household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool
) -> Answer:
    field = field_name(path)
    value = read_parents(text) if field == "parents" else keyword_value(field, text)
    if value is None and field == "parents" and not _PARENT_WORDS_RE.search(text):
        # 「有，14岁」: an answer to another question than the parents'; not asked a third time
        return Answer(unknown=True)
    if value is None:
        return Answer(error=_KEYWORD_HINTS.get(field, "没听明白，换个说法说说，或者说“不知道”。"))
    set_in_place(household, path, value)
    return Answer(accepted=True, value=value)


def _benefits(
    household: dict[str, Any], path: str, text: str, intent: str | None, inv: bool
) -> Answer:
    named = [program for program, pattern in _BENEFIT_WORDS if re.search(pattern, text)]
    answer = yes_no(text, intent)
    if named and answer is not False:
        household["current_benefits"] = named
        return Answer(accepted=True, value=named)
    if answer is False:
        household["current_benefits"] = []
        return Answer(accepted=True, value=[])
    return Answer(unknown=True)


# Words an answer about a child's parents speaks of them with.
_PARENT_WORDS_RE = re.compile(r"爸|妈|父|母|爹|娘|双亲|抚养|管|养|身边|在世|活着|去世|走了|不在")

_KEYWORD_HINTS = {
    "housing": "说一下住的房子就行：自己家的、租的、危房，还是没地方住？",
    "employment": "说一下现在干什么就行：上班、打零工、没工作，还是退休了？",
    "self_care": "吃饭穿衣能自己来吗？能就说“能自理”，要人照顾就说“要人照顾”。",
    "parents": "孩子的爸爸妈妈在身边吗？比如“都在”“爸爸去世了”“妈妈走了联系不上”。",
    "residency": "是本地户口，还是外地来的？",
    "sex": "说“男”或“女”就行。",
}

_READERS = {
    "count": _count,
    "money": _money,
    "age": _age,
    "bool": _bool,
    "disability": _disability,
    "area": _area,
    "relation": _relation,
    "school_stage": _school,
    "events": _events,
    "keyword": _keyword,
    "benefits": _benefits,
}


# An answer about a member saying there is no such member here: 「父母都不在了」「有个儿子，不跟我住」
_NOT_A_MEMBER_RE = re.compile(
    r"不在了|去世|过世|死了|不在世|(父母|爹妈|爸妈|老伴|人)(都|早就|早)?(没了|走了)"
    r"|没有(这个人|父母|孩子|儿女|子女|老伴)"
    r"|不跟我住|不和我住|不跟我们住|不住一起|不在一起住|分开住|分开过|另过|单过"
)


# 「没娃」「没有孩子」「没儿没女」: a relation said not to exist (its relation, by the words).
_NONE_OF_RE = re.compile(
    r"(?:没有?|无|没得|木有)(儿没女|儿无女|儿女|子女|孩子|娃|儿子|女儿|闺女|老伴|老婆|老公|爱人|"
    r"孙子|孙女|兄弟姐妹|父母|爹妈|爸妈)"
)


def _said_none_of(member: dict[str, Any], text: str) -> bool:
    """「没娃」 to a question about a child nothing else is known of: the child was assumed."""
    said = _NONE_OF_RE.search(text or "")
    if said is None or any(key not in ("relation", "sex") for key in member):
        return False
    relation = "child" if said.group(1)[0] in "儿子孩娃女闺" else normalise_relation(said.group(1))
    return member.get("relation") in (None, relation)


def drop_member_said_absent(household: dict[str, Any], index: int | None, text: str) -> bool:
    """When a question about member ``index`` is answered 「都不在了」「不跟我住」, or 「没娃」 of a
    member only assumed: that member is no member of the household; drop them (and the count
    they made) and say so (True)."""
    members = household.get("members") or []
    if not index or index >= len(members):
        return False
    if not (_NOT_A_MEMBER_RE.search(text or "") or _said_none_of(members[index], text)):
        return False
    del members[index]
    if household.get("_size") and household["_size"] > len(members):
        household["_size"] = max(1, len(members))
    return True
