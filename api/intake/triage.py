"""12345 intake: a pasted work-order text -> the assistant's NLU + the estimator -> a pre-filled form.

The NLU is Rasa's `POST {settings.rasa_url}/model/parse` over HTTP (server-side, short timeout); entities are
folded into household facts by `household.facts.apply_entities`, the same code the chat uses, so the
console and the chat read a text the same way. Urgency comes from `zhtext.safety`, the chat's list.
Rasa down -> an empty form with a notice, never an error.

Where a text goes is decided once, by :func:`route_text`, for the operator intake and the bulk
import alike: a need the model is sure of goes to its department; a need it is not sure of goes to
general dispatch marked 「待人工确认」 with the model's guess, never to a guessed department.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.orm import Session

from api.core.config import get_settings
from api.departments.service import route
from api.intake.routing import (
    GENERAL_DISPATCH,
    REVIEW_MARK,
    ROUTE_MIN_CONFIDENCE,
    RouteDecision,
    review_note,
    route_text,
)
from household.describe import describe_facts
from household.facts import apply_entities, for_policy, new_household
from household.needs import CATEGORIES, PROGRAM_OF_NEED
from household.questions import question_for
from household.words import need_named
from zhtext.masking import find_phones
from zhtext.places import resolve_place
from zhtext.safety import urgency_of

log = logging.getLogger(__name__)

# The routing decision is api.intake.routing's (plain Python, so that the NLU evaluation measures
# the same rule); callers import it from here.
__all__ = [
    "DEFAULT_LOCALITY",
    "GENERAL_DISPATCH",
    "NLU_TIMEOUT_SECONDS",
    "REVIEW_MARK",
    "ROUTE_MIN_CONFIDENCE",
    "NluUnavailable",
    "RouteDecision",
    "Triage",
    "parse_text",
    "route_text",
    "triage",
]

DEFAULT_LOCALITY = "620422"
NLU_TIMEOUT_SECONDS = 5.0


def rasa_url() -> str:
    return get_settings().nlu_url


def rasa_params() -> dict[str, str]:
    """The token the Rasa server's HTTP API asks for (none when it runs without one)."""
    token = get_settings().rasa_token
    return {"token": token} if token else {}


class NluUnavailable(Exception):
    """Rasa could not be reached or answered nonsense."""


def parse_text(text: str, client: httpx.Client | None = None) -> dict[str, Any]:
    """Rasa's parse of one text: {"intent": {...}, "entities": [...]}. Raises NluUnavailable."""
    try:
        if client is None:
            response = httpx.post(
                f"{rasa_url()}/model/parse",
                json={"text": text},
                params=rasa_params(),
                timeout=NLU_TIMEOUT_SECONDS,
            )
        else:
            response = client.post(
                f"{rasa_url()}/model/parse", json={"text": text}, params=rasa_params()
            )
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        # Never log the text: it is personal data.
        log.warning("NLU unavailable: %s", type(exc).__name__)
        raise NluUnavailable from exc
    if not isinstance(body, dict):
        raise NluUnavailable
    return body


@dataclass
class Triage:
    """What the assistant and the estimator make of one work-order text."""

    text: str
    nlu_ok: bool
    category: str | None = None
    confidence: float | None = None
    # Set when the need is uncertain: category is then general dispatch and confidence None.
    needs_review: bool = False
    suggested_category: str | None = None
    review_note: str = ""
    locality: str = DEFAULT_LOCALITY
    place_text: str | None = None
    phone: str | None = None
    id_number: str | None = None
    urgency: str = "normal"
    household: dict[str, Any] = field(default_factory=dict)
    facts: list[str] = field(default_factory=list)
    estimate: dict[str, Any] | None = None
    missing: list[dict[str, str]] = field(default_factory=list)
    department: str | None = None
    # Where the category came from: nlu, words (a need named outright), estimate, or None.
    category_source: str | None = None


def triage(
    session: Session,
    text: str,
    *,
    place: str | None = None,
    phone: str | None = None,
    default_locality: str = DEFAULT_LOCALITY,
    client: httpx.Client | None = None,
    quick_questions: bool = False,
) -> Triage:
    """What the assistant and the estimator make of one text. ``quick_questions``: the open
    questions ranked by how many programs need them, without trying each answer (bulk import)."""
    result = Triage(text=text, nlu_ok=False, locality=default_locality, phone=phone)
    household = new_household()
    try:
        parsed = parse_text(text, client)
        result.nlu_ok = True
    except NluUnavailable:
        parsed = {}
    named = need_named(text)
    if result.nlu_ok:
        decision = route_text(parsed, text)
        result.category = decision.filing_category
        result.confidence = None if decision.needs_review else decision.confidence
        result.category_source = None if decision.needs_review else decision.source
        result.needs_review = decision.needs_review
        result.suggested_category = decision.suggestion
        result.review_note = decision.note
    elif named:  # the NLU is down: a need named outright is no guess
        result.category, result.category_source = named, "words"
    entities = parsed.get("entities") if isinstance(parsed.get("entities"), list) else []
    facts = apply_entities(household, [e for e in entities if isinstance(e, dict)], text)
    result.phone = phone or facts.phone or next(iter(find_phones(text)), None)
    result.id_number = facts.id_number
    code = None
    for candidate in (place, facts.place_text):
        match = resolve_place(candidate) if candidate else None
        if match is not None and not match.ambiguous:
            code = match.code
            break
    code = code or facts.place_code
    if code:
        result.locality = code
    result.place_text = place or facts.place_text
    result.urgency = urgency_of(text)
    result.facts = describe_facts(household)
    result.household = for_policy(household, result.locality)
    _estimate(result, quick_questions)
    if not result.nlu_ok and result.category is None:
        # No NLU: the estimate's likeliest program pre-fills the form for the operator to check.
        result.category = _category_from_estimate(result.estimate)
        result.category_source = "estimate" if result.category else None
    elif result.needs_review and result.suggested_category is None:
        # Unsure: still general dispatch; the estimate's likeliest program is the suggestion.
        result.suggested_category = _category_from_estimate(result.estimate)
        if result.suggested_category:
            result.review_note = review_note(result.suggested_category)
    if result.category in CATEGORIES:
        result.department = route(session, result.locality, result.category).department_code
    return result


def _category_from_estimate(estimate: dict[str, Any] | None) -> str | None:
    """The need of the program the estimate finds most likely (a suggestion to check)."""
    if not estimate:
        return None
    need_of = {program: need for need, program in PROGRAM_OF_NEED.items()}
    for status in ("likely", "possible"):
        for program in estimate.get("programs") or []:
            if program.get("status") == status and program.get("id") in need_of:
                return need_of[program["id"]]
    return None


def _estimate(result: Triage, quick_questions: bool = False) -> None:
    from policies import InvalidHousehold, estimate, most_decisive_unknowns

    try:
        result.estimate = estimate(result.household)
        paths = most_decisive_unknowns(
            result.household, result.estimate, limit=5, quick=quick_questions
        )
    except (InvalidHousehold, TypeError, KeyError, AttributeError) as exc:
        log.warning("estimate failed at intake: %s", type(exc).__name__)
        result.estimate = None
        return
    result.missing = [
        {"path": p, "question": question_for(p, result.household) or p} for p in paths
    ]
