"""Facts a citizen's message states in words (the clause reader), as people write them."""

from __future__ import annotations

import pytest

from household.corrections import apply_correction, is_correction_of_summary
from household.facts import apply_entities, new_household
from household.words import keyword_value, need_named, read_parents, tells_of_hardship
from zhtext.numbers import parse_money


def read(text: str, entities: list[dict] | None = None) -> dict:
    household = new_household()
    apply_entities(household, entities or [], text)
    return household


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("去年查出来白血病，在西安住院化疗，报销完自己还掏了12万", 120000),
        ("老伴得了乳腺癌，化疗一年下来报销完自己还掏了四万多", 40000),
        ("男人突发脑梗在县医院躺着，押金都交不上了，已经花了五万多", 50000),
    ],
)
def test_a_sum_spent_on_an_illness_is_a_medical_cost(text: str, amount: int) -> None:
    assert read(text)["expenses_12m"]["medical_out_of_pocket"] == amount


def test_a_sum_spent_without_an_illness_is_no_medical_cost() -> None:
    assert "expenses_12m" not in read("盖房子借了五万多，现在还不上")


@pytest.mark.parametrize(
    ("text", "event", "housing"),
    [
        ("发大水把我们家一楼全泡了，家具电器全毁了", "natural_disaster", "damaged_by_disaster"),
        ("地震把屋头的墙震裂了好几道口子，房子不敢住了", "natural_disaster", "damaged_by_disaster"),
        ("俺男人前天突发脑梗，现在还在ICU", "sudden_major_illness", None),
    ],
)
def test_sudden_events_and_damaged_homes(text: str, event: str, housing: str | None) -> None:
    household = read(text)
    assert {"type": event} in household["events"]
    assert household.get("housing") == housing


def test_a_death_named_is_no_sudden_event() -> None:
    assert "events" not in read("老伴前年走了，我一个人过")


def test_a_clause_naming_nobody_is_about_the_relation_before_it() -> None:
    household = read("俺娃二十八了，一级智力残疾，有证")
    child = household["members"][1]
    assert child["relation"] == "child" and child["disability"] == {
        "grade": 1,
        "type": "intellectual",
    }
    assert "disability" not in household["members"][0]


def test_no_certificate_is_never_read_as_a_certificate() -> None:
    household = read("我小时候得过小儿麻痹，腿脚不好，一直没去办残疾证")
    # said: no certificate (null), so it is neither a certificate nor asked again
    assert household["members"][0]["disability"] is None
    spouse = read("我掌柜的前年脑梗了 半边身子不利索 残疾证还没去办")["members"][1]
    assert spouse["relation"] == "spouse" and spouse["disability"] is None


def test_an_age_before_its_relation_belongs_to_that_relation() -> None:
    text = "我被打得受不了，带着8岁的女儿跑出来的"
    start = text.index("8")
    household = read(text, [{"entity": "age", "value": "8", "start": start, "end": start + 2}])
    assert household["members"][0].get("age") is None
    assert household["members"][1] == {"relation": "child", "age": 8}


def test_stranded_without_money_is_living_without_means() -> None:
    assert read("我在火车站钱包和手机都被偷了，身上一分钱没有，想回家")["homeless"] is True


def test_odd_jobs_are_no_zero() -> None:
    assert parse_money("打零工一个月就一千出头") == 1000
    assert parse_money("一家三口一个月两千") == 2000


def test_a_correction_takes_the_sum_said_for_now() -> None:
    text = "不对，两千是原先在煤矿的时候，现在煤矿关了，打零工一个月就一千出头。别的对"
    household = {"members": [{"relation": "self"}], "household_monthly_income": 2000.0}
    assert is_correction_of_summary(text)
    assert apply_correction(household, text) == ["income"]
    assert household["household_monthly_income"] == 1000


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("我想申情低报，老公摔残了", "request_dibao"),
        ("房子烧了一间，能不能先救个急", "request_temporary"),
        ("孩子上幼儿园能不能减点钱", "request_education"),
        ("能不能给介绍个工作", "request_employment"),
    ],
)
def test_needs_named_in_plain_words(text: str, need: str) -> None:
    assert need_named(text) == need


def test_hardship_told_without_naming_a_need() -> None:
    assert tells_of_hardship("我是一级肢体残疾，坐轮椅，她妈五年前跑了再没音讯，闺女11岁跟着我")
    assert not tells_of_hardship("楼下烧烤店吵到凌晨三点")
    # a hardship word said not to apply
    assert not tells_of_hardship(
        "老板欠了我八千块工资，我现在换了工作生活倒没困难，就是想把钱要回来"
    )
    assert tells_of_hardship("老板欠了我八千块工资，家里困难，孩子还病了")
    assert not tells_of_hardship("你好")
    # the tuning citizens' words the NLU could not place
    assert tells_of_hardship("两个老的，想问有没得补助")
    assert tells_of_hardship(
        "我们屋头两个老的，都七十多岁了，老婆子前年中风了走路要人扶，儿子在外头打工自己都顾不过来"
    )
    assert tells_of_hardship("老公腰伤了干不了重活 女儿上初二 想问问有没有啥补助")
    assert not tells_of_hardship("物业费为什么这个月又涨了，能不能给个说法")


