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


# Chat without punctuation: phrases apart by spaces, dialect words, the NLU's entities as given.


def test_an_illness_said_of_oneself_before_the_others_is_ones_own() -> None:
    text = (
        "我今年查出淋巴瘤 化疗半年了 公司把我辞了 老婆在超市一个月两千八 闺女7岁上一年级 "
        "房租一个月一千五 今年自己掏的药费都六万了 莲湖区的 这种情况有啥救助"
    )
    household = read(
        text,
        ("illness", "淋巴瘤", "淋巴瘤"),
        ("relation", "老婆", "spouse"),
        ("monthly_income", "两千八", 2800.0),
        ("relation", "闺女", "child"),
        ("age", "7岁", 7),
        ("school_stage", "一年级", "primary"),
        ("amount", "一千五", 1500.0),
        ("amount", "六万", 60000.0),
    )
    assert household["members"][0]["serious_illness"] is True
    assert "serious_illness" not in members_of(household, "spouse")[0]
    assert household["expenses_12m"] == {"medical_out_of_pocket": 60000.0}


def test_a_sum_in_a_phrase_of_its_own_is_no_medical_cost() -> None:
    text = (
        "我去年查出来肺癌 化疗了六次 报完了自己还掏了五万多 家里种地一年也就三万 "
        "就我跟老伴两个人 民勤泉山的"
    )
    household = read(
        text,
        ("illness", "肺癌", "肺癌"),
        ("amount", "五万多", 50000.0),
        ("amount", "三万", 30000.0),
        ("relation", "老伴", "spouse"),
    )
    assert household["expenses_12m"] == {"medical_out_of_pocket": 50000.0}
    assert household["members"][0]["serious_illness"] is True
    assert "serious_illness" not in members_of(household, "spouse")[0]
    assert household["household_monthly_income"] == 2500


def test_a_daughter_called_yatou_is_a_child_and_hydatid_disease_a_serious_one() -> None:
    text = (
        "我得了包虫病 在兰州做了手术 报完了自己掏了两万 现在干不了重活 家里就靠媳妇放几十只羊 "
        "一个月一千二 丫头16岁在县上念高一 天祝安远的 看病的钱能不能再报点"
    )
    household = read(
        text,
        ("amount", "两万", 20000.0),
        ("relation", "媳妇", "spouse"),
        ("monthly_income", "一千二", 1200.0),
        ("age", "16岁", 16),
        ("school_stage", "高一", "senior_high"),
    )
    assert household["members"][0]["serious_illness"] is True
    spouse, child = members_of(household, "spouse")[0], members_of(household, "child")[0]
    assert spouse == {"relation": "spouse", "monthly_income": 1200.0}
    assert child["age"] == 16 and child["school_stage"] == "senior_high"


def test_the_childs_father_is_the_spouse_and_the_younger_one_another_child() -> None:
    text = (
        "娃他爸在新疆打工 一个月往回寄两千 我在家带两个娃 大的15上初三 小的12上五年级 都住校 "
        "古浪黄花滩的 听说住校的娃有生活补助 咋申请"
    )
    household = read(
        text,
        ("relation", "娃", "child"),
        ("relation", "爸", "parent"),
        ("monthly_income", "两千", 2000.0),
        ("relation", "娃", "child", 2),
        ("school_stage", "初三", "junior_high"),
        ("school_stage", "五年级", "primary"),
        ("relation", "娃", "child", 2),
    )
    assert [m["relation"] for m in household["members"]] == ["self", "spouse", "child", "child"]
    assert members_of(household, "spouse")[0] == {"relation": "spouse", "monthly_income": 2000.0}
    stages = sorted(m["school_stage"] for m in members_of(household, "child"))
    assert stages == ["junior_high", "primary"]


def test_a_grade_of_a_vocational_school_and_a_college_year_the_nlu_missed() -> None:
    text = (
        "闺女在合肥念大三 儿子在县职高读高二 我在茶厂上班一个月三千五 老婆有类风湿干不了活 "
        "绩溪扬溪的 两个娃的学费压得喘不过气 有啥政策没"
    )
    household = read(
        text,
        ("relation", "闺女", "child"),
        ("relation", "儿子", "child"),
        ("school_stage", "职高", "vocational"),
        ("school_stage", "高二", "senior_high"),
        ("monthly_income", "三千五", 3500.0),
        ("relation", "老婆", "spouse"),
        ("illness", "类风湿", "类风湿"),
        ("relation", "娃", "child"),
    )
    stages = sorted(m["school_stage"] for m in members_of(household, "child"))
    assert stages == ["college", "vocational"]
    assert household["household_monthly_income"] == 3500
    assert all("monthly_income" not in m for m in household["members"])


def test_the_college_a_child_may_go_to_is_no_second_child() -> None:
    text = (
        "我离婚好多年了一个人带娃 在临潼做环卫一个月2200 娃18了上高三 明年就高考了 "
        "家里还有我妈80了 临潼区的 娃上大学的钱我是真没底 能贷款不"
    )
    household = read(
        text,
        ("household_size", "一个人", 1),
        ("relation", "娃", "child"),
        ("relation", "娃", "child", 2),
        ("school_stage", "高三", "senior_high"),
        ("relation", "妈", "parent"),
        ("relation", "娃", "child", 2),
        ("school_stage", "大学", "college"),
    )
    assert [m["relation"] for m in household["members"]] == ["self", "child", "parent"]
    assert members_of(household, "child")[0]["school_stage"] == "senior_high"


def test_a_daughter_in_the_words_of_gansu_and_her_certificate() -> None:
    text = (
        "俺女子32了 精神分裂 一级精神残疾证 犯起病来打人摔东西 离不开人 他爸前几年殁了 "
        "就俺们娘俩 种几亩地 古浪直滩的 有没有能托管照护的地方"
    )
    household = read(
        text,
        ("illness", "精神分裂", "精神分裂"),
        ("disability_grade", "一级", 1),
        ("disability_type", "精神", "mental"),
        ("relation", "爸", "parent"),
    )
    assert [m["relation"] for m in household["members"]] == ["self", "child"]
    child = members_of(household, "child")[0]
    assert child["disability"] == {"grade": 1, "type": "mental"} and child["age"] == 32
    assert "disability" not in household["members"][0]


