"""The assistant's custom actions: take a request, ask, estimate, file, status, hand over."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import logging
import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import settings
from bot.actions.conversation import (
    FAREWELL_RE,
    HUMAN_RE,
    latest_entities,
    latest_intent,
    latest_text,
    user_texts,
)
from bot.actions.explain import BR, estimate_digest, summarize_estimate
from bot.actions.filing import (
    build_payload,
    estimate_or_error,
    file_order,
    filing_message,
    request_key,
    services,
)
from bot.actions.forms import (
    HANDED_OVER_NOTE,
    ask_matter_place,
    phone_from,
    phone_last4_from,
    ticket_number_from,
)
from bot.actions.handover import hand_over, handle_life_safety
from bot.actions.interview import explained_note, question_buttons
from bot.actions.prompts import (
    CONFIRM_BUTTONS,
    FAREWELL,
    GREETING,
    TELL_YOUR_NEED,
    consent_notice_shown,
    which_place,
)
from bot.actions.questions import focus_of, remaining_fields
from bot.actions.ticket_api import ApiRejected, ApiUnavailable
from household.answers import is_confused, is_filler
from household.describe import describe_facts
from household.facts import (
    apply_entities,
    for_policy,
    new_household,
    refined_locality,
    resolve_locality,
)
from household.needs import CATEGORY_ZH, FILING_ONLY_INTENTS, PROGRAM_OF_NEED, REQUEST_INTENTS
from household.questions import question_for
from household.words import (
    COMPLAINT_WORDS_RE,
    hints_at_disability,
    hints_at_school,
    names_need,
    need_named,
    owed_wages_in_hardship,
    owed_wages_only,
    tells_of_hardship,
)
from zhtext.masking import mask_phone
from zhtext.places import place_by_code
from zhtext.safety import detect_life_safety

logger = logging.getLogger(__name__)

# Slots that belong to one request: cleared when a new request starts.
REQUEST_SCOPED_SLOTS = (
    "household_answer",
    "pending_field",
    "skipped_fields",
    "questions_asked",
    "answer_errors",
    "wants_filing",
    "filing_confirmed",
    "estimate",
    "life_safety",
    "handed_over",
    "place_candidates",
    "misunderstanding_count",
    "missed_turns",
    "human_offered",
    "consent_tries",
)


def _locality_name(code: str | None) -> str:
    if not code:
        return "未知"
    place = place_by_code(code)
    return place.name if place else code


def _request_category(tracker: Tracker) -> str:
    return tracker.get_slot("request_category") or "ask_eligibility"


def _given_phone(tracker: Tracker) -> str | None:
    """The contact phone, unless none was given or the citizen declined to leave one."""
    phone = tracker.get_slot("contact_phone")
    return phone if phone and phone != "none" else None


def _case_lines(tracker: Tracker, facts_label: str, digest_limit: int | None = None) -> list[str]:
    """The known facts (unless consent was refused) and the estimate, one line each."""
    lines = []
    household = tracker.get_slot("household")
    if household and tracker.get_slot("privacy_consent") is not False:
        facts = describe_facts(household)
        if facts:
            lines.append(facts_label + "，".join(facts))
    estimate = tracker.get_slot("estimate")
    if estimate:
        lines.append("初步估算：" + estimate_digest(estimate, limit=digest_limit))
    return lines


class SafetyFirstAction(Action, ABC):
    """Checks the latest message for life-safety signals first: an urgent order goes before all."""

    @abstractmethod
    def name(self) -> str:
        """Abstract: rasa_sdk registers only concrete actions."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        urgent = await handle_life_safety(dispatcher, tracker)
        if urgent:
            return urgent
        return await self.respond(dispatcher, tracker)

    @abstractmethod
    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """The action itself, when the message carries no life-safety signal."""


class SafetyFirstReply(SafetyFirstAction, ABC):
    """Says one fixed text (after the life-safety check)."""

    text: str

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        dispatcher.utter_message(text=self.text)
        return []