def test_an_age_said_without_years_belongs_to_the_clause_subject() -> None:
    household = read("我今年73了，老伴前年走了，儿子在兰州当老师")
    assert household["members"][0]["age"] == 73
    assert all("age" not in m for m in household["members"][1:])


def test_a_couple_is_a_spouse_not_a_household_of_two() -> None:
    text = "俺娃二十八了，有证，俺两口子在古浪种地"
    at = text.index("两口")
    household = read(
        text, [{"entity": "household_size", "value": "两口", "start": at, "end": at + 2}]
    )
    relations = [m.get("relation") for m in household["members"]]
    assert sorted(relations) == ["child", "self", "spouse"] and "_size" not in household


def test_a_school_said_of_the_asker_is_their_own() -> None:
    household = read("我考上兰州的大学了，可家里凑不齐路费和学费")
    assert household["members"][0]["school_stage"] == "college"


def test_grandchildren_whose_parents_are_gone_are_counted_with_their_parents() -> None:
    household = read("俩孙子爹妈都没了，他爸前年在工地出事走了，他妈去年得病也走了")
    grandchildren = [m for m in household["members"] if m.get("relation") == "grandchild"]
    assert len(grandchildren) == 2
    assert all(g["parents"] == "both_missing" for g in grandchildren)


def test_fewer_members_than_named_drops_those_nothing_is_known_of() -> None:
    from household.facts import set_household_size

    household = {
        "members": [
            {"relation": "self", "age": 30},
            {"relation": "spouse"},
            {"relation": "child", "age": 8},
        ]
    }
    set_household_size(household, 2)
    assert household["members"] == [
        {"relation": "self", "age": 30},
        {"relation": "child", "age": 8},
    ]


@pytest.mark.parametrize(
    ("text", "on_dibao"),
    [
        ("听说能吃低保，咋弄", False),
        ("我想吃低保", False),
        ("能不能领低保", False),
        ("听说可以吃低保，我们这种要得不", False),
        ("我家是低保户", True),
        ("我们吃着低保，孩子上学还是困难", True),
    ],
)
def test_receiving_dibao_is_not_asking_for_it(text: str, on_dibao: bool) -> None:
    assert ("dibao" in read(text).get("current_benefits", [])) is on_dibao


def test_a_relative_who_lives_elsewhere_is_no_member() -> None:
    text = "老汉没了，一个人过，有个儿子，不跟我住，在县城打零工"
    at = text.index("儿子")
    household = read(text, [{"entity": "relation", "value": "儿子", "start": at, "end": at + 2}])
    assert household["members"] == [{"relation": "self"}]


@pytest.mark.parametrize(
    ("answer", "dropped"),
    [
        ("父母都不在了", True),
        ("有个儿子，不跟我住", True),
        ("没了，厂子倒闭了", False),
        ("不知道", False),
    ],
)
def test_an_answer_that_there_is_no_such_member_drops_them(answer: str, dropped: bool) -> None:
    from household.answers import drop_member_said_absent

    household = {"members": [{"relation": "self"}, {"relation": "parent"}], "_size": 2}
    assert drop_member_said_absent(household, 1, answer) is dropped
    assert len(household["members"]) == (1 if dropped else 2)


def test_an_old_woman_is_no_wife() -> None:
    text = "我一个老婆婆带着孙娃子"
    at = text.index("老婆")
    household = read(text, [{"entity": "relation", "value": "老婆", "start": at, "end": at + 2}])
    assert all(m.get("relation") != "spouse" for m in household["members"])


def test_odd_jobs_give_nobody_an_age_of_zero() -> None:
    text = "有个儿子，在县城打零工"
    at = text.index("零")
    household = read(text, [{"entity": "age", "value": "零", "start": at, "end": at + 1}])
    assert all("age" not in m for m in household["members"])


@pytest.mark.parametrize(
    ("text", "monthly"),
    [("俺家四口人，去年种地收入1.2万，老娘七十多了", 1000), ("种地一年七八千块", 583)],
)
def test_a_yearly_income_is_read_as_a_month(text: str, monthly: int) -> None:
    assert read(text)["household_monthly_income"] == monthly


def test_a_decimal_sum_is_one_clause() -> None:
    assert read("报销完自己还掏了1.5万。")["expenses_12m"]["medical_out_of_pocket"] == 15000


def test_a_cave_with_a_crack_is_dangerous_and_a_brothers_flat_is_none_of_ones_own() -> None:
    assert read("一个人住窑里 窑顶上裂了一道缝 下雨就往下掉土")["housing"] == "dangerous"
    assert read("我们一家三口住在我哥家的房子里 女儿上初二")["housing"] == "none"


