"""Form validation: privacy consent, the household questions, filing, ticket status."""

from __future__ import annotations

import re
from abc import abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from bot.actions import settings
from bot.actions.conversation import (
    INTERRUPTION_INTENTS,
    latest_entities,
    latest_intent,
    latest_text,
)
from bot.actions.explain import explain_details
from bot.actions.handover import handle_life_safety
from bot.actions.questions import next_field
from household.answers import apply_answer, is_correction, is_dont_know, yes_no
from household.describe import describe_facts
from household.facts import apply_entities, new_household, resolve_locality, set_household_size
from household.needs import REQUEST_INTENTS
from zhtext.numbers import parse_count

CONSENT_YES_RE = re.compile(r"同意|可以|好的|好|行|没问题|愿意|接受|嗯")
CONSENT_NO_RE = re.compile(r"不同意|不愿意|不要|不行|不可以|拒绝|算了|不想")
WHY_RE = re.compile(r"为什么|为啥|凭什么|怎么算|依据|详细|具体原因|什么原因|咋回事")
NO_PHONE_RE = re.compile(r"不留|不方便|匿名|不想留|不给|没有电话|没电话")
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
LANDLINE_RE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
TICKET_NUMBER_RE = re.compile(r"12345-\d{8}-\d{6}")
LAST4_RE = re.compile(r"(?:尾号|后四位|后4位|末四位|末尾)[是为:：\s]*(\d{4})(?!\d)")
MAX_ERRORS_PER_QUESTION = 2
SIDE_MATTER_INTENTS = frozenset(REQUEST_INTENTS) | {
    "complain_handling",
    "report_fraud",
    "out_of_scope",
}


def _is_interruption(tracker: Tracker) -> bool:
    return latest_intent(tracker) in INTERRUPTION_INTENTS


def _asked_for(tracker: Tracker, slot: str) -> bool:
    """The form asked for this slot and the message answers it (is no interruption)."""
    return tracker.get_slot(REQUESTED_SLOT) == slot and not _is_interruption(tracker)


def _unclear(tracker: Tracker) -> dict[str, Any]:
    """A slot change that keeps the form asking the same question instead of rejecting."""
    return {"form_note": f"unclear:{len(tracker.events)}"}


def phone_from(tracker: Tracker) -> str | None:
    for entity in latest_entities(tracker):
        if entity.get("entity") == "phone" and entity.get("value"):
            digits = re.sub(r"\D", "", str(entity["value"]))
            if len(digits) >= 7:
                return digits
    text = latest_text(tracker)
    match = MOBILE_RE.search(text) or LANDLINE_RE.search(text)
    return re.sub(r"\D", "", match.group(0)) if match else None


