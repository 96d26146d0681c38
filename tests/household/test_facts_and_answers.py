import pytest

from household.answers import apply_answer
from household.describe import describe_facts
from household.facts import apply_entities, for_policy, household_size, new_household
from household.paths import get_path, is_known, set_in_place
from household.questions import question_of


def test_field_paths_get_and_set() -> None:
    household = new_household()
    set_in_place(household, "members[2].disability", {"grade": 2})
    set_in_place(household, "expenses_12m.medical_out_of_pocket", 15000.0)
    assert get_path(household, "members[2].disability") == (True, {"grade": 2})
    assert household["expenses_12m"]["medical_out_of_pocket"] == 15000.0
    assert not is_known(household, "members[1].age")
    assert is_known(household, "members[2].disability")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2000", 2000.0),
        ("两千五", 2500.0),
        ("1.2万", 12000.0),
        ("大概一千五一个月", 1500.0),
        ("没有收入", 0.0),
        # the members' sums named one by one add up; a total said as one wins
        ("我一个月八百，老伴一个月六百", 1400.0),
        ("一个月800、闺女给300", 1100.0),
        ("一共一千四，我八百她六百", 1400.0),
        ("我八百，她没有", 800.0),
        ("八百到一千", 800.0),
        # a yearly sum is a twelfth a month; said again by the month, that is it
        ("一年两千四", 200.0),
        ("一年就两千块地租 一个月摊下来一百多", 100.0),
        # a resident's basic pension is income the rules do not count (excluded_income)
        ("看大门一个月800 另外还有150的养老金", 800.0),
    ],
)
def test_money_answers(text: str, value: float) -> None:
    household = new_household()
    answer = apply_answer(household, "household_monthly_income", text)
    assert answer.accepted
    assert household["household_monthly_income"] == value


@pytest.mark.parametrize("path", ["household_monthly_income", "members[0].monthly_income"])
def test_five_guarantees_and_a_basic_pension_are_no_counted_income(path: str) -> None:
    text = "就是五保的钱 还有一百三的养老金 别的没有"
    household = new_household()
    apply_entities(household, [], text, about=0 if path.startswith("members") else None)
    answer = apply_answer(household, path, text)
    assert answer.accepted and answer.value == 0.0
    assert get_path(household, path) == (True, 0.0)
    assert household["members"][0]["excluded_income"] == 130
    assert household["current_benefits"] == ["tekun"]
    pension = new_household()
    apply_answer(pension, "household_monthly_income", "没收入，就每月150的基础养老金")
    assert pension["household_monthly_income"] == 0
    assert pension["members"][0]["excluded_income"] == 150
    worker = new_household()
    apply_answer(worker, "household_monthly_income", "老伴退休了 一个月两千六的养老金")
    assert worker["household_monthly_income"] == 2600  # a worker's pension is counted


def test_no_children_to_a_question_about_an_assumed_child_drops_the_child() -> None:
    from household.answers import drop_member_said_absent

    for text in ("没娃", "没有孩子", "没儿没女"):
        household = _family_of_three()
        assert drop_member_said_absent(household, 2, text), text
        assert [m["relation"] for m in household["members"]] == ["self", "spouse"]
        assert household_size(household) == 2
    known = _family_of_three()
    known["members"][2]["age"] = 14
    assert not drop_member_said_absent(known, 2, "没娃")  # a child told of is no assumption
    household = new_household()
    answer = apply_answer(household, "members[0].has_capable_supporter", "没娃")
    assert answer.accepted and household["members"][0]["has_capable_supporter"] is False


def test_parents_in_prison_and_an_answer_about_something_else() -> None:
    household = _family_of_three()
    household["members"][2] = {"relation": "grandchild", "age": 9}
    answer = apply_answer(household, "members[2].parents", "儿子儿媳妇都在监狱里 还得关四五年")
    assert answer.accepted and household["members"][2]["parents"] == "both_missing"
    sibling = {"members": [{"relation": "self"}, {"relation": "sibling", "age": 14}]}
    answer = apply_answer(sibling, "members[1].parents", "有，14岁")
    assert answer.unknown and not answer.error  # skipped, never asked again and again
    assert "parents" not in sibling["members"][1]


