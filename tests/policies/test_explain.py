"""most_decisive_unknowns, what_would_change and the question texts."""

from __future__ import annotations

import copy
import json
import re

import pytest

from policies import (
    PROGRAM_IDS,
    QUESTIONS,
    estimate,
    most_decisive_unknowns,
    question_for,
    what_would_change,
)
from policies.paths import get_path as _get
from policies.paths import set_path as _set
from tests.policies.conftest import CONTRACTS, household, member, program, standard

MINIMAL = {
    "locality": "620422",
    "as_of": "2025-01-01",
    "members": [{"relation": "self", "age": 52}],
}


def test_decisive_unknowns_are_unknown_paths_with_questions():
    unknowns = most_decisive_unknowns(MINIMAL)
    assert 1 <= len(unknowns) <= 5
    for path in unknowns:
        assert not _get(MINIMAL, path)[0], path
        assert question_for(path)


def test_quick_unknowns_rank_the_missing_facts_by_how_many_programs_name_them():
    result = estimate(MINIMAL)
    named: dict[str, int] = {}
    for entry in result["programs"]:
        for path in entry.get("missing_facts", []):
            named[path] = named.get(path, 0) + 1
    quick = most_decisive_unknowns(MINIMAL, result, limit=5, quick=True)
    assert 1 <= len(quick) <= 5
    for path in quick:
        assert not _get(MINIMAL, path)[0] and question_for(path) and path in named
    counts = [named[path] for path in quick]
    assert counts == sorted(counts, reverse=True)


def test_decisive_unknowns_put_the_fact_that_changes_most_statuses_first():
    facts = household(
        household_monthly_income=100,
        assets_within_local_limits=...,
        union_worker_hardship=...,
        members=[member(employment="employed")],
    )
    unknowns = most_decisive_unknowns(facts)
    # assets decide 低保 and everything built on it; the union record only 困难职工帮扶
    assert unknowns[0] == "assets_within_local_limits"
    assert unknowns.index("union_worker_hardship") > 0


def test_decisive_unknowns_empty_when_everything_is_known():
    facts = household(
        members=[
            member(
                monthly_income=0,
                excluded_income=0,
                school_stage="college",
                parents="both_present",
                pregnant_or_nursing=False,
            )
        ]
    )
    assert most_decisive_unknowns(facts) == []


def test_decisive_unknowns_respect_the_limit_and_accept_a_given_result():
    result = estimate(MINIMAL)
    assert len(most_decisive_unknowns(MINIMAL, result, limit=2)) == 2


def test_what_would_change_each_change_really_makes_the_program_likely():
    facts = json.loads((CONTRACTS / "examples" / "household-full.json").read_text(encoding="utf-8"))
    changes = what_would_change(facts)
    assert changes
    base = {p["id"]: p["status"] for p in estimate(facts)["programs"]}
    for change in changes:
        assert base[change["program"]] != "likely"
        assert change["becomes"] == "likely"
        changed = estimate(_set(facts, change["fact"], change["value"]))
        assert program(changed, change["program"])["status"] == "likely", change


def test_what_would_change_prefers_answering_an_unknown_fact():
    facts = household(household_monthly_income=100, assets_within_local_limits=...)
    changes = {c["program"]: c for c in what_would_change(facts)}
    assert changes["dibao"]["fact"] == "assets_within_local_limits"
    assert changes["dibao"]["value"] is True
    assert changes["dibao"]["known"] is False


def test_what_would_change_can_name_a_known_fact_but_never_age_or_sex():
    facts = household(household_monthly_income=..., members=[member(monthly_income=5 * standard())])
    changes = what_would_change(facts)
    dibao = next(c for c in changes if c["program"] == "dibao")
    assert dibao["fact"] == "members[0].monthly_income"
    assert dibao["value"] < standard()
    assert dibao["known"] is True
    assert all(not re.search(r"\.(age|sex)$", c["fact"]) for c in changes if c["known"])


def test_what_would_change_does_not_modify_its_input():
    facts = household(assets_within_local_limits=...)
    snapshot = copy.deepcopy(facts)
    what_would_change(facts)
    most_decisive_unknowns(facts)
    assert facts == snapshot


def test_every_missing_fact_of_any_result_has_a_question():
    facts = {"locality": "620422", "members": [{}, {}, {"relation": "child"}]}
    result = estimate(facts)
    for entry in result["programs"]:
        for path in entry["missing_facts"]:
            assert question_for(path), path


def test_question_for_names_the_member():
    assert question_for("members[0].age") == "您今年多大年纪？"
    assert question_for("members[2].disability").startswith("您家第3位家人有残疾证吗")
    assert question_for("household_monthly_income") == QUESTIONS["household_monthly_income"].text
    assert question_for("no_such_field") is None


@pytest.mark.parametrize("path", sorted(QUESTIONS))
def test_questions_are_chinese_and_short(path):
    assert "？" in QUESTIONS[path].text
    assert len(QUESTIONS[path].text) <= 60


def test_program_ids_are_the_contract_order():
    schema = json.loads((CONTRACTS / "eligibility-result.schema.json").read_text(encoding="utf-8"))
    contract = schema["properties"]["programs"]["items"]["properties"]["id"]["enum"]
    assert list(PROGRAM_IDS) == contract


def test_explaining_a_very_large_household_stays_bounded():
    facts = {"locality": "620422", "members": [{"age": 30}] * 40}
    unknowns = most_decisive_unknowns(facts)
    assert all(int(re.search(r"\[(\d+)\]", p).group(1)) < 8 for p in unknowns if "[" in p)
    assert isinstance(what_would_change(facts), list)


# Issue #11 finding 13: 会宁, self 45 unemployed 0 元, spouse 600 元, child 14 in 初中.
HUINING_EXAMPLE = {
    "locality": "620422",
    "as_of": "2025-06-01",
    "assets_within_local_limits": True,
    "current_benefits": [],
    "members": [
        {
            "relation": "self",
            "age": 45,
            "sex": "male",
            "monthly_income": 0,
            "employment": "unemployed",
        },
        {"relation": "spouse", "monthly_income": 600},
        {"relation": "child", "age": 14, "school_stage": "junior_high"},
    ],
}
SETTLED_BY_DEFAULTS = {
    "members[2].monthly_income",  # a pupil under 16: no income unless told
    "members[2].able_to_work",  # under 16: 无劳动能力
    "members[0].able_to_work",  # seeking work: able to work
}


def test_decisive_unknowns_never_ask_what_a_default_settles():
    unknowns = most_decisive_unknowns(HUINING_EXAMPLE, None, 40)
    assert unknowns
    assert not SETTLED_BY_DEFAULTS & set(unknowns)
    result = estimate(HUINING_EXAMPLE)
    applied = {d["fact"] for d in result["defaults_applied"]}
    assert applied >= SETTLED_BY_DEFAULTS
    for entry in result["programs"]:
        assert not SETTLED_BY_DEFAULTS & set(entry["missing_facts"]), entry["id"]


def test_what_would_change_does_not_offer_to_change_a_default():
    for change in what_would_change(HUINING_EXAMPLE):
        assert change["fact"] not in SETTLED_BY_DEFAULTS, change


def test_a_stated_fact_overrides_a_default():
    facts = copy.deepcopy(HUINING_EXAMPLE)
    facts["members"][2]["monthly_income"] = 3000  # the caller says the child earns money
    result = estimate(facts)
    assert "members[2].monthly_income" not in {d["fact"] for d in result["defaults_applied"]}
    assert result["per_capita_monthly_income"] == 1200