class ActionGreet(SafetyFirstReply):
    text = GREETING

    def name(self) -> str:
        return "action_greet"


_FORMS = ("household_form", "filing_form", "ticket_status_form")


class ActionGoodbye(SafetyFirstReply):
    """A goodbye is checked too: “不想活了，再见” must not get a plain farewell. Inside a form
    (the household questions, filing, a status query), an answer the NLU took for a goodbye (「洗碗
    一个月1300 就这些」, a phone number typed in groups 「133 6859 5443」) goes on to the form."""

    text = FAREWELL

    def name(self) -> str:
        return "action_goodbye"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        text = latest_text(tracker)
        form = tracker.active_loop_name
        if form in _FORMS and not FAREWELL_RE.search(text):
            return [FollowupAction(form)]
        if not form and not FAREWELL_RE.search(text) and not tracker.get_slot("request_category"):
            # 「我想问个事」 taken for a goodbye before anything was asked: ask what it is
            dispatcher.utter_message(text=TELL_YOUR_NEED)
            return []
        return await super().respond(dispatcher, tracker)


# A nudge that only asks how things go on (「然后呢？」「那咋办」): never a matter of its own.
NUDGE_RE = re.compile(
    r"^(那|就|嗯|哦)?[，, ]*(然后|接下来|之后|后面|下一步|现在)(呢|咋办|怎么办|咋弄|怎么弄|干啥|做啥)?"
    r"[？?。.!！呢啊]*$"
    r"|^(那|就)?(怎么办|咋办|咋弄|怎么弄|咋整|还有呢|就这样|就这些|然后)[？?。.!！呢啊了]*$"
)

# Below this NLU confidence the need of a request is a guess (see ActionCaptureRequest).
UNSURE_NEED = 0.5


# Below this the need is no more than a guess among many (a long story naming no program).
GUESSED_NEED = 0.3
# The needs a guess may hide: a household's general hardship. A disaster, a person without a
# home, an old person alone or a child nobody raises is a situation of its own, kept as read.
GUESSABLE_NEEDS = frozenset(
    {
        "request_dibao",
        "request_education",
        "request_temporary",
        "request_employment",
        "request_medical",
        "request_housing",
    }
)


def _confidence_below(tracker: Tracker, threshold: float) -> bool:
    confidence = (tracker.latest_message.get("intent") or {}).get("confidence")
    return isinstance(confidence, int | float) and confidence < threshold


def _guessed(tracker: Tracker) -> bool:
    return _confidence_below(tracker, GUESSED_NEED)


def _unsure(tracker: Tracker) -> bool:
    return _confidence_below(tracker, UNSURE_NEED)


