"""低保, 特困, 低保边缘, 刚性支出, 临时救助: both sides of each threshold."""

from __future__ import annotations

import pytest

from policies import estimate
from tests.policies.conftest import household, member, param, program, standard, status

STD = standard()


# --- 低保 --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("income", "expected"), [(STD - 1, "likely"), (STD, "unlikely")])
def test_dibao_income_below_the_standard(income, expected):
    assert status(household(household_monthly_income=income), "dibao") == expected


def test_dibao_compares_per_person_income_for_the_whole_household():
    three = [member(), member(relation="spouse"), member(relation="child", age=12)]
    assert (
        status(household(household_monthly_income=3 * STD - 3, members=three), "dibao") == "likely"
    )
    assert status(household(household_monthly_income=3 * STD, members=three), "dibao") == "unlikely"


@pytest.mark.parametrize(
    ("assets", "expected"), [(True, "likely"), (False, "unlikely"), (..., "possible")]
)
def test_dibao_needs_assets_within_local_limits(assets, expected):
    facts = household(household_monthly_income=100, assets_within_local_limits=assets)
    assert status(facts, "dibao") == expected


def test_dibao_uses_the_rural_standard_for_rural_households():
    rural = standard(area="rural")
    assert rural < STD
    assert status(household(area="rural", household_monthly_income=rural - 1), "dibao") == "likely"
    assert status(household(area="rural", household_monthly_income=rural), "dibao") == "unlikely"


def test_dibao_unknown_area_between_the_two_standards_asks_for_the_area():
    rural = standard(area="rural")
    result = estimate(household(area=..., household_monthly_income=(rural + STD) / 2))
    dibao = program(result, "dibao")
    assert dibao["status"] == "possible"
    assert "area" in dibao["missing_facts"]


def test_dibao_reason_names_income_standard_and_provisional_mark():
    reasons = program(estimate(household(household_monthly_income=200)), "dibao")["reasons"]
    text = " ".join(reasons)
    assert "人均月收入 200 元" in text
    assert f"{STD:g} 元（暂定值）" in text


def test_dibao_amount_is_the_gap_plus_the_disabled_uplift_in_huining():
    uplift = param("dibao_disabled_uplift")
    disabled = member(disability={"grade": 4, "type": "hearing"})
    facts = household(household_monthly_income=200, members=[disabled, member(relation="spouse")])
    amount = program(estimate(facts), "dibao")["estimated_amount"]
    assert amount["monthly"] == pytest.approx((STD - 100) * 2 + STD * uplift)
    wuwei = household(locality="620600", household_monthly_income=200, members=[disabled, member()])
    wuwei_std = standard("620600")
    assert program(estimate(wuwei), "dibao")["estimated_amount"]["monthly"] == pytest.approx(
        (wuwei_std - 100) * 2
    )


@pytest.mark.parametrize(
    ("disability", "expected"),
    [
        ({"grade": 1, "type": "physical"}, "likely"),
        ({"grade": 2, "type": "visual"}, "likely"),
        ({"grade": 3, "type": "intellectual"}, "likely"),
        ({"grade": 3, "type": "mental"}, "likely"),
        ({"grade": 3, "type": "physical"}, "unlikely"),
        ({"grade": 4, "type": "mental"}, "unlikely"),
        (None, "unlikely"),
    ],
)
def test_dibao_single_person_inclusion_for_severely_disabled_in_edge_families(disability, expected):
    facts = household(
        household_monthly_income=2 * 1.2 * STD,
        members=[member(disability=disability), member(relation="spouse")],
    )
    assert status(facts, "dibao") == expected


def test_dibao_single_person_inclusion_stops_at_the_edge_family_ceiling():
    upper = param("low_income_upper_ratio")
    severe = [member(disability={"grade": 1, "type": "physical"})]
    below = household(household_monthly_income=upper * STD - 1, members=severe)
    at = household(household_monthly_income=upper * STD, members=severe)
    assert status(below, "dibao") == "likely"
    assert status(at, "dibao") == "unlikely"


@pytest.mark.parametrize(("medical", "expected"), [(10001, "likely"), (10000, "unlikely")])
def test_dibao_serious_illness_by_out_of_pocket_above_last_year_income(medical, expected):
    facts = household(
        household_monthly_income=1.2 * STD + medical / 12 * param("rigid_expense_deduction_ratio"),
        last_year_total_income=10000,
        expenses_12m={"medical_out_of_pocket": medical},
    )
    assert status(facts, "dibao") == expected


def test_dibao_single_person_inclusion_for_recognised_serious_illness():
    facts = household(household_monthly_income=1.2 * STD, members=[member(serious_illness=True)])
    result = program(estimate(facts), "dibao")
    assert result["status"] == "likely"
    assert any("单人户" in r for r in result["reasons"])


def _taper(locality: str, income: float, employment: str = "employed") -> dict:
    return household(
        locality=locality,
        household_monthly_income=income,
        current_benefits=["dibao"],
        members=[member(employment=employment)],
    )


def test_dibao_taper_for_recipients_who_found_work_in_huining():
    cost = param("employment_cost_deduction_monthly")
    assert status(_taper("620422", 3 * STD + cost), "dibao") == "likely"
    assert status(_taper("620422", 3 * STD, employment="unemployed"), "dibao") == "unlikely"
    no_benefit = _taper("620422", 3 * STD)
    no_benefit["current_benefits"] = []
    assert status(no_benefit, "dibao") == "unlikely"


def test_dibao_taper_in_jixi_ends_at_twice_the_standard_without_a_work_condition():
    jixi = standard("341824")
    assert status(_taper("341824", 2 * jixi - 1, "unemployed"), "dibao") == "likely"
    assert status(_taper("341824", 2 * jixi, "unemployed"), "dibao") == "unlikely"
    reasons = program(estimate(_taper("341824", 1.8 * jixi, "unemployed")), "dibao")["reasons"]
    assert any("渐退期" in r for r in reasons)