def test_a_pupil_telling_of_themself_and_their_mother() -> None:
    text = (
        "我今年14岁上初二 我爸去年得病死了 我妈有精神病 残疾证是一级的 管不了我 我跟我爷爷过 "
        "爷爷74了 商南县的"
    )
    household = read(
        text,
        ("age", "14岁", 14),
        ("school_stage", "初二", "junior_high"),
        ("relation", "爸", "parent"),
        ("relation", "妈", "parent"),
        ("illness", "精神病", "精神病"),
        ("disability_grade", "一级", 1),
        ("relation", "爷爷", "grandparent"),
        ("relation", "爷爷", "grandparent", 2),
    )
    self_ = household["members"][0]
    assert self_["age"] == 14 and self_["school_stage"] == "junior_high"
    assert "disability" not in self_ and "serious_illness" not in self_
    assert not members_of(household, "child")
    assert members_of(household, "parent")[0]["disability"] == {"grade": 1, "type": "mental"}


def test_an_old_man_is_the_asker_or_her_husband() -> None:
    assert read("我一个老汉，今年七十了")["members"] == [{"relation": "self", "age": 70}]
    household = read("老汉退休金一个月两千六", ("monthly_income", "两千六", 2600.0))
    assert members_of(household, "spouse")[0]["monthly_income"] == 2600


def test_a_landslide_is_a_natural_disaster() -> None:
    text = (
        "连着下了好几天雨 后山塌方了 石头泥巴冲进屋里 半边房子塌了 我们老两口现在住在村委会 "
        "柞水县的 房子还能不能给修"
    )
    household = read(text, ("household_size", "两口", 2))
    assert household["events"] == [{"type": "natural_disaster"}]
    assert household["housing"] == "damaged_by_disaster"


def test_nights_at_a_bus_station_without_the_fare_home_are_homelessness() -> None:
    text = (
        "我是宁夏西吉的 来会宁工地干活 包工头跑了 两个月工钱一分没拿到 身上就剩几块钱 "
        "车票都买不起 在会宁汽车站睡了两晚上了"
    )
    assert read(text)["homeless"] is True
    assert read("没地方住")["homeless"] is True
    assert "homeless" not in read("有地方住，租的房")


def test_a_residence_permit_said_is_the_residency() -> None:
    text = "我是河南的 在宣城干装修六年了 办了居住证 活不稳定一个月也就两千左右"
    assert read(text, ("monthly_income", "两千左右", 2000.0))["residency"] == "residence_permit"
    assert "residency" not in read("我是外地的，没有居住证")


def test_minors_raised_by_others_share_the_parents_the_words_tell_of() -> None:
    text = (
        "我哥嫂去年出车祸都走了 留下个侄子10岁 现在跟着我们家过 我跟我老公都上班 "
        "自己也有个12岁的闺女 瑶海区的 侄子这种算孤儿吧 能领什么"
    )
    household = read(
        text,
        ("event_type", "车祸", "traffic_accident"),
        ("relation", "侄子", "other"),
        ("age", "10岁", 10),
        ("relation", "老公", "spouse"),
        ("age", "12岁", 12),
        ("relation", "闺女", "child"),
        ("relation", "侄子", "other", 2),
    )
    assert members_of(household, "other")[0]["parents"] == "both_missing"
    assert "parents" not in members_of(household, "child")[0]  # the asker's own daughter
    pupil = read(
        "我今年14岁上初二 我爸去年得病死了 我妈有精神病 残疾证是一级的 管不了我",
        ("age", "14岁", 14),
        ("relation", "爸", "parent"),
        ("relation", "妈", "parent"),
    )
    assert pupil["members"][0]["parents"] == "both_missing"


def test_the_askers_own_job_lost_makes_them_unemployed() -> None:
    text = "我52了 原来在纺织厂 厂子改制下岗了 在家待了一年 找活人家嫌年纪大 老汉退休金一个月两千六"
    household = read(text, ("event_type", "下岗", "job_loss"), ("monthly_income", "两千六", 2600.0))
    assert household["members"][0]["employment"] == "unemployed"
    assert members_of(household, "spouse")[0]["monthly_income"] == 2600
    assert read("公司把我辞了")["members"][0]["employment"] == "unemployed"
    spouse_lost = read("老伴下岗了", ("relation", "老伴", "spouse"))
    assert "employment" not in spouse_lost["members"][0]


def test_not_a_penny_coming_in_is_no_income() -> None:
    text = "俺两口子在苏州电子厂都被裁了 家里就五亩地 一分钱进账都没有 利辛县的"
    assert read(text)["household_monthly_income"] == 0


def test_land_let_out_for_a_year_is_a_twelfth_a_month() -> None:
    text = "就剩俺老两口 地包出去一年就两千块 临泉县的 恁看俺能吃个低保不"
    household = read(text, ("household_size", "两口", 2), ("amount", "两千块", 2000.0))
    assert household["household_monthly_income"] == 167


# A simulated-citizen run: first messages and answers as citizens typed them, with the entities
# the trained NLU gave them.


def test_five_guarantees_are_a_benefit_and_no_number() -> None:
    household = read("俺是会宁太平店的五保户")
    assert household["current_benefits"] == ["tekun"]
    assert "household_monthly_income" not in household
    assert "current_benefits" not in read("有没有五保那种，我想办五保")


def test_no_children_said_names_no_child() -> None:
    for text, words in (("没娃", "娃"), ("没有孩子", "孩子"), ("没儿没女", None)):
        entities = [("relation", words, "child")] if words else []
        household = read(text, *entities)
        assert household["members"] == [{"relation": "self", "has_capable_supporter": False}]