def test_a_siblings_parents_are_asked_as_the_askers_own() -> None:
    from household.questions import explanation_for, question_for

    household = {"members": [{"relation": "self"}, {"relation": "sibling", "age": 14}]}
    question = question_for("members[1].parents", household)
    assert question == "您和兄弟姐妹的爸爸妈妈现在能抚养你们吗？比如在身边、去世、失踪、服刑？"
    assert "您的兄弟姐妹的爸爸妈妈" not in (explanation_for("members[1].parents", household) or "")
    grandchild = {"members": [{"relation": "self"}, {"relation": "grandchild", "age": 9}]}
    assert question_for("members[1].parents", grandchild) == (
        "您的孙辈的爸爸妈妈能抚养他（她）吗？比如在身边、去世、失踪、服刑？"
    )


def test_a_members_income_is_one_sum_even_in_two_clauses() -> None:
    household = new_household()
    answer = apply_answer(household, "members[1].monthly_income", "一个月八百，过年多点")
    assert answer.accepted and answer.value == 800.0


def test_money_answer_that_is_not_a_number_gets_a_chinese_hint() -> None:
    household = new_household()
    answer = apply_answer(household, "household_monthly_income", "挺少的")
    assert not answer.accepted
    assert answer.error is not None and "比如“六百”" in answer.error
    assert "household_monthly_income" not in household


def test_dont_know_is_accepted_as_unknown() -> None:
    household = new_household()
    answer = apply_answer(household, "assets_within_local_limits", "这个我不太清楚")
    assert answer.unknown and not answer.accepted
    assert "assets_within_local_limits" not in household


@pytest.mark.parametrize("text", ["存款不方便说", "这个不想讲", "房子是老房子 存款不方便说"])
def test_a_question_declined_is_left_unknown(text: str) -> None:
    household = new_household()
    answer = apply_answer(household, "assets_within_local_limits", text)
    assert answer.unknown and "assets_within_local_limits" not in household
    # 「腿脚不方便」 declines nothing
    assert not apply_answer(new_household(), "members[0].self_care", "腿脚不方便").unknown


@pytest.mark.parametrize(
    ("path", "text", "intent", "value"),
    [
        ("members", "三口人", "inform", None),
        ("members[0].age", "七十多岁", "inform", 70),
        ("assets_within_local_limits", "没有", "deny", True),
        ("assets_within_local_limits", "有一辆车", None, False),
        ("members[0].serious_illness", "有", "affirm", True),
        ("members[0].able_to_work", "不能", None, False),
        ("area", "在农村", "inform", "rural"),
        ("housing", "租的房子", "inform", "renting"),
        ("members[0].disability", "二级肢体", "inform", {"grade": 2, "type": "physical"}),
        ("members[0].disability", "没有", "deny", None),
    ],
)
def test_typed_answers(path: str, text: str, intent: str | None, value: object) -> None:
    household = new_household()
    answer = apply_answer(household, path, text, intent, inverted=_inverted(path))
    assert answer.accepted, answer.error
    if path == "members":
        assert household_size(household) == 3 and len(household["members"]) == 3
    else:
        assert get_path(household, path) == (True, value)


def test_entities_from_an_operator_text_fill_several_facts() -> None:
    text = "来电人反映：其家中3口人，丈夫去年车祸后二级残疾，妻子无业，每月仅靠600元"
    entities = [
        {"entity": "household_size", "value": 3, "start": 8, "end": 11, "text": "3口人"},
        {"entity": "relation", "value": "spouse", "start": 12, "end": 14, "text": "丈夫"},
        {
            "entity": "event_type",
            "value": "traffic_accident",
            "start": 16,
            "end": 18,
            "text": "车祸",
        },
        {"entity": "disability_grade", "value": 2, "start": 19, "end": 21, "text": "二级"},
        {"entity": "monthly_income", "value": 600.0, "start": 33, "end": 37, "text": "600元"},
    ]
    household = new_household()
    facts = apply_entities(household, entities, text)
    assert household_size(household) == 3
    assert household["members"][1]["relation"] == "spouse"
    assert household["members"][1]["disability"] == {"grade": 2}
    assert household["events"] == [{"type": "traffic_accident"}]
    assert household["household_monthly_income"] == 600.0
    assert "members" in facts.changed
    assert "3口人" in "，".join(describe_facts(household))