class ActionCaptureRequest(Action):
    """Take a request: its category, the facts it already states, the place; safety first."""

    def name(self) -> str:
        return "action_capture_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = latest_intent(tracker) or "ask_eligibility"
        text = latest_text(tracker)
        reroute: list[EventType] = []
        named = need_named(text)
        if intent == "ask_eligibility" and named:
            intent = named  # 「…孩子上幼儿园能不能减点钱」: a general question naming its need
        if intent in REQUEST_INTENTS and not named and owed_wages_only(text):
            # wages owed and no hardship told: 劳动保障监察's matter, filed as a general order
            intent, reroute = "out_of_scope", [FollowupAction("filing_form")]
        elif intent == "complain_handling" and named and not COMPLAINT_WORDS_RE.search(text):
            # 「…摔断腿干不了活…能不能给办个低保」 read as a complaint: no word of one, a need
            # named — the household questions, not a complaint order
            intent, reroute = named, [FollowupAction("household_form")]
        elif intent == "out_of_scope" and not named and owed_wages_in_hardship(text):
            # 「…老板欠俺三万块工钱跑了 现在回城固屋里了 一家五口咋过嘛」: the household's need
            intent, reroute = "ask_eligibility", [FollowupAction("household_form")]
        elif intent == "out_of_scope" and named:
            # 「…想办低保」 read as a general matter: the words name the need beyond doubt,
            # so it gets the household questions, not a general work order
            intent, reroute = named, [FollowupAction("household_form")]
        elif _unsure(tracker) and intent in (*REQUEST_INTENTS, *FILING_ONLY_INTENTS):
            # The NLU hesitates between needs (a long story): a need the words name wins; a
            # complaint it guesses for a household in hardship gets the household questions.
            if named and named != intent:
                if intent in FILING_ONLY_INTENTS:
                    reroute = [FollowupAction("household_form")]
                intent = named
            elif intent in FILING_ONLY_INTENTS and tells_of_hardship(text):
                intent, reroute = "ask_eligibility", [FollowupAction("household_form")]
            elif intent in GUESSABLE_NEEDS and not named and _guessed(tracker):
                # 「…屋里现在冇个主心骨…想问问有么事帮扶」: the NLU only guesses a program the
                # words never name — the general question, every program estimated
                intent = "ask_eligibility"
        earlier = tracker.get_slot("request_category")
        if intent == "out_of_scope" and earlier in REQUEST_INTENTS and NUDGE_RE.match(text.strip()):
            intent = earlier  # 「然后呢？」 asks how the request goes on: it is no new matter
        if intent == "out_of_scope" and not earlier and not named and _says_nothing(text):
            # 「喂 你好」 then 「然后呢？」: no matter told yet, none to file — ask for it
            dispatcher.utter_message(text=TELL_YOUR_NEED)
            return [FollowupAction("action_listen")]
        if intent not in REQUEST_INTENTS and intent not in FILING_ONLY_INTENTS:
            # facts given without naming a need (inform): keep the earlier need, or ask broadly
            intent = tracker.get_slot("request_category") or named or "ask_eligibility"
        if detect_life_safety(text) and not named:
            intent = "request_temporary"  # 急难型临时救助: a person in danger names no program
        household = tracker.get_slot("household") or new_household()
        facts = apply_entities(household, latest_entities(tracker), text)
        told_as_facts = latest_intent(tracker) == "inform" and not earlier
        if (
            told_as_facts
            and intent == "ask_eligibility"
            and not named
            and _disaster_told(household)
        ):
            # 「我家房子昨天夜里着火了…烧得精光」 told as facts, no program named: a disaster
            intent = "request_disaster"
        if (
            named
            and intent in REQUEST_INTENTS
            and named != intent
            and not names_need(text, intent)
            and PROGRAM_OF_NEED.get(named) not in (household.get("current_benefits") or [])
        ):
            # 「…额一个人摆摊还得伺候她 听说失能老人有护理补贴」: the words name a program (not
            # one already received), the NLU guessed another they never name — the named one
            intent = named
        if (
            intent in REQUEST_INTENTS
            and intent not in ("request_vagrant", "request_housing", "request_disaster")
            and not named
            and household.get("homeless")
            and not _disaster_told(household)  # 「山水把房子冲了…没地方住」: 受灾
        ):
            # 「莫地方住…晚上在菜市场棚子底下睡呢」: a night out, whatever program was guessed
            intent = "request_vagrant"
        if (
            intent == "request_disability"
            and not named
            and not hints_at_disability(text)
            and not any(m.get("disability") for m in household.get("members") or [])
        ):
            # 「45了 厂子关门 下岗了」 guessed as 残疾人补贴: no word of a disability
            jobless = any(e.get("type") == "job_loss" for e in household.get("events") or [])
            intent = "request_employment" if jobless else "ask_eligibility"
        if intent == "request_education" and not named and not hints_at_school(text):
            # 「…我一个人带三个娃…有没得啥子补助」 guessed as 教育救助: no word of school
            intent = "ask_eligibility"
        if intent == "request_education" and not named and _sudden_event_told(household):
            # 「我老公上个月车祸没了 两个孩子还在上学 这日子咋过啊」: the children's school is
            # named, the need is the family's after the death — 临时救助, every program estimated
            intent = "request_temporary"
        if (
            intent == "request_vagrant"
            and not named
            and not household.get("homeless")
            and len(household.get("members") or []) > 1
            and _sudden_event_told(household)
        ):
            # 「我老公前天送货让车撞了…撞人的跑了…屋里还有俩娃跟老人」: a family at home after
            # an accident, no night out — 临时救助, not 流浪乞讨
            intent = "request_temporary"
        if (
            intent == "request_vagrant"
            and _unsure(tracker)
            and not named
            and not household.get("homeless")
        ):
            # 「…在新疆工地上干了大半年…回会宁老家了…娃娃要上学」: back home, no night out —
            # no 流浪乞讨 matter, the NLU's guess only: the general question
            intent = "ask_eligibility"
        if (
            _unsure(tracker)
            and not named
            and intent in REQUEST_INTENTS
            and intent != "request_child_welfare"
            and _unraised_minor(household)
        ):
            # 「我今年14岁…我爸去年得病死了 我妈有精神病…管不了我」: the NLU hesitates, the
            # household it tells of is a child nobody raises (事实无人抚养)
            intent = "request_child_welfare"
        events: list[EventType] = [SlotSet(name, None) for name in REQUEST_SCOPED_SLOTS]
        if tracker.get_slot("privacy_consent") is False:
            # the need told again after the consent was refused or never given: ask once more
            events += [SlotSet("privacy_consent", None), SlotSet("consent_tries", None)]
        events.append(SlotSet("request_category", intent))
        previous = tracker.get_slot("request_text")
        events.append(SlotSet("request_text", f"{previous}\n{text}" if previous else text))
        events.append(SlotSet("household", household))
        phone = facts.phone or phone_from(tracker)
        if phone:
            events.append(SlotSet("contact_phone", phone))
        code, candidates = resolve_locality(text, facts.place_code, facts.place_text)
        known = tracker.get_slot("locality")
        if code and refined_locality(known, code) != known:
            events.append(SlotSet("locality", code))
        elif candidates:
            events.append(SlotSet("place_candidates", candidates))

        # The safety check sees the slots as they are now; the urgent order carries them.
        urgent = await handle_life_safety(dispatcher, _with_events(tracker, events))
        if urgent:
            return events + urgent

        topic = CATEGORY_ZH.get(intent, "您的诉求")
        if intent in REQUEST_INTENTS:
            known = describe_facts(household)
            line = f"明白了，您想了解{topic}。"
            if known:
                line += "我记下了：" + "，".join(known) + "。"
            dispatcher.utter_message(text=line)
        elif intent == "complain_handling":
            dispatcher.utter_message(
                text="很抱歉让您着急了。我帮您把这件事登记成投诉工单，转给负责的部门核查并答复您。"
            )
        elif intent == "report_fraud":
            dispatcher.utter_message(
                text="感谢您的监督。举报会登记成工单转给民政部门核查，举报人信息严格保密。"
            )
        elif intent in FILING_ONLY_INTENTS and owed_wages_only(text):
            dispatcher.utter_message(
                text="拖欠工资由人社部门（劳动保障监察）处理，不属于社会救助。我可以帮您登记，"
                "转给 12345 派给人社部门办理。"
            )
        elif intent in FILING_ONLY_INTENTS:
            dispatcher.utter_message(
                text="这件事不属于社会救助，不过我可以帮您登记，转给 12345 按一般诉求派给相关部门办理。"
            )
        return events + reroute


