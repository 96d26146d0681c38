"""Resolve Chinese place names to GB/T 2260 administrative division codes.

The table is `zhtext/data/gbt2260.csv` (code,name,short_name). ``resolve_place`` finds
every known name in a text (longest match first), narrows same-named places by the other
places the text mentions (兰州市城关区 → 620102), and returns the most specific one. A name
that still fits several places comes back ``ambiguous`` with its candidates, never a guess;
a text with no known place gives ``None``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).resolve().parent / "data" / "gbt2260.csv"
# Full names that are also everyday words: they count only next to a parent place (铜陵市郊区).
_NEEDS_PARENT = frozenset({"郊区"})
_MAX_TEXT = 10_000


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
class _Mention:
    text: str
    start: int
    places: tuple[Place, ...]


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


@lru_cache(maxsize=1)
def _name_index() -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    for place in load_places():
        for key in {place.name, place.short_name} - {""}:
            index.setdefault(key, []).append(place)
    return {key: tuple(places) for key, places in index.items()}


def place_by_code(code: str) -> Place | None:
    """The table's row for ``code``, or None."""
    return next((place for place in load_places() if place.code == code), None)


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


def _find_mentions(text: str) -> list[_Mention]:
    index = _name_index()
    longest = max(len(name) for name in index)
    mentions: list[_Mention] = []
    position = 0
    while position < len(text):
        for length in range(min(longest, len(text) - position), 1, -1):
            candidate = text[position : position + length]
            if candidate in index:
                mentions.append(_Mention(candidate, position, index[candidate]))
                position += length
                break
        else:
            position += 1
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


def resolve_place(text: str) -> PlaceMatch | None:
    """The most specific place named in ``text``: 会宁县/会宁 → 620422; unknown → None."""
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKC", text)[:_MAX_TEXT].replace(" ", "")
    if not text:
        return None
    mentions = _find_mentions(text)
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
    if not resolved:
        return None
    # The most specific mention wins; among equals, an unambiguous one, then the first.
    mention, places = min(
        resolved,
        key=lambda item: (-max(p.level for p in item[1]), len(item[1]) > 1, item[0].start),
    )
    if len(places) == 1:
        return PlaceMatch(code=places[0].code, name=places[0].name)
    return PlaceMatch(
        code="",
        name=mention.text,
        ambiguous=True,
        candidates=[(place.code, place.name) for place in places],
    )
