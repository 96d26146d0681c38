"""Parse real Chinese messages with the trained model (skipped when no model has been trained).

`make test` trains once to models/hotline.tar.gz; set NLU_MODEL to test another archive.
Nothing is trained here.
"""

import asyncio
import os
from pathlib import Path

import pytest

MODEL = Path(os.environ.get("NLU_MODEL", "models/hotline.tar.gz"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MODEL.exists(), reason=f"no trained model at {MODEL}"),
]


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


def _parse(agent, text: str) -> dict:
    return asyncio.run(agent.parse_message(text))


def _values(result: dict, name: str) -> list:
    return [entity["value"] for entity in result["entities"] if entity["entity"] == name]


def test_operator_text_yields_intent_and_normalised_facts(agent) -> None:
    result = _parse(
        agent,
        "来电人反映：其家中3口人，丈夫去年车祸后二级残疾，妻子无业，每月仅靠600元生活。"
        "诉求：咨询能否办理低保。",
    )
    assert result["intent"]["name"] == "request_dibao"
    assert 3 in _values(result, "household_size")
    assert 2 in _values(result, "disability_grade")
    money = _values(result, "monthly_income") + _values(result, "amount")
    assert 600.0 in money


def test_short_answer_with_chinese_numerals(agent) -> None:
    result = _parse(agent, "三口人，每月两千五")
    assert 3 in _values(result, "household_size")
    assert 2500.0 in _values(result, "monthly_income") + _values(result, "amount")


def test_place_is_resolved_to_its_code(agent) -> None:
    result = _parse(agent, "我是会宁县的，家里着火了，东西都烧光了")
    places = [entity for entity in result["entities"] if entity["entity"] == "place"]
    assert any(place.get("code") == "620422" for place in places)


def test_a_very_long_message_is_read_as_its_beginning_and_end() -> None:
    from bot.nlu.tokenizer import MAX_TOKENS, TAIL_TOKENS, keep_within

    tokens = list(range(40_000))
    kept = keep_within(tokens)
    assert len(kept) == MAX_TOKENS
    assert kept[:3] == [0, 1, 2] and kept[-TAIL_TOKENS:] == tokens[-TAIL_TOKENS:]
    assert keep_within(tokens[:10]) == tokens[:10]
