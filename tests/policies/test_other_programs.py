"""专项救助 and the group programs: both sides of each condition."""

from __future__ import annotations

import pytest

from policies import estimate
from tests.policies.conftest import (
    HUINING_PLAN_DAY,
    household,
    member,
    param,
    program,
    standard,
    status,
)

STD = standard()
POOR = {"household_monthly_income": 100}  # well below the standard: dibao likely
RICH = {"household_monthly_income": 10 * STD}  # above every income line
EDGE = {"household_monthly_income": 1.2 * STD}  # 低保边缘


# --- 医疗救助 ------------------------------------------------------------------------------------
def test_medical_for_dibao_households_in_huining_names_70_percent_of_the_policy_range_part():
    facts = household(
        household_monthly_income=100,
        expenses_12m={"medical_out_of_pocket": 6000},
        as_of=HUINING_PLAN_DAY,
    )
    result = program(estimate(facts), "medical")
    assert result["status"] == "likely"
    amount = result["estimated_amount"]
    assert "once" not in amount  # only the 政策范围内 part is covered: no figure from the total
    assert f"{param('medical_aid_min_share'):.0%}" in amount["formula"]
    assert any("资助参保" in r for r in result["reasons"])
    assert any("政策范围内" in r for r in result["reasons"])


def test_medical_elsewhere_does_not_borrow_huinings_70_percent():
    facts = household(
        locality="620600",
        household_monthly_income=100,
        expenses_12m={"medical_out_of_pocket": 6000},
    )
    result = program(estimate(facts), "medical")
    assert result["status"] == "likely"
    assert result["estimated_amount"] is None
    assert not any("70%" in r for r in result["reasons"])


def test_medical_for_current_tekun_recipients_even_with_income_unknown():
    facts = household(household_monthly_income=..., current_benefits=["tekun"])
    assert status(facts, "medical") == "likely"


def test_medical_unlikely_for_a_household_above_every_line():
    assert status(household(**RICH), "medical") == "unlikely"


def test_medical_for_edge_family_with_serious_illness_in_wuwei():
    wuwei = standard("620600")
    ill = [member(serious_illness=True), member(relation="spouse")]
    edge = household(locality="620600", household_monthly_income=2.4 * wuwei, members=ill)
    healthy = household(
        locality="620600", household_monthly_income=2.4 * wuwei, members=[member(), member()]
    )
    assert status(edge, "medical") == "likely"
    assert status(healthy, "medical") == "unlikely"
    elsewhere = household(household_monthly_income=2.4 * STD, members=ill)  # 会宁 2025: borrowed
    assert status(elsewhere, "medical") == "possible"


# --- 教育救助 ------------------------------------------------------------------------------------
def _family(child: dict, **fields) -> dict:
    child = {"parents": "both_present", **child}
    return household(members=[member(), member(relation="child", **child)], **fields)


@pytest.mark.parametrize(
    ("stage", "aid"),
    [
        ("preschool", "保教费"),
        ("junior_high", "两免一补"),
        ("senior_high", "免学杂费"),
        ("vocational", "免学费"),
        ("college", "助学贷款"),
    ],
)
def test_education_for_students_of_poor_families_names_the_stage_aid(stage, aid):
    facts = _family({"age": 12, "employment": "student", "school_stage": stage}, **POOR)
    result = program(estimate(facts), "education")
    assert result["status"] == "likely"
    assert any(aid in r for r in result["reasons"])


def test_education_unlikely_when_not_poor_or_no_students():
    student = {"age": 16, "employment": "student", "school_stage": "senior_high"}
    assert status(_family(student, **RICH), "education") == "unlikely"
    assert status(_family({"age": 30, "employment": "employed"}, **POOR), "education") == "unlikely"


def test_education_compulsory_schooling_is_free_for_every_pupil():
    pupil = {"age": 12, "employment": "student", "school_stage": "primary"}
    result = program(estimate(_family(pupil, **RICH)), "education")
    assert result["status"] == "likely"
    assert any("免除学杂费" in r for r in result["reasons"])
    presumed = program(estimate(_family({"age": 9, "employment": ...}, **RICH)), "education")
    assert presumed["status"] == "likely"


def test_education_for_disabled_family_students_even_above_the_lines():
    facts = household(
        members=[
            member(disability={"grade": 3, "type": "physical"}),
            member(relation="child", age=16, employment="student", school_stage="senior_high"),
        ],
        **RICH,
    )
    assert status(facts, "education") == "likely"


