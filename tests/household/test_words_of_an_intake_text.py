"""Facts an operator's pasted 12345 text states in words, read without the NLU (issue 15):
every member of a counted relation, illness and care words, medical costs as medical costs."""

from __future__ import annotations

from household.facts import apply_entities, household_size, new_household

CALL = (
    "来电人反映：家住会宁县河畔镇，丈夫去年因车祸瘫痪在床，两个孩子在读小学，家里没有收入，"
    "医疗费已花费6万余元，希望得到救助。"
)


def test_the_whole_household_of_a_pasted_call() -> None:
    household = new_household()
    apply_entities(household, [], CALL)
    members = household["members"]
    assert [m.get("relation") for m in members] == ["self", "spouse", "child", "child"]
    spouse = members[1]
    assert spouse["serious_illness"] is True and spouse["self_care"] == "total_loss"
    assert spouse["able_to_work"] is False
    assert [m["school_stage"] for m in members[2:]] == ["primary", "primary"]
    assert household["expenses_12m"] == {"medical_out_of_pocket": 60000.0}
    assert household["events"] == [{"type": "traffic_accident"}]  # no loss: the sum is medical
    assert household["household_monthly_income"] == 0.0
    assert all(m for m in members)  # no empty member


def test_a_count_before_children_is_not_the_household_size() -> None:
    text = "两个孩子都在上初中"
    entities = [{"entity": "household_size", "value": 2, "start": 0, "end": 2, "text": "两个"}]
    household = new_household()
    apply_entities(household, entities, text)
    assert household_size(household) is None
    assert [m.get("relation") for m in household["members"]] == ["self", "child", "child"]
    # Said again: still two children.
    apply_entities(household, [], "两个孩子上学要花钱")
    assert len(household["members"]) == 3


def test_an_amount_entity_in_a_medical_clause_is_a_medical_cost() -> None:
    text = "老伴得了尿毒症，住院费花了3万元"
    entities = [
        {"entity": "relation", "value": "spouse", "start": 0, "end": 2},
        {"entity": "event_type", "value": "sudden_major_illness", "start": 3, "end": 6},
        {"entity": "amount", "value": 30000.0, "start": 12, "end": 15, "text": "3万元"},
    ]
    household = new_household()
    apply_entities(household, entities, text)
    assert household["expenses_12m"]["medical_out_of_pocket"] == 30000.0
    assert all("loss" not in e for e in household.get("events", []))
    assert household["members"][1]["serious_illness"] is True


def test_known_facts_are_kept_and_people_who_left_are_not_read() -> None:
    household = new_household()
    household["members"].append({"relation": "parent", "self_care": "partial_loss"})
    apply_entities(household, [], "母亲82岁，生活不能自理；父亲得癌症去世了")
    mother = household["members"][1]
    assert mother["self_care"] == "partial_loss"  # what was known stays
    assert "self_care" not in household["members"][0]  # 「生活不能自理」 is still the mother's
    assert not any(m.get("serious_illness") for m in household["members"])
    assert len(household["members"]) == 2


def test_a_disability_with_its_grade_and_kind() -> None:
    household = new_household()
    apply_entities(household, [], "儿子是二级肢体残疾")
    assert household["members"][1]["disability"] == {"grade": 2, "type": "physical"}


def test_a_clause_without_a_subject_is_about_the_one_before() -> None:
    household = new_household()
    apply_entities(household, [], "我父亲今年82岁，生活不能自理。我身体还行")
    assert household["members"][1]["self_care"] == "total_loss"
    assert "self_care" not in household["members"][0]
