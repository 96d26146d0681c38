"""Chinese numbers, money, ages, counts and grades as values.

Plain Python (cn2an): the NLU component (`bot.nlu.normalizer`), the household answers
(`household.answers`) and the ticket service's intake all read numbers with these functions.
Every parser returns ``None`` when the text holds no such value, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import cn2an

# One number written with digits (2000, 1.2), Chinese numerals (两千五, 叁) or a mix (2千5, 1.2万).
_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖俩仨"
_CN_UNITS = "十拾百佰千仟万萬亿廿"
_NUMBER_RE = re.compile(
    rf"(?:\d+(?:\.\d+)?|[{_CN_DIGITS}{_CN_UNITS}])"
    rf"(?:[\d.{_CN_DIGITS}{_CN_UNITS}kKwW]*)"
)
# Two adjacent digits mean a range, e.g. 七八百 / 三四口: keep the lower bound.
_RANGE_RE = re.compile(rf"^([{_CN_DIGITS[2:]}])([{_CN_DIGITS[2:]}])([十百千万]?)$")
# Two digits after a unit are a range too: 一千四五 → 1400, 六十七八 → 67.
_TAIL_RANGE_RE = re.compile(rf"^(.*[十百千万])([{_CN_DIGITS[2:]}])([{_CN_DIGITS[2:]}])$")
# An approximate marker before a unit scales the number: 十来万 → 100000, 两千多万 → 20000000.
_SCALE_AFTER_RE = re.compile(r"^[多来余几]([十百千万])")
_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_APPROX_MARKERS = (
    "多",
    "出头",
    "左右",
    "来",
    "大概",
    "大约",
    "约",
    "差不多",
    "上下",
    "不到",
    "将近",
    "接近",
    "几",
    "把",
    "余",
)
_MONTHLY_MONEY_LIMIT = 10_000_000.0


@dataclass(frozen=True)
class ParsedNumber:
    """A number found in a text, and whether the text marks it as approximate."""

    value: float
    approximate: bool
    following: str = ""  # the few characters after the number (its unit: 口, 岁, 元 ...)


def _normalise_text(text: str) -> str:
    """NFKC (full-width digits → ASCII), no spaces, no thousands separators."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    # words whose 零/一/五 is no number: 打零工, 零活, 零钱, 零花, 一直, 一起, 一般, 五保 …
    text = _NOT_NUMBER_WORDS_RE.sub("", text)
    return re.sub(r"\s+", "", text)


_NOT_NUMBER_WORDS_RE = re.compile(
    r"零工|零活|零碎|零钱|零花|零用|零星|打零|一直|一起|一般|一边|一下|一点点|一共|一同|一样|一些|一向|一旦"
    # 五保 (户): the old name of 特困供养, no five
    r"|五保"
)