# --- 住房救助 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("area", "housing", "income", "expected"),
    [
        ("urban", "renting", POOR, "likely"),
        ("urban", "none", POOR, "likely"),
        ("urban", "adequate", POOR, "unlikely"),
        ("urban", "damaged_by_disaster", POOR, "likely"),
        ("urban", "renting", RICH, "unlikely"),
        ("rural", "dangerous", POOR, "likely"),
        ("rural", "renting", POOR, "unlikely"),
        ("rural", "dangerous", RICH, "unlikely"),
    ],
)
def test_housing(area, housing, income, expected):
    rural_income = {"household_monthly_income": 10} if income is POOR else income
    facts = household(area=area, housing=housing, **(rural_income if area == "rural" else income))
    assert status(facts, "housing") == expected


# --- 就业救助 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "income", "expected"),
    [
        ({"employment": "unemployed", "able_to_work": True, "age": 40}, POOR, "likely"),
        ({"employment": "unemployed", "able_to_work": True, "age": 59}, POOR, "likely"),
        ({"employment": "unemployed", "able_to_work": True, "age": 16}, POOR, "likely"),
        ({"employment": "unemployed", "able_to_work": ..., "age": 15}, POOR, "unlikely"),
        ({"employment": "unemployed", "able_to_work": True, "age": 60}, POOR, "possible"),
        ({"employment": "unemployed", "able_to_work": False, "age": 60}, POOR, "unlikely"),
        ({"employment": "unemployed", "able_to_work": False, "age": 40}, POOR, "unlikely"),
        ({"employment": "employed", "able_to_work": True, "age": 40}, POOR, "unlikely"),
        # 零就业家庭 (就业促进法): no one in work and one seeking it, whatever the income
        ({"employment": "unemployed", "able_to_work": True, "age": 40}, RICH, "likely"),
    ],
)
def test_employment(fields, income, expected):
    assert status(household(members=[member(**fields)], **income), "employment") == expected


def test_employment_for_a_well_off_family_with_someone_in_work_is_unlikely():
    facts = household(
        members=[
            member(employment="unemployed"),
            member(relation="spouse", employment="employed", monthly_income=10 * STD),
        ],
        household_monthly_income=...,
    )
    assert status(facts, "employment") == "unlikely"


def test_employment_names_zero_employment_family():
    facts = household(members=[member(), member(relation="spouse")], **POOR)
    reasons = program(estimate(facts), "employment")["reasons"]
    assert any("零就业家庭" in r for r in reasons)


# --- 受灾人员救助 ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"events": [{"type": "natural_disaster", "loss": 8000}]}, "likely"),
        ({"housing": "damaged_by_disaster"}, "likely"),
        ({"events": [{"type": "fire"}]}, "unlikely"),
        ({"events": ..., "housing": ...}, "possible"),
    ],
)
def test_disaster(fields, expected):
    assert status(household(**fields), "disaster") == expected


# --- 残疾人两项补贴 --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("disability", "income", "expected"),
    [
        ({"grade": 2, "type": "physical"}, RICH, "likely"),  # 护理补贴 needs no income test
        ({"grade": 3, "type": "physical"}, RICH, "unlikely"),
        ({"grade": 3, "type": "physical"}, POOR, "likely"),  # 生活补贴 for poor families
        ({"grade": 3, "type": "physical"}, EDGE, "possible"),  # 边缘: where the county extends it
        (None, POOR, "unlikely"),
        (..., POOR, "possible"),
    ],
)
def test_disability_subsidies(disability, income, expected):
    assert (
        status(household(members=[member(disability=disability)], **income), "disability_subsidies")
        == expected
    )


# --- 孤儿和事实无人抚养儿童 ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("age", "parents", "expected"),
    [
        (17, "both_missing", "likely"),
        (18, "both_missing", "unlikely"),
        (8, "one_missing", "unlikely"),
        (8, ..., "possible"),
    ],
)
def test_orphan_child(age, parents, expected):
    child = member(relation="grandchild", age=age, parents=parents, employment="student")
    facts = household(members=[member(relation="self", age=66), child], **RICH)
    assert status(facts, "orphan_child") == expected


# --- 流浪乞讨、困难职工 -------------------------------------------------------------------------------
@pytest.mark.parametrize(("homeless", "expected"), [(True, "likely"), (False, "unlikely")])
def test_vagrant(homeless, expected):
    assert status(household(homeless=homeless, housing=...), "vagrant") == expected


def test_vagrant_unknown_is_ruled_out_by_a_known_home():
    assert status(household(homeless=..., housing="renting"), "vagrant") == "unlikely"
    assert status(household(homeless=..., housing=...), "vagrant") == "possible"


