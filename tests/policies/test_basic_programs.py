"""低保, 特困, 低保边缘, 刚性支出, 临时救助: both sides of each threshold."""

from __future__ import annotations

import pytest

from policies import estimate
from tests.policies.conftest import (
    HUINING_PLAN_DAY,
    household,
    margin,
    member,
    param,
    program,
    standard,
    status,
)

STD = standard()
M = margin()
BELOW, ABOVE = 1 - M, 1 + M + 1e-9  # a provisional standard decides only beyond this margin


# --- 低保 --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("income", "expected"),
    [
        (STD * BELOW - 1, "likely"),
        (STD * BELOW, "possible"),  # near a provisional standard: the published figure decides
        (STD, "possible"),
        (STD * ABOVE - 1, "possible"),
        (STD * ABOVE, "unlikely"),
    ],
)
def test_dibao_income_below_the_standard_beyond_the_provisional_margin(income, expected):
    assert status(household(household_monthly_income=income), "dibao") == expected


def test_dibao_near_a_provisional_standard_says_what_it_waits_on():
    reasons = program(estimate(household(household_monthly_income=STD)), "dibao")["reasons"]
    assert any("暂定" in r and "接近" in r for r in reasons)


def test_dibao_compares_per_person_income_for_the_whole_household():
    three = [member(), member(relation="spouse"), member(relation="child", age=12)]
    below = household(household_monthly_income=3 * STD * BELOW - 3, members=three)
    above = household(household_monthly_income=3 * STD * ABOVE, members=three)
    assert status(below, "dibao") == "likely"
    assert status(above, "dibao") == "unlikely"


@pytest.mark.parametrize(
    ("assets", "expected"), [(True, "likely"), (False, "unlikely"), (..., "possible")]
)
def test_dibao_needs_assets_within_local_limits(assets, expected):
    facts = household(household_monthly_income=100, assets_within_local_limits=assets)
    assert status(facts, "dibao") == expected


def test_dibao_uses_the_rural_standard_for_rural_households():
    rural = standard(area="rural")
    assert rural < STD
    below = household(area="rural", household_monthly_income=rural * BELOW - 1)
    above = household(area="rural", household_monthly_income=rural * ABOVE)
    assert status(below, "dibao") == "likely"
    assert status(above, "dibao") == "unlikely"


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


def test_dibao_amount_is_the_gap_plus_the_disabled_uplift_in_urban_huining_during_its_plan():
    uplift = param("dibao_disabled_uplift")
    disabled = member(disability={"grade": 4, "type": "hearing"})
    two = [disabled, member(relation="spouse")]
    facts = household(household_monthly_income=200, members=two, as_of=HUINING_PLAN_DAY)
    amount = program(estimate(facts), "dibao")["estimated_amount"]
    assert amount["monthly"] == pytest.approx((STD - 100) * 2 + STD * uplift)
    assert amount["provisional"] is True
    assert "暂定" in amount["label"]
    after_the_plan = household(household_monthly_income=200, members=two)
    amount = program(estimate(after_the_plan), "dibao")["estimated_amount"]
    assert amount["monthly"] == pytest.approx((STD - 100) * 2)
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
        as_of=HUINING_PLAN_DAY,
    )
    assert status(facts, "dibao") == expected


def test_dibao_single_person_inclusion_after_the_huining_plan_is_only_borrowed():
    severe = [member(disability={"grade": 1, "type": "physical"}), member(relation="spouse")]
    facts = household(household_monthly_income=2 * 1.2 * STD, members=severe)
    result = program(estimate(facts), "dibao")
    assert result["status"] == "possible"
    assert any("参照" in r for r in result["reasons"])


def test_dibao_single_person_inclusion_stops_at_the_edge_family_ceiling():
    upper = param("low_income_upper_ratio")
    severe = [member(disability={"grade": 1, "type": "physical"})]
    below = household(
        household_monthly_income=upper * STD * BELOW - 1, members=severe, as_of=HUINING_PLAN_DAY
    )
    near = household(household_monthly_income=upper * STD, members=severe, as_of=HUINING_PLAN_DAY)
    above = household(
        household_monthly_income=upper * STD * ABOVE, members=severe, as_of=HUINING_PLAN_DAY
    )
    assert status(below, "dibao") == "likely"
    assert status(near, "dibao") == "possible"
    assert status(above, "dibao") == "unlikely"