def _to_number(token: str) -> float | None:
    token = token.replace("俩", "两").replace("仨", "三").replace("萬", "万")
    token = re.sub(r"(?<=\d)[kK]$", "千", token)
    token = re.sub(r"(?<=\d)[wW]$", "万", token)
    token = token.rstrip(".")
    if not token:
        return None
    if token[0] in "十拾百佰千仟万":
        token = ("" if token[0] in "十拾" else "一") + token
    range_match = _RANGE_RE.match(token)
    if range_match:
        token = range_match.group(1) + range_match.group(3)
    tail_range = _TAIL_RANGE_RE.match(token)
    if tail_range:
        token = tail_range.group(1) + tail_range.group(2)
    try:
        value = cn2an.cn2an(token, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def find_numbers(text: str) -> list[ParsedNumber]:
    """All numbers in ``text`` in order, each with its approximate flag."""
    if not isinstance(text, str) or not text:
        return []
    text = _normalise_text(text)
    found: list[ParsedNumber] = []
    for match in _NUMBER_RE.finditer(text):
        value = _to_number(match.group(0))
        if value is None:
            continue
        end = match.end()
        if (
            match.group(0)[0] in "十百千万"
            and text[max(0, match.start() - 1) : match.start()] == "几"
        ):
            value *= 5  # 几百 "a few hundred": the middle of 100-900, marked approximate
        scale = _SCALE_AFTER_RE.match(text[end:])
        if scale:
            value *= _SCALES[scale.group(1)]
            end += 2
        before = text[max(0, match.start() - 3) : match.start()]
        after = text[end : end + 3]
        approximate = bool(
            scale or _RANGE_RE.match(match.group(0)) or _TAIL_RANGE_RE.match(match.group(0))
        ) or any(marker in before or marker in after for marker in _APPROX_MARKERS)
        found.append(ParsedNumber(value=value, approximate=approximate, following=after))
    return found


def _first_number(
    text: str, prefer: re.Pattern[str] | None = None, reject: re.Pattern[str] | None = None
) -> ParsedNumber | None:
    """The first number followed by a ``prefer`` unit, else the first not followed by ``reject``."""
    numbers = find_numbers(text) if isinstance(text, str) else []
    if prefer is not None:
        for number in numbers:
            if prefer.match(number.following):
                return number
    for number in numbers:
        if reject is None or not reject.match(number.following):
            return number
    return None


_COUNT_UNIT = re.compile(r"^(?:口|个人|人|位)")
# 「住了四回院」「透析三回」「跑了两趟」: a count of times is never an age, a household or a sum.
_TIMES = "次|回|趟|遍|顿"
_COUNT_REJECT = re.compile(
    rf"^(?:个?月|个?礼拜|个?星期|周|年|天|岁|元|块|级|号|家|直|样|般|起|些|点|下|{_TIMES})"
)
_MONEY_UNIT = re.compile(r"^(?:多|来|把|出头|左右)?(?:元|块|圆|钱|万|千|百)")
_MONEY_REJECT = re.compile(
    rf"^(?:个|月|年|天|岁|口|人|级|号|家|直|样|般|起|些|点|下|周|分|{_TIMES})"
)
_AGE_UNIT = re.compile(r"^(?:多|来)?(?:岁|周岁)")
_AGE_REJECT = re.compile(rf"^(?:个|月|年|天|口|人|元|块|级|号|家|直|样|般|起|些|点|下|{_TIMES})")


def parse_count(text: str) -> int | None:
    """Household size or another count: 三口人 → 3, 一家5口 → 5, 叁口 → 3."""
    alone = isinstance(text, str) and re.search(
        r"(?:一个人|就我一个|独自|光棍|单身一人|孤身)", text
    )
    if alone and not _first_number(text.replace("一个人", "").replace("一个", "")):
        return 1
    number = _first_number(text, _COUNT_UNIT, _COUNT_REJECT)
    if number is None or number.value != int(number.value) or not 0 < number.value <= 50:
        return None
    return int(number.value)


# 「俺俩还各有一百四的养老金」「娘儿仨」: a count of people, never a sum (「挣俩钱」 is one).
_PEOPLE_COUNT_RE = re.compile(
    r"(?:俺|我|咱|他|她|你|额|娘儿|爷儿|母子|父子|老两口|两口子)(?:俩|仨)(?![钱块元])"
)


def parse_money_detail(text: str) -> ParsedNumber | None:
    """Money in yuan with its approximate flag: 一千出头 → (1000, True)."""
    if isinstance(text, str):
        text = _PEOPLE_COUNT_RE.sub("", text)
    number = _first_number(text, _MONEY_UNIT, _MONEY_REJECT)
    if number is None or not 0 <= number.value <= _MONTHLY_MONEY_LIMIT:
        return None
    return number


def parse_money(text: str) -> float | None:
    """Money in yuan: 两千五 → 2500.0, 2千 → 2000.0, 1.2万 → 12000.0, 一千出头 → 1000.0."""
    if isinstance(text, str) and re.search(r"(?:没有?收入|没钱|零收入|分文|一分钱?都?没)", text):
        return 0.0
    number = parse_money_detail(text)
    return None if number is None else number.value


def is_approximate(text: str) -> bool:
    """Whether the (first) number in ``text`` is marked as approximate (多, 出头, 左右 ...)."""
    number = _first_number(text, _MONEY_UNIT, _MONEY_REJECT)
    return bool(number and number.approximate)


def parse_age(text: str) -> int | None:
    """Age in years: 七十多岁 → 70, 78岁 → 78, 年过六旬 → 60."""
    if not isinstance(text, str):
        return None
    clean = _normalise_text(text)
    decades = re.search(rf"([{_CN_DIGITS}\d]+)旬", clean)
    if decades:
        value = _to_number(decades.group(1))
        return int(value * 10) if value and 0 < value * 10 <= 130 else None
    number = _first_number(clean, _AGE_UNIT, _AGE_REJECT)
    if number is None or number.value != int(number.value) or not 0 <= number.value <= 130:
        return None
    return int(number.value)


def parse_grade(text: str) -> int | None:
    """Disability grade 1-4: 二级 → 2, 贰级 → 2, 一级残疾 → 1. 重度 alone is no grade."""
    if not isinstance(text, str):
        return None
    clean = _normalise_text(text)
    match = re.search(rf"([{_CN_DIGITS}\d]+)\s*级", clean) or re.search(
        r"^\s*([1-4一二三四])\s*$", clean
    )
    if not match:
        return None
    value = _to_number(match.group(1))
    return int(value) if value is not None and value in (1, 2, 3, 4) else None
