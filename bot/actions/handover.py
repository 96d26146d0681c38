"""Orders that leave the assistant at once: life-safety emergencies and hand-overs to an operator."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import settings
from bot.actions.conversation import latest_text, phone_from, transcript
from bot.actions.filing import (
    build_payload,
    estimate_for,
    file_order,
    filing_message,
    request_key,
)
from bot.actions.prompts import caring_message
from household.facts import for_policy, resolve_locality
from household.needs import REQUEST_INTENTS
from zhtext.safety import SIGNAL_NAMES_ZH, detect_life_safety


def _record_filing(tracker: Tracker, key: str, number: str | None) -> SlotSet:
    orders = list(tracker.get_slot("filed_orders") or [])
    orders.append({"key": key, "number": number})  # None for a merged order: not the caller's
    return SlotSet("filed_orders", orders)


def _locality(tracker: Tracker) -> str:
    """Where the caller is: the place already known, else the one this message names (an urgent
    order leaves before any question), else the hotline's own."""
    known = tracker.get_slot("locality")
    if known:
        return str(known)
    code, _ = resolve_locality(latest_text(tracker))
    return code or settings.hotline_locality()


def _household_if_allowed(tracker: Tracker) -> dict[str, Any] | None:
    household = tracker.get_slot("household")
    if not household or tracker.get_slot("privacy_consent") is False:
        return None
    return for_policy(household, _locality(tracker))


async def handle_life_safety(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """If the latest message carries a life-safety signal: care, numbers, urgent order, operator.

    Returns the events to apply, or [] when there is no signal. An urgent order needs no
    consent and no form: the person's safety comes first.
    """
    text = latest_text(tracker)
    signals = detect_life_safety(text)
    if not signals:
        return []
    dispatcher.utter_message(text=caring_message(signals))
    # The need said before, else 临时救助 (急难型): the words of a person in danger are no need
    # the NLU can classify reliably.
    category = tracker.get_slot("request_category") or "request_temporary"
    if category not in REQUEST_INTENTS:
        category = "request_temporary"
    key = request_key(tracker, "urgent")
    signal_names = "、".join(SIGNAL_NAMES_ZH[s] for s in signals)
    order_text = (
        f"【紧急】对话中出现生命安全风险信号：{signal_names}。请立即回访核实并转介。\n"
        f"市民原话：{text}\n\n对话记录：\n{transcript(tracker)}"
    )
    # the message itself may give the phone before any form read it (「…不想活了，我电话139…」)
    phone = tracker.get_slot("contact_phone") or phone_from(tracker)
    household = _household_if_allowed(tracker)
    # the programs the first words already point to (流浪救助 for a night under a bridge), so the
    # operator calling back sees them; none asked for yet: no question comes before safety
    estimate = tracker.get_slot("estimate") or (
        estimate_for(household, _locality(tracker)) if household else None
    )
    payload = build_payload(
        text=order_text,
        category=category,
        locality=_locality(tracker),
        urgency="urgent",
        contact_phone=phone if phone and phone != "none" else None,
        household=household,
        estimate=estimate,
    )
    # the HTTP call runs in a thread: the action server keeps serving other conversations
    result = await asyncio.to_thread(file_order, payload, key)
    dispatcher.utter_message(text=filing_message(result))
    dispatcher.utter_message(
        text="我已经把您的情况作为紧急工单转给人工接线员，他们会尽快联系您。请您保持电话畅通。"
        + ("" if phone else "方便的话，请留一个能联系到您的电话号码。")
    )
    return [
        SlotSet("life_safety", True),
        SlotSet("handed_over", True),
        _record_filing(tracker, key, None if result.merged else result.number),
    ]


async def hand_over(
    dispatcher: CollectingDispatcher, tracker: Tracker, reason: str
) -> list[EventType]:
    """File the conversation for an operator and tell the citizen."""
    key = request_key(tracker, "handover")
    # the message itself may give the phone before any form read it (「…不想活了，我电话139…」)
    phone = tracker.get_slot("contact_phone") or phone_from(tracker)
    payload = build_payload(
        text=f"【转人工】{reason}\n\n对话记录：\n{transcript(tracker)}",
        category=tracker.get_slot("request_category") or "ask_eligibility",
        locality=_locality(tracker),
        contact_phone=phone if phone and phone != "none" else None,
        household=_household_if_allowed(tracker),
        estimate=tracker.get_slot("estimate"),
    )
    # the HTTP call runs in a thread: the action server keeps serving other conversations
    result = await asyncio.to_thread(file_order, payload, key)
    dispatcher.utter_message(
        text="好的，正在为您转接人工接线员，我们的对话记录已一并转过去，您不用重复。"
        "如果等待较久，也可以直接拨打 12345。"
    )
    if result.number:
        dispatcher.utter_message(text=f"转接单号：{result.number}。")
    return [
        SlotSet("handed_over", True),
        SlotSet("misunderstanding_count", 0.0),
        _record_filing(tracker, key, None if result.merged else result.number),
    ]