def test_an_old_woman_caring_for_her_bedridden_husband_and_a_son_who_sends_money() -> None:
    text = (
        "我老头子85了 中风瘫床上三年了 翻身擦洗都是我一个人 我自己也83了腿不利索 "
        "儿子在汉中开出租 一个月给五百块"
    )
    household = read(
        text,
        ("illness", "风瘫", "风瘫"),
        ("household_size", "一个人", 1),
        ("relation", "儿子", "child"),
        ("monthly_income", "五百块", 500.0),
    )
    self_, spouse = household["members"][0], members_of(household, "spouse")[0]
    assert self_["age"] == 83
    assert spouse["age"] == 85 and spouse["serious_illness"] is True
    assert spouse["self_care"] == "total_loss"
    assert [m["relation"] for m in household["members"]] == ["self", "spouse"]
    assert household["household_monthly_income"] == 500  # the son's support
    assert household.get("_size") != 1


def test_a_husband_who_died_twenty_days_ago_is_a_death_in_the_family() -> None:
    text = (
        "哦呀 我是哈溪的 老汉二十天前走了 前头看病后头办事 借了一万二的账 "
        "我一个人种两亩青稞 一年也就一千来块"
    )
    household = read(
        text,
        ("relation", "老汉", "spouse"),
        ("amount", "一万二", 12000.0),
        ("amount", "一千来块", 1000.0),
    )
    assert {"type": "death_in_family"} in household["events"]
    assert household["members"] == [{"relation": "self"}]
    assert monthly_income_total(household) == 83
    assert "events" not in read("老伴前年走了，我一个人过")


def test_times_in_hospital_are_no_age() -> None:
    text = (
        "肝硬化 肚子里老积水 去年住了四回院 报完了自己还掏了三万二 "
        "家里种地加打零工一年才一万八 就我跟老婆两个人"
    )
    household = read(
        text,
        ("illness", "肝硬化", "肝硬化"),
        ("age", "四", 4),
        ("amount", "三万二", 32000.0),
        ("amount", "一万八", 18000.0),
        ("relation", "老婆", "spouse"),
    )
    self_ = household["members"][0]
    assert "age" not in self_ and self_["serious_illness"] is True
    assert household["expenses_12m"] == {"medical_out_of_pocket": 32000.0}
    assert [m["relation"] for m in household["members"]] == ["self", "spouse"]
    assert household["_size"] == 2
    assert household["household_monthly_income"] == 1500
    assert read(text)["expenses_12m"] == {"medical_out_of_pocket": 32000.0}  # words alone


def test_livestock_counted_are_no_age() -> None:
    text = "上个礼拜下了一场大雪 冻死了二十多头牦牛四十多只羊 十几万的东西没了 我们一家就靠放牧"
    household = read(text, ("age", "四十多", 40), ("amount", "十几万", 100000.0))
    assert all("age" not in member for member in household["members"])


def test_the_shopkeeper_is_the_husband_and_the_girl_a_daughter() -> None:
    text = (
        "我掌柜的胃癌 去年做了手术又化疗 报完自己还掏了七万 他原来跑货车 现在啥也干不了 "
        "我打零工一个月一千 女子15上初三"
    )
    household = read(
        text,
        ("illness", "胃癌", "胃癌"),
        ("amount", "七万", 70000.0),
        ("monthly_income", "一千", 1000.0),
        ("school_stage", "初三", "junior_high"),
    )
    self_ = household["members"][0]
    spouse, child = members_of(household, "spouse")[0], members_of(household, "child")[0]
    assert spouse["serious_illness"] is True and spouse["able_to_work"] is False
    assert "school_stage" not in self_ and self_["employment"] == "flexible"
    assert monthly_income_total(household) == 1000
    assert child["age"] == 15 and child["school_stage"] == "junior_high"
    assert household["expenses_12m"] == {"medical_out_of_pocket": 70000.0}


def test_a_son_with_aplastic_anaemia_at_senior_high() -> None:
    text = (
        "儿子17 再障 就是再生障碍性贫血 半个月就得去输一回血 今年报完自己还掏了两万六 "
        "他还在上高二 我做保洁一个月一千 我们家是低保户"
    )
    household = read(
        text,
        ("relation", "儿子", "child"),
        ("amount", "两万六", 26000.0),
        ("school_stage", "高二", "senior_high"),
        ("monthly_income", "一千", 1000.0),
    )
    self_, child = household["members"][0], members_of(household, "child")[0]
    assert child["age"] == 17 and child["serious_illness"] is True
    assert child["school_stage"] == "senior_high"
    assert "school_stage" not in self_
    assert monthly_income_total(household) == 1000
    assert household["current_benefits"] == ["dibao"]
    assert household["expenses_12m"] == {"medical_out_of_pocket": 26000.0}


def test_a_graduate_out_of_work_with_a_father_and_a_mother() -> None:
    text = "我去年大专毕业 找了半年工作都没找到 我爸腰做了手术干不了重活 我妈种地"
    household = read(
        text,
        ("school_stage", "大专", "college"),
        ("relation", "爸", "parent"),
        ("relation", "妈", "parent"),
    )
    self_ = household["members"][0]
    assert self_["employment"] == "unemployed" and "school_stage" not in self_
    parents = members_of(household, "parent")
    assert [p["sex"] for p in parents] == ["male", "female"]
    assert parents[0]["able_to_work"] is False
    read("3口人", ("household_size", "3口人", 3), household=household)
    assert [m.get("relation") for m in household["members"]] == ["self", "parent", "parent"]


def test_grandchildren_whose_parents_are_both_in_prison() -> None:
    text = (
        "我儿子跟儿媳妇犯了事 两个人都判了 还得关四五年 留下两个娃 大的孙子12 小的孙女8岁 "
        "都是我一个老婆子带着"
    )
    household = read(
        text,
        ("relation", "儿子", "child"),
        ("relation", "儿媳妇", "other"),
        ("relation", "娃", "child"),
        ("relation", "孙子", "grandchild"),
        ("relation", "孙女", "grandchild"),
        ("age", "8岁", 8),
        ("relation", "老婆子", "spouse"),
    )
    assert [m["relation"] for m in household["members"]] == ["self", "grandchild", "grandchild"]
    grandchildren = members_of(household, "grandchild")
    assert sorted(m["age"] for m in grandchildren) == [8, 12]
    assert all(m["parents"] == "both_missing" for m in grandchildren)


