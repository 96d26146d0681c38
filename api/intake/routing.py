"""Where one text goes, from the NLU's reading of it: the rule the operator intake, the bulk import
and the NLU evaluation share (see api.intake.triage).

Plain Python (household's vocabulary only): it runs in the ticket service (3.11) and in the NLU
evaluation beside Rasa (3.10).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from household.needs import CATEGORY_ZH, IN_SCOPE
from household.words import need_named

# General dispatch: the category of a 12345 matter that is not social assistance, also used for a
# text whose need is uncertain (then marked for review).
GENERAL_DISPATCH = "out_of_scope"
REVIEW_MARK = "待人工确认"
# A need goes to its department only when the model gives it at least this probability. The
# long-text reader's confidence is calibrated (in scope x this need); DIET's is its softmax.
ROUTE_MIN_CONFIDENCE = 0.5


class RouteDecision(NamedTuple):
    """Where one text goes.

    ``category`` is the need routed to its department, ``out_of_scope`` for a clear general
    12345 matter, or None: general dispatch with 「待人工确认」 (``needs_review``), the model's
    guess in ``suggestion``.
    """

    category: str | None
    confidence: float
    needs_review: bool
    suggestion: str | None = None
    # What decided a routed need: the model ("nlu") or the text naming it outright ("words").
    source: str = "nlu"

    @property
    def filing_category(self) -> str:
        """The work-order category to file: general dispatch when the need is not certain."""
        return self.category or GENERAL_DISPATCH

    @property
    def note(self) -> str:
        """「待人工确认」 with the guess, for the work order and the operator; empty otherwise."""
        if not self.needs_review:
            return ""
        return review_note(self.suggestion, self.confidence if self.suggestion else None)


def review_note(suggestion: str | None, confidence: float | None = None) -> str:
    """The 「待人工确认」 note of a text sent to general dispatch because its need is uncertain:
    the guess (the model's with its confidence, or the estimate's without) when there is one."""
    if not suggestion:
        return f"{REVIEW_MARK}：智能助手未能判断诉求类别"
    name = CATEGORY_ZH.get(suggestion, suggestion)
    if confidence is None:
        return f"{REVIEW_MARK}：按政策测算疑似「{name}」，请人工确认诉求类别"
    return f"{REVIEW_MARK}：疑似「{name}」（把握 {confidence:.0%}），请人工确认诉求类别"


def _confidence(entry: Mapping[str, Any]) -> float:
    value = entry.get("confidence")
    return float(value) if isinstance(value, int | float) else 0.0


def route_text(parse: Mapping[str, Any], text: str = "") -> RouteDecision:
    """The routing decision for one text from Rasa's ``/model/parse`` answer.

    Used by the operator intake (:func:`triage`) and the bulk import, so both send a text to the
    same place. A need with confidence >= ``ROUTE_MIN_CONFIDENCE`` is routed; a clear general
    matter goes to general dispatch; a need the model is unsure of but the text names outright
    (申请低保, 办五保 …) goes to that need; anything else (a need the model is unsure of, the
    fallback intent, a conversation intent such as 你好) goes to general dispatch for review.
    """
    decision = _route_parse(parse)
    if decision.needs_review:
        named = need_named(text)
        if named is not None:
            return RouteDecision(named, decision.confidence, False, None, "words")
    return decision


def _route_parse(parse: Mapping[str, Any]) -> RouteDecision:
    intent = parse.get("intent")
    intent = intent if isinstance(intent, Mapping) else {}
    name = intent.get("name")
    confidence = _confidence(intent)
    if name == GENERAL_DISPATCH:
        return RouteDecision(GENERAL_DISPATCH, confidence, False)
    if name in IN_SCOPE and confidence >= ROUTE_MIN_CONFIDENCE:
        return RouteDecision(str(name), confidence, False)
    if name in IN_SCOPE:
        return RouteDecision(None, confidence, True, str(name))
    ranking = parse.get("intent_ranking")
    for entry in ranking if isinstance(ranking, list) else []:
        if isinstance(entry, Mapping) and entry.get("name") in IN_SCOPE:
            return RouteDecision(None, _confidence(entry), True, str(entry["name"]))
    return RouteDecision(None, 0.0, True)