def _says_nothing(text: str) -> bool:
    """A reply that tells no matter: a nudge (然后呢), filler (嗯, 啥意思) or a bare greeting."""
    core = text.strip()
    return bool(NUDGE_RE.match(core) or is_filler(core) or is_confused(core) or len(core) <= 2)


def _disaster_told(household: dict[str, Any]) -> bool:
    """A fire or a natural disaster among the events told."""
    return any(
        event.get("type") in ("fire", "natural_disaster") for event in household.get("events") or []
    )


def _sudden_event_told(household: dict[str, Any]) -> bool:
    """A death, an accident, a sudden illness, a fire or a disaster among the events told."""
    sudden = ("death_in_family", "traffic_accident", "sudden_major_illness", "fire")
    return _disaster_told(household) or any(
        event.get("type") in sudden for event in household.get("events") or []
    )


def _unraised_minor(household: dict[str, Any]) -> bool:
    """A member under 18 (or a grandchild of no age told) whose parents are both gone, or one
    gone and the other unable."""
    return any(
        m.get("parents") == "both_missing"
        and (
            m["age"] < 18
            if isinstance(m.get("age"), int | float)
            else m.get("relation") == "grandchild"
        )
        for m in household.get("members") or []
    )


def _with_events(tracker: Tracker, events: list[EventType]) -> Tracker:
    """A copy of the tracker with the given SlotSet events applied (for follow-up checks)."""
    slots = dict(tracker.slots)
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    updated = copy.copy(tracker)
    updated.slots = slots
    return updated


