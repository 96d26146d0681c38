"""Helpers over a rasa_sdk Tracker: the latest message, the transcript, slot defaults."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from zhtext.masking import find_phones

# Messages that are not an answer to a form's question: the form lets a rule handle them.
INTERRUPTION_INTENTS = frozenset(
    {"request_human", "restart", "query_ticket_status", "bot_challenge", "goodbye"}
)


# A plain farewell; 「洗碗一个月1300 就这些」「133 6859 5443」 read as goodbye inside a form is an
# answer (the goodbye action hands it back to the form, which reads it).
FAREWELL_RE = re.compile(r"再见|拜拜|不用了|算了|不问了|先这样吧?$|不说了|挂了|没事了|谢谢.{0,3}$")
# Words of asking for a person: an answer the NLU took for 转人工 without them (「俺跟老伴两个」
# to the household-size question) is an answer.
HUMAN_RE = re.compile(
    r"人工|真人|接线|客服|话务|工作人员|转接|转人|找个?人|跟人|和人|机器|领导|request_human"
)


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def latest_intent(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name")


def latest_entities(tracker: Tracker) -> list[dict[str, Any]]:
    return list(tracker.latest_message.get("entities") or [])


def phone_from(tracker: Tracker) -> str | None:
    """A phone number in the latest message: the NLU's phone entity, else one in the words."""
    for entity in latest_entities(tracker):
        if entity.get("entity") == "phone" and entity.get("value"):
            digits = re.sub(r"\D", "", str(entity["value"]))
            if len(digits) >= 7:
                return digits
    phones = find_phones(latest_text(tracker))
    return phones[0] if phones else None


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