@pytest.mark.parametrize(("medical", "expected"), [(10001, "likely"), (10000, "possible")])
def test_dibao_serious_illness_by_out_of_pocket_above_last_year_income_in_huining(
    medical, expected
):
    # 10000 元 of costs could still be deducted down to the standard (the ratio is open): possible.
    facts = household(
        household_monthly_income=1.2 * STD,
        last_year_total_income=10000,
        expenses_12m={"medical_out_of_pocket": medical},
        as_of=HUINING_PLAN_DAY,
    )
    assert status(facts, "dibao") == expected


def test_dibao_costs_above_last_year_income_are_huinings_definition_of_serious_illness():
    facts = household(
        locality="620600",
        household_monthly_income=1.2 * standard("620600"),
        last_year_total_income=10000,
        expenses_12m={"medical_out_of_pocket": 10001},
    )
    result = program(estimate(facts), "dibao")
    assert result["status"] == "possible"
    assert any("会宁县方案的重病口径" in r for r in result["reasons"])


def test_dibao_single_person_inclusion_for_recognised_serious_illness():
    facts = household(
        household_monthly_income=1.2 * STD,
        members=[member(serious_illness=True)],
        as_of=HUINING_PLAN_DAY,
    )
    result = program(estimate(facts), "dibao")
    assert result["status"] == "likely"
    assert any("单人户" in r for r in result["reasons"])
    assert result["estimated_amount"]["provisional"] is True


def _taper(locality: str, income: float, employment: str = "employed", **fields) -> dict:
    return household(
        locality=locality,
        household_monthly_income=income,
        current_benefits=["dibao"],
        members=[member(employment=employment)],
        **fields,
    )


def test_dibao_taper_for_recipients_who_found_work_in_huining():
    cost = param("employment_cost_deduction_monthly")
    day = {"as_of": HUINING_PLAN_DAY}
    assert status(_taper("620422", 3 * STD + cost, **day), "dibao") == "likely"
    assert status(_taper("620422", 3 * STD, employment="unemployed", **day), "dibao") == "unlikely"
    no_benefit = _taper("620422", 3 * STD, **day)
    no_benefit["current_benefits"] = []
    assert status(no_benefit, "dibao") == "unlikely"


def test_dibao_taper_where_no_local_rule_gives_one_is_only_borrowed():
    result = program(estimate(_taper("110101", 3 * STD)), "dibao")
    assert result["status"] == "possible"
    assert any("渐退" in r and "参照" in r for r in result["reasons"])


def test_dibao_recipients_keep_it_while_income_stays_below_the_standard():
    assert status(_taper("110101", 100, employment="unemployed"), "dibao") == "likely"


def test_dibao_taper_in_jixi_ends_at_twice_the_standard_without_a_work_condition():
    jixi = standard("341824")
    assert status(_taper("341824", 1.5 * jixi, "unemployed"), "dibao") == "likely"
    assert status(_taper("341824", 2 * jixi, "unemployed"), "dibao") == "possible"
    assert status(_taper("341824", 2 * jixi * ABOVE, "unemployed"), "dibao") == "unlikely"
    reasons = program(estimate(_taper("341824", 1.5 * jixi, "unemployed")), "dibao")["reasons"]
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
        ({"age": 59, "able_to_work": ..., "disability": ..., "employment": ...}, "possible"),
        # Looking for work: able to work, whatever the unknown disability (a written default).
        ({"age": 59, "able_to_work": ..., "disability": ...}, "unlikely"),
        ({"age": 15, "able_to_work": ...}, "likely"),  # under 16: no work ability
        ({"age": 16, "able_to_work": ..., "employment": ...}, "possible"),  # 16-17: ask
        ({"age": 17, "able_to_work": False}, "likely"),
        ({"age": 18, "able_to_work": True}, "unlikely"),
        (
            {"age": 40, "disability": {"grade": 2, "type": "physical"}, "able_to_work": ...},
            "likely",
        ),
        ({"age": 40, "disability": {"grade": 3, "type": "mental"}, "able_to_work": ...}, "likely"),
        (
            {
                "age": 40,
                "disability": {"grade": 3, "type": "physical"},
                "able_to_work": ...,
                "employment": ...,
            },
            "possible",
        ),
        (
            {"age": 40, "disability": {"grade": 2, "type": "visual"}, "able_to_work": True},
            "unlikely",
        ),
        # 无生活来源 = income below the 低保 standard (《特困人员认定办法》), not income of 0.
        ({"age": 70, "monthly_income": 200}, "likely"),
        ({"age": 70, "monthly_income": STD}, "possible"),
        ({"age": 70, "monthly_income": STD * ABOVE}, "unlikely"),
        ({"age": 70, "has_capable_supporter": True}, "unlikely"),
        ({"age": 70, "has_capable_supporter": ...}, "possible"),
    ],
)
def test_tekun_conditions(fields, expected):
    assert status(_alone(**fields), "tekun") == expected


