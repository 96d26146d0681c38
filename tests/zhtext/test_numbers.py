"""Unit tests of the pure normalisation functions in bot.nlu.numbers (no Rasa needed)."""

import pytest

from household.words import (
    normalise_area,
    normalise_disability_type,
    normalise_event_type,
    normalise_relation,
    normalise_school_stage,
)
from zhtext.numbers import (
    find_numbers,
    is_approximate,
    parse_age,
    parse_count,
    parse_grade,
    parse_money,
    parse_money_detail,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三口人", 3),
        ("3口人", 3),
        ("叁口人", 3),
        ("一家五口", 5),
        ("我们家一共四口人", 4),
        ("家里4个人", 4),
        ("俩口子", 2),
        ("就我一个人", 1),
        ("十口人", 10),
        ("３口", 3),
    ],
)
def test_parse_count(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["", "不知道", "好多人", "一个月两千", "1.5口人", "500口人"])
def test_parse_count_gives_none_without_a_count(text: str) -> None:
    assert parse_count(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两千五", 2500.0),
        ("十来万", 100000.0),
        ("十几万块", 100000.0),
        ("一百多万", 1000000.0),
        ("一千四五", 1400.0),
        ("八九百块", 800.0),
        ("3万余元", 30000.0),
        ("三十多块", 30.0),
        ("2千", 2000.0),
        ("1.2万", 12000.0),
        ("一千出头", 1000.0),
        ("2000元", 2000.0),
        ("两千块", 2000.0),
        ("每月仅靠600元", 600.0),
        ("一个月两千左右", 2000.0),
        ("六百来块", 600.0),
        ("千把块", 1000.0),
        ("1,500元", 1500.0),
        ("１５００元", 1500.0),
        ("3k", 3000.0),
        ("一万二", 12000.0),
        ("1万2", 12000.0),
        ("叁仟元", 3000.0),
        ("七八百", 700.0),
        ("没有收入", 0.0),
        ("一共一千四", 1400.0),  # 一共 is no 一
        ("两个人一样都是八百", 800.0),
    ],
)
def test_parse_money(text: str, expected: float) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["", "不知道", "挺多的", "一个月"])
def test_parse_money_gives_none_without_an_amount(text: str) -> None:
    assert parse_money(text) is None


def test_approximate_amounts_are_marked() -> None:
    detail = parse_money_detail("一千出头")
    assert detail is not None and detail.value == 1000.0 and detail.approximate
    assert is_approximate("两千左右")
    assert is_approximate("七八百")
    assert not is_approximate("2000元")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("七十多岁", 70),
        ("78岁", 78),
        ("年过六旬", 60),
        ("今年65", 65),
        ("一个80岁的老人", 80),
        ("八十五周岁", 85),
    ],
)
def test_parse_age(text: str, expected: int) -> None:
    assert parse_age(text) == expected


@pytest.mark.parametrize("text", ["", "老了", "200岁", "3个月大"])
def test_parse_age_gives_none_without_a_plausible_age(text: str) -> None:
    assert parse_age(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("二级", 2), ("贰级", 2), ("一级残疾", 1), ("2级", 2), ("肢体四级", 4), ("三", 3)],
)
def test_parse_grade(text: str, expected: int) -> None:
    assert parse_grade(text) == expected


@pytest.mark.parametrize("text", ["五级", "重度", "", "不知道"])
def test_parse_grade_gives_none_outside_one_to_four(text: str) -> None:
    assert parse_grade(text) is None


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (normalise_area, "城里", "urban"),
        (normalise_area, "城镇", "urban"),
        (normalise_area, "农村的", "rural"),
        (normalise_area, "乡下", "rural"),
        (normalise_relation, "老伴", "spouse"),
        (normalise_relation, "丈夫", "spouse"),
        (normalise_relation, "娃", "child"),
        (normalise_relation, "孙子", "grandchild"),
        (normalise_relation, "儿媳妇", "other"),
        (normalise_relation, "老母亲", "parent"),
        (normalise_disability_type, "肢体", "physical"),
        (normalise_disability_type, "视力", "visual"),
        (normalise_disability_type, "精神", "mental"),
        (normalise_disability_type, "多重", "multiple"),
        (normalise_school_stage, "幼儿园", "preschool"),
        (normalise_school_stage, "初中", "junior_high"),
        (normalise_school_stage, "职高", "vocational"),
        (normalise_school_stage, "大专", "college"),
        (normalise_school_stage, "研究生", "postgraduate"),
        (normalise_event_type, "着火", "fire"),
        (normalise_event_type, "车祸", "traffic_accident"),
        (normalise_event_type, "脑溢血", "sudden_major_illness"),
        (normalise_event_type, "冰雹", "natural_disaster"),
        (normalise_event_type, "失业", "job_loss"),
        (normalise_event_type, "去世", "death_in_family"),
    ],
)
def test_category_words_map_to_schema_enums(function, text: str, expected: str) -> None:
    assert function(text) == expected


@pytest.mark.parametrize(
    "function",
    [
        normalise_area,
        normalise_relation,
        normalise_disability_type,
        normalise_school_stage,
        normalise_event_type,
    ],
)
def test_category_functions_give_none_for_unrelated_or_bad_input(function) -> None:
    assert function("今天天气不错😀") is None
    assert function("") is None
    assert function(None) is None  # type: ignore[arg-type]


def test_bad_input_is_handled() -> None:
    long_text = "啊" * 10_000
    assert parse_money(long_text) is None
    assert parse_count(None) is None  # type: ignore[arg-type]
    assert parse_age(12) is None  # type: ignore[arg-type]
    injected = find_numbers("<script>alert(1)</script>'; DROP TABLE x;--")
    assert [number.value for number in injected] == [1.0]


@pytest.mark.parametrize(
    ("text", "value"),
    [("几百块", 500.0), ("一个月就几百块养老金", 500.0), ("几千", 5000.0), ("几十块", 50.0)],
)
def test_a_few_hundred_is_the_middle_of_its_range(text: str, value: float) -> None:
    assert parse_money(text) == value
    assert is_approximate(text)


@pytest.mark.parametrize(
    "text", ["就是五保的钱", "俺是五保户", "去年住了四回院", "一个礼拜透析三回", "跑了两趟"]
)
def test_five_guarantees_and_counts_of_times_are_no_sum_age_or_count(text: str) -> None:
    assert parse_money(text) is None
    assert parse_age(text) is None
    assert parse_count(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("俺俩还各有一百四的养老金", 140.0),
        ("娘儿仨一个月就八百", 800.0),
        ("俩人一个月三千", 3000.0),
    ],
)
def test_a_count_of_people_is_no_sum(text: str, expected: float) -> None:
    assert parse_money(text) == expected