def test_parents_divorced_and_remarried_are_alive_and_a_sons_money_is_support() -> None:
    text = (
        "俺孙女11了 她爹她娘离婚以后各自又成了家 都不管她 就跟着俺过 俺儿子有时候给个三百块 "
        "俺捡破烂一个月也就三百"
    )
    household = read(
        text,
        ("relation", "孙女", "grandchild"),
        ("relation", "儿子", "child"),
        ("monthly_income", "三百块", 300.0),
    )
    assert [m["relation"] for m in household["members"]] == ["self", "grandchild"]
    grandchild = members_of(household, "grandchild")[0]
    assert grandchild["age"] == 11 and grandchild["parents"] != "both_missing"
    assert "monthly_income" not in grandchild
    assert household["members"][0]["monthly_income"] == 300
    assert household["household_monthly_income"] == 600  # hers and the son's support


def test_an_orphan_raising_a_younger_sister() -> None:
    text = (
        "我爸妈都不在了 我妈前几年病死的 我爸去年在工地出事走了 现在就我跟我妹两个人 "
        "我19 在厂里上班一个月三千 我妹14上初二"
    )
    household = read(
        text,
        ("relation", "妈", "parent", 2),
        ("relation", "爸", "parent", 2),
        ("relation", "妹", "sibling"),
        ("monthly_income", "三千", 3000.0),
        ("relation", "妹", "sibling", 2),
        ("school_stage", "初二", "junior_high"),
    )
    self_, sister = household["members"][0], members_of(household, "sibling")[0]
    assert [m["relation"] for m in household["members"]] == ["self", "sibling"]
    assert self_["age"] == 19 and self_["employment"] == "employed"
    assert "school_stage" not in self_
    assert monthly_income_total(household) == 3000
    assert sister["age"] == 14 and sister["school_stage"] == "junior_high"
    assert sister["parents"] == self_["parents"] == "both_missing"
    assert household["_size"] == 2


def test_a_disabled_divorced_cobbler_says_e_for_i() -> None:
    text = (
        "额是大荔的 前些年出车祸两条腿都截了 二级残疾证 离婚了一个人带娃 娃15上初三 "
        "额在镇上摆摊修鞋配钥匙 一个月也就九百块"
    )
    household = read(
        text,
        ("event_type", "车祸", "traffic_accident"),
        ("disability_grade", "二级", 2),
        ("household_size", "一个人", 1),
        ("relation", "娃", "child"),
        ("relation", "娃", "child", 2),
        ("school_stage", "初三", "junior_high"),
        ("monthly_income", "九百块", 900.0),
    )
    self_, child = household["members"][0], members_of(household, "child")[0]
    assert self_["disability"] == {"grade": 2, "type": "physical"}
    assert monthly_income_total(household) == 900 and "monthly_income" not in child
    assert child["age"] == 15 and child["school_stage"] == "junior_high"
    assert [m["relation"] for m in household["members"]] == ["self", "child"]
    assert household["_size"] == 2


def test_a_grandson_whose_father_is_the_askers_son_on_dialysis() -> None:
    text = (
        "我孙子9岁 他妈五年前跑了一直联系不上 他爸就是我儿子 得了尿毒症 一个礼拜透析三回 "
        "自己都顾不过来 娃是我跟他爷爷带着"
    )
    household = read(
        text,
        ("relation", "孙子", "grandchild"),
        ("age", "9岁", 9),
        ("relation", "妈", "parent"),
        ("relation", "爸", "parent"),
        ("relation", "儿子", "child"),
        ("illness", "尿毒症", "尿毒症"),
        ("relation", "娃", "child"),
        ("relation", "爷爷", "grandparent"),
    )
    answer = "四口人 我跟老汉 儿子 还有孙子"
    read(
        answer,
        ("household_size", "四口人", 4),
        ("relation", "老汉", "spouse"),
        ("relation", "儿子", "child"),
        ("relation", "孙子", "grandchild"),
        household=household,
    )
    relations = sorted(m["relation"] for m in household["members"])
    assert relations == ["child", "grandchild", "self", "spouse"]
    son, grandson = members_of(household, "child")[0], members_of(household, "grandchild")[0]
    assert son["serious_illness"] is True
    assert grandson["age"] == 9
    assert grandson["parents"] == "both_missing"  # mother missing, father 重病


def test_a_pupil_whose_father_broke_his_leg_and_who_wishes_for_senior_high() -> None:
    text = (
        "我是大靖的初三学生 今年15 我爸去年在工地摔断了腿干不了重活 我妈种地一个月也就七百来块 "
        "还有个妹妹上四年级 我想上高中"
    )
    household = read(
        text,
        ("school_stage", "初三", "junior_high"),
        ("relation", "爸", "parent"),
        ("relation", "妈", "parent"),
        ("monthly_income", "七百来块", 700.0),
        ("relation", "妹妹", "sibling"),
        ("school_stage", "四年级", "primary"),
        ("school_stage", "高中", "senior_high"),
    )
    self_ = household["members"][0]
    father, mother = members_of(household, "parent")
    assert self_["age"] == 15 and self_["school_stage"] == "junior_high"
    assert not members_of(household, "child")
    assert father["able_to_work"] is False and "disability" not in father
    assert mother["monthly_income"] == 700 and "monthly_income" not in father
    assert members_of(household, "sibling")[0]["school_stage"] == "primary"


