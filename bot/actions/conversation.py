"""Helpers over a rasa_sdk Tracker: the latest message, the transcript, slot defaults."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

REQUEST_INTENTS = (
    "request_dibao",
    "request_tekun",
    "request_temporary",
    "request_medical",
    "request_education",
    "request_housing",
    "request_employment",
    "request_disability",
    "request_child_welfare",
    "request_disaster",
    "request_vagrant",
    "ask_eligibility",
)
FILING_ONLY_INTENTS = ("complain_handling", "report_fraud", "out_of_scope")
# Messages that are not an answer to a form's question: the form lets a rule handle them.
INTERRUPTION_INTENTS = frozenset(
    {"request_human", "restart", "query_ticket_status", "bot_challenge", "goodbye"}
)

CATEGORY_ZH = {
    "request_dibao": "最低生活保障（低保）",
    "request_tekun": "特困人员救助供养",
    "request_temporary": "临时救助",
    "request_medical": "医疗救助",
    "request_education": "教育救助",
    "request_housing": "住房救助",
    "request_employment": "就业救助",
    "request_disability": "残疾人补贴",
    "request_child_welfare": "困境儿童保障",
    "request_disaster": "受灾人员救助",
    "request_vagrant": "流浪乞讨人员救助",
    "ask_eligibility": "可以申请哪些救助",
    "complain_handling": "救助办理投诉",
    "report_fraud": "违规享受救助举报",
    "out_of_scope": "一般诉求",
    "request_human": "转人工",
}


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def latest_intent(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name")


def latest_entities(tracker: Tracker) -> list[dict[str, Any]]:
    return list(tracker.latest_message.get("entities") or [])


def transcript(tracker: Tracker, limit: int = 40) -> str:
    """The conversation so far as 市民/助手 lines, for an operator taking over."""
    lines = []
    for event in tracker.events:
        if event.get("event") == "user" and event.get("text"):
            lines.append(f"市民：{event['text']}")
        elif event.get("event") == "bot" and event.get("text"):
            lines.append(f"助手：{event['text']}")
    return "\n".join(lines[-limit:])


def user_texts(tracker: Tracker) -> list[str]:
    return [
        str(e["text"])
        for e in tracker.events
        if e.get("event") == "user" and e.get("text") and not str(e["text"]).startswith("/")
    ]