class ActionAskHouseholdAnswer(Action):
    """Ask the most decisive unknown fact (place and household size first), with how far along
    the questions are and quick replies; a question just explained in other words is not
    repeated."""

    def name(self) -> str:
        return "action_ask_household_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if (tracker.active_loop or {}).get("name") == "filing_form":
            return ask_matter_place(dispatcher, tracker)  # the filing form's one use of the slot
        household = tracker.get_slot("household") or new_household()
        skipped = list(tracker.get_slot("skipped_fields") or [])
        asked = int(tracker.get_slot("questions_asked") or 0)
        remaining = remaining_fields(
            household, tracker.get_slot("locality"), skipped, asked, focus_of(tracker)
        )
        events: list[EventType] = []
        while remaining and remaining[0] != "locality":
            question = question_for(remaining[0], household)
            if not question or _asked_in_a_row(tracker, question) < 2:
                break
            # asked twice and never answered (each reply taken for another matter, 「你记嘛」 as
            # a question to the bot): never a third time — left unknown, for the caseworker
            skipped.append(remaining[0])
            events = [SlotSet("skipped_fields", skipped)]
            remaining = remaining_fields(
                household, tracker.get_slot("locality"), skipped, asked, focus_of(tracker)
            )
        if not remaining:  # nothing left to ask: let the form finish on the next turn
            dispatcher.utter_message(
                text="还有什么想补充的吗？没有的话说“没有”，我就给您估算。",
                buttons=[{"title": "没有了，估算吧", "payload": "没有"}],
            )
            return [*events, SlotSet("pending_field", None)]
        path = remaining[0]
        note = tracker.get_slot("form_note") or ""
        if note.startswith("explained:") and note == explained_note(path):
            return [*events, SlotSet("pending_field", path), SlotSet("form_note", None)]
        progress = f"（第 {asked + 1} 问，共约 {asked + len(remaining)} 问）"
        candidates = tracker.get_slot("place_candidates")
        if path == "locality" and candidates:
            text, buttons = which_place(candidates)
            dispatcher.utter_message(text=text, buttons=buttons)
        else:
            question = question_for(path, household) or "能再说说家里的情况吗？"
            dispatcher.utter_message(text=f"{question}{progress}", buttons=question_buttons(path))
        return [*events, SlotSet("pending_field", path), SlotSet("form_note", None)]