# --- 特困 --------------------------------------------------------------------------------------
def _alone(**fields) -> dict:
    base = {"has_capable_supporter": False, "monthly_income": 0}
    base.update(fields)
    return household(household_monthly_income=..., members=[member(**base)])


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"age": 60, "able_to_work": ...}, "likely"),
        ({"age": 59, "able_to_work": True}, "unlikely"),
        ({"age": 59, "able_to_work": ...}, "unlikely"),  # neither elder, minor nor disabled
        ({"age": 59, "able_to_work": ..., "disability": ...}, "possible"),
        ({"age": 15, "able_to_work": ...}, "likely"),  # under 16: no work ability
        ({"age": 16, "able_to_work": ...}, "possible"),  # 16-17: work ability must be asked
        ({"age": 17, "able_to_work": False}, "likely"),
        ({"age": 18, "able_to_work": True}, "unlikely"),
        (
            {"age": 40, "disability": {"grade": 2, "type": "physical"}, "able_to_work": ...},
            "likely",
        ),
        ({"age": 40, "disability": {"grade": 3, "type": "mental"}, "able_to_work": ...}, "likely"),
        (
            {"age": 40, "disability": {"grade": 3, "type": "physical"}, "able_to_work": ...},
            "possible",
        ),
        (
            {"age": 40, "disability": {"grade": 2, "type": "visual"}, "able_to_work": True},
            "unlikely",
        ),
        ({"age": 70, "monthly_income": 1}, "unlikely"),
        ({"age": 70, "has_capable_supporter": True}, "unlikely"),
        ({"age": 70, "has_capable_supporter": ...}, "possible"),
    ],
)
def test_tekun_conditions(fields, expected):
    assert status(_alone(**fields), "tekun") == expected


def test_tekun_standard_is_at_least_1_3_times_dibao_and_care_tier_named():
    result = program(estimate(_alone(age=80, self_care="total_loss")), "tekun")
    assert result["estimated_amount"]["monthly"] == pytest.approx(STD * param("tekun_basic_ratio"))
    assert any("全失能" in r for r in result["reasons"])
    assert any("暂定值" in r for r in result["reasons"])


# --- 低保边缘 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("multiple", "delta", "expected"),
    [(1, -1, "unlikely"), (1, 0, "likely"), (1.5, -1, "likely"), (1.5, 0, "unlikely")],
)
def test_low_income_between_one_and_one_and_a_half_standards(multiple, delta, expected):
    facts = household(household_monthly_income=multiple * STD + delta)
    assert status(facts, "low_income") == expected


def test_low_income_in_shaanxi_uses_the_shaanxi_standard():
    shaanxi = standard("610000")
    assert (
        status(household(locality="610000", household_monthly_income=shaanxi * 1.4), "low_income")
        == "likely"
    )


# --- 刚性支出 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("spent", "expected"), [(20001, "likely"), (20000, "unlikely")])
def test_rigid_expenditure_above_last_year_income(spent, expected):
    facts = household(
        household_monthly_income=3000,
        last_year_total_income=20000,
        expenses_12m={"medical_out_of_pocket": spent - 5000, "education": 5000},
    )
    assert status(facts, "rigid_expenditure") == expected


def test_rigid_expenditure_unknown_without_expenses():
    facts = household(expenses_12m=..., last_year_total_income=...)
    assert status(facts, "rigid_expenditure") == "possible"


# --- 临时救助 ------------------------------------------------------------------------------------
def test_temporary_after_an_event_with_huining_formula():
    three = [member(), member(relation="spouse"), member(relation="child", age=9)]
    facts = household(household_monthly_income=5000, events=[{"type": "fire"}], members=three)
    result = program(estimate(facts), "temporary")
    assert result["status"] == "likely"
    months = param("temporary_max_months")
    assert result["estimated_amount"]["once"] == pytest.approx(STD * 3 * months)
    assert any("一事一议" in r for r in result["reasons"])
    assert any("暂定值" in r for r in result["reasons"])


def test_temporary_without_event_or_rigid_spending_is_unlikely():
    assert status(household(household_monthly_income=5000), "temporary") == "unlikely"


def test_temporary_in_anhui_uses_two_to_four_times_the_standard():
    jixi = standard("341824")
    facts = household(locality="341824", events=[{"type": "traffic_accident"}])
    amount = program(estimate(facts), "temporary")["estimated_amount"]
    assert amount["min"] == pytest.approx(2 * jixi)
    assert amount["once"] == pytest.approx(4 * jixi)


def test_temporary_has_no_hukou_restriction():
    facts = household(residency="non_local", events=[{"type": "job_loss"}])
    result = program(estimate(facts), "temporary")
    assert result["status"] == "likely"
    assert any("户籍地" in r for r in result["reasons"])


def test_temporary_for_spending_hardship_without_an_event():
    facts = household(
        household_monthly_income=2000,
        last_year_total_income=24000,
        expenses_12m={"medical_out_of_pocket": 30000},
    )
    assert status(facts, "temporary") == "likely"


def test_temporary_visitors_are_referred_home_for_dibao_but_not_ruled_out():
    visitor = household(residency="non_local", household_monthly_income=100)
    permit = household(residency="residence_permit", household_monthly_income=100)
    result = program(estimate(visitor), "dibao")
    assert result["status"] == "possible"
    assert any("户籍地" in r for r in result["reasons"])
    assert status(permit, "dibao") == "likely"
    assert status(household(residency="non_local", household_monthly_income=STD), "dibao") == (
        "unlikely"
    )