def test_the_other_parent_of_the_askers_child_is_the_spouse() -> None:
    text = "儿子12岁 在宣城做康复训练一个月要三千 他妈辞了工作专门陪他 就我在厂里上班一个月四千"
    household = read(
        text,
        ("relation", "儿子", "child"),
        ("age", "12岁", 12),
        ("monthly_income", "三千", 3000.0),
        ("relation", "妈", "parent"),
        ("monthly_income", "四千", 4000.0),
    )
    assert [m["relation"] for m in household["members"]] == ["self", "child", "spouse"]
    assert "monthly_income" not in members_of(household, "child")[0]  # a cost
    assert monthly_income_total(household) == 4000
    text = "我女儿9岁 我跟她爸都在厂里上班 一个月加起来五千"
    household = read(
        text,
        ("relation", "女儿", "child"),
        ("age", "9岁", 9),
        ("relation", "爸", "parent"),
        ("monthly_income", "五千", 5000.0),
    )
    assert members_of(household, "spouse") == [{"relation": "spouse"}]
    assert household["household_monthly_income"] == 5000  # a total, the household's


def test_the_phrase_after_a_child_cared_for_is_the_askers_again() -> None:
    text = "我离婚好多年了一个人带娃 在临潼做环卫一个月2200 娃18了上高三"
    household = read(
        text,
        ("household_size", "一个人", 1),
        ("relation", "娃", "child"),
        ("monthly_income", "2200", 2200.0),
        ("relation", "娃", "child", 2),
        ("school_stage", "高三", "senior_high"),
    )
    child = members_of(household, "child")[0]
    assert "monthly_income" not in child and child["age"] == 18
    assert household["household_monthly_income"] == 2200


def test_a_grandparents_child_words_are_the_grandchild() -> None:
    text = "我外孙女6岁 她妈前年得病没了 她爸吸毒被抓去强制戒毒了 还得两年才出来 我跟老汉带着 这娃有没有啥补助"
    household = read(
        text,
        ("relation", "外孙女", "grandchild"),
        ("age", "6岁", 6),
        ("relation", "妈", "parent"),
        ("relation", "爸", "parent"),
        ("relation", "老汉", "spouse"),
        ("relation", "娃", "child"),
    )
    assert [m["relation"] for m in household["members"]] == ["self", "grandchild", "spouse"]
    assert members_of(household, "grandchild")[0]["parents"] == "both_missing"


def test_a_daughter_apart_sending_money_every_month() -> None:
    text = "我82了 老头子走了五年 就一百多块钱养老金 女儿自己也下岗了每个月给我三百"
    household = read(
        text,
        ("relation", "老头子", "spouse"),
        ("monthly_income", "一百多块钱", 100.0),
        ("relation", "女儿", "child"),
        ("event_type", "下岗", "job_loss"),
    )
    assert household["members"] == [{"relation": "self", "age": 82, "excluded_income": 100.0}]
    assert household["household_monthly_income"] == 300


def test_an_illness_years_ago_is_no_sudden_event() -> None:
    text = "我老头子85了 中风瘫床上三年了 翻身擦洗都是我一个人"
    household = read(text, ("event_type", "中风", "sudden_major_illness"))
    assert not household.get("events")


def test_an_illness_of_last_week_is_a_sudden_event() -> None:
    text = "我老头子上个礼拜突然中风了 现在住院"
    household = read(text, ("event_type", "中风", "sudden_major_illness"))
    assert household.get("events") == [{"type": "sudden_major_illness"}]


def test_a_fire_years_ago_is_no_sudden_event_without_entities() -> None:
    assert not read("前些年家里着火了，现在住在亲戚家").get("events")
    assert read("前天家里着火了，房子烧了").get("events") == [{"type": "fire"}]


def test_a_married_son_said_apart_a_clause_later_is_no_member() -> None:
    text = "婆姨五十三 儿子三十了在兰州送外卖 成家了不跟俺们住 女子十七在县一中念高二"
    household = read(
        text,
        ("relation", "婆姨", "spouse"),
        ("relation", "儿子", "child"),
        ("age", "三十", 30),
        ("age", "十七", 17),
        ("school_stage", "高二", "senior_high"),
    )
    children = members_of(household, "child")
    assert [(c.get("age"), c.get("school_stage")) for c in children] == [(17, "senior_high")]


def test_the_elder_and_the_younger_of_two_children_counted() -> None:
    text = (
        "老婆前年病死了 我一个人带两个伢 大的十六在宣城读中职 小的五岁上幼儿园 我打零工一个月一千五"
    )
    household = read(
        text,
        ("relation", "老婆", "spouse"),
        ("household_size", "一个人", 1),
        ("age", "十六", 16),
        ("school_stage", "中职", "vocational"),
        ("age", "五岁", 5),
        ("school_stage", "幼儿园", "preschool"),
        ("monthly_income", "一千五", 1500.0),
    )
    assert "age" not in household["members"][0]
    children = members_of(household, "child")
    assert [(c["age"], c["school_stage"]) for c in children] == [
        (16, "vocational"),
        (5, "preschool"),
    ]


def test_the_askers_own_odd_jobs_beside_the_wifes_wage() -> None:
    text = "我在煤矿干了十五年 矿关了 打零工一个月也就一千出头 老婆在超市一个月一千八 女子在兰州念大专 四十九了找活没人要"
    household = read(
        text,
        ("monthly_income", "一千出头", 1000.0),
        ("relation", "老婆", "spouse"),
        ("monthly_income", "一千八", 1800.0),
        ("school_stage", "大专", "college"),
        ("age", "四十九", 49),
    )
    assert monthly_income_total(household) == 2800.0
    assert household["members"][0]["age"] == 49


def test_the_father_of_a_grandchild_raised_here_working_away_is_no_member() -> None:
    text = "我带着孙子过 孙子十岁读四年级 娃他爸在外头打工 一个月寄五百块回来"
    household = read(
        text, ("relation", "孙子", "grandchild"), ("relation", "孙子", "grandchild", 2)
    )
    assert [m["relation"] for m in household["members"]] == ["self", "grandchild"]