def _asked_in_a_row(tracker: Tracker, question: str) -> int:
    """How many times in a row, up to now, the household question asked was this one."""
    count = 0
    for event in reversed(tracker.events):
        said = event.get("text") or "" if event.get("event") == "bot" else ""
        if "问，共约" not in said:
            continue  # not a household question (a reply between, the bot's own words)
        if not said.startswith(question):
            break
        count += 1
    return count


def compute_estimate(tracker: Tracker) -> tuple[dict[str, Any] | None, str | None]:
    """(result, error message) from policies for the household in the tracker."""
    household = tracker.get_slot("household") or new_household()
    return estimate_or_error(household, tracker.get_slot("locality"))


class ActionExplainEstimate(Action):
    def name(self) -> str:
        return "action_explain_estimate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("life_safety"):
            return []
        if tracker.get_slot("privacy_consent") is False:
            dispatcher.utter_message(
                text="好的，我不收集您的个人信息。您可以到户籍所在地乡镇（街道）或拨打 12345 咨询，"
                "也可以随时回来找我。"
            )
            return [SlotSet("household", None)]
        events: list[EventType] = []
        if not tracker.get_slot("locality"):
            name = _locality_name(settings.hotline_locality())
            dispatcher.utter_message(text=f"地点不清楚，先按本热线所在地（{name}）的标准估算。")
        result, error = compute_estimate(tracker)
        if error:
            dispatcher.utter_message(text=f"有的信息好像对不上：{error}。工作人员会帮您核实。")
            return events
        asked_for = PROGRAM_OF_NEED.get(_request_category(tracker))
        for bubble in summarize_estimate(result or {}, asked_for):
            dispatcher.utter_message(text=bubble)
        return [*events, SlotSet("estimate", result)]


def _order_text(tracker: Tracker) -> str:
    category = _request_category(tracker)
    lines = [f"诉求类别：{CATEGORY_ZH.get(category, category)}"]
    request_text = tracker.get_slot("request_text") or "\n".join(user_texts(tracker)[:3])
    lines.append(f"市民反映：{request_text}")
    lines += _case_lines(tracker, "已了解情况：")
    lines.append("（由 12345 智能助手登记）")
    return "\n".join(lines)


class ActionAskFilingConfirmed(Action):
    """The summary the citizen confirms before the order is filed: one fact a line, so that a
    wrong one can be named (「残疾那条不对」) and corrected before filing."""

    def name(self) -> str:
        return "action_ask_filing_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("form_note") == "explained:filing_confirmed":
            return [SlotSet("form_note", None)]
        category = _request_category(tracker)
        lines = ["请确认要提交的工单：", f"事项：{CATEGORY_ZH.get(category, category)}"]
        locality = tracker.get_slot("locality")
        lines.append(
            f"地点：{_locality_name(locality)}"
            if locality
            else "地点：未说明（由 12345 按本地派单）"
        )
        household = tracker.get_slot("household")
        if household and tracker.get_slot("privacy_consent") is not False:
            lines += [f"· {fact}" for fact in describe_facts(household)]
        estimate = tracker.get_slot("estimate")
        if estimate:
            lines.append("初步估算：" + estimate_digest(estimate, limit=3))
        phone = _given_phone(tracker)
        lines.append("联系电话：" + (mask_phone(phone) or "" if phone else "未留"))
        lines.append("都对的话点“确认提交”；哪一条不对，直接告诉我。")
        dispatcher.utter_message(text=BR.join(lines), buttons=CONFIRM_BUTTONS)
        return []


