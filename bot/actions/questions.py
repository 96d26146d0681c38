"""Which question to ask next: the place, the household size, then policies' most decisive unknown."""

from __future__ import annotations

import functools
import json
import logging
from typing import Any

from bot.actions import settings
from household.answers import field_kind
from household.facts import for_policy, household_size
from household.paths import is_known

logger = logging.getLogger(__name__)

MAX_QUESTIONS = 8


def _policies() -> Any:
    import policies

    return policies


def next_field(
    household: dict[str, Any],
    locality: str | None,
    skipped: list[str],
    asked: int,
) -> str | None:
    """The next fact to ask about, or None when the estimate should be given now.

    One turn asks this several times with the same state (form, validation, question), and
    policies' ranking costs tens of milliseconds, so answers are cached by state.
    """
    key = json.dumps([household, locality, sorted(skipped), asked], sort_keys=True, default=str)
    return _next_field_cached(key)


@functools.lru_cache(maxsize=512)
def _next_field_cached(key: str) -> str | None:
    household, locality, skipped, asked = json.loads(key)
    return _next_field(household, locality, skipped, asked)


def _next_field(
    household: dict[str, Any], locality: str | None, skipped: list[str], asked: int
) -> str | None:
    if asked >= MAX_QUESTIONS:
        return None
    if not locality and "locality" not in skipped:
        return "locality"
    if household_size(household) is None and "members" not in skipped:
        return "members"
    try:
        candidates = _policies().most_decisive_unknowns(
            for_policy(household, locality or settings.hotline_locality()), None, limit=10
        )
    except Exception:
        logger.exception("most_decisive_unknowns failed")
        return None
    for path in candidates:
        if path in skipped or is_known(household, path):
            continue
        if field_kind(path) == "unknown":
            continue  # a fact we could not read from an answer: do not ask it
        return path
    return None
