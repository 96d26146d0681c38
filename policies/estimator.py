"""estimate(): household facts -> the eligibility result of the contract."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from policies.catalog import DEPARTMENTS, PROGRAM_IDS, PROGRAMS
from policies.defaults import apply_defaults
from policies.documents import citations
from policies.facts import Facts, yuan
from policies.outcome import Finding
from policies.parameters import ParameterSet, parameters_for
from policies.paths import is_known
from policies.programs import basic, groups, special
from policies.validation import validate_household

Rule = Callable[[Facts, dict[str, Finding]], Finding]

# Evaluation order: a rule may read the findings of the rules before it.
RULES: tuple[tuple[str, Rule], ...] = (
    ("dibao", basic.dibao),
    ("tekun", basic.tekun),
    ("low_income", basic.low_income),
    ("rigid_expenditure", basic.rigid_expenditure),
    ("temporary", basic.temporary),
    ("orphan_child", groups.orphan_child),
    ("medical", special.medical),
    ("education", special.education),
    ("housing", special.housing),
    ("employment", special.employment),
    ("disaster", special.disaster),
    ("disability_subsidies", groups.disability_subsidies),
    ("vagrant", groups.vagrant),
    ("worker_aid", groups.worker_aid),
    ("women_screening", groups.women_screening),
    ("pension_subsidy", groups.pension_subsidy),
    ("care_service", groups.care_service),
    ("legal_aid", groups.legal_aid),
)
assert sorted(name for name, _ in RULES) == sorted(PROGRAM_IDS)

STANDARD_KEYS = (
    "dibao_urban_monthly",
    "dibao_rural_monthly",
    "low_income_upper_ratio",
    "tekun_basic_ratio",
    "dibao_taper_max_months",
    "dibao_taper_income_ceiling_ratio",
    "rigid_expense_deduction_ratio",
    "employment_cost_deduction_monthly",
    "provisional_margin",
)


BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # China has no DST


def beijing_today() -> dt.date:
    """Today's date in China, whatever the server's time zone."""
    return dt.datetime.now(BEIJING).date()


def department_name(params: ParameterSet, role: str) -> str:
    """会宁县民政局 for a known county, 白银市民政局 for a known city, else the county's bureau."""
    return _department_name(
        params.asked, params.known_locality, params.parameters_from, params.place_name(), role
    )


@functools.lru_cache(maxsize=4096)
def _department_name(asked: str, known: bool, used: str, used_name: str, role: str) -> str:
    bureau = DEPARTMENTS[role]
    if known and not asked.endswith("0000"):
        return f"{used_name}{bureau}"
    if used not in ("000000", asked) and not used.endswith("0000"):
        return f"{used_name}所在县（区）{bureau}"
    return f"所在县（市、区）{bureau}"


@functools.lru_cache(maxsize=1024)
def _used_parameters(code: str, as_of: dt.date) -> dict[str, dict[str, Any]]:
    params = parameters_for(code, as_of)
    return {k: params.entry(k).as_dict() for k in STANDARD_KEYS if k in params.values}


def _standards(params: ParameterSet, facts: Facts) -> dict[str, Any]:
    used = {k: dict(v) for k, v in _used_parameters(params.asked, facts.as_of).items()}
    area = facts.area or "urban"
    main = params.entry(f"dibao_{area}_monthly")
    return {
        "dibao_monthly_per_person": main.value,
        "dibao_area": area,
        "dibao_urban_monthly_per_person": params.get("dibao_urban_monthly"),
        "dibao_rural_monthly_per_person": params.get("dibao_rural_monthly"),
        "source": main.source,
        "from": params.origin(f"dibao_{area}_monthly"),
        "provisional": main.provisional,
        "basis": main.basis,
        "effective_from": main.effective_from,
        "parameters": used,
    }