def test_income_without_a_relation_is_the_household_total() -> None:
    household = new_household()
    apply_entities(
        household, [{"entity": "monthly_income", "value": 600.0, "start": 0}], "每月600元"
    )
    assert household["household_monthly_income"] == 600.0


def test_correction_entity_overrides_the_earlier_count() -> None:
    household = new_household()
    apply_entities(household, [{"entity": "household_size", "value": 3, "start": 0}])
    apply_entities(
        household, [{"entity": "household_size", "value": 4, "start": 4}], "不对，是四口人"
    )
    assert household_size(household) == 4 and len(household["members"]) == 4


def test_for_policy_drops_bookkeeping_and_sets_locality() -> None:
    household = new_household()
    apply_entities(household, [{"entity": "household_size", "value": 2, "start": 0}])
    clean = for_policy(household, "620422")
    assert clean["locality"] == "620422"
    assert not any(key.startswith("_") for key in clean)
    assert len(clean["members"]) == 2


def test_place_entity_with_code_is_reported() -> None:
    household = new_household()
    facts = apply_entities(
        household, [{"entity": "place", "value": "会宁县", "code": "620422", "start": 0}]
    )
    assert facts.place_code == "620422"


def test_a_relation_only_names_the_subject_of_its_own_clause() -> None:
    text = "丈夫二级残疾，每月仅靠600元"
    entities = [
        {"entity": "relation", "value": "spouse", "start": 0, "end": 2},
        {"entity": "disability_grade", "value": 2, "start": 2, "end": 4},
        {"entity": "monthly_income", "value": 600.0, "start": 11, "end": 15},
    ]
    household = new_household()
    apply_entities(household, entities, text)
    assert household["members"][1]["disability"] == {"grade": 2}
    assert household["household_monthly_income"] == 600.0
    assert "monthly_income" not in household["members"][1]


def test_living_alone_without_income_is_read_from_the_words() -> None:
    household = new_household()
    facts = apply_entities(household, [], "我妈七十多岁了，一个人住在农村，没有收入")
    assert household_size(household) == 1
    assert household["household_monthly_income"] == 0.0
    assert "members" in facts.changed


def _inverted(path: str) -> bool:
    question = question_of(path)
    return bool(question and question.inverted)


def _family_of_three() -> dict:
    household = new_household()
    household["members"] += [{"relation": "spouse"}, {"relation": "child"}]
    household["_size"] = 3
    return household


@pytest.mark.parametrize(
    ("path", "text", "intent", "value"),
    [
        # the question's polarity: 「有没有大额存款…？」 + 「没有」 = within the limits
        ("assets_within_local_limits", "没有存款，也没有车", "deny", True),
        ("assets_within_local_limits", "有两套房", None, False),
        ("homeless", "有，住亲戚家", None, False),
        ("homeless", "没有，在车站睡", None, True),
        # a pupil's income and vague sums
        ("members[2].monthly_income", "没有，还在上学", "deny", 0.0),
        ("members[1].monthly_income", "几百块", None, 500.0),
        ("members[0].monthly_income", "我七十了，一个月就几百块养老金", None, 500.0),
        # no certificate is no certificate, whatever else is said
        ("members[0].disability", "没有残疾证，就是腿脚不好走路费劲", "deny", None),
        ("members[0].disability", "我没有残疾证啊", "deny", None),
        ("members[0].disability", "有证，三级", None, {"grade": 3}),
        # short replies and words
        ("members[0].serious_illness", "尿毒症，一礼拜透析两回", None, True),
        ("members[0].able_to_work", "干不动了", None, False),
        ("members[0].has_capable_supporter", "老伴走了，没儿没女", None, False),
        ("members[0].employment", "我下岗了", None, "unemployed"),
        ("housing", "住自己家的房子", None, "adequate"),
        ("members[2].parents", "父母都在身边", None, "both_present"),
        (
            "members[2].parents",
            "她爸三年前出车祸死了，她妈后来改嫁走了再也联系不上",
            None,
            "both_missing",
        ),
        ("members[0].age", "快八十了", None, 80),
    ],
)
def test_answers_are_read_against_their_question(
    path: str, text: str, intent: str | None, value: object
) -> None:
    household = _family_of_three()
    answer = apply_answer(household, path, text, intent, inverted=_inverted(path))
    assert answer.accepted, answer.error
    assert get_path(household, path) == (True, value)