def test_tekun_needs_assets_within_the_rules():
    facts = household(
        household_monthly_income=...,
        assets_within_local_limits=...,
        members=[member(age=70, has_capable_supporter=False, monthly_income=0)],
    )
    result = program(estimate(facts), "tekun")
    assert result["status"] == "possible"
    assert "assets_within_local_limits" in result["missing_facts"]


def test_tekun_standard_is_at_least_1_3_times_dibao_in_huining_and_care_tier_named():
    facts = _alone(age=80, self_care="total_loss")
    facts["as_of"] = HUINING_PLAN_DAY
    result = program(estimate(facts), "tekun")
    assert result["estimated_amount"]["monthly"] == pytest.approx(STD * param("tekun_basic_ratio"))
    assert result["estimated_amount"]["provisional"] is True
    assert any("全失能" in r for r in result["reasons"])
    assert any("暂定值" in r for r in result["reasons"])
    later = program(estimate(_alone(age=80)), "tekun")
    assert later["status"] == "likely"
    assert later["estimated_amount"] is None  # 1.3x is 会宁's, and only during its plan
    assert any("参照会宁县方案" in r for r in later["reasons"])


def test_tekun_child_living_with_a_working_parent_has_a_capable_supporter():
    facts = household(
        members=[
            member(employment="employed", monthly_income=1000),
            member(relation="child", age=8, has_capable_supporter=...),
        ],
    )
    result = program(estimate(facts), "tekun")
    assert result["status"] == "unlikely"
    assert any("有劳动能力的本人" in r for r in result["reasons"])


# --- 低保边缘 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("multiple", "expected"),
    [
        (0.5, "unlikely"),  # the whole family is 低保: it is not also a 低保边缘 family
        (1.0, "likely"),  # at the standard: at least 边缘 (低保 itself still possible)
        (1.2, "likely"),
        (1.5 * BELOW - 0.01, "likely"),
        (1.5, "possible"),
        (1.5 * ABOVE, "unlikely"),
    ],
)
def test_low_income_below_one_and_a_half_standards(multiple, expected):
    facts = household(household_monthly_income=multiple * STD)
    assert status(facts, "low_income") == expected


def test_low_income_in_shaanxi_uses_the_shaanxi_standard():
    shaanxi = standard("610000")
    facts = household(locality="610000", household_monthly_income=shaanxi * 1.25)
    assert status(facts, "low_income") == "likely"


# --- 刚性支出 ------------------------------------------------------------------------------------
def _rigid(spent: float, **fields) -> dict:
    base = {
        "household_monthly_income": 3000,
        "last_year_total_income": 20000,
        "expenses_12m": {"medical_out_of_pocket": spent, "education": 0, "disability_and_care": 0},
    }
    base.update(fields)
    return household(**base)


@pytest.mark.parametrize(
    ("spent", "expected"), [(12000, "likely"), (5000, "possible"), (0, "unlikely")]
)
def test_rigid_expenditure_share_of_income_against_the_local_ratio(spent, expected):
    # 20000 元 a year for one person; with basic living at the standard the share is
    # (spent + 12 x standard) / 20000: above 90% (+ margin) it exceeds any ratio in the band.
    assert status(_rigid(spent), "rigid_expenditure") == expected


