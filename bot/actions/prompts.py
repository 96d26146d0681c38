"""Fixed questions of the forms (the privacy notice among them) and the greeting.

They live here rather than as domain responses so that the forms' texts sit next to the
code that reads their answers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

GREETING = (
    "您好！我是 12345 热线的智能助手，可以帮您看看能申请哪些救助，并帮您提交工单。"
    "请问您遇到了什么困难？"
)
# A reply with nothing in it before any need was told (「然后呢？」「嗯」 after the greeting).
TELL_YOUR_NEED = (
    "请说说您遇到了什么困难，比如：家里几口人、收入怎么样、有没有人生病或残疾、"
    "最近出了什么事。我帮您看看能申请哪些救助。"
)
FAREWELL = "好的，再见。有需要随时找我，或拨打 12345。"
# After three consent questions with no answer: never a fourth; a person is offered.
CONSENT_GIVEN_UP = (
    "没关系。家里的情况我先不问了。您可以转人工，由工作人员帮您；也可以随时拨打 12345。"
)
HUMAN_BUTTONS = [{"title": "转人工", "payload": "/request_human"}]

PRIVACY_NOTICE = (
    "为了帮您估算能申请的救助，我需要问几个家庭情况的问题（人口、收入等）；"
    "提交工单时，这些信息和您的联系电话会转给负责的部门。"
    "信息只用于办理您的诉求，依法保密，日志里不会记录电话和身份证号。您同意吗？"
)
FILING_ONLY_NOTICE = (
    "登记工单需要您的联系电话，部门会按这个号码回复您。"
    "电话只用于办理这件事，依法保密，日志里不会记录。您同意吗？"
)
# A matter filed without a household interview (a complaint, a pure 12345 matter) whose place was
# not said: the department is chosen by it, so the form asks once, then once in other words.
MATTER_PLACE_QUESTION = "请问这件事在哪里？说县（区）和街道、小区或村的名字就行。"
MATTER_PLACE_EXPLAINED = (
    "说个地方就行，比如“凉州区西关街道某某小区”“会宁县河畔镇某某村”；不清楚就说“不知道”。"
)
WHICH_PLACE = "请问是哪一个："


def which_place(candidates: list[str]) -> tuple[str, list[dict[str, str]]]:
    """The question naming the places a name could be, with one button each."""
    buttons = [{"title": name, "payload": name} for name in candidates]
    return WHICH_PLACE + "、".join(candidates) + "？", buttons


CONSENT_BUTTONS = [
    {"title": "同意", "payload": "同意"},
    {"title": "不同意", "payload": "不同意"},
]
FILING_BUTTONS = [
    {"title": "提交工单", "payload": "/affirm"},
    {"title": "先不用", "payload": "/deny"},
]
CONFIRM_BUTTONS = [
    {"title": "确认提交", "payload": "/affirm"},
    {"title": "要修改", "payload": "要修改"},
]
PROMPTS: dict[str, str] = {
    "action_ask_privacy_consent": PRIVACY_NOTICE,
    "action_ask_wants_filing": "需要我帮您把这件事提交成工单，转给负责的部门办理吗？",
    "action_ask_contact_phone": "请留一个能联系到您的手机号，部门会按这个号码联系您；不想留可以说“不留”。",
    "action_ask_ticket_number": "请告诉我工单号，比如 12345-20261123-000042。",
    "action_ask_phone_last4": "请告诉我登记手机号的后四位。",
}


class _Prompt(Action, ABC):
    """Says the fixed text registered under the action's name (with its quick replies), unless
    the validation of this very turn already asked it again in other words."""

    @abstractmethod
    def name(self) -> str:
        """Abstract: rasa_sdk registers only concrete actions."""

    def buttons(self, tracker: Tracker) -> list[dict[str, str]]:
        return []

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = self.name().removeprefix("action_ask_")
        if tracker.get_slot("form_note") == f"explained:{slot}":
            return [SlotSet("form_note", None)]
        dispatcher.utter_message(text=PROMPTS[self.name()], buttons=self.buttons(tracker))
        return []


class ActionAskPrivacyConsent(_Prompt):
    """The notice fits the matter: household questions, or only a phone for a plain work order."""

    def name(self) -> str:
        return "action_ask_privacy_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("form_note") == "explained:privacy_consent":
            return [SlotSet("form_note", None)]  # the validation just explained it in other words
        from bot.actions.forms import CONSENT_NO_RE, CONSENT_YES_RE

        form = tracker.active_loop.get("name") or "household_form"
        notice = FILING_ONLY_NOTICE if form == "filing_form" else PRIVACY_NOTICE
        text = (tracker.latest_message.get("text") or "").strip()
        if (
            _notice_said_last(tracker)
            and CONSENT_YES_RE.search(text)
            and not CONSENT_NO_RE.search(text)
        ):
            # 「嫽咧 就是同意么 你记」 taken for another matter (a question to the bot): the
            # consent was given all the same; the form goes on to its first question
            return [SlotSet("privacy_consent", True), FollowupAction(form)]
        if _notices_said(tracker) >= 3:
            # asked three times and never answered: never a fourth (a loop); a person instead
            dispatcher.utter_message(text=CONSENT_GIVEN_UP, buttons=HUMAN_BUTTONS)
            return [SlotSet("privacy_consent", False), FollowupAction(form)]
        dispatcher.utter_message(text=notice, buttons=CONSENT_BUTTONS)
        return []


def _bot_texts_since_request(tracker: Tracker) -> list[str]:
    """What the assistant said since the request was last taken (newest first)."""
    texts: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_capture_request":
            break
        if event.get("event") == "bot":
            texts.append(event.get("text") or "")
    return texts


def consent_notice_shown(tracker: Tracker) -> str:
    """The notice the citizen consented to: the last one shown (the filing-only notice for a
    matter filed without the household questions), for the order's consent record."""
    for event in reversed(tracker.events):
        said = event.get("text") or "" if event.get("event") == "bot" else ""
        if said in (PRIVACY_NOTICE, FILING_ONLY_NOTICE):
            return said
    return PRIVACY_NOTICE


