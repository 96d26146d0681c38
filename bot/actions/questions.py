"""Which question to ask next: the place, the household size, then policies' most decisive unknown."""

from __future__ import annotations

import functools
import json
import logging
from typing import Any

from bot.actions import settings
from household.answers import field_kind
from household.facts import for_policy, household_size
from household.needs import PROGRAM_OF_NEED
from household.paths import field_name, is_known, member_index
from household.questions import (
    certificate_without_grade,
    has_question,
    makes_sense,
    may_be_disabled,
)

logger = logging.getLogger(__name__)

MAX_QUESTIONS = 8
# Beyond the facts that decide the program asked for, other facts are asked only while fewer
# than this many questions have been asked (the rest is for the caseworker).
SOFT_LIMIT = 5
# A household told in detail needs fewer questions: one less from this many facts of its members,
# two less from FULLY_TOLD.
WELL_TOLD = 8
FULLY_TOLD = 14


def _policies() -> Any:
    import policies

    return policies


def next_field(
    household: dict[str, Any],
    locality: str | None,
    skipped: list[str],
    asked: int,
    focus: str | None = None,
) -> str | None:
    """The next fact to ask about, or None when the estimate should be given now."""
    remaining = remaining_fields(household, locality, skipped, asked, focus)
    return remaining[0] if remaining else None


def remaining_fields(
    household: dict[str, Any],
    locality: str | None,
    skipped: list[str],
    asked: int,
    focus: str | None = None,
) -> list[str]:
    """The facts still to ask, best first, at most what the question budget leaves.

    Only facts whose answer could change a program's status are asked, those that decide the
    program the citizen asked for (``focus``) first; a fact that would only narrow what stays
    "possible" is left to the caseworker. One turn asks this several times with the same state
    (form, validation, question), and the rules' ranking costs tens of milliseconds, so answers
    are cached by state.
    """
    key = json.dumps(
        [household, locality, sorted(skipped), asked, focus], sort_keys=True, default=str
    )
    return list(_remaining_cached(key))


@functools.lru_cache(maxsize=512)
def _remaining_cached(key: str) -> tuple[str, ...]:
    household, locality, skipped, asked, focus = json.loads(key)
    return tuple(_remaining(household, locality, skipped, asked, focus))


def _remaining(
    household: dict[str, Any],
    locality: str | None,
    skipped: list[str],
    asked: int,
    focus: str | None,
) -> list[str]:
    budget = MAX_QUESTIONS - asked
    if budget <= 0:
        return []
    first: list[str] = []
    if not locality and "locality" not in skipped:
        first.append("locality")
    if household_size(household) is None and "members" not in skipped:
        first.append("members")
    if not _any_income_told(household) and "household_monthly_income" not in skipped:
        # no money told at all: the one fact most programs turn on (低保, 低保边缘, 特困, 医疗,
        # 教育), though alone it rarely settles one while property is unknown too
        first.append("household_monthly_income")
    elif (
        "household_monthly_income" in skipped
        and household.get("_yearly_income")
        and household.get("last_year_total_income") is None
        and "last_year_total_income" not in skipped
    ):
        # 「一年到头就靠几亩茶」 and no monthly sum known: a farm's income is known by the year
        first.append("last_year_total_income")
    try:
        ranked = _policies().decisive_unknowns(
            for_policy(household, locality or settings.hotline_locality()), None, limit=12
        )
    except Exception:
        logger.exception("decisive_unknowns failed")
        ranked = []
    askable = [
        (path, changes)
        for path, changes in ranked
        if changes  # an answer can change a status
        and path not in first
        and path not in skipped
        and not is_known(household, path)
        and field_kind(path) != "unknown"  # a fact we could not read from an answer
        and has_question(path)
        and makes_sense(path, household)
    ]
    if focus != "disability_subsidies":
        # another member's certificate only where the words hint at a disability: a row of
        # certificate questions about a healthy family crowds out income and property
        askable = [
            (path, changes)
            for path, changes in askable
            if field_name(path) != "disability"
            or member_index(path) in (None, 0)
            or may_be_disabled(_member(household, member_index(path)))
        ]
    # a certificate told of without its grade: its grade (policies take the certificate as known)
    members = household.get("members") or []
    ungraded = [
        f"members[{index}].disability"
        for index in range(len(members))
        if certificate_without_grade(household, f"members[{index}].disability")
        and f"members[{index}].disability" not in skipped
    ]
    askable = [(path, frozenset({"disability_subsidies"})) for path in ungraded] + askable
    for_focus = [path for path, changes in askable if focus in changes]
    others = [path for path, changes in askable if focus not in changes]
    told = _facts_told(household)
    soft_limit = SOFT_LIMIT - int(told >= WELL_TOLD) - int(told >= FULLY_TOLD)
    # the program asked for may take one question beyond the soft limit, the others none
    focus_room = max(0, soft_limit + 1 - asked - len(first))
    for_focus = for_focus[:focus_room]
    room = max(0, soft_limit - asked - len(first) - len(for_focus))
    return (first + for_focus + others[:room])[:budget]


def _any_income_told(household: dict[str, Any]) -> bool:
    """Whether any counted money is known (a basic pension, excluded from the count, tells
    nothing of what the household lives on: 「公公有一百多养老金 他爸工地上挣的没个准」)."""
    members = household.get("members") or []
    if household.get("last_year_total_income") is not None:
        return True
    return household.get("household_monthly_income") is not None or any(
        m.get("monthly_income") is not None for m in members
    )


def _facts_told(household: dict[str, Any]) -> int:
    """How many facts of its members are known (the relation itself not counted)."""
    return sum(
        1
        for member in household.get("members") or []
        for key, value in member.items()
        if key != "relation" and not key.startswith("_") and value is not None
    )


def _member(household: dict[str, Any], index: int | None) -> dict[str, Any]:
    members = household.get("members") or []
    return members[index] if index is not None and index < len(members) else {}


def focus_of(tracker: Any) -> str | None:
    """The program the citizen's request names (request_dibao -> dibao), if any."""
    return PROGRAM_OF_NEED.get(str(tracker.get_slot("request_category") or ""))
