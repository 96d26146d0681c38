"""Whole-household situations from YAML (OpenFisca style): statuses, reasons, departments."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policies import estimate
from tests.policies.conftest import program

SITUATION_DIR = Path(__file__).with_name("situations")


def _situations() -> list:
    return [
        pytest.param(case, id=f"{path.stem}: {case['name']}")
        for path in sorted(SITUATION_DIR.glob("*.yaml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("case", _situations())
def test_situation(case):
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
            assert statuses[pid] == wanted, (pid, program(result, pid)["reasons"])
    for pid, fragments in expected.get("reasons_include", {}).items():
        text = " ".join(program(result, pid)["reasons"])
        for fragment in fragments:
            assert fragment in text, (pid, fragment, text)
    for pid, paths in expected.get("missing_include", {}).items():
        assert set(paths) <= set(program(result, pid)["missing_facts"])
    for pid, paths in expected.get("missing_exclude", {}).items():
        assert not set(paths) & set(program(result, pid)["missing_facts"])
    for pid, name in expected.get("department", {}).items():
        assert program(result, pid)["department"] == name
    for pid, fragments in expected.get("cites", {}).items():
        documents = " ".join(c["document"] for c in program(result, pid)["citations"])
        for fragment in fragments:
            assert fragment in documents