def _notices_said(tracker: Tracker) -> int:
    return sum(t in (PRIVACY_NOTICE, FILING_ONLY_NOTICE) for t in _bot_texts_since_request(tracker))


def _notice_said_last(tracker: Tracker) -> bool:
    """Whether the assistant's last words before the citizen's latest message asked for consent."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            said = event.get("text") or ""
            return said in (PRIVACY_NOTICE, FILING_ONLY_NOTICE) or said.endswith("您同意吗？")
    return False


class ActionAskWantsFiling(_Prompt):
    def name(self) -> str:
        return "action_ask_wants_filing"

    def buttons(self, tracker: Tracker) -> list[dict[str, str]]:
        from bot.actions.explain import why_buttons

        estimate = tracker.get_slot("estimate")
        return FILING_BUTTONS + (why_buttons(estimate)[:2] if estimate else [])


class ActionAskContactPhone(_Prompt):
    def name(self) -> str:
        return "action_ask_contact_phone"


class ActionAskTicketNumber(_Prompt):
    def name(self) -> str:
        return "action_ask_ticket_number"


class ActionAskPhoneLast4(_Prompt):
    def name(self) -> str:
        return "action_ask_phone_last4"


def caring_message(signals: list[str]) -> str:
    """A short, warm answer with the 24-hour numbers, tailored to the first signal."""
    first = signals[0] if signals else ""
    opening = {
        "suicide": "听到您这么难受，我很担心您。您不是一个人，我们会帮您。",
        "no_food": "家里断了吃的，这是最急的事，我们马上帮您想办法。",
        "exposure": "在外面挨冻很危险，请先到有人的地方取暖，我们马上帮您联系救助。",
        "medical_emergency": "救命要紧，请先送医，费用的事我们帮您一起想办法。",
        "domestic_violence": "您的安全最重要，受到伤害不是您的错。",
        "violence": "您的安全最重要。请先躲到安全的地方，锁好门，别和对方硬碰。",
        "trapped": "请马上拨打 119（消防救援）或 110，他们能最快赶到，按他们说的做。",
    }.get(first, "您的安全最重要，我们马上帮您。")
    return (
        f"{opening}\n"
        "如果现在有危险，请立即拨打 110；需要急救请拨打 120；"
        "12345 热线 24 小时有人接听。"
    )