class SafetyFirstFormValidation(FormValidationAction):
    """Checks every message for life-safety signals before validating anything."""

    @abstractmethod
    def name(self) -> str:
        """Abstract: rasa_sdk registers only concrete actions."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not _is_interruption(tracker) and not tracker.get_slot("life_safety"):
            urgent = await handle_life_safety(dispatcher, tracker)
            if urgent:
                return [*urgent, SlotSet(REQUESTED_SLOT, None)]
        extraction_events = await self.get_extraction_events(dispatcher, tracker, domain)
        tracker.add_slots(extraction_events)
        validation_events = await self._extract_validation_events(dispatcher, tracker, domain)
        # rasa_sdk returns only the validated required slots; keep what extraction set besides
        # (form_note keeps the form asking instead of being rejected; a corrected phone).
        validated = {event.get("name") for event in validation_events}
        extra = [event for event in extraction_events if event.get("name") not in validated]
        return extra + validation_events

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("life_safety"):
            return []  # the urgent order replaces the form
        return self.slots_to_fill(tracker)

    @abstractmethod
    def slots_to_fill(self, tracker: Tracker) -> list[str]:
        """The slots this form asks for when there is no life-safety emergency."""


class ConsentFormValidation(SafetyFirstFormValidation):
    """A form that asks for the privacy consent (extract_consent reads the answer)."""

    async def extract_privacy_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return extract_consent(dispatcher, tracker)


class ValidateHouseholdForm(ConsentFormValidation):
    def name(self) -> str:
        return "validate_household_form"

    def slots_to_fill(self, tracker: Tracker) -> list[str]:
        if tracker.get_slot("privacy_consent") is False:
            return ["privacy_consent"]
        if (
            tracker.get_slot("privacy_consent") is True
            and tracker.get_slot("household_answer") is None
            and next_field(
                tracker.get_slot("household") or new_household(),
                tracker.get_slot("locality"),
                list(tracker.get_slot("skipped_fields") or []),
                int(tracker.get_slot("questions_asked") or 0),
            )
            is None
        ):
            return ["privacy_consent"]
        return ["privacy_consent", "household_answer"]

    def validate_privacy_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is True:
            dispatcher.utter_message(
                text="谢谢您的信任。我问几个简单的问题，不清楚的可以直接说“不知道”。"
            )
            return {"privacy_consent": True}
        if value is False:
            return {"privacy_consent": False, "household": None}
        return {}

    async def extract_household_answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not _asked_for(tracker, "household_answer"):
            return {}
        text = latest_text(tracker).strip()
        return {"household_answer": text or " "}

    def validate_household_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validate_household_turn(dispatcher, tracker)


def extract_consent(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    if not _asked_for(tracker, "privacy_consent"):
        return {}
    text = latest_text(tracker)
    intent = latest_intent(tracker)
    if intent == "deny" or CONSENT_NO_RE.search(text):
        return {"privacy_consent": False}
    if intent == "affirm" or CONSENT_YES_RE.search(text):
        return {"privacy_consent": True}
    dispatcher.utter_message(text="请回答“同意”或“不同意”。")
    return _unclear(tracker)


def validate_household_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """Apply one answer (and any correction in it); decide whether to ask more."""
    household = tracker.get_slot("household") or new_household()
    pending = tracker.get_slot("pending_field")
    skipped = list(tracker.get_slot("skipped_fields") or [])
    asked = int(tracker.get_slot("questions_asked") or 0)
    errors = int(tracker.get_slot("answer_errors") or 0)
    locality = tracker.get_slot("locality")
    text = latest_text(tracker)
    intent = latest_intent(tracker)
    slots: dict[str, Any] = {}

    facts = apply_entities(household, latest_entities(tracker), text)
    changed = list(facts.changed)
    if facts.phone:
        slots["contact_phone"] = facts.phone
    if (facts.place_code or facts.place_text) and pending != "locality":
        code, _ = resolve_locality(facts.place_text or "", facts.place_code)
        if code:
            locality = slots["locality"] = code
            changed.append("locality")

    settled = False  # the pending question got an answer (or an honest 不知道)
    error: str | None = None
    if pending == "locality":
        code, candidates = resolve_locality(facts.place_text or text, facts.place_code)
        if code:
            locality = slots["locality"] = code
            slots["place_candidates"] = None
            settled = True
        elif is_dont_know(text):
            skipped.append("locality")
            settled = True
        elif candidates:
            slots["place_candidates"] = candidates  # the question names them
            settled = False
        else:
            error = "没找到这个地方。请说县（区）的名字，比如 会宁县、凉州区。"
    elif pending:
        if pending in changed:
            settled = True
        else:
            answer = apply_answer(household, pending, text, intent)
            if answer.unknown:
                skipped.append(pending)
                settled = True
            elif answer.accepted:
                settled = True
            else:
                error = answer.error
    if not settled and is_correction(text) and not changed:
        changed = _correction_fallback(household, text)

    side_matter = intent in SIDE_MATTER_INTENTS and intent != tracker.get_slot("request_category")
    if error and changed:
        lead = "好的，已更正：" if is_correction(text) else "好的，记下了："
        dispatcher.utter_message(text=lead + "，".join(describe_facts(household)) + "。")
        error = None
    elif error and side_matter:
        # another need mentioned mid-form: noted for the work order, then back to the question
        previous = tracker.get_slot("request_text")
        slots["request_text"] = f"{previous}\n（补充）{text}" if previous else text
        dispatcher.utter_message(
            text="好的，这件事我也记下了，会一并写进工单。我们接着刚才的问题。"
        )
        error = None
    elif error:
        errors += 1
        if errors >= MAX_ERRORS_PER_QUESTION and pending:
            dispatcher.utter_message(text="这个问题先跳过，我们接着往下。")
            skipped.append(pending)
            settled = True
        else:
            dispatcher.utter_message(text=error)
    if settled:
        asked += 1
        errors = 0

    next_path = next_field(household, locality, skipped, asked)
    slots.update(
        {
            "household": household,
            "skipped_fields": skipped,
            "questions_asked": float(asked),
            "answer_errors": float(errors),
            "household_answer": "done" if next_path is None else None,
        }
    )
    return slots


def _correction_fallback(household: dict[str, Any], text: str) -> list[str]:
    """“不对，是四口人” without an entity: read the corrected count from the words."""
    if re.search(r"口|个人|人", text):
        size = parse_count(text)
        if size:
            set_household_size(household, size)
            return ["members"]
    return []


class ValidateFilingForm(ConsentFormValidation):
    def name(self) -> str:
        return "validate_filing_form"

    def slots_to_fill(self, tracker: Tracker) -> list[str]:
        category = tracker.get_slot("request_category")
        if category in REQUEST_INTENTS:
            if tracker.get_slot("privacy_consent") is False:
                return []
            if tracker.get_slot("wants_filing") is not True:
                return ["wants_filing"]
            return ["wants_filing", "contact_phone", "filing_confirmed"]
        if tracker.get_slot("privacy_consent") is False:
            return ["privacy_consent", "filing_confirmed"]
        return ["privacy_consent", "contact_phone", "filing_confirmed"]

    async def extract_wants_filing(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not _asked_for(tracker, "wants_filing"):
            return {}
        text = latest_text(tracker)
        if WHY_RE.search(text):
            estimate = tracker.get_slot("estimate")
            dispatcher.utter_message(
                text=explain_details(estimate)
                if estimate
                else "目前信息还不够，暂时说不出具体原因。"
            )
            return _unclear(tracker)
        answer = yes_no(text, latest_intent(tracker))
        if answer is None:
            dispatcher.utter_message(text="需要提交请说“好”，不需要请说“不用”。")
            return _unclear(tracker)
        return {"wants_filing": answer}

    async def extract_contact_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not _asked_for(tracker, "contact_phone"):
            return {}
        phone = phone_from(tracker)
        if phone:
            return {"contact_phone": phone}
        if NO_PHONE_RE.search(latest_text(tracker)) or latest_intent(tracker) == "deny":
            return {"contact_phone": "none"}
        dispatcher.utter_message(
            text="请留一个能联系到您的手机号（11位数字）；不想留可以说“不留”。"
        )
        return _unclear(tracker)

    async def extract_filing_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not _asked_for(tracker, "filing_confirmed"):
            return {}
        phone = phone_from(tracker)
        if phone and phone != tracker.get_slot("contact_phone"):
            dispatcher.utter_message(text="好的，电话已更新。")
            return {"contact_phone": phone}
        answer = yes_no(latest_text(tracker), latest_intent(tracker))
        if answer is None:
            dispatcher.utter_message(text="确认提交请说“确认”，不提交请说“不提交”。")
            return _unclear(tracker)
        return {"filing_confirmed": answer}


class ValidateTicketStatusForm(SafetyFirstFormValidation):
    def name(self) -> str:
        return "validate_ticket_status_form"

    def slots_to_fill(self, tracker: Tracker) -> list[str]:
        if tracker.get_slot("ticket_number") == "unknown":
            return []
        return ["ticket_number", "phone_last4"]

    async def extract_ticket_number(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        number = ticket_number_from(tracker)
        if number:
            return {"ticket_number": number}
        own = [o.get("number") for o in tracker.get_slot("filed_orders") or [] if o.get("number")]
        if own and tracker.get_slot("ticket_number") is None:
            return {"ticket_number": own[-1]}  # the order filed in this conversation
        if not _asked_for(tracker, "ticket_number"):
            return {}
        if is_dont_know(latest_text(tracker)) or latest_intent(tracker) == "deny":
            return {"ticket_number": "unknown"}
        dispatcher.utter_message(text="工单号的格式像 12345-20261123-000042；没有的话说“不知道”。")
        return _unclear(tracker)

    async def extract_phone_last4(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        last4 = phone_last4_from(tracker)
        if last4:
            return {"phone_last4": last4}
        phone = tracker.get_slot("contact_phone")
        if phone and phone != "none" and tracker.get_slot("phone_last4") is None:
            return {"phone_last4": phone[-4:]}  # the phone given in this conversation
        if _asked_for(tracker, "phone_last4"):
            dispatcher.utter_message(text="请说登记手机号的后四位数字，比如 5678。")
            return _unclear(tracker)
        return {}


def ticket_number_from(tracker: Tracker) -> str | None:
    for entity in latest_entities(tracker):
        if entity.get("entity") == "ticket_number" and entity.get("value"):
            match = TICKET_NUMBER_RE.search(str(entity["value"]))
            if match:
                return match.group(0)
    match = TICKET_NUMBER_RE.search(latest_text(tracker))
    return match.group(0) if match else None


def phone_last4_from(tracker: Tracker) -> str | None:
    text = latest_text(tracker)
    match = LAST4_RE.search(text)
    if match:
        return match.group(1)
    phone = phone_from(tracker)
    if phone:
        return phone[-4:]
    without_number = TICKET_NUMBER_RE.sub(" ", text)
    bare = re.findall(r"(?<!\d)\d{4}(?!\d)", without_number)
    return bare[-1] if len(bare) == 1 else None


def default_locality() -> str:
    return settings.hotline_locality()
