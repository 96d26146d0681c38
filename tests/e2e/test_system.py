"""The whole system answers: a message sent to Rasa's REST webhook gets a Chinese reply."""

import re

import httpx

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_greeting_gets_a_chinese_answer(system):
    replies = system.say("e2e-greet", "你好")
    texts = [reply.get("text", "") for reply in replies]
    assert texts, "Rasa answered nothing"
    assert any(CJK.search(text) for text in texts), texts


def test_api_and_rasa_are_up(system):
    assert httpx.get(f"{system.api_url}/api/v1/health").json() == {"status": "ok"}
    status = httpx.get(f"{system.rasa_url}/status").json()
    assert status["model_file"].endswith("hotline.tar.gz")


def test_model_parse_returns_a_contract_intent(system):
    parsed = httpx.post(f"{system.rasa_url}/model/parse", json={"text": "我想申请低保"}).json()
    assert parsed["intent"]["name"] == "request_dibao"