@pytest.mark.parametrize(
    "text", ["嗯", "嗯嗯", "啥意思", "什么意思？", "不懂", "听不懂啊", "？", "好的"]
)
def test_filler_and_confusion_are_never_an_answer(text: str) -> None:
    household = _family_of_three()
    for path in ("assets_within_local_limits", "members[0].monthly_income", "housing"):
        answer = apply_answer(household, path, text, "affirm", inverted=_inverted(path))
        assert answer.confused and not answer.accepted, (path, text)
    assert household == _family_of_three()


def test_an_age_told_for_the_child_is_the_childs() -> None:
    household = _family_of_three()
    household["members"][0]["age"] = 45
    entities = [{"entity": "age", "value": 14, "start": 0, "end": 3, "text": "14岁"}]
    facts = apply_entities(household, entities, "14岁", about=2)
    assert facts.changed == ["members[2].age"]
    assert household["members"][0]["age"] == 45 and household["members"][2]["age"] == 14


def test_someone_who_left_is_not_a_member() -> None:
    household = new_household()
    text = "老伴走了十来年，没儿没女，一个人住"
    entities = [{"entity": "relation", "value": "spouse", "start": 0, "end": 2, "text": "老伴"}]
    apply_entities(household, entities, text)
    assert household["members"] == [{"relation": "self", "has_capable_supporter": False}]
    assert household_size(household) == 1


def test_money_a_son_sends_in_an_answer_names_no_member() -> None:
    household = {"members": [{"relation": "self", "age": 78}, {"relation": "spouse"}]}
    text = "儿子每个月打一千 俺俩还各有一百四的养老金"
    entities = [
        {"entity": "relation", "value": "child", "start": 0, "end": 2},
        {"entity": "monthly_income", "value": 1000.0, "start": 6, "end": 8},
    ]
    apply_entities(household, entities, text, about=0)
    apply_answer(household, "members[0].monthly_income", text, "inform")
    assert [m["relation"] for m in household["members"]] == ["self", "spouse"]
    assert household["members"][0]["excluded_income"] == 140.0


def test_a_spouse_still_in_bed_cannot_care_for_themself() -> None:
    household = new_household()
    apply_entities(household, [], "老伴去年摔了一跤胯骨断了 到现在还躺床上 吃喝拉撒都是我伺候")
    spouse = household["members"][1]
    assert spouse["relation"] == "spouse" and spouse["self_care"] == "total_loss"


@pytest.mark.parametrize(
    "text", ["存款？哪有存款 就住的这个老房子", "哪来的钱", "啥存款都没有", "莫得存款", "冇得"]
)
def test_a_question_that_means_no_is_property_within_the_limits(text: str) -> None:
    household = {"members": [{"relation": "self"}]}
    apply_answer(household, "assets_within_local_limits", text, "inform", inverted=True)
    assert household["assets_within_local_limits"] is True


def test_his_father_in_an_answer_about_the_child_is_the_spouse() -> None:
    household = {"members": [{"relation": "self"}, {"relation": "child"}, {"relation": "spouse"}]}
    apply_entities(household, [], "八岁。他爸一个月回来一次", about=1)
    assert [m["relation"] for m in household["members"]] == ["self", "child", "spouse"]


