"""Hypothesis: the estimator never crashes and always returns all 18 programs."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from household import vocabulary as v
from policies import PROGRAM_IDS, InvalidHousehold, estimate, question_for
from policies.paths import is_known

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_KNOWN_FIELDS = set(
    [
        "locality",
        "as_of",
        "area",
        "residency",
        "members",
        "household_monthly_income",
        "assets_within_local_limits",
        "last_year_total_income",
        "expenses_12m",
        "housing",
        "events",
        "current_benefits",
        "homeless",
        "union_worker_hardship",
        "relation",
        "age",
        "sex",
        "monthly_income",
        "excluded_income",
        "disability",
        "serious_illness",
        "able_to_work",
        "employment",
        "school_stage",
        "self_care",
        "pregnant_or_nursing",
        "parents",
        "has_capable_supporter",
    ]
)
SEED_CODES = ["620422", "620400", "620600", "620000", "341824", "341800", "340000", "610000"]

# --- hypothesis: any document the household schema allows ----------------------------------
money = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    st.floats(min_value=0, allow_nan=False, allow_infinity=False),
)
extra_fields = st.dictionaries(
    st.text(min_size=1, max_size=12).filter(lambda k: k not in _KNOWN_FIELDS),
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)),
    max_size=2,
)
maybe = st.booleans()


def _optional(**fields):
    """A fixed dict strategy where every field may be left out."""
    return st.fixed_dictionaries({}, optional=fields)


disability = st.one_of(
    st.none(),
    _optional(grade=st.integers(1, 4), type=st.sampled_from(v.DISABILITY_TYPES)),
)
member_fields = _optional(
    relation=st.sampled_from(v.RELATIONS),
    age=st.integers(0, 130),
    sex=st.sampled_from(v.SEXES),
    monthly_income=money,
    excluded_income=money,
    disability=disability,
    serious_illness=maybe,
    able_to_work=maybe,
    employment=st.sampled_from(v.EMPLOYMENTS),
    school_stage=st.sampled_from(v.SCHOOL_STAGES),
    self_care=st.sampled_from(v.SELF_CARE),
    pregnant_or_nursing=maybe,
    parents=st.sampled_from(v.PARENTS),
    has_capable_supporter=maybe,
)
member = st.builds(lambda known, extra: {**extra, **known}, member_fields, extra_fields)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)).map(
    dt.date.isoformat
)
event = st.fixed_dictionaries(
    {"type": st.sampled_from(v.EVENT_TYPES)}, optional={"date": dates, "loss": money}
)
household_fields = st.fixed_dictionaries(
    {
        "locality": st.one_of(st.sampled_from(SEED_CODES), st.from_regex(r"\A[0-9]{6}\Z")),
        "members": st.lists(member, min_size=1, max_size=8),
    },
    optional={
        "as_of": dates,
        "area": st.sampled_from(v.AREAS),
        "residency": st.sampled_from(v.RESIDENCIES),
        "household_monthly_income": money,
        "assets_within_local_limits": maybe,
        "last_year_total_income": money,
        "expenses_12m": _optional(
            medical_out_of_pocket=money, education=money, disability_and_care=money
        ),
        "housing": st.sampled_from(v.HOUSING),
        "events": st.lists(event, max_size=4),
        "current_benefits": st.lists(
            st.one_of(st.sampled_from(PROGRAM_IDS), st.text(max_size=10)), max_size=4
        ),
        "homeless": maybe,
        "union_worker_hardship": maybe,
    },
)


households = st.builds(lambda known, extra: {**extra, **known}, household_fields, extra_fields)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=households)
def test_any_schema_valid_household_gets_all_18_programs(
    facts, household_validator, result_validator
):
    household_validator.validate(facts)  # the strategy only makes documents the schema allows
    result = estimate(facts)
    assert [p["id"] for p in result["programs"]] == list(PROGRAM_IDS)
    result_validator.validate(result)
    json.dumps(result, allow_nan=False)  # plain JSON: no Infinity or NaN anywhere
    for entry in result["programs"]:
        assert entry["reasons"]
        for path in entry["missing_facts"]:
            assert not is_known(facts, path), (entry["id"], path)
            assert question_for(path), path
        if entry["status"] == "likely":
            assert not (entry["estimated_amount"] or {}).get("once", 0) < 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(
    field=st.sampled_from(
        ["age", "monthly_income", "disability", "employment", "serious_illness", "parents"]
    ),
    top=st.sampled_from(["events", "expenses_12m", "household_monthly_income", "as_of", "area"]),
    value=json_values,
)
def test_arbitrary_values_either_estimate_or_raise_invalid_household(field, top, value):
    facts = {"locality": "620422", "members": [{field: value}], top: value}
    try:
        result = estimate(facts)
    except InvalidHousehold as exc:
        assert "\n" not in str(exc)
    else:
        assert len(result["programs"]) == 18


# --- monotonicity: less income or more cost never makes a status worse -----------------------
RANK = {"unlikely": 0, "possible": 1, "likely": 2}
# A household that moves up a tier leaves the lower one (a 低保 family is not also a 低保边缘 or
# 刚性支出困难 family): the lower tier may drop as long as a higher tier is at least as good.
HIGHER_TIERS = {
    "low_income": ("dibao", "tekun"),
    "rigid_expenditure": ("dibao", "tekun", "low_income"),
}


def _income_paths(facts):
    paths = [
        ("household", key)
        for key in ("household_monthly_income", "last_year_total_income")
        if key in facts
    ]
    paths += [
        ("member", index)
        for index, m in enumerate(facts["members"])
        if isinstance(m, dict) and "monthly_income" in m
    ]
    return paths


def _cost_paths(facts):
    paths = [("expense", key) for key in v.EXPENSE_FIELDS if key in facts.get("expenses_12m", {})]
    paths += [("loss", i) for i, e in enumerate(facts.get("events", [])) if "loss" in e]
    return paths


def _changed(facts, path, factor, extra):
    changed = json.loads(json.dumps(facts))
    kind, key = path
    if kind == "household":
        changed[key] = changed[key] * factor
    elif kind == "member":
        changed["members"][key]["monthly_income"] *= factor
    elif kind == "expense":
        changed["expenses_12m"][key] += extra
    else:
        changed["events"][key]["loss"] += extra
    return changed


def _statuses(facts):
    return {p["id"]: p["status"] for p in estimate(facts)["programs"]}


def assert_not_worse(before, after, what):
    for pid, old in before.items():
        if RANK[after[pid]] >= RANK[old]:
            continue
        higher = HIGHER_TIERS.get(pid, ())
        assert higher and max(RANK[after[h]] for h in higher) >= RANK[old], (
            what,
            pid,
            old,
            after[pid],
        )


# Mostly around the 低保 thresholds (a few hundred to a few thousand yuan), sometimes far above.
small_money = st.one_of(st.integers(0, 3_000), st.integers(0, 200_000))
mono_member = _optional(
    relation=st.sampled_from(v.RELATIONS),
    age=st.integers(0, 100),
    sex=st.sampled_from(v.SEXES),
    monthly_income=small_money,
    excluded_income=small_money,
    disability=disability,
    serious_illness=maybe,
    able_to_work=maybe,
    employment=st.sampled_from(v.EMPLOYMENTS),
    school_stage=st.sampled_from(v.SCHOOL_STAGES),
    self_care=st.sampled_from(v.SELF_CARE),
    parents=st.sampled_from(v.PARENTS),
    has_capable_supporter=maybe,
)
mono_households = st.fixed_dictionaries(
    {
        "locality": st.sampled_from([*SEED_CODES, "620423", "340100", "110101"]),
        "as_of": st.sampled_from(["2023-06-01", "2025-06-01"]),
        "members": st.lists(mono_member, min_size=1, max_size=5),
    },
    optional={
        "area": st.sampled_from(v.AREAS),
        "residency": st.sampled_from(v.RESIDENCIES),
        "household_monthly_income": small_money,
        "assets_within_local_limits": maybe,
        "last_year_total_income": st.one_of(st.integers(0, 40_000), st.integers(0, 1_000_000)),
        "expenses_12m": _optional(
            medical_out_of_pocket=small_money,
            education=small_money,
            disability_and_care=small_money,
        ),
        "housing": st.sampled_from(v.HOUSING),
        "events": st.lists(event, max_size=2),
        "current_benefits": st.lists(st.sampled_from(PROGRAM_IDS), max_size=3),
        "homeless": maybe,
        "union_worker_hardship": maybe,
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts=mono_households,
    choice=st.integers(0, 10**6),
    factor=st.floats(0, 1, exclude_max=True),
    extra=st.integers(1, 200_000),
)
def test_less_income_or_more_cost_never_makes_a_status_worse(facts, choice, factor, extra):
    paths = [*_income_paths(facts), *_cost_paths(facts)]
    if not paths:
        return
    path = paths[choice % len(paths)]
    before = _statuses(facts)
    after = _statuses(_changed(facts, path, factor, extra))
    assert_not_worse(before, after, path)
