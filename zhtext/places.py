"""Resolve Chinese place names to GB/T 2260 administrative division codes.

The county table is `zhtext/data/gbt2260.csv` (code,name,short_name); the town table
`zhtext/data/towns.csv` (name,short_name,county) holds the 乡镇 and 街道 of 甘肃, 安徽 and
陕西 with the county each lies in. ``resolve_place`` finds every known name in a text (longest
match first), narrows same-named places by the other places the text mentions (兰州市城关区 →
620102), and returns the most specific one. A town gives its county (家朋乡 → 341824) unless a
county named in the text says otherwise. A name that still fits several places comes back
``ambiguous`` with its candidates, never a guess; a text with no known place gives ``None``.

A name is read only where it stands as a name, not inside other words: spaces end words
(「暴雨 山上的水」 names no 雨山区), a two-character name needs a place marker or a word
boundary beside it, and a town's short name (大靖 for 大靖镇) counts only as where someone
lives (「我是大靖的」「在哈溪」「抓喜秀龙的」).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).resolve().parent / "data" / "gbt2260.csv"
TOWNS_PATH = Path(__file__).resolve().parent / "data" / "towns.csv"
# Full names that are also everyday words: they count only next to a parent place (铜陵市郊区).
_NEEDS_PARENT = frozenset({"郊区", "城区", "矿区", "东区", "西区"})
_MAX_TEXT = 10_000
_MAX_TOWN_CANDIDATES = 4  # same-named towns in more counties than this are asked about afresh

# A town's suffix: 镇, 乡, 街道, and the 民族乡's people (新添堡回族乡, 祁丰蔵族乡).
TOWN_SUFFIX_RE = re.compile(
    r"(?:(?:回|满|畲|蒙古|藏|蔵|土|东乡|哈萨克|裕固|保安|撒拉)族)*(?:镇|乡|街道)$"
)
# The stop list: short names of towns that are everyday words or word pieces the table's
# builder does not catch (「这家店是新开的」「在岔口等」「我们家发的卡」「在木厂上班」): never read
# as a town without the suffix. The builder also leaves out the words of jieba's dictionary
# (种田, 洪水, 发放, 收成), numbers (三口), surname + 庄/集/店… and 上/下/大/小 + 坝/滩/沟…
# (any village's name): zhtext/data/README.md.
EVERYDAY_TOWN_WORDS = frozenset(
    {
        # words and phrases
        "新开", "新发", "家发", "东流", "小满", "大满", "义正", "丈八", "十八里", "双乳",
        # places in any village or town
        "岔口", "什字", "大路口", "小路口", "店前", "桥底", "石梯", "卡子", "坟台", "临湖",
        "临水", "老县", "银杏树", "三官庙",
        # workplaces
        "木厂", "陶厂", "茶店", "酒房",
        # names of other things
        "杜康", "郭嘉", "花岗", "高岭",
    }
)  # fmt: skip

# Words before a name that make it a place: 在兰州, 是会宁的, 来西安, 老家会宁 (not 现在, 后来).
_LEFT_WORD_RE = re.compile(
    r"(?:(?<![现实存自好正所])在|(?<![于总])是|住|到|(?<![后原本起出过下上将看从向进未])来|去|回|"
    r"从|往|于|原|和|跟|与|及|或|老家|我家|俺家|咱家|我们|俺们|咱们)$"
)
# Words after a two-character name that make it a place: 会宁的, 西安人, 古浪这边, 兰州打工.
_PLACE_AFTER_RE = re.compile(
    r"的|人|这|那|一带|附近|老家|本地|城|县|市|区|镇|乡|村|农村|乡下|地区|来|打工|务工|上学|读书|"
    r"工作|住|户口|籍|某|一家|部分|段|高新|经开|新区|[一二三四五六七八九]中|中学|小学|职专|职高|"
    r"医院|大学"
)
# Two-character names that are no part of ordinary words: read wherever they stand.
_ALWAYS_NAMES = frozenset({"甘肃", "安徽", "陕西", "四川", "贵州", "浙江", "江苏", "新疆", "北京"})
# Words that make a town's short name where someone lives: 大靖的, 哈溪这边, 抓喜秀龙人.
_RESIDENCE_AFTER_RE = re.compile(r"的|人|这边|那边|这块|那块|这里|那里|镇上|镇里|乡里|乡下|村")
_LIVED_BEFORE_RE = re.compile(r"(?:(?<![现实存自好正所])在|(?:我|俺|咱|们|家|都|也|就)是|住)$")
_OURS_BEFORE_RE = re.compile(r"(?:我们|俺们|咱们|老家|我家|俺家|咱家)$")
# Three-character town names whose tail is an everyday word (张家乡, 古城镇): read like a short name.
_WEAK_TAILS = frozenset({"家乡", "城乡", "城镇", "乡镇"})


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    short_name: str
    curated: bool = True  # checked by hand (the seeds' provinces, provinces, capitals)

    @property
    def level(self) -> int:
        """1 province, 2 city (prefecture), 3 county or district."""
        if self.code.endswith("0000"):
            return 1
        if self.code.endswith("00"):
            return 2
        return 3

    def lies_in(self, other: Place) -> bool:
        """Whether this place is ``other`` or inside it."""
        prefix = other.code[: 2 * other.level]
        return self.code.startswith(prefix)


@dataclass
class PlaceMatch:
    """A resolved place. When ``ambiguous``, ``code`` is "" and ``candidates`` lists (code, name)."""

    code: str
    name: str
    ambiguous: bool = False
    candidates: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Town:
    """A 乡镇 or 街道 and the GB/T 2260 code of its county (its city for a development zone)."""

    name: str
    short_name: str
    county: str


@dataclass(frozen=True)
class _Mention:
    text: str
    start: int
    places: tuple[Place, ...]
    towns: tuple[Town, ...] = ()
    weak: bool = False  # a county's stem after its province (云南镇雄): any other county wins


@lru_cache(maxsize=1)
def load_places(path: Path = TABLE_PATH) -> tuple[Place, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Place(
                row["code"].strip(),
                row["name"].strip(),
                row["short_name"].strip(),
                row.get("source", "curated").strip() == "curated",
            )
            for row in csv.DictReader(handle)
        )


# An autonomous county's name: its stem, then its peoples, then 自治县/自治旗
# (威宁彝族回族苗族自治县 is said 威宁县, 威宁).
_PEOPLES = (
    "彝|回|苗|藏|蔵|蒙古|满|壮|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|"
    "柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|"
    "德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|布依|朝鲜|维吾尔"
)
_AUTONOMOUS_RE = re.compile(rf"^(.{{2,}}?)(?:(?:{_PEOPLES}|各)族?)+自治(县|旗)$")


def autonomous_stem(name: str) -> tuple[str, str] | None:
    """(stem, 县 or 旗) of an autonomous county's name: 威宁彝族回族苗族自治县 → (威宁, 县)."""
    match = _AUTONOMOUS_RE.match(name)
    return (match.group(1), match.group(2)) if match else None