class ActionFileTicket(Action):
    def name(self) -> str:
        return "action_file_ticket"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset = [SlotSet("wants_filing", None), SlotSet("filing_confirmed", None)]
        if tracker.get_slot("life_safety") or tracker.get_slot("form_note") == HANDED_OVER_NOTE:
            # an operator has the conversation: nothing more to say or file
            return [*reset, SlotSet("form_note", None)]
        if tracker.get_slot("wants_filing") is False or (
            tracker.get_slot("request_category") in REQUEST_INTENTS
            and tracker.get_slot("privacy_consent") is False
        ):
            dispatcher.utter_message(text="好的，先不提交。需要时随时找我，或拨打 12345。")
            return reset
        if tracker.get_slot("filing_confirmed") is not True:
            dispatcher.utter_message(text="好的，已取消，这次不提交。需要时随时找我。")
            return reset
        orders = list(tracker.get_slot("filed_orders") or [])
        key = request_key(tracker, "order")
        consented = tracker.get_slot("privacy_consent") is True
        household = tracker.get_slot("household")
        locality = tracker.get_slot("locality") or settings.hotline_locality()
        estimate = tracker.get_slot("estimate")
        if estimate is None and consented and household and describe_facts(household):
            # A complaint or a request filed without the questions still tells of its household
            # (「腰椎间盘突出干不了活 老伴种地一年四千」): the handler gets the estimate of what it said.
            estimate, _ = compute_estimate(tracker)
        payload = build_payload(
            text=_order_text(tracker),
            category=_request_category(tracker),
            locality=locality,
            contact_phone=_given_phone(tracker) if consented else None,
            household=for_policy(household, locality) if consented and household else None,
            estimate=estimate,
            consent_text=consent_notice_shown(tracker) if consented else None,
        )
        result = await asyncio.to_thread(file_order, payload, key)
        dispatcher.utter_message(text=filing_message(result))
        orders.append({"key": key, "number": None if result.merged else result.number})
        return [*reset, SlotSet("filed_orders", orders)]


class ActionTicketStatus(Action):
    """Status by number plus the phone's last 4 digits; or this conversation's own orders."""

    def name(self) -> str:
        return "action_ticket_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset = [SlotSet("ticket_number", None), SlotSet("phone_last4", None)]
        if tracker.get_slot("life_safety") and not ticket_number_from(tracker):
            return reset
        filing_answer = _filing_answer_misread_as_status(tracker)
        if filing_answer:
            return reset + filing_answer
        number = tracker.get_slot("ticket_number") or ticket_number_from(tracker)
        if number == "unknown":
            number = None
        last4 = tracker.get_slot("phone_last4") or phone_last4_from(tracker)
        outbox, api = services()
        if not number:
            own = self._own_orders(tracker, outbox)
            if own:
                dispatcher.utter_message(text=own)
                return reset
            dispatcher.utter_message(
                text="查询进度需要工单号和登记手机号后四位，比如：12345-20261123-000042 尾号 5678。"
                "没有工单号的话，可以拨打 12345，凭登记的手机号查询。"
            )
            return reset
        if not last4:
            phone = _given_phone(tracker)
            last4 = phone[-4:] if phone else None
        if not last4:
            dispatcher.utter_message(text="请再告诉我登记手机号的后四位。")
            return [SlotSet("ticket_number", number), SlotSet("phone_last4", None)]
        try:
            ref = hashlib.sha256(f"citizen|{tracker.sender_id}".encode()).hexdigest()[:32]
            ticket = await asyncio.to_thread(api.public_status, number, last4, ref)
        except ApiRejected as refused:
            if refused.status == 429:  # the API limits wrong-digit guesses per number
                text = "查询次数太多了，为保护您的信息，请过几分钟再查，或拨打 12345。"
            else:
                text = "工单系统暂时查不了，请稍后再查，或拨打 12345。"
            dispatcher.utter_message(text=text)
            return reset
        except ApiUnavailable:
            dispatcher.utter_message(text="工单系统暂时连不上，请稍后再查，或拨打 12345。")
            return reset
        if ticket is None:
            dispatcher.utter_message(text="没有查到这张工单，请核对工单号和手机号后四位。")
            return reset
        dispatcher.utter_message(text=describe_status(number, ticket))
        return reset

    @staticmethod
    def _own_orders(tracker: Tracker, outbox: Any) -> str | None:
        lines = []
        for order in tracker.get_slot("filed_orders") or []:
            entry = outbox.get(order.get("key", ""))
            number = order.get("number") or (
                entry.ticket.get("number") if entry is not None and entry.ticket else None
            )
            if number:
                lines.append(f"您这次对话提交的工单号是 {number}。")
            elif entry is not None and entry.status == "pending":
                lines.append("您的工单还在待发送队列里，系统恢复后会自动提交。")
        if not lines:
            return None
        return "".join(lines) + "要查办理进度，请告诉我工单号和登记手机号后四位。"


