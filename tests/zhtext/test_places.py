"""Unit tests of the GB/T 2260 place resolver (bot.nlu.places)."""

import csv
import re

import pytest

from zhtext.places import (
    TABLE_PATH,
    full_name,
    load_places,
    place_by_code,
    place_names,
    resolve_place,
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("会宁县", "620422", "会宁县"),
        ("会宁", "620422", "会宁县"),
        ("我是会宁县郭城驿镇的", "620422", "会宁县"),
        ("白银市会宁县", "620422", "会宁县"),
        ("白银市", "620400", "白银市"),
        ("武威市", "620600", "武威市"),
        ("武威凉州区", "620602", "凉州区"),
        ("甘肃省", "620000", "甘肃省"),
        ("绩溪", "341824", "绩溪县"),
        ("宣城市", "341800", "宣城市"),
        ("安徽", "340000", "安徽省"),
        ("陕西省", "610000", "陕西省"),
        ("西安", "610100", "西安市"),
        ("兰州市城关区", "620102", "城关区"),
        ("拉萨城关区", "540102", "城关区"),
        ("铜陵市郊区", "340711", "郊区"),
        ("我老家会宁，现在在兰州打工", "620422", "会宁县"),
    ],
)
def test_known_places_resolve_to_their_code(text: str, code: str, name: str) -> None:
    match = resolve_place(text)
    assert match is not None
    assert (match.code, match.name, match.ambiguous) == (code, name, False)
    assert match.candidates == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("城关区", {"620102", "540102"}),
        ("朝阳区", {"110105", "220104"}),
        ("临夏", {"622900", "622901", "622921"}),
        ("白银", {"620400", "620402"}),
    ],
)
def test_shared_names_are_ambiguous_not_guessed(text: str, codes: set[str]) -> None:
    match = resolve_place(text)
    assert match is not None and match.ambiguous
    assert match.code == ""
    assert {code for code, _ in match.candidates} == codes


@pytest.mark.parametrize(
    "text", ["火星", "", "住在郊区", "生活安定", "我们要合作", "😀" * 50, "啊" * 20_000]
)
def test_unknown_places_give_none(text: str) -> None:
    assert resolve_place(text) is None


def test_wrong_types_give_none() -> None:
    assert resolve_place(None) is None  # type: ignore[arg-type]
    assert resolve_place(620422) is None  # type: ignore[arg-type]


def test_table_is_well_formed() -> None:
    with TABLE_PATH.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[1-8]\d{5}", code) for code in codes)
    # Every county-level row has its city and province in the table (municipality districts
    # hang directly below the province).
    known = set(codes)
    for code in codes:
        assert code[:2] + "0000" in known
        if not code.endswith("00") and code[:2] in {"34", "61", "62"}:
            assert code[:4] + "00" in known


def test_seed_codes_and_coverage() -> None:
    for code, name in [
        ("620422", "会宁县"),
        ("620400", "白银市"),
        ("620600", "武威市"),
        ("620602", "凉州区"),
        ("620000", "甘肃省"),
        ("341824", "绩溪县"),
        ("341800", "宣城市"),
        ("340000", "安徽省"),
        ("610000", "陕西省"),
    ]:
        place = place_by_code(code)
        assert place is not None and place.name == name
    places = load_places()
    counties = {p.code[:2]: 0 for p in places}
    for place in places:
        if place.level == 3:
            counties[place.code[:2]] += 1
    assert counties["62"] == 86
    assert counties["34"] == 104
    assert counties["61"] == 107
    assert sum(1 for p in places if p.level == 1) == 34


def test_place_names_are_longest_first() -> None:
    names = place_names()
    assert "会宁县" in names and "会宁" in names
    assert names.index("会宁县") < names.index("会宁")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("俺是商水县的", "411623"),  # a county outside the seeds' provinces: full name
        ("我是河南周口的", "411600"),  # a prefecture city by its short name
        ("郑州市中原区", "410102"),
    ],
)
def test_counties_of_the_whole_country_resolve_by_full_name(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match is not None and match.code == code


@pytest.mark.parametrize("text", ["女儿上高中", "我叫程永福，五十岁", "我叫杨建平", "朝阳路上"])
def test_short_forms_of_far_away_counties_are_not_read_into_words(text: str) -> None:
    assert resolve_place(text) is None


def test_same_named_districts_are_told_apart_by_their_full_names() -> None:
    match = resolve_place("长安区")
    assert match is not None and match.ambiguous
    assert sorted(full_name(code) for code, _ in match.candidates) == [
        "河北省石家庄市长安区",
        "陕西省西安市长安区",
    ]


def test_the_nlu_data_uses_the_curated_names_only() -> None:
    curated = place_names(curated_only=True)
    assert "会宁县" in curated and "商水县" not in curated
    assert "商水县" in place_names()
