"""Whole sentences citizens write about several members at once, with the entities the NLU gives
them (normalised values): whose age, school, income and disability each fact is."""

from __future__ import annotations

from typing import Any

from household.facts import apply_entities, new_household


def entity(text: str, name: str, words: str, value: Any, nth: int = 1) -> dict[str, Any]:
    """The NLU entity on the ``nth`` occurrence of ``words`` in ``text``."""
    start = -1
    for _ in range(nth):
        start = text.index(words, start + 1)
    return {"entity": name, "value": value, "start": start, "end": start + len(words)}


def read(text: str, *entities: tuple[Any, ...], household: dict | None = None) -> dict:
    household = household or new_household()
    apply_entities(household, [entity(text, *e) for e in entities], text)
    return household


def members_of(household: dict, relation: str) -> list[dict]:
    return [m for m in household["members"] if m.get("relation") == relation]


def monthly_income_total(household: dict) -> float | None:
    """The household's counted income per month: the stated total, else the members' sum."""
    if household.get("household_monthly_income") is not None:
        return float(household["household_monthly_income"])
    incomes = [m["monthly_income"] for m in household["members"] if "monthly_income" in m]
    return float(sum(incomes)) if incomes else None


MANY_FACTS = (
    "我叫李秀兰，58岁，住会宁县会师镇西关社区，家里四口人：我、老伴62岁有二级肢体残疾证不能干活、"
    "儿子30岁在县城送快递一个月三千、孙子5岁上幼儿园，孙子他妈前年走了不回来了。我在小区做保洁"
    "一个月一千五，老伴没有收入。房子是自己的老楼房，没车没存款。想问能不能办低保，老伴的残疾补贴咋领"
)
MANY_FACTS_ENTITIES = (
    ("age", "58岁", 58),
    ("household_size", "四口人", 4),
    ("relation", "老伴", "spouse"),
    ("age", "62岁", 62),
    ("disability_grade", "二级", 2),
    ("disability_type", "肢体", "physical"),
    ("relation", "儿子", "child"),
    ("age", "30岁", 30),
    ("monthly_income", "三千", 3000.0),
    ("relation", "孙子", "grandchild"),
    ("age", "5岁", 5),
    ("school_stage", "幼儿园", "preschool"),
    ("relation", "孙子", "grandchild", 2),
    ("relation", "妈", "parent"),
    ("monthly_income", "一千五", 1500.0),
    ("relation", "老伴", "spouse", 2),
    ("relation", "老伴", "spouse", 3),
)


def test_the_incomes_of_several_members_add_up() -> None:
    household = read(MANY_FACTS, *MANY_FACTS_ENTITIES)
    self_, spouse = household["members"][0], members_of(household, "spouse")[0]
    assert self_["monthly_income"] == 1500
    assert spouse["monthly_income"] == 0
    assert members_of(household, "child")[0]["monthly_income"] == 3000
    assert monthly_income_total(household) == 4500


def test_each_fact_of_a_list_of_members_is_the_member_named_before_it() -> None:
    household = read(MANY_FACTS, *MANY_FACTS_ENTITIES)
    spouse = members_of(household, "spouse")[0]
    grandchild = members_of(household, "grandchild")[0]
    assert "school_stage" not in spouse
    assert spouse["disability"] == {"grade": 2, "type": "physical"}
    assert grandchild["school_stage"] == "preschool" and grandchild["age"] == 5
    assert len(household["members"]) == 4


def test_an_income_of_ones_own_alone_is_still_the_households() -> None:
    text = "我在小区做保洁一个月一千五，想问能不能办低保"
    household = read(text, ("monthly_income", "一千五", 1500.0))
    assert household["household_monthly_income"] == 1500


def test_two_children_at_two_schools_are_two_children() -> None:
    text = (
        "娃考上研究生了，闺女也在读大学，两个娃一年光学费生活费就得三万多，他爸腰坏了干不了重活，"
        "延川县的，种地一年七八千块，有啥资助政策没"
    )
    household = read(
        text,
        ("relation", "娃", "child"),
        ("school_stage", "研究生", "postgraduate"),
        ("relation", "闺女", "child"),
        ("school_stage", "大学", "college"),
        ("relation", "娃", "child", 2),
    )
    stages = sorted(m.get("school_stage") for m in members_of(household, "child"))
    assert stages == ["college", "postgraduate"]


def test_two_children_of_two_ages_are_two_children() -> None:
    text = "儿子12岁上初中，女儿8岁上小学"
    household = read(
        text,
        ("relation", "儿子", "child"),
        ("age", "12岁", 12),
        ("school_stage", "初中", "junior_high"),
        ("relation", "女儿", "child"),
        ("age", "8岁", 8),
        ("school_stage", "小学", "primary"),
    )
    children = sorted((m["age"], m["school_stage"]) for m in members_of(household, "child"))
    assert children == [(8, "primary"), (12, "junior_high")]


