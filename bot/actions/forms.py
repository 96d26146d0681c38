"""Form validation: privacy consent, the household questions, filing, ticket status."""

from __future__ import annotations

import copy
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
    FAREWELL_RE,
    HUMAN_RE,
    INTERRUPTION_INTENTS,
    latest_entities,
    latest_intent,
    latest_text,
    phone_from,
)
from bot.actions.explain import explain_details
from bot.actions.filing import estimate_for
from bot.actions.handover import hand_over, handle_life_safety
from bot.actions.interview import validate_household_turn
from bot.actions.prompts import (
    CONFIRM_BUTTONS,
    CONSENT_BUTTONS,
    CONSENT_GIVEN_UP,
    FILING_BUTTONS,
    HUMAN_BUTTONS,
    MATTER_PLACE_EXPLAINED,
    MATTER_PLACE_QUESTION,
    PROMPTS,
    WHICH_PLACE,
    which_place,
)
from bot.actions.questions import focus_of, next_field
from household.answers import is_confused, is_dont_know, is_filler, yes_no
from household.corrections import TOPIC_ZH, apply_correction, is_correction_of_summary
from household.facts import new_household, resolve_locality
from household.needs import REQUEST_INTENTS
from household.words import STATUS_QUESTION_RE, program_named

CONSENT_YES_RE = re.compile(
    r"(?<!不)同意|^可以|好的|^好|^行|没问题|(?<!不)愿意|接受|^中|^成|^能成|^要得|^哦呀|^噢呀|^嗯+好|"
    r"^嫽|"  # 陕西: 「嫽咧」 good
    r"^(哦|嗯|噢|那)*[ ，,]*(那|就)?(行|好|可以)(吧|啊|呀|的)?$"
)
# A bare 「嗯」 answers the yes-or-no question 「您同意吗？」 with yes (to a household question it
# answers nothing and is filler).
# So do the dialect yeses 哦呀 (Tibetan areas), 能成 (关中) and 要得 (西南), which alone might read as
# filler.
CONSENT_MM_RE = re.compile(r"^([嗯恩]+[呢啊哪的]?|[哦噢]呀|能成|要得)[ 。.!！,，]*$")
CONSENT_NO_RE = re.compile(r"不同意|不愿意|不要|不行|不可以|拒绝|算了|不想")
WHY_RE = re.compile(r"为什么|为啥|凭什么|怎么算|依据|详细|具体原因|什么原因|咋回事")
NO_PHONE_RE = re.compile(r"不留|不方便|匿名|不想留|不给|没有电话|没电话")
TICKET_NUMBER_RE = re.compile(r"12345-\d{8}-\d{6}")
LAST4_RE = re.compile(r"(?:尾号|后四位|后4位|末四位|末尾)[是为:：\s]*(\d{4})(?!\d)")


def _is_interruption(tracker: Tracker) -> bool:
    intent = latest_intent(tracker)
    if intent == "query_ticket_status" and not STATUS_QUESTION_RE.search(latest_text(tracker)):
        return False
    if intent == "goodbye" and not FAREWELL_RE.search(latest_text(tracker)):
        return False  # an answer the NLU took for a goodbye (a phone typed in groups)
    if intent == "request_human" and not HUMAN_RE.search(latest_text(tracker)):
        return False  # an answer the NLU took for 转人工 (「俺跟老伴两个」)
    return intent in INTERRUPTION_INTENTS


def _asked_for(tracker: Tracker, slot: str) -> bool:
    """The form asked for this slot and the message answers it (is no interruption)."""
    return tracker.get_slot(REQUESTED_SLOT) == slot and not _is_interruption(tracker)


