"""Invalid household facts are refused with a one-line bilingual message; valid ones pass."""

from __future__ import annotations

import math

import pytest

from policies import InvalidHousehold, estimate
from tests.policies.conftest import household, member


@pytest.mark.parametrize(
    ("facts", "fragment"),
    [
        ({"locality": "62042", "members": [{}]}, "locality must be 6 digits"),
        ({"locality": "6204222", "members": [{}]}, "locality must be 6 digits"),
        ({"locality": 620422, "members": [{}]}, "locality must be 6 digits"),
        ({"locality": "62O422", "members": [{}]}, "locality must be 6 digits"),
        ({"locality": "620422<script>", "members": [{}]}, "locality must be 6 digits"),
        ({"locality": "620422' OR 1=1 --", "members": [{}]}, "locality must be 6 digits"),
        ({"members": [{}]}, "locality is required"),
        ({"locality": "620422", "members": []}, "members must be a non-empty list"),
        ({"locality": "620422"}, "members must be a non-empty list"),
        ({"locality": "620422", "members": "张三"}, "members must be a non-empty list"),
        ({"locality": "620422", "members": ["self"]}, "members[0] must be an object"),
        ({"locality": "620422", "members": [{"age": "五十"}]}, "members[0].age must be an integer"),
        ({"locality": "620422", "members": [{"age": 131}]}, "between 0 and 130"),
        ({"locality": "620422", "members": [{"age": -1}]}, "between 0 and 130"),
        ({"locality": "620422", "members": [{"age": True}]}, "must be an integer"),
        ({"locality": "620422", "members": [{"age": 3.5}]}, "must be an integer"),
        ({"locality": "620422", "members": [{"monthly_income": -1}]}, "must not be negative"),
        ({"locality": "620422", "members": [{"monthly_income": "800"}]}, "must be a number"),
        ({"locality": "620422", "members": [{"monthly_income": True}]}, "must be a number"),
        ({"locality": "620422", "members": [{"monthly_income": math.nan}]}, "finite"),
        ({"locality": "620422", "members": [{"relation": "boss"}]}, "relation must be one of"),
        ({"locality": "620422", "members": [{"disability": {"grade": 5}}]}, "between 1 and 4"),
        ({"locality": "620422", "members": [{"disability": "一级"}]}, "object or null"),
        ({"locality": "620422", "members": [{"serious_illness": "yes"}]}, "true or false"),
        ({"locality": "620422", "members": [{}], "household_monthly_income": -5}, "negative"),
        ({"locality": "620422", "members": [{}], "as_of": "2025-02-30"}, "YYYY-MM-DD"),
        ({"locality": "620422", "members": [{}], "area": "城镇"}, "area must be one of"),
        ({"locality": "620422", "members": [{}], "events": [{}]}, "with a type"),
        (
            {"locality": "620422", "members": [{}], "events": [{"type": "fire", "loss": -1}]},
            "negative",
        ),
        ({"locality": "620422", "members": [{}], "expenses_12m": {"education": -3}}, "negative"),
        ({"locality": "620422", "members": [{}], "current_benefits": [1]}, "list of strings"),
        (["620422"], "must be a JSON object"),
    ],
)
def test_invalid_facts_are_refused_with_a_bilingual_line(facts, fragment):
    with pytest.raises(InvalidHousehold) as caught:
        estimate(facts)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
    zh, en = message.split(" / ", 1)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), "the first half is Chinese"
    assert en.isascii()


def test_invalid_household_is_a_value_error():
    assert issubclass(InvalidHousehold, ValueError)


def test_validation_does_not_modify_the_input():
    facts = household(members=[member(monthly_income=None)])
    snapshot = repr(facts)
    estimate(facts)
    assert repr(facts) == snapshot


def test_null_optional_fields_are_unknown_not_errors():
    result = estimate(
        {"locality": "620422", "area": None, "members": [{"age": None, "monthly_income": None}]}
    )
    assert result["per_capita_monthly_income"] is None
    assert len(result["programs"]) == 18


def test_extra_fields_are_accepted_and_ignored():
    facts = household(note="来电人情绪激动", members=[member(nickname="老张")])
    assert len(estimate(facts)["programs"]) == 18


def test_integral_float_age_is_an_integer():
    assert len(estimate({"locality": "620422", "members": [{"age": 52.0}]})["programs"]) == 18


def test_ten_thousand_character_locality_is_refused():
    with pytest.raises(InvalidHousehold):
        estimate({"locality": "6" * 10_000, "members": [{}]})


def test_emoji_and_long_text_in_extra_fields_are_harmless():
    facts = household(comment="😀" * 10_000)
    assert len(estimate(facts)["programs"]) == 18


def test_a_household_of_ten_thousand_members_gets_a_bounded_answer():
    result = estimate(
        {"locality": "620422", "members": [{"age": 30, "monthly_income": 1}] * 10_000}
    )
    assert len(result["programs"]) == 18
    for entry in result["programs"]:
        assert len(entry["reasons"]) <= 31
        assert len(entry["missing_facts"]) <= 40


def test_nulls_inside_events_and_disability_are_unknown():
    facts = {
        "locality": "620422",
        "members": [{"disability": {"grade": None, "type": "physical"}}],
        "events": [{"type": "fire", "date": None, "loss": None}],
    }
    result = estimate(facts)
    assert len(result["programs"]) == 18