def _fallback_note(params: ParameterSet) -> str | None:
    if params.parameters_from == params.asked:
        return None
    where = params.names.get(params.parameters_from, params.parameters_from)
    if params.parameters_from == "000000":
        return (
            f"地区代码 {params.asked} 暂无本地参数：所用低保标准等是全国参考值（暂定），"
            "不是本地标准"
        )
    return f"地区代码 {params.asked} 的标准采用上级 {where}（{params.parameters_from}）的参数"


def amount_label(amount: dict[str, Any]) -> str:
    """约每月 790 元（暂定） / 约 790-4740 元（暂定）: what the assistant may say of an amount."""
    mark = "（暂定，以审核为准）" if amount.get("provisional") else "（以审核为准）"
    if amount.get("monthly") is not None:
        return f"约每月 {yuan(float(amount['monthly']))} 元{mark}"
    if amount.get("once") is not None:
        return f"约一次性 {yuan(float(amount['once']))} 元{mark}"
    if amount.get("once_min") is not None and amount.get("once_max") is not None:
        low, high = yuan(float(amount["once_min"])), yuan(float(amount["once_max"]))
        return f"一次性约 {low}-{high} 元{mark}"
    return "金额按规定比例结算" + mark


def _program_entry(
    pid: str, finding: Finding, params: ParameterSet, facts: Facts
) -> dict[str, Any]:
    program = PROGRAMS[pid]
    amount = finding.amount
    if amount is not None:
        amount = {**amount, "label": amount_label(amount)}
    return {
        "id": pid,
        "name": program.name,
        "status": finding.status,
        "reasons": finding.reasons,
        "missing_facts": finding.missing,
        "citations": citations(finding.clauses, facts.locality, facts.as_of, facts.area),
        "estimated_amount": amount,
        "department": department_name(params, program.department),
        "department_role": program.department,
        "next_steps": list(program.next_steps),
    }


def _as_of(household: dict[str, Any], today: dt.date | None) -> dt.date:
    if household.get("as_of"):
        return dt.date.fromisoformat(household["as_of"])
    return today or beijing_today()


def with_defaults(
    household: dict[str, Any], today: dt.date | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A validated household with the written-down defaults filled in, and the defaults applied."""
    params = parameters_for(household["locality"], _as_of(household, today))
    return apply_defaults(household, params)


def _run(
    household: dict[str, Any], today: dt.date | None
) -> tuple[Facts, dict[str, Finding], list[dict[str, Any]]]:
    as_of = _as_of(household, today)
    params = parameters_for(household["locality"], as_of)
    household, applied = apply_defaults(household, params)
    facts = Facts(household, params, as_of, frozenset(d["fact"] for d in applied))
    done: dict[str, Finding] = {}
    for pid, rule in RULES:
        done[pid] = rule(facts, done)
    return facts, done, applied


def statuses(household: dict[str, Any], today: dt.date | None = None) -> dict[str, str]:
    """Only the status of each program (for ranking questions): no texts, citations or amounts."""
    _, done, _ = _run(household, today)
    return {pid: finding.status for pid, finding in done.items()}


def evaluate(household: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """Estimate a household that is already validated and normalised."""
    facts, done, applied = _run(household, today)
    household, params, as_of = facts.h, facts.params, facts.as_of
    for finding in done.values():
        finding.missing = [path for path in finding.missing if not is_known(household, path)]
    note = _fallback_note(params)
    if note:
        for finding in done.values():
            # Right after the decisive reason, so a short answer that shows two lines says it.
            finding.reasons.insert(1, note)
    return {
        "locality": household["locality"],
        "parameters_from": params.parameters_from,
        "as_of": as_of.isoformat(),
        "standards": _standards(params, facts),
        "per_capita_monthly_income": (
            None if facts.income.per_capita is None else round(facts.income.per_capita, 2)
        ),
        "defaults_applied": applied,
        "programs": [_program_entry(pid, done[pid], params, facts) for pid in PROGRAM_IDS],
    }


def estimate(household: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """Validate ``household`` (contract household.schema.json) and return the estimate.

    Raises InvalidHousehold (a ValueError) with a one-line bilingual message for invalid facts.
    """
    return evaluate(validate_household(household), today)