def _unclear(tracker: Tracker) -> dict[str, Any]:
    """A slot change that keeps the form asking the same question instead of rejecting."""
    return {"form_note": f"unclear:{len(tracker.events)}"}


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
            and not tracker.get_slot("pending_field")  # a question asked is always read
            and next_field(
                tracker.get_slot("household") or new_household(),
                tracker.get_slot("locality"),
                list(tracker.get_slot("skipped_fields") or []),
                int(tracker.get_slot("questions_asked") or 0),
                focus_of(tracker),
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
        if value is None:
            # action_capture_request cleared the slot when it took the request (and read its
            # facts): validating that reset would read the first message a second time and
            # count its members twice (「…大儿子19…女儿15…」 became seven of six).
            return {}
        return validate_household_turn(dispatcher, tracker)


def _place_entity(tracker: Tracker) -> tuple[str | None, str | None]:
    """(code, words) of the place the NLU tagged in the latest message."""
    for entity in latest_entities(tracker):
        if entity.get("entity") == "place":
            code = entity.get("code")
            valid = isinstance(code, str) and re.fullmatch(r"\d{6}", code)
            return (code if valid else None), str(entity.get("text") or entity.get("value"))
    return None, None


def _place_asks(tracker: Tracker) -> int:
    """How many times in a row, up to now, the assistant asked where the matter is."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        said = event.get("text") or ""
        if not said.startswith((MATTER_PLACE_QUESTION, MATTER_PLACE_EXPLAINED, WHICH_PLACE)):
            break
        count += 1
    return count


def _place_noted(tracker: Tracker, text: str) -> dict[str, Any]:
    """The answer added to the request's text, unless it says nothing."""
    if not text or is_dont_know(text) or is_filler(text):
        return {}
    previous = tracker.get_slot("request_text")
    noted = f"（地点）{text[:100]}"
    return {"request_text": f"{previous}\n{noted}" if previous else noted}


def ask_matter_place(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Where the matter is: the places a name could be, else the question (in other words the
    second time)."""
    candidates = tracker.get_slot("place_candidates")
    if candidates:
        text, buttons = which_place(candidates)
        dispatcher.utter_message(text=text, buttons=buttons)
    else:
        asked = _place_asks(tracker)
        dispatcher.utter_message(text=MATTER_PLACE_EXPLAINED if asked else MATTER_PLACE_QUESTION)
    return [SlotSet("form_note", None)]


# The offer to file explained, the second time in other words; a third unclear answer hands over.
FILING_EXPLAINED = (
    "需要我帮您提交工单，就点“提交工单”；暂时不用就点“先不用”。",
    "简单说：要我把您的事登记下来转给政府部门办，就说“提交”；不用就说“不用”。",
)
HANDED_OVER_NOTE = "handed_over:wants_filing"


def _said_since_offer(tracker: Tracker, texts: tuple[str, ...]) -> int:
    """How many of these texts the assistant has said since it last offered to file."""
    offer = PROMPTS["action_ask_wants_filing"]
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        said = event.get("text") or ""
        if said.startswith(offer):
            break
        count += said in texts
    return count


# The notice in plain words, the second time in fewer; each ends in the question itself.
CONSENT_EXPLAINED = (
    "意思是：您告诉我的家里情况和电话，只用来帮您算能申请什么、转给负责办理的部门，"
    "不会给别人，也不会写进日志。您同意吗？同意就点“同意”，不愿意就点“不同意”。",
    "简单说：我问您几句家里的情况，帮您看看能申请哪些救助，您说的话会保密。您同意吗？",
)


def extract_consent(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """同意 / 不同意; anything else gets the notice explained in plain words, and after three
    unclear answers a person is offered (the question is never repeated word for word)."""
    if not _asked_for(tracker, "privacy_consent"):
        return {}
    text = latest_text(tracker)
    intent = latest_intent(tracker)
    if CONSENT_MM_RE.match(text.strip()):
        return {"privacy_consent": True}
    if not is_confused(text) and not is_dont_know(text):
        if CONSENT_NO_RE.search(text) or (intent == "deny" and not CONSENT_YES_RE.search(text)):
            return {"privacy_consent": False}
        if CONSENT_YES_RE.search(text) or intent == "affirm":
            return {"privacy_consent": True}
    tries = int(tracker.get_slot("consent_tries") or 0) + 1
    if tries >= 3:
        dispatcher.utter_message(text=CONSENT_GIVEN_UP, buttons=HUMAN_BUTTONS)
        return {"privacy_consent": False, "consent_tries": float(tries)}
    explained = CONSENT_EXPLAINED[min(tries, len(CONSENT_EXPLAINED)) - 1]
    dispatcher.utter_message(text=explained, buttons=CONSENT_BUTTONS)
    return {"consent_tries": float(tries), "form_note": "explained:privacy_consent"}


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
        # a matter with no place said: where it is decides who handles it (asked in the slot
        # the household form uses, read by extract_household_answer below)
        place = ["household_answer"] if tracker.get_slot("locality") is None else []
        return ["privacy_consent", *place, "contact_phone", "filing_confirmed"]

    async def extract_household_answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The place of the matter: a county or district read from the answer; 「不知道」 or a
        second unreadable answer leaves it to 12345's own dispatch. What was said is kept
        for the order (the 小区 or 村 a department needs)."""
        if not _asked_for(tracker, "household_answer"):
            return {}
        text = latest_text(tracker).strip()
        code, candidates = resolve_locality(text, *_place_entity(tracker))
        if code:
            return {
                "household_answer": "place",
                "locality": code,
                "place_candidates": None,
                **_place_noted(tracker, text),
            }
        if is_dont_know(text) or _place_asks(tracker) >= 2:
            return {
                "household_answer": "unknown",
                "place_candidates": None,
                **_place_noted(tracker, text),
            }
        if candidates:
            return {"place_candidates": candidates, **_unclear(tracker)}
        return _unclear(tracker)

    async def extract_wants_filing(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not _asked_for(tracker, "wants_filing"):
            return {}
        text = latest_text(tracker)
        estimate = tracker.get_slot("estimate")
        if WHY_RE.search(text) or (estimate and program_named(text) and "提交" not in text):
            dispatcher.utter_message(
                text=explain_details(estimate, text)
                if estimate
                else "目前信息还不够，暂时说不出具体原因。",
                buttons=FILING_BUTTONS,
            )
            return {"form_note": "explained:wants_filing"}
        answer = filing_yes_no(text, latest_intent(tracker))
        if answer is None:
            explained = _said_since_offer(tracker, FILING_EXPLAINED)
            if explained >= len(FILING_EXPLAINED):
                # a third unclear answer: a person takes over, with what is known filed for them
                events = await hand_over(
                    dispatcher, tracker, "市民对是否提交工单连续三次没有明确答复。"
                )
                slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
                return {**slots, "wants_filing": False, "form_note": HANDED_OVER_NOTE}
            dispatcher.utter_message(text=FILING_EXPLAINED[explained], buttons=FILING_BUTTONS)
            return {"form_note": "explained:wants_filing"}
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
        return {"form_note": "explained:contact_phone"}

    async def extract_filing_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """确认 files; 「残疾那条不对…其他的对，提交吧」 corrects the fact, estimates again and
        files; a correction alone shows the corrected summary again."""
        if not _asked_for(tracker, "filing_confirmed"):
            return {}
        text = latest_text(tracker)
        slots: dict[str, Any] = {}
        phone = phone_from(tracker)
        if phone and phone != tracker.get_slot("contact_phone"):
            dispatcher.utter_message(text="好的，电话已更新。")
            slots["contact_phone"] = phone
        household = tracker.get_slot("household")
        correcting = is_correction_of_summary(text) or bool(_CORRECTING_RE.search(text))
        if household and correcting:
            household = copy.deepcopy(household)
            topics = apply_correction(household, text)
            if not topics:
                # 「不对，……别的对」: a correction, never a cancellation, even when not understood
                dispatcher.utter_message(
                    text="这一条我没能改好。麻烦直接说正确的情况，比如“收入一个月一千”“是四口人”"
                    "“没有残疾证”。",
                    buttons=CONFIRM_BUTTONS,
                )
                return {**slots, "form_note": "explained:filing_confirmed"}
            slots["household"] = household
            slots["estimate"] = estimate_for(household, tracker.get_slot("locality"))
            changed = "、".join(TOPIC_ZH[t] for t in topics)
            dispatcher.utter_message(text=f"好的，已改好{changed}这一条，估算也重新算了。")
            if SUBMIT_RE.search(text):
                return {**slots, "filing_confirmed": True}
            return {**slots, "form_note": None}
        if slots and not SUBMIT_RE.search(text):
            return slots
        if re.fullmatch(r"\s*(要?修改|有要改的|改一下|不对)\s*", text):
            dispatcher.utter_message(
                text="哪一条要改？直接告诉我就行，比如“残疾那条不对”“是四口人”“电话是139…”。"
            )
            return {**slots, "form_note": "explained:filing_confirmed"}
        answer = filing_yes_no(text, latest_intent(tracker))
        if answer is None:
            dispatcher.utter_message(
                text="确认提交就点“确认提交”；要改哪一条，直接告诉我。", buttons=CONFIRM_BUTTONS
            )
            return {**slots, "form_note": "explained:filing_confirmed"}
        return {**slots, "filing_confirmed": answer}


SUBMIT_RE = re.compile(r"提交|确认|登记吧|报上去|就这样|可以了|没问题")
# 「不对，两千是原先的……别的对」: the rest is right, so a line is being corrected
_CORRECTING_RE = re.compile(
    r"(别的|其他的?|其余的?|其它的?)(都|也)?(对|没错|没问题)|^\s*不对[，,].{4,}"
)
_CANCEL_RE = re.compile(r"不提交|先不|不用了?|算了|不要了|取消|不办了|暂时不")


def filing_yes_no(text: str, intent: str | None) -> bool | None:
    """Yes or no to filing: 「我要提交工单」 is yes, 「先不用」 is no, 「啥意思」 neither."""
    if _CANCEL_RE.search(text):
        return False
    if SUBMIT_RE.search(text) or re.search(r"要|帮我|麻烦", text) and "工单" in text:
        return True
    return yes_no(text, intent)


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