@pytest.mark.parametrize(
    ("flag", "employment", "expected"),
    [
        (True, "employed", "likely"),
        (False, "employed", "unlikely"),
        (..., "employed", "possible"),
        (..., "unemployed", "possible"),  # a year of de facto employment may lie behind
        (..., "none", "unlikely"),
    ],
)
def test_worker_aid(flag, employment, expected):
    facts = household(
        union_worker_hardship=flag, members=[member(employment=employment)], as_of=HUINING_PLAN_DAY
    )
    assert status(facts, "worker_aid") == expected


def test_worker_aid_outside_huining_and_jixi_is_only_borrowed():
    facts = household(locality="620600", union_worker_hardship=True)
    assert status(facts, "worker_aid") == "possible"


# --- 两癌检查 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("age", "sex", "area", "expected"),
    [
        (33, "female", "urban", "likely"),
        (32, "female", "urban", "unlikely"),
        (64, "female", "urban", "likely"),
        (65, "female", "urban", "unlikely"),
        (45, "male", "urban", "unlikely"),
        (45, "female", "rural", "unlikely"),
    ],
)
def test_women_screening_ages_sex_and_area(age, sex, area, expected):
    woman = member(age=age, sex=sex, employment="employed")
    facts = household(
        area=area, members=[woman], household_monthly_income=10, as_of=HUINING_PLAN_DAY
    )
    expected = "possible" if area == "rural" and sex == "female" else expected  # 城镇 plan
    assert status(facts, "women_screening") == expected


def test_women_screening_for_jobless_women_of_low_income_households_only():
    day = {"as_of": HUINING_PLAN_DAY}
    jobless = household(members=[member(sex="female", employment="unemployed")], **RICH, **day)
    working = household(members=[member(sex="female", employment="employed")], **RICH, **day)
    poor = household(members=[member(sex="female", employment="unemployed")], **POOR, **day)
    assert status(jobless, "women_screening") == "possible"
    assert status(working, "women_screening") == "unlikely"
    assert status(poor, "women_screening") == "likely"


# --- 养老保险代缴 -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "income", "expected"),
    [
        ({"age": 45}, POOR, "likely"),
        ({"age": 59}, POOR, "likely"),
        ({"age": 60}, POOR, "unlikely"),
        ({"age": 16}, POOR, "likely"),
        ({"age": 15}, POOR, "unlikely"),
        ({"age": 45}, RICH, "unlikely"),
        ({"age": 30, "disability": {"grade": 1, "type": "visual"}}, RICH, "likely"),
        ({"age": 30, "disability": {"grade": 3, "type": "visual"}}, RICH, "unlikely"),
    ],
)
def test_pension_subsidy(fields, income, expected):
    facts = household(members=[member(**fields)], **income, as_of=HUINING_PLAN_DAY)
    assert status(facts, "pension_subsidy") == expected


# --- 照护服务、法律援助 -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("care", "income", "expected"),
    [
        ("partial_loss", POOR, "likely"),
        ("total_loss", POOR, "likely"),
        ("full", POOR, "unlikely"),
        ("partial_loss", RICH, "unlikely"),
    ],
)
def test_care_service(care, income, expected):
    facts = household(members=[member(self_care=care, age=75)], **income, as_of=HUINING_PLAN_DAY)
    assert status(facts, "care_service") == expected


def test_legal_aid_is_possible_whatever_the_income_since_the_province_sets_the_test():
    poor = program(estimate(household(**POOR)), "legal_aid")
    rich = program(estimate(household(**RICH)), "legal_aid")
    assert poor["status"] == rich["status"] == "possible"
    assert any("免予核查" in r for r in poor["reasons"])
    assert any("省级人民政府" in r for r in rich["reasons"])


def test_orphan_child_a_child_living_with_a_capable_parent_is_not_an_orphan():
    child = {"relation": "child", "age": 10}  # parents not stated
    with_parent = household(members=[member(), child])
    disabled_parent = household(
        members=[member(disability={"grade": 1, "type": "physical"}), child]
    )
    assert status(with_parent, "orphan_child") == "unlikely"
    assert status(disabled_parent, "orphan_child") == "possible"  # 事实无人抚养 may apply


def test_orphan_child_a_parent_of_unknown_health_and_work_is_asked_about_not_assumed():
    child = {"relation": "child", "age": 10}
    parent = {"relation": "self", "age": 40}
    result = program(estimate(household(members=[parent, child])), "orphan_child")
    assert result["status"] == "possible"
    assert "members[1].parents" in result["missing_facts"]


def test_employment_not_for_members_not_seeking_work():
    facts = household(members=[member(employment="none", able_to_work=True)], **POOR)
    assert status(facts, "employment") == "unlikely"
