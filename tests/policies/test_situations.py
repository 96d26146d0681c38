"""Whole-household situations from YAML (OpenFisca style): statuses, reasons, amounts, citations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policies import estimate
from tests.policies.conftest import program

SITUATION_DIR = Path(__file__).with_name("situations")


def _situations() -> list[Any]:
    return [
        pytest.param(case, id=f"{path.stem}: {case['name']}")
        for path in sorted(SITUATION_DIR.glob("*.yaml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def _amount_text(amount: dict[str, Any]) -> str:
    return " ".join(str(amount.get(key, "")) for key in ("formula", "label"))


def _check_texts(result: dict[str, Any], expected: dict[str, Any]) -> None:
    for pid, fragments in expected.get("reasons_include", {}).items():
        text = " ".join(program(result, pid)["reasons"])
        for fragment in fragments:
            assert fragment in text, (pid, fragment, text)
    for pid, fragments in expected.get("reasons_exclude", {}).items():
        text = " ".join(program(result, pid)["reasons"])
        for fragment in fragments:
            assert fragment not in text, (pid, fragment, text)
    for pid, fragments in expected.get("first_reason_include", {}).items():
        first = program(result, pid)["reasons"][0]
        for fragment in fragments:
            assert fragment in first, (pid, fragment, first)
    for pid, fragments in expected.get("first_reason_exclude", {}).items():
        first = program(result, pid)["reasons"][0]
        for fragment in fragments:
            assert fragment not in first, (pid, fragment, first)


def _check_amounts(result: dict[str, Any], expected: dict[str, Any]) -> None:
    for pid in expected.get("amount_null", []):
        assert program(result, pid)["estimated_amount"] is None, (pid, program(result, pid))
    for pid, fields in expected.get("amount", {}).items():
        amount = program(result, pid)["estimated_amount"]
        assert amount, (pid, program(result, pid)["reasons"])
        for key, value in fields.items():
            assert amount.get(key) == value, (pid, key, amount)
    for pid, keys in expected.get("amount_keys_absent", {}).items():
        amount = program(result, pid)["estimated_amount"] or {}
        for key in keys:
            assert key not in amount, (pid, key, amount)
    for pid, fragments in expected.get("amount_text_include", {}).items():
        amount = program(result, pid)["estimated_amount"]
        assert amount, (pid, program(result, pid)["reasons"])
        for fragment in fragments:
            assert fragment in _amount_text(amount), (pid, fragment, amount)


def _check_citations(result: dict[str, Any], expected: dict[str, Any]) -> None:
    for pid, fragments in expected.get("cites", {}).items():
        documents = " ".join(c["document"] for c in program(result, pid)["citations"])
        for fragment in fragments:
            assert fragment in documents, (pid, fragment, documents)
    for key, borrowed in (("cites_local", False), ("cites_borrowed", True)):
        for pid, fragments in expected.get(key, {}).items():
            cited = program(result, pid)["citations"]
            for fragment in fragments:
                assert any(
                    fragment in c["document"] and bool(c.get("borrowed")) is borrowed for c in cited
                ), (pid, key, fragment, cited)


@pytest.mark.parametrize("case", _situations())
def test_situation(case: dict[str, Any]) -> None:
    result = estimate(case["input"])
    expected = case["output"]
    if "parameters_from" in expected:
        assert result["parameters_from"] == expected["parameters_from"]
    if "per_capita_monthly_income" in expected:
        assert result["per_capita_monthly_income"] == pytest.approx(
            expected["per_capita_monthly_income"]
        )
    statuses = {p["id"]: p["status"] for p in result["programs"]}
    for wanted in ("likely", "possible", "unlikely"):
        for pid in expected.get(wanted, []):
            assert statuses[pid] == wanted, (pid, statuses[pid], program(result, pid)["reasons"])
    for pid in expected.get("not_unlikely", []):
        assert statuses[pid] != "unlikely", (pid, program(result, pid)["reasons"])
    if "max_possible" in expected:
        possible = [pid for pid, s in statuses.items() if s == "possible"]
        assert len(possible) <= expected["max_possible"], possible
    _check_texts(result, expected)
    for pid, paths in expected.get("missing_include", {}).items():
        assert set(paths) <= set(program(result, pid)["missing_facts"]), (
            pid,
            program(result, pid)["missing_facts"],
        )
    for pid, paths in expected.get("missing_exclude", {}).items():
        assert not set(paths) & set(program(result, pid)["missing_facts"]), pid
    for pid, name in expected.get("department", {}).items():
        assert program(result, pid)["department"] == name
    _check_amounts(result, expected)
    _check_citations(result, expected)
    if "defaults_include" in expected:
        applied = {d["fact"] for d in result.get("defaults_applied", [])}
        assert set(expected["defaults_include"]) <= applied, applied