def test_a_grandparents_son_in_prison_and_daughter_in_law_gone_leave_the_child_unraised() -> None:
    text = (
        "我屋头儿子坐牢了 还要关五年 儿媳妇跑了好多年了 人都找不到 孙女儿九岁跟到我 我七十了 "
        "种点地一年四五千块 这个娃儿咋个办嘛"
    )
    household = read(
        text,
        ("relation", "儿子", "child"),
        ("relation", "儿媳妇", "other"),
        ("relation", "孙女儿", "child"),  # the model's value: the words say grandchild
        ("age", "九岁", 9),
        ("age", "七十", 70),
        ("relation", "娃儿", "child"),
    )
    assert household["members"] == [
        {"relation": "self", "age": 70},
        {"relation": "grandchild", "age": 9, "parents": "both_missing"},
    ]
    # the son at work away and the mother gone: one parent missing, not 事实无人抚养
    text = "儿子在外头打工 儿媳妇跑了 孙子八岁跟着我"
    household = read(
        text,
        ("relation", "儿子", "child"),
        ("relation", "儿媳妇", "other"),
        ("relation", "孙子", "grandchild"),
        ("age", "八岁", 8),
    )
    assert members_of(household, "grandchild")[0]["parents"] == "one_missing"


def test_a_grade_said_wrong_corrects_the_one_certificate_told_of() -> None:
    text = "我儿子精神残疾 三级的 有证 二十八岁了 我在村里做保洁一个月一千二"
    household = read(
        text,
        ("relation", "儿子", "child"),
        ("disability_type", "精神", "mental"),
        ("disability_grade", "三级", 3),
        ("age", "二十八岁", 28),
        ("monthly_income", "一千二", 1200.0),
    )
    fix = "三口人。哦不对 残疾证上是二级 不是三级 我记错了"
    read(
        fix,
        ("household_size", "三口人", 3),
        ("disability_grade", "二级", 2),
        ("disability_grade", "三级", 3),
        household=household,
    )
    assert "disability" not in household["members"][0]
    assert members_of(household, "child")[0]["disability"] == {"type": "mental", "grade": 2}


def test_a_wife_in_southern_shaanxi_words_is_the_spouse() -> None:
    text = "我屋里头婆娘上个月突然脑出血 在汉中做了开颅手术 现在人醒了但是瘫起的 两个娃儿一个十一一个六岁"
    household = read(text, ("relation", "娃儿", "child"), ("age", "六岁", 6))
    assert members_of(household, "spouse")[0]["serious_illness"] is True
    assert "serious_illness" not in household["members"][0]


def test_ones_own_home_said_outright_in_a_first_message() -> None:
    assert read("住自家老房子 没存款没车")["housing"] == "adequate"
    assert read("我家在村里 房子是自己的")["housing"] == "adequate"
    assert read("家里老房子漏雨")["housing"] == "dangerous"
    assert "housing" not in read("我家老房子在村里 我在县城打工")


def test_savings_spent_and_no_car_are_property_within_the_limits() -> None:
    assert read("房子是自己家的老房子，没车，存款都看病花光了。")["assets_within_local_limits"]
    assert read("积蓄早就花完了 车也没有")["assets_within_local_limits"]
    assert "assets_within_local_limits" not in read("存款花光了")


def test_a_sum_after_a_job_is_that_members_months_pay_whatever_the_model_said() -> None:
    text = "我们一家五口在商州城里租房子住 一个月房租九百 我做保洁一千八 老公送快递两三千 没个准"
    household = read(
        text,
        ("household_size", "五口", 5),
        ("amount", "九百", 900.0),
        ("monthly_income", "一千八", 1800.0),
        ("relation", "老公", "spouse"),
        ("amount", "两三千", 2000.0),
    )
    assert household["members"][0]["monthly_income"] == 1800
    assert members_of(household, "spouse")[0]["monthly_income"] == 2000
    assert monthly_income_total(household) != 900  # the rent is no income


def test_ages_said_bare_before_what_each_member_does() -> None:
    text = "家里六口人 我45打零工一个月一千五左右 我爸74就一百多养老金 我妈71前年脑梗"
    household = read(
        text,
        ("household_size", "六口人", 6),
        ("monthly_income", "一千五左右", 1500.0),
        ("relation", "爸", "parent"),
        ("monthly_income", "一百多", 100.0),
        ("relation", "妈", "parent"),
        ("illness", "脑梗", "脑梗"),
    )
    assert household["members"][0]["age"] == 45
    assert sorted(m.get("age") for m in members_of(household, "parent")) == [71, 74]


def test_twins_are_two_children_and_a_run_on_death_is_no_member() -> None:
    text = "我家双胞胎今年都考上大学了一个兰州一个西安学废住宿一年加起来一万二"
    household = read(text, ("school_stage", "大学", "college"))
    assert [m.get("school_stage") for m in members_of(household, "child")] == ["college"] * 2
    text = "我爸上礼拜突然心梗走了才五十二家里顶梁柱没了我妈没工作"
    household = read(text, ("relation", "爸", "parent"), ("relation", "妈", "parent"))
    assert len(members_of(household, "parent")) == 1  # the mother; the father died


def test_a_son_working_away_not_at_home_is_no_member() -> None:
    household = {"members": [{"relation": "self"}, {"relation": "spouse"}]}
    text = "三个人 我 老头子 孙子 儿子在杭州打工不在家"
    apply_entities(
        household,
        [
            entity(text, "household_size", "三个人", 3),
            entity(text, "relation", "老头子", "spouse"),
            entity(text, "relation", "孙子", "grandchild"),
            entity(text, "relation", "儿子", "child"),
        ],
        text,
        answering=True,
    )
    assert [m["relation"] for m in household["members"]] == ["self", "spouse", "grandchild"]


