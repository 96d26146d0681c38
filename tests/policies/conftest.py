"""Shared builders for the policies tests."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from policies import estimate
from policies.parameters import parameters_for

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
AS_OF = "2025-01-01"
# A day inside the 会宁 plan's period (2022-2023), for the rules only that plan gives.
HUINING_PLAN_DAY = "2023-06-01"


def standard(locality: str = "620422", area: str = "urban") -> float:
    """The dibao standard the rules use, read from the parameters (never hard-coded in tests)."""
    return float(
        parameters_for(locality, dt.date.fromisoformat(AS_OF)).get(f"dibao_{area}_monthly")
    )


def param(name: str, locality: str = "620422") -> Any:
    return parameters_for(locality, dt.date.fromisoformat(AS_OF)).get(name)


def margin() -> float:
    """How far a provisional figure may be off: decisions on one hold only beyond this margin."""
    return float(param("provisional_margin"))


def member(**fields: Any) -> dict[str, Any]:
    base = {
        "relation": "self",
        "age": 45,
        "sex": "male",
        "able_to_work": True,
        "employment": "unemployed",
        "disability": None,
        "serious_illness": False,
        "has_capable_supporter": True,
        "self_care": "full",
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not ...}


def household(members: list[dict[str, Any]] | None = None, **fields: Any) -> dict[str, Any]:
    """A fully known urban 会宁县 household with no income unless told otherwise.

    Pass a field as ``...`` to leave it unknown.
    """
    base: dict[str, Any] = {
        "locality": "620422",
        "as_of": AS_OF,
        "area": "urban",
        "residency": "local_hukou",
        "assets_within_local_limits": True,
        "household_monthly_income": 0,
        "last_year_total_income": 0,
        "expenses_12m": {"medical_out_of_pocket": 0, "education": 0, "disability_and_care": 0},
        "housing": "adequate",
        "events": [],
        "current_benefits": [],
        "homeless": False,
        "union_worker_hardship": False,
        "members": members if members is not None else [member()],
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not ...}


def program(result: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in result["programs"] if p["id"] == pid)


def status(h: dict[str, Any], pid: str) -> str:
    return program(estimate(copy.deepcopy(h)), pid)["status"]


@pytest.fixture(scope="session")
def result_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((CONTRACTS / "eligibility-result.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="session")
def household_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((CONTRACTS / "household.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)
