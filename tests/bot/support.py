"""Helpers for the action tests: real rasa_sdk Trackers and CollectingDispatchers."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def make_tracker(
    text: str = "",
    intent: str | None = "inform",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    history: list[tuple[str, str]] | None = None,
    sender_id: str = "citizen-1",
    message_id: str = "message-1",
) -> Tracker:
    """A real rasa_sdk Tracker whose latest message is `text` with the given intent/entities."""
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95} if intent else {},
        "entities": entities or [],
    }
    events: list[dict[str, Any]] = []
    for who, said in history or []:
        events.append({"event": who, "text": said, "timestamp": 0.0})
    events.append(
        {
            "event": "user",
            "text": text,
            "parse_data": message,
            "timestamp": 1.0,
            "message_id": message_id,
        }
    )
    return Tracker(
        sender_id,
        dict(slots or {}),
        message,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def run_action(
    action: Action, tracker: Tracker, domain: dict[str, Any]
) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return list(events), dispatcher


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The final value of each slot set by the events."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts_of(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or m.get("response") or "" for m in dispatcher.messages)