def test_a_count_after_the_children_and_one_person_coping_alone_keep_the_size() -> None:
    text = "俺是山东曹县的 俺家六口人 俺对象在北京工地上 孩子仨 婆婆脑梗以后半边身子不好使 俺一个人在家顾不过来"
    household = read(
        text,
        ("household_size", "六口人", 6),
        ("relation", "孩子", "child"),
        ("relation", "婆婆", "parent"),
        ("illness", "脑梗", "脑梗"),
        ("household_size", "一个人", 1),
    )
    assert len(household["members"]) == 6
    assert len(members_of(household, "child")) == 3
    assert len(members_of(household, "spouse")) == 1  # 对象: the husband in northern speech
    assert members_of(household, "parent")[0]["serious_illness"] is True


def test_the_size_said_before_the_children_counted_after_it_is_the_size() -> None:
    household = read(
        "我家六口人 孩子仨", ("household_size", "六口人", 6), ("relation", "孩子", "child")
    )
    assert household["_size"] == 6 and len(members_of(household, "child")) == 3
    household = read(
        "家里5口人，孩子俩", ("household_size", "5口人", 5), ("relation", "孩子", "child")
    )
    assert household["_size"] == 5 and len(members_of(household, "child")) == 2


def test_intensive_care_and_encephalitis_are_a_serious_illness() -> None:
    text = "我女儿五岁 送到兰州查出来是病毒性脑炎 现在在ICU"
    household = read(text, ("relation", "女儿", "child"), ("age", "五岁", 5))
    assert members_of(household, "child")[0]["serious_illness"] is True


def test_a_single_mother_of_two_pupils_earns_the_wage_and_the_former_husband_is_no_member():
    text = (
        "我离婚了一个人带两个娃 大的初三小的五年级 在饭馆洗碗一个月挣1300 "
        "房子是租的一个月五百 前夫一分钱不给 会宁县城的 能不能办个低保"
    )
    household = read(
        text,
        ("household_size", "一个人", 1),
        ("relation", "娃", "child"),
        ("school_stage", "初三", "junior_high"),
        ("school_stage", "五年级", "primary"),
        ("relation", "前夫", "other"),
    )
    assert [m.get("relation") for m in household["members"]] == ["self", "child", "child"]
    assert household["_size"] == 3
    assert monthly_income_total(household) == 1300.0
    assert all("monthly_income" not in m for m in members_of(household, "child"))


def test_divorced_and_raising_two_alone_is_a_household_of_three() -> None:
    text = "我离婚了一个人带俩娃 在临渭区租房住 我在饭馆端盘子一个月一千二 娃一个五年级一个一年级"
    household = read(
        text,
        ("household_size", "一个人", 1),
        ("relation", "娃", "child"),
        ("monthly_income", "一千二", 1200.0),
        ("school_stage", "五年级", "primary"),
        ("school_stage", "一年级", "primary"),
    )
    assert household["_size"] == 3 and len(members_of(household, "child")) == 2


def test_children_who_have_married_away_are_no_members() -> None:
    from household.answers import apply_answer

    household = new_household()
    text = "两口子 娃娃都成家了在外头"
    apply_entities(household, [entity(text, "relation", "娃娃", "child")], text, answering=True)
    apply_answer(household, "members", text, "inform")
    assert [m.get("relation") for m in household["members"]] == ["self", "spouse"]


def test_a_husband_killed_on_a_building_site_three_months_ago_is_a_death_in_the_family() -> None:
    text = "我老公三个月前在工地上出事走了 赔偿到现在还在扯 屋头两个娃儿读书 婆婆七十了"
    household = read(text, ("relation", "老公", "spouse"), ("relation", "婆婆", "parent"))
    assert {"type": "death_in_family"} in household["events"]
    assert not members_of(household, "spouse")


def test_a_flash_flood_in_the_words_of_the_hills_is_a_natural_disaster() -> None:
    household = read("潜山水吼的 前几天发山水 把我家房子冲塌了半边 茶园也冲毁了")
    assert {"type": "natural_disaster"} in household["events"]


def test_a_widow_living_on_her_basic_pension_alone_has_no_counted_income() -> None:
    text = "老汉走了好几年了 就我一个人 七十九了 也没儿没女 就靠一百来块养老金 能不能给我办个五保"
    household = read(text, ("monthly_income", "一百来块", 100.0))
    me = household["members"][0]
    assert me["excluded_income"] == 100.0 and me["monthly_income"] == 0.0
    household = read("我有一百来块养老金 还打点零工", ("monthly_income", "一百来块", 100.0))
    assert "monthly_income" not in household["members"][0]  # the odd jobs are not told


def test_his_father_named_before_the_son_in_a_list_of_members_is_the_askers_husband() -> None:
    text = "三口 我 他爸 儿子"
    household = new_household()
    apply_entities(
        household,
        [entity(text, "relation", "爸", "parent"), entity(text, "relation", "儿子", "child")],
        text,
        answering=True,
    )
    assert [m.get("relation") for m in household["members"]] == ["self", "spouse", "child"]


def test_a_son_at_work_who_sends_money_supports_his_widowed_mother() -> None:
    text = "我老汉走了三年了 我一个人住在凉州城里 七十六了 儿子在兰州上班 一个月给我寄个八百块"
    household = read(
        text,
        ("relation", "老汉", "spouse"),
        ("relation", "儿子", "child"),
        ("monthly_income", "八百块", 800.0),
    )
    assert household["members"][0]["has_capable_supporter"] is True
    assert household["household_monthly_income"] == 800


def test_a_granddaughter_whose_father_died_and_mother_left_is_raised_by_her_grandparents() -> None:
    text = "我孙女她爸前年在煤矿上出事没了 她妈后来走了 到现在联系不上 娃跟着我们老两口过 今年九岁"
    household = read(
        text,
        ("relation", "孙女", "grandchild"),
        ("relation", "爸", "parent"),
        ("relation", "妈", "parent"),
        ("relation", "娃", "child"),
        ("household_size", "两口", 2),
        ("age", "九岁", 9),
    )
    grandchild = members_of(household, "grandchild")
    assert len(grandchild) == 1 and grandchild[0]["age"] == 9
    assert grandchild[0]["parents"] == "both_missing"
    assert not members_of(household, "child") and not members_of(household, "parent")