def test_a_long_message_tells_property_and_each_members_income() -> None:
    text = (
        "家里四口人：我、老伴62岁不能干活、儿子30岁在县城送快递一个月三千、孙子5岁上幼儿园。"
        "我在小区做保洁一个月一千五，老伴没有收入。房子是自己的老楼房，没车没存款。"
    )
    household = new_household()
    entities = [
        {
            "entity": "monthly_income",
            "value": 3000.0,
            "start": text.index("三千"),
            "end": text.index("三千") + 2,
        },
        {
            "entity": "monthly_income",
            "value": 1500.0,
            "start": text.index("一千五"),
            "end": text.index("一千五") + 3,
        },
    ]
    apply_entities(household, entities, text)
    assert household["assets_within_local_limits"] is True
    assert "household_monthly_income" not in household  # the members' incomes add up
    assert household["members"][0]["monthly_income"] == 1500.0


def test_money_a_hen_keeper_clears_each_month() -> None:
    household = new_household()
    apply_entities(household, [], "我在家养了几十只鸡卖土鸡蛋 一个月能落个五百 听说低保能申请")
    assert household["household_monthly_income"] == 500.0


def test_a_no_event_answer_stays_through_later_answers() -> None:
    household = {"members": [{"relation": "self", "age": 79}], "events": [], "_size": 1}
    apply_entities(
        household, [], "就一个娃 在镇上 他腿瘸着自己吃低保 还有两个孙子要供 顾不上俺", about=0
    )
    assert household["events"] == []  # answered 「没有出啥事」: never asked again


def test_relatives_told_of_beside_a_household_already_counted_are_not_members() -> None:
    household = {"members": [{"relation": "self", "age": 79}], "_size": 1}
    text = "就一个娃 在镇上 他腿瘸着自己吃低保 还有两个孙子要供 顾不上俺"
    apply_entities(household, [], text, about=0)
    answer = apply_answer(household, "members[0].has_capable_supporter", text, "inform")
    assert answer.accepted and household["members"][0]["has_capable_supporter"] is False
    assert len(household["members"]) == 1 and "current_benefits" not in household
    counted = {"members": [{"relation": "self"}, {"relation": "spouse"}], "_size": 2}
    text = "哦对了 刚才说漏了 还有个孙女跟我们住 十二岁"
    at = text.index("孙女")
    granddaughter = {"entity": "relation", "value": "grandchild", "start": at, "end": at + 2}
    apply_entities(counted, [granddaughter], text, answering=True)
    assert [m["relation"] for m in counted["members"]][-1] == "grandchild"


def test_the_parents_of_a_grandchild_raised_here_who_send_money_are_not_members() -> None:
    household = {"members": [{"relation": "self"}, {"relation": "grandchild"}], "_size": 2}
    text = "娃他爸妈每个月寄八百，我还有一百多养老金"
    at = text.index("八百")
    money = {"entity": "monthly_income", "value": 800.0, "start": at, "end": at + 2}
    apply_entities(household, [money], text, about=0)
    assert [m["relation"] for m in household["members"]] == ["self", "grandchild"]


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("嗯 娃他爸一个月寄个两三百 有时候不寄 加上种地 一个月四五百吧", 400),
        ("我打零工八百 加上老伴的六百", 1400),  # 加上 one more part: the parts add up
        ("我一个月八百，老伴一个月六百", 1400),
    ],
)
def test_a_sum_said_after_plus_something_is_the_households_total(text: str, total: float) -> None:
    household = {"members": [{"relation": "self"}]}
    apply_answer(household, "household_monthly_income", text, "inform")
    assert household["household_monthly_income"] == total


def test_a_parent_of_known_sex_is_named_father_or_mother() -> None:
    from household.questions import question_for

    household = {
        "members": [
            {"relation": "self", "age": 45},
            {"relation": "parent", "sex": "male", "age": 74},
            {"relation": "parent", "sex": "female"},
            {"relation": "child"},
            {"relation": "child"},
        ]
    }
    assert "父亲74岁" in describe_facts(household)
    assert "您的母亲" in (question_for("members[2].age", household) or "")
    assert "第二个孩子" in (question_for("members[4].age", household) or "")
    household["members"][2].pop("sex")
    assert "您的父母" in (question_for("members[2].age", household) or "")


def test_a_sum_corrected_as_typed_wrong_takes_the_sum_said_right() -> None:
    from household.corrections import apply_correction

    household = {
        "members": [{"relation": "self"}, {"relation": "child", "monthly_income": 13000.0}]
    }
    assert apply_correction(household, "收入那个打错了 我多打了个零 一个月是一千三 不是一万三") == [
        "income"
    ]
    assert household["household_monthly_income"] == 1300.0
    assert "monthly_income" not in household["members"][1]


