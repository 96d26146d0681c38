"""Counted income: exclusions, deductions, and unknown income kept unknown (never zero)."""

from __future__ import annotations

import pytest

from policies import estimate
from tests.policies.conftest import household, member, param, program, standard, status


def test_excluded_income_is_not_counted():
    facts = household(
        household_monthly_income=...,
        members=[member(monthly_income=500, excluded_income=300)],
    )
    result = estimate(facts)
    assert result["per_capita_monthly_income"] == 500
    assert any("不计入家庭收入" in r for r in program(result, "dibao")["reasons"])


def test_member_incomes_take_precedence_over_the_household_total():
    facts = household(
        household_monthly_income=5000,
        members=[member(monthly_income=300), member(relation="spouse", monthly_income=100)],
    )
    assert estimate(facts)["per_capita_monthly_income"] == 200


def test_household_total_is_used_when_member_incomes_are_missing():
    facts = household(
        household_monthly_income=600,
        members=[member(), member(relation="spouse"), member(relation="child", age=10)],
    )
    assert estimate(facts)["per_capita_monthly_income"] == 200


def test_unknown_income_is_unknown_not_zero():
    facts = household(household_monthly_income=..., members=[member()])
    result = estimate(facts)
    assert result["per_capita_monthly_income"] is None
    dibao = program(result, "dibao")
    assert dibao["status"] == "possible"
    assert "household_monthly_income" in dibao["missing_facts"]
    assert "members[0].monthly_income" in dibao["missing_facts"]


def test_partly_known_income_already_above_the_standard_rules_dibao_out():
    facts = household(
        household_monthly_income=...,
        members=[member(monthly_income=10 * standard()), member(relation="spouse")],
    )
    assert estimate(facts)["per_capita_monthly_income"] is None
    assert status(facts, "dibao") == "unlikely"
    assert status(facts, "low_income") == "unlikely"


def test_rigid_expenses_are_deducted_at_the_provisional_ratio_and_say_so():
    ratio = param("rigid_expense_deduction_ratio")
    facts = household(household_monthly_income=1200, expenses_12m={"medical_out_of_pocket": 2400})
    result = estimate(facts)
    assert result["per_capita_monthly_income"] == pytest.approx(1200 - 200 * ratio)
    reasons = program(result, "dibao")["reasons"]
    assert any("刚性支出" in r and "暂定" in r for r in reasons)


def test_employment_cost_is_deducted_for_working_members_only():
    cost = param("employment_cost_deduction_monthly")
    working = household(members=[member(employment="employed", monthly_income=1000)])
    idle = household(members=[member(employment="unemployed", monthly_income=1000)])
    assert estimate(working)["per_capita_monthly_income"] == pytest.approx(1000 - cost)
    assert estimate(idle)["per_capita_monthly_income"] == 1000


def test_deductions_never_make_income_negative():
    facts = household(household_monthly_income=10, expenses_12m={"education": 120000})
    assert estimate(facts)["per_capita_monthly_income"] == 0


def test_household_total_is_never_less_than_the_member_incomes_already_known():
    facts = household(
        household_monthly_income=300,
        members=[member(monthly_income=900), member(relation="spouse")],
    )
    assert estimate(facts)["per_capita_monthly_income"] == 450


def test_missing_facts_never_name_a_known_field():
    facts = household(
        members=[member(sex="female", age=40), member(relation="spouse", sex=...)],
        household_monthly_income=...,
    )
    result = estimate(facts)
    women = program(result, "women_screening")
    assert "members[0].sex" not in women["missing_facts"]
    assert "members[0].age" not in women["missing_facts"]


def test_nutrition_and_care_costs_are_named_but_not_invented():
    nursing = household(members=[member(sex="female", pregnant_or_nursing=True)])
    plain = household()
    reasons = program(estimate(nursing), "dibao")["reasons"]
    assert any("营养费" in r for r in reasons)
    assert (
        estimate(nursing)["per_capita_monthly_income"]
        == estimate(plain)["per_capita_monthly_income"]
    )