def _filing_answer_misread_as_status(tracker: Tracker) -> list[EventType]:
    """「我要提交工单」 while the filing form asks whether to file: the NLU may read 工单 as a
    status question; it is the answer to the form's question."""
    from bot.actions.forms import SUBMIT_RE

    asking = tracker.get_slot("requested_slot")
    if tracker.active_loop.get("name") != "filing_form" or ticket_number_from(tracker):
        return []
    if asking in ("wants_filing", "filing_confirmed") and SUBMIT_RE.search(latest_text(tracker)):
        return [SlotSet(asking, True)]
    return []


def describe_status(number: str, ticket: dict[str, Any]) -> str:
    status_name = ticket.get("status_name") or "处理中"  # the API's name for its lifecycle state
    parts = [f"工单 {number}：{status_name}。"]
    department = ticket.get("department_name") or ticket.get("department")
    if isinstance(department, dict):
        department = department.get("name") or department.get("code")
    if department:
        parts.append(f"承办部门：{department}。")
    deadlines = ticket.get("deadlines") or {}
    from bot.actions.filing import format_deadline

    deadline = format_deadline(deadlines.get("reply") or deadlines.get("close"))
    if deadline:
        parts.append(f"答复期限：{deadline}前。")
    reply = ticket.get("reply")
    if isinstance(reply, dict):
        reply = reply.get("note") or reply.get("text")
    if reply:
        parts.append(f"答复：{reply}")
    return "".join(parts)


class ActionHandover(SafetyFirstAction):
    """The citizen asks for an operator (unless an urgent order already went to one)."""

    def name(self) -> str:
        return "action_handover"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        form = tracker.active_loop_name
        if form in _FORMS and not HUMAN_RE.search(latest_text(tracker)):
            return [FollowupAction(form)]  # an answer the NLU took for 转人工: the form reads it
        return await hand_over(dispatcher, tracker, "市民要求转人工。")


class ActionHandleMisunderstanding(SafetyFirstAction):
    """First miss: ask to rephrase; second in a row: hand over to an operator."""

    def name(self) -> str:
        return "action_handle_misunderstanding"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        text = latest_text(tracker)
        if not tracker.active_loop_name and tells_of_hardship(text):
            # A long message about a household in hardship the NLU could not place: it is a
            # request all the same — take it, and ask the household questions.
            # (no life-safety signal: SafetyFirstAction checked the message before this)
            events = await ActionCaptureRequest().run(dispatcher, tracker, {})
            return [
                *events,
                SlotSet("misunderstanding_count", 0.0),
                FollowupAction("household_form"),
            ]
        count = int(tracker.get_slot("misunderstanding_count") or 0) + 1
        if count >= 2:
            return await hand_over(dispatcher, tracker, "助手连续两次没有理解市民的意思。")
        dispatcher.utter_message(
            text="抱歉，我没太明白。您可以换个说法，比如“我想申请低保”“查工单进度”，或者说“转人工”。"
        )
        events: list[EventType] = [SlotSet("misunderstanding_count", float(count))]
        if not tracker.get_slot("locality") and text:
            # 「…绩溪县城的 这个能不能先把车还我」 not understood: where they are is kept for the
            # need they say again in other words
            code, _ = resolve_locality(text)
            if code:
                events.append(SlotSet("locality", code))
        return events
