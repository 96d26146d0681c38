import pytest

from household.answers import apply_answer
from household.describe import describe_facts
from household.facts import apply_entities, for_policy, household_size, new_household
from household.paths import get_path, is_known, set_in_place


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
    ],
)
def test_money_answers(text: str, value: float) -> None:
    household = new_household()
    answer = apply_answer(household, "household_monthly_income", text)
    assert answer.accepted
    assert household["household_monthly_income"] == value


def test_money_answer_that_is_not_a_number_gets_a_chinese_hint() -> None:
    household = new_household()
    answer = apply_answer(household, "household_monthly_income", "挺少的")
    assert not answer.accepted
    assert answer.error is not None and "比如 2000" in answer.error
    assert "household_monthly_income" not in household


def test_dont_know_is_accepted_as_unknown() -> None:
    household = new_household()
    answer = apply_answer(household, "assets_within_local_limits", "这个我不太清楚")
    assert answer.unknown and not answer.accepted
    assert "assets_within_local_limits" not in household


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
    answer = apply_answer(household, path, text, intent)
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