def test_a_grandmother_with_her_grandson_is_a_household_of_two() -> None:
    text = (
        "我一个老婆婆带着孙娃子，他爸妈在广东打工，一个月寄八百块回来，苍溪县的，"
        "听说可以吃低保，我们这种要得不"
    )
    household = read(
        text,
        ("relation", "老婆婆", "spouse"),
        ("relation", "娃子", "child"),
        ("monthly_income", "八百块", 800.0),
    )
    assert [m.get("relation") for m in household["members"]] == ["self", "grandchild"]
    answer = "两口人，我、孙子。孙娃子学习还可以"
    read(
        answer,
        ("household_size", "两口人", 2),
        ("relation", "孙子", "grandchild"),
        ("relation", "娃子", "child"),
        household=household,
    )
    assert [m.get("relation") for m in household["members"]] == ["self", "grandchild"]


def test_a_severely_disabled_parent_whose_partner_left_cannot_raise_the_child() -> None:
    text = "我是一级肢体残疾，坐轮椅，她妈五年前跑了再没音讯，闺女11岁跟着我，会宁县大沟镇的，娃这种情况有没有补助"
    household = read(
        text,
        ("disability_grade", "一级", 1),
        ("disability_type", "肢体", "physical"),
        ("relation", "妈", "parent"),
        ("relation", "闺女", "child"),
        ("age", "11岁", 11),
        ("relation", "娃", "child"),
    )
    assert household["members"][0]["disability"] == {"grade": 1, "type": "physical"}
    child = members_of(household, "child")[0]
    assert child["age"] == 11 and child["parents"] == "both_missing"


def test_a_single_parent_able_to_work_is_no_unraised_child() -> None:
    text = "她妈五年前跑了再没音讯，闺女11岁跟着我，我在工地打工"
    household = read(text, ("relation", "闺女", "child"), ("age", "11岁", 11))
    assert members_of(household, "child")[0].get("parents") != "both_missing"


def test_ones_own_mother_gone_says_nothing_of_ones_child() -> None:
    text = "我妈去年走了，我是二级残疾，儿子8岁"
    household = read(text, ("disability_grade", "二级", 2), ("relation", "儿子", "child"))
    assert "parents" not in members_of(household, "child")[0]


def test_disabled_in_words_without_a_grade_or_certificate_is_asked() -> None:
    text = "我想申情低报，老公去年从房上摔下来残急了，下不了床，家里就靠我打零工，紫阳县的，还有没有别的补帖"
    household = read(text, ("relation", "老公", "spouse"))
    spouse = members_of(household, "spouse")[0]
    assert "disability" not in spouse  # 「残急了」 is no 残疾人证: the question asks
    assert spouse["self_care"] == "total_loss"


def test_a_certificate_said_with_the_disability_is_one() -> None:
    household = read("老伴腿脚残疾，有残疾证", ("relation", "老伴", "spouse"))
    assert members_of(household, "spouse")[0]["disability"] == {"type": "physical"}


def test_a_years_farm_income_is_a_month_of_a_twelfth() -> None:
    text = "俺娃初中毕业上了民勤职专，俺家四口人，去年种地收入1.2万，老娘七十多了，中职学费能免不，还有没有生活补助"
    household = read(
        text,
        ("relation", "娃", "child"),
        ("school_stage", "初中", "junior_high"),
        ("household_size", "四口人", 4),
        ("amount", "1.2万", 12000.0),
        ("relation", "老娘", "parent"),
        ("age", "七十多", 70),
        ("school_stage", "中职", "vocational"),
    )
    assert 900 <= monthly_income_total(household) <= 1100
    assert members_of(household, "child")[0]["school_stage"] == "vocational"


def test_an_old_woman_names_no_member_in_the_words() -> None:
    household = read("我一个老婆婆，今年七十了")
    assert household["members"] == [{"relation": "self", "age": 70}]


def test_half_disabled_is_a_partial_loss_of_self_care() -> None:
    household = read("老伴半失能，要人照顾", ("relation", "老伴", "spouse"))
    assert members_of(household, "spouse")[0]["self_care"] == "partial_loss"


def test_a_place_that_contains_the_known_one_keeps_it() -> None:
    from household.facts import refined_locality, resolve_locality

    code, _ = resolve_locality("我一个人在西安，老婆娃在宣汉老家", None, "西安")
    assert code == "610100"
    assert refined_locality("610116", code) == "610116"  # 西安市长安区 stays
    assert refined_locality("610116", "620100") == "620100"  # 兰州市 is elsewhere
    assert refined_locality(None, code) == code


def test_the_age_asked_again_in_the_words_old_people_use() -> None:
    from household.questions import explanation_for

    household = {"members": [{"relation": "self"}]}
    explained = explanation_for("members[0].age", household)
    assert explained is not None and explained.startswith("您今年多大岁数了？")


def test_the_askers_income_and_the_spouses_in_either_order_add_up() -> None:
    for text in (
        "我在厂里上班一个月三千，老伴打零工一个月一千",
        "老伴打零工一个月一千，我在厂里上班一个月三千",
    ):
        household = read(
            text,
            ("relation", "老伴", "spouse"),
            ("monthly_income", "三千", 3000.0),
            ("monthly_income", "一千", 1000.0),
        )
        assert monthly_income_total(household) == 4000, text


def test_the_household_living_on_the_askers_income_is_the_households() -> None:
    text = "老伴瘫痪在床，家里就靠我打零工一个月八百"
    household = read(text, ("relation", "老伴", "spouse"), ("monthly_income", "八百", 800.0))
    assert household["household_monthly_income"] == 800