def test_rigid_expenditure_no_longer_needs_spending_above_last_years_income():
    # 武威, two people: 72000 元 last year, 60000 元 out of pocket (issue #11 finding 1)
    facts = _rigid(
        60000,
        locality="620600",
        household_monthly_income=6000,
        last_year_total_income=72000,
        members=[
            member(employment="employed", monthly_income=6000),
            member(
                relation="spouse",
                serious_illness=True,
                employment="none",
                able_to_work=False,
                monthly_income=0,
            ),
        ],
    )
    assert status(facts, "rigid_expenditure") != "unlikely"


def test_rigid_expenditure_income_must_be_below_local_disposable_income():
    rich = _rigid(100000, last_year_total_income=90000, household_monthly_income=7500)
    result = program(estimate(rich), "rigid_expenditure")
    assert result["status"] == "unlikely"
    assert any("人均可支配收入" in r for r in result["reasons"])


def test_rigid_expenditure_steps_aside_for_a_dibao_family():
    result = program(estimate(_rigid(12000, household_monthly_income=0)), "rigid_expenditure")
    assert result["status"] == "unlikely"
    assert any("按相应类别救助" in r for r in result["reasons"])


def test_rigid_expenditure_unknown_without_expenses():
    facts = household(expenses_12m=..., last_year_total_income=..., household_monthly_income=2000)
    result = program(estimate(facts), "rigid_expenditure")
    assert result["status"] == "possible"
    assert "expenses_12m.medical_out_of_pocket" in result["missing_facts"]


# --- 临时救助 ------------------------------------------------------------------------------------
def test_temporary_after_an_event_with_huining_formula_in_urban_huining_during_its_plan():
    three = [member(), member(relation="spouse"), member(relation="child", age=9)]
    facts = household(
        household_monthly_income=5000,
        events=[{"type": "fire"}],
        members=three,
        as_of=HUINING_PLAN_DAY,
    )
    result = program(estimate(facts), "temporary")
    assert result["status"] == "likely"
    months = param("temporary_max_months")
    amount = result["estimated_amount"]
    assert "once" not in amount  # a range, never the maximum as the estimate
    assert amount["once_min"] == pytest.approx(STD * 3)
    assert amount["once_max"] == pytest.approx(STD * 3 * months)
    assert amount["provisional"] is True
    assert any("一事一议" in r for r in result["reasons"])
    assert any("暂定" in r for r in result["reasons"])


def test_temporary_without_event_or_rigid_spending_is_unlikely():
    assert status(household(household_monthly_income=5000), "temporary") == "unlikely"


def test_temporary_in_jixi_uses_two_to_four_times_the_standard():
    jixi = standard("341824")
    facts = household(locality="341824", events=[{"type": "traffic_accident"}])
    amount = program(estimate(facts), "temporary")["estimated_amount"]
    assert amount["once_min"] == pytest.approx(2 * jixi)
    assert amount["once_max"] == pytest.approx(4 * jixi)
    assert amount["provisional"] is True


def test_temporary_elsewhere_in_anhui_has_no_figure():
    facts = household(locality="341802", events=[{"type": "traffic_accident"}])
    assert program(estimate(facts), "temporary")["estimated_amount"] is None


def test_temporary_has_no_hukou_restriction():
    facts = household(residency="non_local", events=[{"type": "job_loss"}])
    result = program(estimate(facts), "temporary")
    assert result["status"] == "likely"
    assert any("户籍地" in r for r in result["reasons"])


def test_temporary_for_spending_hardship_without_an_event():
    facts = _rigid(30000, household_monthly_income=2000, last_year_total_income=24000)
    assert status(facts, "temporary") == "likely"


def test_temporary_visitors_are_referred_home_for_dibao_but_not_ruled_out():
    visitor = household(residency="non_local", household_monthly_income=100)
    permit = household(residency="residence_permit", household_monthly_income=100)
    result = program(estimate(visitor), "dibao")
    assert result["status"] == "possible"
    assert any("户籍地" in r for r in result["reasons"])
    assert status(permit, "dibao") == "likely"
    above = household(residency="non_local", household_monthly_income=2 * STD)
    assert status(above, "dibao") == "unlikely"
