"""End to end through the real processes: ticket API, action server, Rasa with the trained model.

A full Chinese conversation ends in a filed work order that the API holds with its facts and
estimate; with the API stopped, the order waits in the outbox and is filed once when it is back.
The model is trained first when it is missing or stale.
"""

from __future__ import annotations

import re
import time

import httpx
import pytest

from tests.e2e.servers import System

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NUMBER_RE = re.compile(r"工单号 (12345-\d{8}-\d{6})")
FIRST_MESSAGE = (
    "来电人反映：其家中3口人，丈夫去年车祸后二级残疾，妻子无业，每月仅靠600元，住会宁县。"
    "诉求：咨询能否办理低保"
)


def _texts(system: System, sender: str, text: str) -> str:
    return "\n".join(reply.get("text") or "" for reply in system.say(sender, text))


def _token(system: System) -> str:
    username, password = system.assistant_credentials()
    response = httpx.post(
        f"{system.api_url}/api/v1/auth/token", data={"username": username, "password": password}
    )
    response.raise_for_status()
    return response.json()["access_token"]


def _ticket(system: System, number: str) -> dict:
    response = httpx.get(
        f"{system.api_url}/api/v1/tickets",
        params={"number": number},
        headers={"Authorization": f"Bearer {_token(system)}"},
    )
    response.raise_for_status()
    items = response.json()["items"]
    assert len(items) == 1, items
    return items[0]


def test_full_conversation_files_a_work_order_with_facts_and_estimate(system: System) -> None:
    sender = f"e2e-full-{time.time()}"
    said = _texts(system, sender, FIRST_MESSAGE)
    assert "3口人" in said and "同意" in said  # facts kept, consent asked before any question
    said = _texts(system, sender, "同意")
    questions = 0
    while "提交成工单" not in said:
        questions += 1
        assert questions <= 9, said
        said = _texts(system, sender, "不知道")
    assert "较可能符合" in said or "可能符合" in said
    said = _texts(system, sender, "好")
    assert "手机号" in said
    said = _texts(system, sender, "13700005678")
    assert "137****5678" in said and "13700005678" not in said
    said = _texts(system, sender, "确认")
    match = NUMBER_RE.search(said)
    assert match, said
    ticket = _ticket(system, match.group(1))
    assert ticket["category"] == "request_dibao" and ticket["locality"] == "620422"
    assert ticket["household"]["household_monthly_income"] == 600
    assert len(ticket["household"]["members"]) == 3
    assert {p["id"] for p in ticket["estimate"]["programs"]} >= {"dibao", "medical"}


def test_order_filed_while_the_api_is_down_arrives_once_when_it_is_back(system: System) -> None:
    sender = f"e2e-down-{time.time()}"
    system.stop("api")
    try:
        said = _texts(system, sender, "家里已经断炊好几天了，孩子饿得直哭，电话13600004444")
        assert "110" in said and "待发送队列" in said
    finally:
        system.start("api")
    token = _token(system)
    deadline = time.monotonic() + 30
    found: list[dict] = []
    while time.monotonic() < deadline and not found:
        response = httpx.get(
            f"{system.api_url}/api/v1/tickets",
            params={"limit": 100},
            headers={"Authorization": f"Bearer {token}"},
        )
        found = [t for t in response.json()["items"] if "孩子饿得直哭" in t["text"]]
        time.sleep(0.5)
    assert len(found) == 1
    assert found[0]["urgency"] == "urgent"
    time.sleep(3)  # further retry rounds must not file it again
    response = httpx.get(
        f"{system.api_url}/api/v1/tickets",
        params={"limit": 100},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert len([t for t in response.json()["items"] if "孩子饿得直哭" in t["text"]]) == 1