def test_a_man_turned_away_from_work_staying_with_his_sister_is_unemployed_not_homeless() -> None:
    household = read("现在借住在我姐家 找活人家一听坐过牢都不要 身上一分钱没有 天祝县城的")
    assert household["members"][0]["employment"] == "unemployed"
    assert "homeless" not in household
    assert read("钱被偷了 身上一分钱没有 在火车站睡了两晚")["homeless"] is True


def test_both_out_of_work_and_two_children_at_two_schools() -> None:
    household = read("厂子倒闭了，我跟媳妇现在都没工作，两个娃一个上初中一个上小学")
    by_relation = [
        (m["relation"], m.get("employment"), m.get("school_stage")) for m in household["members"]
    ]
    assert by_relation == [
        ("self", "unemployed", None),
        ("spouse", "unemployed", None),
        ("child", "student", "junior_high"),
        ("child", "student", "primary"),
    ]


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("听说有送教上门 泾县的 怎么申请", "request_education"),
        ("娃上大学的钱我是真没底 能贷款不", "request_education"),
        ("俺这能吃上低包不", "request_dibao"),
        ("想贷款做点小生意", None),
    ],
)
def test_the_need_a_message_names(text: str, need: str | None) -> None:
    assert need_named(text) == need


def test_a_death_last_month_far_away_is_an_event_and_money_gone_is_not() -> None:
    assert read("我男人上个月在东莞厂里出事故没了 厂里赔钱的事还在扯")["events"] == [
        {"type": "death_in_family"}
    ]
    assert "events" not in read("上个月钱都花没了")


def test_a_pregnant_wife() -> None:
    household = read("上个月厂里裁员回来了 老婆怀孕六个月 还有个三岁的丫头")
    spouse = next(m for m in household["members"] if m["relation"] == "spouse")
    assert spouse["pregnant_or_nursing"] is True


def test_a_wife_who_cannot_watch_her_husband_with_dementia_tells_of_hardship() -> None:
    text = "俺老头子八十四了 老年痴呆 前两个月走丢过两回 俺八十一了也看不住他 有没有人能上门帮着照看一下"
    assert tells_of_hardship(text)


@pytest.mark.parametrize("text", ["家里现在一分进项都没有", "屋里现在没一分钱进项"])
def test_no_money_coming_in_is_no_income(text: str) -> None:
    assert read(text)["household_monthly_income"] == 0.0


def test_an_only_son_missing_for_twenty_years_is_no_member_and_no_supporter() -> None:
    text = "额一个人住在窑里 八十二了 就一个儿子出去打工二十年没音信了 额就靠一个月一百来块的养老金"
    at = text.index("儿子")
    household = new_household()
    apply_entities(
        household, [{"entity": "relation", "value": "child", "start": at, "end": at + 2}], text
    )
    assert len(household["members"]) == 1
    assert household["members"][0]["has_capable_supporter"] is False


def test_a_teachers_university_and_a_flooded_shop() -> None:
    assert read("我考上西北师大了 学费住宿一年六千多")["members"][0]["school_stage"] == "college"
    flooded = read("上个礼拜那场大雨 河水一下子涨上来 我们一楼那个卖茶叶的铺子全淹了")
    assert flooded["events"] == [{"type": "natural_disaster"}]


def test_a_summary_correction_of_one_persons_certificate_and_age_goes_to_that_person() -> None:
    household = {
        "members": [
            {"relation": "self", "disability": {"grade": 3}},
            {"relation": "child", "age": 28, "disability": {"grade": 3, "type": "mental"}},
        ]
    }
    apply_correction(household, "不对 是二级精神残疾 今年三十岁 你改一下")
    child = household["members"][1]
    assert child["age"] == 30 and child["disability"] == {"grade": 2, "type": "mental"}
    assert "age" not in household["members"][0]
    named = {"members": [{"relation": "self", "age": 50}, {"relation": "child", "age": 28}]}
    apply_correction(named, "年龄不对 我儿子三十岁")
    assert named["members"][0]["age"] == 50 and named["members"][1]["age"] == 30


def test_a_remarried_mother_is_no_missing_parent() -> None:
    assert read_parents("我爸前年出车祸没了 我妈改嫁了不管我们") == "one_missing"
    assert read_parents("他爸死了 他妈跑了再没音讯") == "both_missing"


@pytest.mark.parametrize(
    ("text", "housing"),
    [
        ("我奶奶说就地租一年1200 还有100多养老金", None),
        ("把房子租出去了 自己住老屋", None),
        ("在县城租房子住 一个月四百", "renting"),
    ],
)
def test_land_let_out_is_no_renting(text: str, housing: str | None) -> None:
    assert keyword_value("housing", text) == housing


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("我家困难", True),
        ("家里太难了", True),
        ("老头子尿毒症透析 家里日子过不下去了", True),
        ("租的房子着火烧了，想问救助", True),
        ("困难", False),  # a word alone
        ("没啥困难", False),
        ("我们小区路灯坏了", False),
    ],
)
def test_hardship_in_a_few_words(text: str, told: bool) -> None:
    assert tells_of_hardship(text) is told