@lru_cache(maxsize=1)
def _name_index() -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    for place in load_places():
        keys = {place.name, place.short_name} - {""}
        stem = autonomous_stem(place.name)
        if stem and not place.short_name:
            keys.add("".join(stem))  # 「威宁县」: said with 县, never with its peoples
        for key in keys:
            index.setdefault(key, []).append(place)
    return {key: tuple(places) for key, places in index.items()}


# The provinces whose policy documents the assistant serves (甘肃, 安徽, 陕西): of two places of
# one name, the one in these is meant; their counties are known by the stem people say (永寿, 丹凤).
SERVED_PROVINCES = ("62", "34", "61")
# A county's stem said as home: 「回永寿屋里」「丹凤的」「在岚皋」 (回 before it, or _LIVED_BEFORE_RE).
_RETURNED_TO_RE = re.compile(r"回(?:到|了)?$")
_STEM_HOME_AFTER_RE = re.compile(
    r"的|人|这边|那边|这块|屋里|家里|老家|县城|城里|乡下|农村|县|镇|乡|村"
)

# Stems of counties' names that are everyday words (「人家大方的很」): never a county's short name.
_EVERYDAY_COUNTY_STEMS = frozenset(
    {"大方", "和平", "永和", "平安", "长寿", "太平", "万年", "新安", "富民", "通道", "开阳", "大同",
     "安宁", "长顺", "江口", "宜良", "东光", "丰宁", "永新", "安远", "全南", "清水", "金平", "石门"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _county_stem_index() -> dict[str, Place]:
    """「云南镇雄的」「江西于都的」: a county the table keeps no short name for, by its name
    without 县 — read only right after its own province (a stem alone is too often a word or a
    person's name: 程永福, 杨建平), and weaker than any other county named."""
    names = _name_index()
    stems: dict[str, Place] = {}
    for place in load_places():
        autonomous = autonomous_stem(place.name)
        stem = autonomous[0] if autonomous else place.name[:-1]
        if (
            not place.short_name
            and place.name.endswith("县")
            and len(stem) >= 2
            and stem not in names
            and stem not in _EVERYDAY_COUNTY_STEMS
            and stem not in EVERYDAY_TOWN_WORDS
        ):
            stems[stem] = place
    return stems


@lru_cache(maxsize=1)
def load_towns(path: Path = TOWNS_PATH) -> tuple[Town, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Town(row["name"].strip(), row["short_name"].strip(), row["county"].strip())
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def _town_index() -> dict[str, tuple[Town, ...]]:
    """Full names (and 新添堡乡 for 新添堡回族乡) → towns."""
    index: dict[str, list[Town]] = {}
    for town in load_towns():
        index.setdefault(town.name, []).append(town)
    for town in load_towns():
        stem = TOWN_SUFFIX_RE.sub("", town.name)
        alias = stem + town.name[-1]
        if alias != town.name and alias not in index and len(stem) >= 2:
            index[alias] = [town]
    return {key: tuple(towns) for key, towns in index.items()}


@lru_cache(maxsize=1)
def _town_short_index() -> dict[str, tuple[Town, ...]]:
    """Short names that may be read on their own (大靖 → 大靖镇)."""
    counties = _name_index()
    index: dict[str, list[Town]] = {}
    for town in load_towns():
        short = town.short_name
        if len(short) >= 2 and short not in EVERYDAY_TOWN_WORDS and short not in counties:
            index.setdefault(short, []).append(town)
    return {key: tuple(towns) for key, towns in index.items()}


@lru_cache(maxsize=1)
def _every_name() -> frozenset[str]:
    """Every county and town name, short names and town stems included (what may follow a name)."""
    stems = {TOWN_SUFFIX_RE.sub("", town.name) for town in load_towns()}
    names = set(_name_index()) | set(_town_index()) | {s for s in stems if len(s) >= 2}
    return frozenset(names)


@lru_cache(maxsize=1)
def _longest_name() -> int:
    return max(len(name) for name in _every_name())


@lru_cache(maxsize=1)
def _code_index() -> dict[str, Place]:
    return {place.code: place for place in load_places()}


def place_by_code(code: str) -> Place | None:
    """The table's row for ``code``, or None."""
    return _code_index().get(code)


def code_contains(outer: str, inner: str) -> bool:
    """Whether the division ``outer`` is ``inner`` or contains it: 610100 (西安市) contains
    610116 (长安区), 610000 (陕西省) both; by the GB/T 2260 code prefixes."""
    if not (re.fullmatch(r"\d{6}", outer or "") and re.fullmatch(r"\d{6}", inner or "")):
        return False
    prefix = outer[:2] if outer.endswith("0000") else outer[:4] if outer.endswith("00") else outer
    return inner.startswith(prefix)


def full_name(code: str) -> str:
    """The name with the province and city above it: 610116 -> 陕西省西安市长安区."""
    place = place_by_code(code)
    if place is None:
        return code
    parents = [place_by_code(code[:2] + "0000"), place_by_code(code[:4] + "00")]
    names = [p.name for p in parents if p is not None and p.code != code]
    return "".join(dict.fromkeys([*names, place.name]))


def place_names(curated_only: bool = False) -> list[str]:
    """Every full and short name, longest first (for lookup tables and the jieba dictionary).

    ``curated_only``: the hand-checked rows only, the NLU training data's places (the whole
    country's counties would flood the tokenizer's dictionary and the lookup features)."""
    names = {
        name
        for place in load_places()
        if place.curated or not curated_only
        for name in (place.name, place.short_name)
        if name
    }
    return sorted(names, key=lambda name: (-len(name), name))


def _cjk(character: str) -> bool:
    return "\u4e00" <= character <= "\u9fff"


def _left_ok(text: str, start: int, after_place: bool) -> bool:
    """The name starts a word: at the start, after a space or a sign, after another place
    (白银会宁), or after a word that leads to a place (在, 是, 来, 老家 ...)."""
    return (
        after_place
        or start == 0
        or not _cjk(text[start - 1])
        or bool(_LEFT_WORD_RE.search(text, max(0, start - 3), start))
    )


def _starts_name(text: str, position: int) -> bool:
    names = _every_name()
    end = min(len(text), position + _longest_name())
    return any(text[position:stop] in names for stop in range(position + 2, end + 1))


def _place_fits(text: str, start: int, name: str, places: tuple[Place, ...], after: bool) -> bool:
    """Whether a county-level name stands as a name here. Two-character names are often parts
    of words (暴雨山上 → 雨山, 我和县里 → 和县): a full one (和县) needs a word start before it,
    a short one (会宁, 雨山) a word start before it or a place marker after it."""
    if len(name) > 2 or name in _ALWAYS_NAMES:
        return True
    end = start + len(name)
    if _left_ok(text, start, after):
        return True
    if any(place.name == name for place in places):
        return False
    return (
        end == len(text)
        or not _cjk(text[end])
        or bool(_PLACE_AFTER_RE.match(text, end))
        or _starts_name(text, end)
    )


def _town_fits(text: str, start: int, name: str, short: bool, after: bool) -> bool:
    """Whether a town name stands as a name here. A full name (大靖镇) counts as it is, unless
    it is two characters or ends in an everyday word (张家乡); a short name (大靖) only as where
    someone lives: 在/住/我是 before it, or 的/人/这边/镇上/村 ... after it (and, for two
    characters, a word start before it: 「他说是X的」 may be a person's)."""
    end = start + len(name)
    weak = len(name) == 2 or (len(name) == 3 and name[1:] in _WEAK_TAILS)
    if not short:
        return not weak or _left_ok(text, start, after)
    if _LIVED_BEFORE_RE.search(text, max(0, start - 3), start):
        return True
    if not _RESIDENCE_AFTER_RE.match(text, end):
        return False
    return (
        len(name) > 2
        or after
        or start == 0
        or not _cjk(text[start - 1])
        or bool(_OURS_BEFORE_RE.search(text, max(0, start - 2), start))
    )


def _stem_fits(text: str, start: int, stem: str) -> bool:
    """A served county's stem (永寿) stands for the county said as home: 回/在/是 before it, or
    的/屋里/这边 … after it, at a word start."""
    before = text[max(0, start - 3) : start]
    if _LIVED_BEFORE_RE.search(before) or _RETURNED_TO_RE.search(before):
        return True
    word_start = start == 0 or not _cjk(text[start - 1]) or bool(_OURS_BEFORE_RE.search(before))
    end = start + len(stem)
    alone = end == len(text) or not _cjk(text[end])  # 「永寿」 to the question where one lives
    return word_start and (alone or bool(_STEM_HOME_AFTER_RE.match(text, end)))


def _find_mentions(text: str) -> list[_Mention]:
    places, towns, shorts = _name_index(), _town_index(), _town_short_index()
    longest = _longest_name()
    mentions: list[_Mention] = []
    position = 0
    while position < len(text):
        after = bool(mentions) and mentions[-1].start + len(mentions[-1].text) == position
        found: _Mention | None = None
        for length in range(min(longest, len(text) - position), 1, -1):
            candidate = text[position : position + length]
            if candidate in towns and _town_fits(text, position, candidate, False, after):
                found = _Mention(candidate, position, (), towns[candidate])
            elif candidate in places and _place_fits(
                text, position, candidate, places[candidate], after
            ):
                found = _Mention(candidate, position, places[candidate])
            elif candidate in shorts and _town_fits(text, position, candidate, True, after):
                found = _Mention(candidate, position, (), shorts[candidate])
            elif candidate in _county_stem_index():
                county = _county_stem_index()[candidate]
                province = mentions[-1].places[0].code if after and mentions[-1].places else ""
                if (
                    province.endswith("0000")
                    and county.code[:2] == province[:2]
                    or county.code[:2] in SERVED_PROVINCES
                    and _stem_fits(text, position, candidate)
                ):
                    found = _Mention(candidate, position, (county,), weak=True)
            if found is not None:
                break
        if found is None:
            position += 1
        else:
            mentions.append(found)
            position += len(found.text)
    return mentions


def find_place_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every known place name in ``text``, longest match first."""
    if not isinstance(text, str):
        return []
    return [
        (mention.start, mention.start + len(mention.text), mention.text)
        for mention in _find_mentions(text[:_MAX_TEXT])
    ]


def _consistent(place: Place, others: list[_Mention]) -> bool:
    """No other unambiguous mention puts the text in a different province or city."""
    for other in others:
        if len(other.places) != 1:
            continue
        anchor = other.places[0]
        if anchor.level < place.level and not place.lies_in(anchor):
            return False
    return True


def _town_counties(towns: list[_Mention], places: list[_Mention]) -> tuple[str, list[str]]:
    """(town, counties): the first town that lies in one county and in every place named
    beside it (武威 + 城关镇 narrows the 城关镇s to 武威's; 「周口XX镇」 is no 甘肃 town of that
    name), else the first one of a few same-named towns (长安镇: ask which). Places of other
    people (「囡在杭州」) are left out before: household.facts."""
    fallback: tuple[str, list[str]] = ("", [])
    for mention in towns:
        codes = sorted({town.county for town in mention.towns})
        for other in places:
            codes = [c for c in codes if any(code_contains(p.code, c) for p in other.places)]
        if len(codes) == 1:
            return mention.text, codes
        if 1 < len(codes) <= _MAX_TOWN_CANDIDATES and not fallback[1]:
            fallback = (mention.text, codes)
    return fallback


def resolve_place(text: str) -> PlaceMatch | None:
    """The most specific place named in ``text``: 会宁县/会宁 → 620422, 大靖镇/我是大靖的 →
    620622 (古浪县); unknown → None."""
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKC", text)[:_MAX_TEXT]
    if not text.strip():
        return None
    found: list[_Mention] = []  # the first mention of each name: one said again adds nothing
    for mention in _find_mentions(text):
        if all(mention.text != other.text for other in found):
            found.append(mention)
    mentions = [mention for mention in found if mention.places]
    resolved: list[tuple[_Mention, list[Place]]] = []
    for mention in mentions:
        others = [other for other in mentions if other is not mention]
        places = list(mention.places)
        if len(places) > 1:
            places = [place for place in places if _consistent(place, others)] or places
        parents = [
            place
            for place in places
            if any(
                place.lies_in(parent) and parent.code != place.code
                for other in others
                for parent in other.places
            )
        ]
        if mention.text in _NEEDS_PARENT or (len(places) > 1 and parents):
            places = parents
        if places:
            resolved.append((mention, places))
    best: tuple[_Mention, list[Place]] | None = None
    if resolved:
        # The most specific mention wins; among equals, an unambiguous one, then the first.
        best = min(
            resolved,
            key=lambda item: (
                -max(p.level for p in item[1]),
                item[0].weak,
                len(item[1]) > 1,
                item[0].start,
            ),
        )
        if len(best[1]) == 1 and best[1][0].level == 3:
            return PlaceMatch(code=best[1][0].code, name=best[1][0].name)  # a county wins
    town, counties = _town_counties([m for m in found if m.towns], mentions)
    places = [p for p in (place_by_code(code) for code in counties) if p is not None]
    if len(places) == 1:
        return PlaceMatch(code=places[0].code, name=places[0].name)
    if places and best is None:
        return PlaceMatch(
            code="", name=town, ambiguous=True, candidates=[(p.code, p.name) for p in places]
        )
    if best is None:
        return None
    mention, places = best
    if len(places) == 1:
        return PlaceMatch(code=places[0].code, name=places[0].name)
    return PlaceMatch(
        code="",
        name=mention.text,
        ambiguous=True,
        candidates=[(place.code, place.name) for place in places],
    )
