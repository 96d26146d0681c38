"""The routing decision shared by the operator intake and the bulk import (api.intake.triage)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.core.database import read_session
from api.intake.triage import (
    GENERAL_DISPATCH,
    REVIEW_MARK,
    ROUTE_MIN_CONFIDENCE,
    RouteDecision,
    route_text,
    triage,
)
from household.needs import CATEGORIES
from household.words import need_named

LONG_TEXT = (
    "尊敬的领导：我家住会宁县河畔镇，丈夫去年车祸后瘫痪在床，两个孩子上学，"
    "家里每月只有八百元收入，药费都付不起了，恳请政府帮帮我们，能不能申请低保？"
)
# The same hardship without naming a program: nothing for the words to decide.
UNNAMED_TEXT = LONG_TEXT.replace("，能不能申请低保？", "。")


def _parse(name: str, confidence: float, ranking: list[tuple[str, float]] | None = None) -> dict:
    return {
        "text": LONG_TEXT,
        "intent": {"name": name, "confidence": confidence},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in (ranking or [])],
        "entities": [],
    }


def test_a_sure_need_goes_to_its_department() -> None:
    decision = route_text(_parse("request_dibao", 0.91))
    assert decision == RouteDecision("request_dibao", 0.91, False, None)
    assert decision.filing_category == "request_dibao"
    assert decision.note == ""


def test_an_unsure_need_goes_to_general_dispatch_for_review() -> None:
    decision = route_text(_parse("request_medical", ROUTE_MIN_CONFIDENCE - 0.01))
    assert decision.category is None
    assert decision.needs_review
    assert decision.suggestion == "request_medical"
    assert decision.filing_category == GENERAL_DISPATCH
    assert decision.note.startswith(REVIEW_MARK)
    assert "医疗救助" in decision.note


def test_the_threshold_itself_routes() -> None:
    assert route_text(_parse("request_housing", ROUTE_MIN_CONFIDENCE)).category == (
        "request_housing"
    )


def test_a_general_matter_goes_to_general_dispatch_without_review() -> None:
    decision = route_text(_parse("out_of_scope", 0.55))
    assert decision == RouteDecision(GENERAL_DISPATCH, 0.55, False, None)
    assert decision.note == ""


@pytest.mark.parametrize("name", ["nlu_fallback", "greet", "inform"])
def test_fallback_or_conversation_intent_is_reviewed_with_the_best_need(name: str) -> None:
    ranking = [(name, 0.4), ("greet", 0.3), ("request_temporary", 0.2), ("request_dibao", 0.1)]
    decision = route_text(_parse(name, 0.4, ranking))
    assert decision.category is None
    assert decision.needs_review
    assert decision.suggestion == "request_temporary"
    assert decision.confidence == pytest.approx(0.2)


@pytest.mark.parametrize(
    "parse",
    [{}, {"intent": None}, {"intent": "request_dibao"}, {"intent": {"name": "x"}}],
)
def test_nonsense_is_reviewed_never_routed(parse: dict[str, Any]) -> None:
    decision = route_text(parse)
    assert decision == RouteDecision(None, 0.0, True, None)
    assert decision.filing_category == GENERAL_DISPATCH
    assert decision.note == f"{REVIEW_MARK}：智能助手未能判断诉求类别"


def _client(parse: dict[str, Any]) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=parse)

    return httpx.Client(transport=httpx.MockTransport(answer), base_url="http://rasa.test")


def test_intake_routes_a_sure_need_to_its_department(database: str) -> None:
    with read_session() as session:
        result = triage(session, LONG_TEXT, client=_client(_parse("request_dibao", 0.9)))
    assert result.category == "request_dibao"
    assert result.confidence == pytest.approx(0.9)
    assert not result.needs_review and result.review_note == ""
    assert result.department == "620422-minzheng"


def test_intake_sends_an_unsure_need_to_general_dispatch(database: str) -> None:
    with read_session() as session:
        sure = triage(session, UNNAMED_TEXT, client=_client(_parse("out_of_scope", 0.9)))
        unsure = triage(session, UNNAMED_TEXT, client=_client(_parse("request_medical", 0.3)))
    assert unsure.category == GENERAL_DISPATCH
    assert unsure.needs_review
    assert unsure.suggested_category == "request_medical"
    assert unsure.confidence is None
    assert REVIEW_MARK in unsure.review_note
    # The same department as a clear general matter: general dispatch, not the guessed one.
    assert unsure.department == sure.department
    assert unsure.department != "620422-yibao"


def test_a_need_named_outright_decides_when_the_model_is_unsure() -> None:
    assert need_named(LONG_TEXT) == "request_dibao" and need_named(UNNAMED_TEXT) is None
    decision = route_text(_parse("request_medical", 0.3), LONG_TEXT)
    assert decision == RouteDecision("request_dibao", 0.3, False, None, "words")
    # Never against a clear reading of the model.
    assert route_text(_parse("out_of_scope", 0.6), LONG_TEXT).category == GENERAL_DISPATCH
    assert route_text(_parse("request_medical", 0.8), LONG_TEXT).category == "request_medical"


def test_intake_takes_the_named_need_and_says_so(database: str) -> None:
    with read_session() as session:
        result = triage(session, LONG_TEXT, client=_client(_parse("request_medical", 0.3)))
    assert (result.category, result.category_source) == ("request_dibao", "words")
    assert not result.needs_review
    assert result.department == "620422-minzheng"


def test_unsure_without_a_model_guess_takes_the_estimate_as_the_suggestion(database: str) -> None:
    with read_session() as session:
        result = triage(session, UNNAMED_TEXT, client=_client(_parse("nlu_fallback", 0.3)))
    assert result.category == GENERAL_DISPATCH and result.needs_review
    # The household read from the words (800 yuan, a disabled husband) makes a program likely.
    assert result.suggested_category in CATEGORIES
    assert "按政策测算疑似" in result.review_note