def test_last_years_total_told_is_kept_as_last_years_total() -> None:
    household = read("我男人得了肝癌 报完还自己掏了八万多 去年家里总共才挣了三万来块 民勤县城的")
    assert household["last_year_total_income"] == 30000
    assert household["household_monthly_income"] == 2500
    assert household["expenses_12m"]["medical_out_of_pocket"] == 80000


def test_a_grandmother_telling_of_the_childs_father_and_mother_gone_raises_a_grandchild() -> None:
    text = "娃他爸在监狱里呢 他妈早跑了 娃跟着我 我一个老婆子咋养活 有没有啥补贴"
    household = read(
        text,
        ("relation", "娃", "child"),
        ("relation", "爸", "parent"),
        ("relation", "妈", "parent"),
        ("relation", "娃", "child", 2),
    )
    (grandchild,) = members_of(household, "grandchild")
    assert grandchild["parents"] == "both_missing" and not members_of(household, "child")
    # a mother speaking of her own child's father is the child's parent: nothing changes
    mother = read(
        "孩子他爸去年出车祸走了 我一个人带着娃",
        ("relation", "孩子", "child"),
        ("relation", "爸", "parent"),
        ("relation", "娃", "child"),
    )
    assert members_of(mother, "child") and not members_of(mother, "grandchild")


def test_the_count_said_with_the_people_it_counts_is_the_households_size() -> None:
    household = new_household()
    household["members"].append({"relation": "grandchild", "parents": "both_missing"})
    text = "就我跟娃两个"
    apply_entities(household, [entity(text, "relation", "娃", "child")], text, answering=True)
    assert len(household["members"]) == 2 and household["_size"] == 2
    text = "我和老伴还有孙子三个人"
    counted = read(
        text,
        ("relation", "老伴", "spouse"),
        ("relation", "孙子", "grandchild"),
        ("household_size", "三个人", 3),
    )
    assert [m["relation"] for m in counted["members"]] == ["self", "spouse", "grandchild"]
    assert counted["_size"] == 3


def test_a_son_or_daughter_asking_for_a_parent_tells_of_the_parents_household() -> None:
    text = "我替我妈问一下 她七十四了一个人住在武南乡下 去年中风了 我一个嫁出去的闺女也顾不过来"
    household = read(
        text,
        ("relation", "妈", "parent"),
        ("age", "七十四", 74),
        ("household_size", "一个人", 1),
        ("relation", "闺女", "child"),
    )
    assert household["members"] == [
        {"relation": "self", "sex": "female", "age": 74, "serious_illness": True}
    ]
    assert household["_size"] == 1 and household["_for"] == "母亲"
    text = "帮我爸问问 他七十了 跟我妈两个人在村里"
    parents = read(
        text, ("relation", "爸", "parent"), ("age", "七十", 70), ("relation", "妈", "parent")
    )
    assert [(m["relation"], m.get("age")) for m in parents["members"]] == [
        ("self", 70),
        ("spouse", None),
    ]


def test_words_that_are_not_the_households_facts() -> None:
    # 「3个」 is a count, not a grade of disability
    counted = read("3个 我跟两个娃", ("disability_grade", "3", 3))
    assert "disability" not in counted["members"][0]
    # 兰大二院 is a hospital, not a year at university
    ill = read("我女子八岁 白血病 在兰大二院住着呢", ("age", "八岁", 8))
    assert "school_stage" not in members_of(ill, "child")[0]
    # 「报完了自己还掏了四万」 is what the family paid, not the asker's illness
    text = "我爸查出来胃癌 手术化疗报完了自己还掏了四万"
    paid = read(text, ("relation", "爸", "parent"))
    assert "serious_illness" not in paid["members"][0]
    assert members_of(paid, "parent")[0]["serious_illness"] is True
    # 「失能老人有护理补贴」 names a program's people; the mother-in-law is the one in bed
    text = "额婆婆八十四了 老年痴呆 屎尿都在炕上 额一个人摆摊还得伺候她 听说失能老人有护理补贴"
    cared = read(text, ("relation", "婆婆", "parent"), ("age", "八十四", 84))
    assert "self_care" not in cared["members"][0]
    assert members_of(cared, "parent")[0]["self_care"] == "total_loss"


def test_a_certificate_of_unknown_kind_takes_the_kind_the_words_tell() -> None:
    household = read("俺是古浪土门的 一级残疾 下半身瘫了坐轮椅", ("disability_grade", "一级", 1))
    assert household["members"][0]["disability"] == {"grade": 1, "type": "physical"}


def test_a_home_the_flood_cracked_is_damaged_by_the_disaster() -> None:
    text = "俺们河畔这边前两天发了山洪 院墙冲倒了 房子裂开大缝子住不成了 现在一家子挤在亲戚家"
    household = read(text, ("event_type", "山洪", "natural_disaster"))
    assert household["housing"] == "damaged_by_disaster"


def test_two_children_at_two_schools_are_each_at_their_own() -> None:
    text = "两个孩子一个读中专一个读大学"
    household = read(
        text,
        ("relation", "孩子", "child"),
        ("school_stage", "中专", "vocational"),
        ("school_stage", "大学", "college"),
    )
    assert sorted(m["school_stage"] for m in members_of(household, "child")) == [
        "college",
        "vocational",
    ]


def test_parents_divorced_and_both_at_work_away_are_alive() -> None:
    text = "我两个孙子 爹娘离婚了都在广东打工 一分钱不寄回来 听说没人管的孩子有补贴"
    household = read(text, ("relation", "孙子", "grandchild"))
    assert {m.get("parents") for m in members_of(household, "grandchild")} == {"both_present"}


def test_a_disability_told_without_its_certificate_is_worth_a_question() -> None:
    household = read("我爸有残疾 我妈打零工", ("relation", "爸", "parent"))
    father = members_of(household, "parent")[0]
    assert father.get("_disabled") is True and "disability" not in father
    from household.facts import for_policy

    assert "_disabled" not in for_policy(household, "620422")["members"][1]