def test_no_school_cost_question_without_anyone_at_school() -> None:
    from household.questions import makes_sense

    alone = {"members": [{"relation": "self", "age": 79}]}
    assert not makes_sense("expenses_12m.education", alone)
    grown_son = {"members": [{"relation": "self"}, {"relation": "child", "age": 33}]}
    assert not makes_sense("expenses_12m.education", grown_son)
    pupil = {"members": [{"relation": "self"}, {"relation": "child", "school_stage": "primary"}]}
    assert not makes_sense("expenses_12m.education", pupil)  # the compulsory years are free
    student = {"members": [{"relation": "self"}, {"relation": "child", "school_stage": "college"}]}
    assert makes_sense("expenses_12m.education", student)


def test_the_years_doctors_bills_are_asked_where_an_illness_or_care_is_told() -> None:
    from household.questions import makes_sense

    healthy = {"members": [{"relation": "self", "age": 45}, {"relation": "spouse"}]}
    assert not makes_sense("expenses_12m.medical_out_of_pocket", healthy)
    healthy["members"][1]["serious_illness"] = True
    assert makes_sense("expenses_12m.medical_out_of_pocket", healthy)


def test_earning_nothing_for_a_broken_leg_is_no_income() -> None:
    household = {"members": [{"relation": "self"}]}
    answer = apply_answer(household, "members[0].monthly_income", "俺腿断了啥也挣不了", "inform")
    assert answer.accepted and household["members"][0]["monthly_income"] == 0


def test_a_wage_corrected_in_an_answer_replaces_the_total_said_wrong() -> None:
    household = {
        "members": [{"relation": "self"}, {"relation": "child"}, {"relation": "child"}],
        "_size": 3,
        "household_monthly_income": 1200.0,
    }
    text = "哦刚才说错咧 一个月1500 不是1200"
    start = text.index("1500")
    entities = [{"entity": "monthly_income", "value": 1500.0, "start": start, "end": start + 4}]
    apply_entities(household, entities, text, about=0, answering=True)
    apply_answer(household, "members[0].monthly_income", text, "inform")
    assert household["members"][0]["monthly_income"] == 1500
    assert household.get("household_monthly_income") in (None, 1500)


@pytest.mark.parametrize("text", ["木有残疾证", "莫得残疾证", "冇得证"])
def test_no_certificate_in_dialect_is_no_certificate(text: str) -> None:
    household = {"members": [{"relation": "self", "age": 83}]}
    answer = apply_answer(household, "members[0].disability", text, "inform")
    assert answer.accepted and household["members"][0]["disability"] is None


def test_a_son_who_sends_money_every_month_is_a_supporter() -> None:
    household = {"members": [{"relation": "self", "age": 83}]}
    text = "儿在上海打工 他也不容易 一个月给俺三百"
    answer = apply_answer(household, "members[0].has_capable_supporter", text, "inform")
    assert answer.accepted and household["members"][0]["has_capable_supporter"] is True


def test_looking_for_work_and_not_finding_it_is_out_of_work() -> None:
    household = new_household()
    answer = apply_answer(household, "members[0].employment", "来找活的 没找着")
    assert answer.accepted and household["members"][0]["employment"] == "unemployed"


def test_the_questions_name_the_parent_a_son_or_daughter_asks_for() -> None:
    from household.questions import question_for

    household = {"members": [{"relation": "self", "sex": "female"}], "_for": "母亲"}
    assert question_for("members[0].age", household) == "您母亲今年多大年纪？"
    assert question_for("members[0].age", new_household()) == "您今年多大年纪？"


def test_a_certificate_told_without_its_grade_is_asked_its_grade() -> None:
    from household.questions import question_for

    household = {
        "members": [{"relation": "self"}, {"relation": "spouse", "disability": {"type": "visual"}}]
    }
    assert question_for("members[1].disability", household) == "您的配偶的残疾证是几级？"
    assert apply_answer(household, "members[1].disability", "二级").accepted
    assert household["members"][1]["disability"] == {"type": "visual", "grade": 2}
    ungraded = {"members": [{"relation": "self", "disability": {"type": "visual"}}]}
    assert apply_answer(ungraded, "members[0].disability", "有").unknown  # no grade: not again


