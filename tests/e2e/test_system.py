"""The three processes, started as `make run` starts them: up, and closed to strangers."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.servers import System

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_api_and_rasa_are_up(system: System) -> None:
    assert httpx.get(f"{system.api_url}/api/v1/health").json() == {"status": "ok"}
    token = {"token": system.env["RASA_TOKEN"]}
    status = httpx.get(f"{system.rasa_url}/status", params=token).json()
    assert status["model_file"].endswith("hotline.tar.gz")


def test_model_parse_returns_a_contract_intent(system: System) -> None:
    assert system.parse("我想申请低保")["intent"]["name"] == "request_dibao"


def test_rasas_http_api_refuses_a_caller_without_the_token(system: System) -> None:
    parse = httpx.post(f"{system.rasa_url}/model/parse", json={"text": "我想申请低保"})
    assert parse.status_code == 401
    tracker = httpx.get(f"{system.rasa_url}/conversations/anyone/tracker")
    assert tracker.status_code == 401
    wrong = httpx.get(f"{system.rasa_url}/status", params={"token": "guess"})
    assert wrong.status_code == 401


def test_the_action_server_refuses_a_forged_call(system: System) -> None:
    forged = {
        "next_action": "action_file_ticket",
        "sender_id": "stranger",
        "tracker": {"sender_id": "stranger", "slots": {"filing_confirmed": True}, "events": []},
        "domain": {},
        "version": "3.6.2",
    }
    response = httpx.post(f"{system.actions_url}/webhook", json=forged)
    assert response.status_code == 401
    assert httpx.get(f"{system.actions_url}/health").status_code == 200


def test_rasa_answers_cors_for_the_pages_only(system: System) -> None:
    page = system.env["API_URL"]
    ok = httpx.options(
        f"{system.rasa_url}/webhooks/rest/webhook",
        headers={"Origin": page, "Access-Control-Request-Method": "POST"},
    )
    other = httpx.options(
        f"{system.rasa_url}/webhooks/rest/webhook",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert ok.headers.get("access-control-allow-origin") == page
    assert other.headers.get("access-control-allow-origin") != "http://evil.example"
