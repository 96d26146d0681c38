"""Every result is valid against eligibility-result.schema.json; the estimator never crashes."""

from __future__ import annotations

import json

import pytest

from policies import PROGRAM_IDS, estimate
from tests.policies.conftest import CONTRACTS


def _examples():
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((CONTRACTS / "examples").glob("*.json"))
    ]


@pytest.mark.parametrize("facts", _examples())
def test_contract_examples_give_valid_results(facts, result_validator):
    result = estimate(facts)
    result_validator.validate(result)
    assert [p["id"] for p in result["programs"]] == list(PROGRAM_IDS)


def test_results_cite_documents_by_title_never_by_file_name():
    result = estimate(_examples()[0])
    for entry in result["programs"]:
        assert entry["citations"], entry["id"]
        for citation in entry["citations"]:
            assert "txt" not in citation["document"] and "_" not in citation["document"]


def test_the_anhui_city_plan_is_never_attributed_to_a_city():
    result = estimate({"locality": "340000", "members": [{"age": 40}]})
    for entry in result["programs"]:
        for citation in entry["citations"]:
            if citation["document"].startswith("巩固拓展脱贫攻坚"):
                assert "市" not in citation["document"]


def test_every_likely_answer_resting_on_a_provisional_standard_says_so():
    facts = _examples()[0]  # 会宁县: its 低保标准 is a provisional figure
    result = estimate(facts)
    assert result["standards"]["provisional"] is True
    built_on_dibao = {
        "dibao",
        "medical",
        "education",
        "housing",
        "employment",
        "care_service",
        "women_screening",
    }
    for entry in result["programs"]:
        if entry["id"] in built_on_dibao and entry["status"] == "likely":
            assert any("暂定值" in r for r in entry["reasons"]), entry["id"]