@pytest.mark.parametrize("text", ["办丧事把存的钱都花光了 就一个老房子", "就一孔破窑"])
def test_savings_spent_and_only_the_home_are_no_property(text: str) -> None:
    household = new_household()
    assert apply_answer(household, "assets_within_local_limits", text, inverted=True).accepted
    assert household["assets_within_local_limits"] is True


def test_a_count_corrected_in_the_same_breath_is_the_last_one() -> None:
    household = new_household()
    assert apply_answer(household, "members", "四口 哦不对 五口 还有俺妈 七十二了").value == 5


def test_savings_spent_at_home_are_no_journey_stranded() -> None:
    household = new_household()
    apply_entities(household, [], "办丧事把存的钱都花光了 就一个老房子")
    assert "homeless" not in household
    apply_entities(household, [], "钱包被偷了 钱都花光了 回不了家")
    assert household["homeless"] is True


def test_a_son_who_pays_every_month_supports_his_parents() -> None:
    text = "儿子一个月给三百 俺俩各有一百来块养老金"
    household = {"members": [{"relation": "self"}, {"relation": "spouse"}], "_size": 2}
    son = {"entity": "relation", "value": "child", "start": 0, "end": 2}
    apply_entities(household, [son], text, about=0, answering=True)
    assert household["members"][0]["has_capable_supporter"] is True


def test_the_summary_names_the_parent_a_son_or_daughter_asked_for() -> None:
    from household.describe import describe_facts

    household = {"members": [{"relation": "self", "age": 74}], "_for": "母亲", "_size": 1}
    assert describe_facts(household) == ["1口人", "母亲（申请人）74岁"]


@pytest.mark.parametrize(
    ("text", "size"), [("我跟两个娃", 3), ("我跟三个娃", 4), ("我跟两个孙娃儿 三个人", 3)]
)
def test_the_asker_with_the_children_counted_is_one_more(text: str, size: int) -> None:
    assert apply_answer(new_household(), "members", text).value == size


def test_the_only_earners_sum_is_the_askers_own_too() -> None:
    household = {"members": [{"relation": "self"}, {"relation": "child"}]}
    assert apply_answer(household, "household_monthly_income", "就我一个人挣 1500到2000").accepted
    assert household["members"][0]["monthly_income"] == household["household_monthly_income"]


def test_family_words_that_are_no_members_or_places() -> None:
    from household.facts import resolve_locality

    # a daughter married away: her place is not the household's; 「我嫁到会宁」 is
    assert resolve_locality("老汉前年没了 女子嫁到靖远去了 渠自己屋里也紧巴") == (None, [])
    assert resolve_locality("我嫁到会宁二十年了") == ("620422", [])
    # the children's father after a divorce, or gone for years out of reach, is no member
    divorced = new_household()
    apply_entities(divorced, [], "离婚三年了 娃他爸一分钱抚养费都不给 我一个人带俩娃")
    assert [m["relation"] for m in divorced["members"]] == ["self", "child", "child"]
    gone = new_household()
    apply_entities(gone, [], "娃他爹出去两年了 电话都打不通 我一个人带三个娃")
    assert "spouse" not in [m.get("relation") for m in gone["members"]]


def test_a_sum_paid_out_for_an_injury_is_a_medical_cost() -> None:
    text = "两万块钱已经掏进去了 俺男人在工地上从架子上摔下来了 腰摔断了"
    household = new_household()
    apply_entities(household, [{"entity": "amount", "value": 20000.0, "start": 0, "end": 3}], text)
    assert household["expenses_12m"] == {"medical_out_of_pocket": 20000.0}


def test_a_night_under_a_market_shed_is_homeless() -> None:
    household = new_household()
    apply_entities(household, [], "莫地方住 租的房子拆了 晚上在菜市场棚子底下睡呢")
    assert household["homeless"] is True and household["housing"] == "none"
