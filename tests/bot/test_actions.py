"""The custom actions with real rasa_sdk Trackers, CollectingDispatchers and a live fake API."""

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from bot.actions.dialogue import (
    ActionAskFilingConfirmed,
    ActionAskHouseholdAnswer,
    ActionCaptureRequest,
    ActionExplainEstimate,
    ActionFileTicket,
    ActionGoodbye,
    ActionGreet,
    ActionHandleMisunderstanding,
    ActionHandover,
    ActionTicketStatus,
)
from bot.actions.forms import (
    ValidateFilingForm,
    ValidateHouseholdForm,
    ValidateTicketStatusForm,
    _asked_for,
)
from bot.actions.prompts import (
    FILING_ONLY_NOTICE,
    MATTER_PLACE_EXPLAINED,
    MATTER_PLACE_QUESTION,
    PRIVACY_NOTICE,
    ActionAskPrivacyConsent,
)
from household.facts import household_size
from tests.bot.support import make_tracker, run_action, slots_of, texts_of

OPERATOR_TEXT = "来电人反映：其家中3口人，丈夫去年车祸后二级残疾，妻子无业，每月仅靠600元。住会宁县。诉求：咨询能否办理低保"
OPERATOR_ENTITIES = [
    {"entity": "household_size", "value": 3, "start": 8, "end": 11, "text": "3口人"},
    {"entity": "relation", "value": "spouse", "start": 12, "end": 14, "text": "丈夫"},
    {"entity": "event_type", "value": "traffic_accident", "start": 16, "end": 18, "text": "车祸"},
    {"entity": "disability_grade", "value": 2, "start": 19, "end": 21, "text": "二级"},
    {"entity": "monthly_income", "value": 600.0, "start": 33, "end": 37, "text": "600元"},
    {
        "entity": "place",
        "value": "会宁县",
        "code": "620422",
        "start": 40,
        "end": 43,
        "text": "会宁县",
    },
]


def _entity(text: str, words: str, name: str, value: Any) -> dict[str, Any]:
    start = text.index(words)
    return {"entity": name, "value": value, "start": start, "end": start + len(words)}


def _form_turn(
    validator: Any,
    domain: dict,
    slots: dict,
    text: str,
    intent: str = "inform",
    entities=None,
    form: str = "household_form",
) -> tuple[dict, str]:
    tracker = make_tracker(text, intent, entities, slots=slots, active_loop=form)
    events, dispatcher = run_action(validator, tracker, domain)
    return slots_of(events), texts_of(dispatcher)


def _capture(domain: dict, text: str, intent: str, entities=None, slots=None) -> tuple[dict, str]:
    events, dispatcher = run_action(
        ActionCaptureRequest(), make_tracker(text, intent, entities, slots=slots), domain
    )
    return slots_of(events), texts_of(dispatcher)


@pytest.mark.parametrize("text", ["然后呢？", "嗯", "啥意思", "喂"])
def test_a_reply_telling_nothing_before_any_need_is_asked_for_the_need(domain, ticket_api, text):
    events, dispatcher = run_action(
        ActionCaptureRequest(), make_tracker(text, "out_of_scope"), domain
    )
    assert "请说说您遇到了什么困难" in texts_of(dispatcher)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}]
    assert not ticket_api.requests
    # a matter told is filed as a general order, as before
    slots, said = _capture(domain, "我们小区的路灯坏了一个多月了没人修", "out_of_scope")
    assert slots["request_category"] == "out_of_scope" and "不属于社会救助" in said


def test_a_need_read_as_a_complaint_without_a_word_of_one_gets_the_questions(domain, ticket_api):
    text = (
        "俺是古浪土门的 三个月前给人盖房子从架子上摔下来 腿断了 到现在干不了活 "
        "家里就老伴种地 一年七八千 能不能给办个低保"
    )
    events, dispatcher = run_action(
        ActionCaptureRequest(), make_tracker(text, "complain_handling"), domain
    )
    assert slots_of(events)["request_category"] == "request_dibao"
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "household_form"}
    slots, said = _capture(domain, "低保申请了半年没人管，想投诉一下", "complain_handling")
    assert slots["request_category"] == "complain_handling" and "投诉" in said


@pytest.mark.parametrize("text", ["然后呢？", "那咋办", "接下来呢"])
def test_a_nudge_read_as_out_of_scope_keeps_the_request(domain, ticket_api, text) -> None:
    slots, said = _capture(
        domain, text, "out_of_scope", slots={"request_category": "request_vagrant"}
    )
    assert slots["request_category"] == "request_vagrant"
    assert "不属于社会救助" not in said


def test_a_need_told_again_after_the_consent_was_not_given_asks_for_it_again(
    domain, ticket_api
) -> None:
    slots, _ = _capture(
        domain,
        "雪灾冻死了牛羊，有没有补助",
        "request_disaster",
        slots={"request_category": "request_disaster", "privacy_consent": False},
    )
    assert slots["privacy_consent"] is None and slots["request_category"] == "request_disaster"


def test_a_new_matter_read_as_out_of_scope_is_one(domain, ticket_api) -> None:
    slots, said = _capture(
        domain, "楼上漏水谁管", "out_of_scope", slots={"request_category": "request_vagrant"}
    )
    assert slots["request_category"] == "out_of_scope"


def test_capture_keeps_what_the_first_message_said(domain, ticket_api) -> None:
    slots, said = _capture(domain, OPERATOR_TEXT, "request_dibao", OPERATOR_ENTITIES)
    assert slots["request_category"] == "request_dibao"
    assert slots["locality"] == "620422"
    household = slots["household"]
    assert household_size(household) == 3
    assert household["members"][1]["disability"] == {"grade": 2}
    assert "最低生活保障" in said and "3口人" in said
    assert ticket_api.requests == []  # nothing is filed before consent


def test_place_is_resolved_from_the_words_without_an_entity(domain, ticket_api) -> None:
    slots, _ = _capture(domain, "我是会宁的，想问低保", "request_dibao")
    assert slots["locality"] == "620422"
    slots, _ = _capture(domain, "我想问低保", "request_dibao")
    assert slots.get("locality") is None


def test_consent_is_asked_before_any_question(domain, ticket_api) -> None:
    validator = ValidateHouseholdForm()
    slots, said = _form_turn(
        validator, domain, {"requested_slot": "privacy_consent"}, "好的", "affirm"
    )
    assert slots["privacy_consent"] is True
    assert "谢谢" in said
    declined, _ = _form_turn(
        validator,
        domain,
        {"requested_slot": "privacy_consent", "household": {"members": [{}]}},
        "不同意",
        "deny",
    )
    assert declined["privacy_consent"] is False
    assert declined["household"] is None
    assert declined["requested_slot"] is None  # the form ends: nothing more is collected


@pytest.mark.parametrize(
    "text", ["哦 那行", "那行吧", "嗯，好吧", "那好", "嗯", "嗯嗯", "能成", "中 中", "哦呀"]
)
def test_agreeing_words_that_sound_like_a_farewell_are_consent(domain, ticket_api, text) -> None:
    slots, _ = _form_turn(
        ValidateHouseholdForm(), domain, {"requested_slot": "privacy_consent"}, text, "inform"
    )  # (read as goodbye they would end the form: the NLU data teaches them as affirm)
    assert slots["privacy_consent"] is True


def test_unclear_consent_is_asked_again(domain, ticket_api) -> None:
    slots, said = _form_turn(
        ValidateHouseholdForm(), domain, {"requested_slot": "privacy_consent"}, "啥意思", "inform"
    )
    assert "privacy_consent" not in slots
    assert "同意" in said
    assert "form_note" in slots  # a slot change: Rasa asks the same question instead of rejecting


def test_each_explanation_of_the_consent_ends_in_the_question_and_the_third_offers_a_person(
    domain, ticket_api
) -> None:
    said_each = []
    for tries in (0, 1, 2):
        slots, said = _form_turn(
            ValidateHouseholdForm(),
            domain,
            {"requested_slot": "privacy_consent", "consent_tries": float(tries)},
            "啥意思？",
            "inform",
        )
        said_each.append(said)
    first, second, third = said_each
    assert first.rstrip("。").endswith("“不同意”") and "您同意吗？" in first
    assert second != first and second.endswith("您同意吗？") and len(second) < len(first)
    assert "转人工" in third and "您同意吗" not in third


def _ask(domain: dict, slots: dict) -> tuple[str, str]:
    events, dispatcher = run_action(
        ActionAskHouseholdAnswer(),
        make_tracker("", None, slots=slots, active_loop="household_form"),
        domain,
    )
    return slots_of(events)["pending_field"], texts_of(dispatcher)


def test_the_form_starting_after_the_request_does_not_read_the_request_again(
    domain, ticket_api
) -> None:
    text = "家里四口人 大儿子19在兰州上大专 女儿15上初三"
    entities = [
        _entity(text, "四口人", "household_size", 4),
        _entity(text, "大儿子", "relation", "child"),
        _entity(text, "大专", "school_stage", "college"),
        _entity(text, "女儿", "relation", "child"),
        _entity(text, "初三", "school_stage", "junior_high"),
    ]
    captured, _ = _capture(domain, text, "request_education", entities)
    children = [m for m in captured["household"]["members"] if m.get("relation") == "child"]
    assert [c.get("age") for c in children] == [19, 15]
    # The same turn goes on to the household form: Rasa validates the slots the capture set
    # (household_answer was reset among them) with the same message as the latest one.
    tracker = make_tracker(text, "request_education", entities, slots=captured)
    tracker.events.extend(
        {"event": "slot", "name": name, "value": value} for name, value in captured.items()
    )
    events, _ = run_action(ValidateHouseholdForm(), tracker, domain)
    household = slots_of(events).get("household") or captured["household"]
    assert [m.get("relation") for m in household["members"]].count("child") == 2


def test_household_questions_skip_what_is_known_and_accept_answers(domain, ticket_api) -> None:
    captured, _ = _capture(domain, OPERATOR_TEXT, "request_dibao", OPERATOR_ENTITIES)
    slots = {**captured, "privacy_consent": True, "requested_slot": "household_answer"}
    pending, question = _ask(domain, slots)
    assert pending not in ("locality", "members", "household_monthly_income")
    assert question
    slots["pending_field"] = pending
    result, _ = _form_turn(ValidateHouseholdForm(), domain, slots, "不知道")
    assert pending in result["skipped_fields"]
    assert result["questions_asked"] == 1.0
    slots.update(result)
    next_pending, _ = _ask(domain, slots)
    assert next_pending != pending


def test_number_validation_in_chinese_then_accepts(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "locality": "620422",
        "household": {"members": [{"relation": "self"}, {}], "_size": 2},
        "pending_field": "household_monthly_income",
    }
    result, said = _form_turn(ValidateHouseholdForm(), domain, slots, "挺少的")
    assert "说个大概的数就行" in said
    assert result["household_answer"] is None
    assert "household_monthly_income" not in result["household"]
    slots.update(result)
    result, said = _form_turn(ValidateHouseholdForm(), domain, slots, "两千五")
    assert result["household"]["household_monthly_income"] == 2500.0
    assert result["questions_asked"] == 1.0


def test_correction_mid_form_changes_the_earlier_answer(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "locality": "620422",
        "household": {"members": [{"relation": "self"}, {}, {}], "_size": 3},
        "pending_field": "household_monthly_income",
    }
    entities = [{"entity": "household_size", "value": 4, "start": 3, "end": 6, "text": "四口人"}]
    result, said = _form_turn(
        ValidateHouseholdForm(), domain, slots, "不对，是四口人", entities=entities
    )
    assert household_size(result["household"]) == 4
    assert "已更正" in said and "4口人" in said
    assert result["household_answer"] is None  # the income question is asked again
    # without an NLU entity the words alone still correct it
    result, said = _form_turn(ValidateHouseholdForm(), domain, slots, "不对，是四口人")
    assert household_size(result["household"]) == 4


def test_unknown_place_is_asked_not_guessed(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "pending_field": "locality",
    }
    result, said = _form_turn(ValidateHouseholdForm(), domain, slots, "火星村")
    assert result.get("locality") is None
    assert "没找到这个地方" in said
    result, _ = _form_turn(ValidateHouseholdForm(), domain, slots, "会宁县")
    assert result["locality"] == "620422"


def test_interruption_is_not_taken_as_an_answer(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "pending_field": "members",
    }
    tracker = make_tracker(
        "我上次的工单怎么样了", "query_ticket_status", slots=slots, active_loop="household_form"
    )
    events, _ = run_action(ValidateHouseholdForm(), tracker, domain)
    assert "household_answer" not in slots_of(events)  # Rasa rejects the form, a rule answers


def test_an_answer_misread_as_a_status_question_is_still_the_answer(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "pending_field": "household_monthly_income",
        "household": {"members": [{"relation": "self"}], "_size": 1},
    }
    result, _ = _form_turn(
        ValidateHouseholdForm(),
        domain,
        slots,
        "看大门一个月800 另外还有150的养老金",
        "query_ticket_status",
    )
    assert "household_answer" in result and result["household"]["household_monthly_income"] > 0


def test_form_finishes_when_nothing_decisive_is_left(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "locality": "620422",
        "household": {"members": [{"relation": "self"}], "_size": 1},
        "pending_field": "household_monthly_income",
        "questions_asked": 7.0,
    }
    result, _ = _form_turn(ValidateHouseholdForm(), domain, slots, "没有收入")
    assert result["household"]["household_monthly_income"] == 0.0
    assert result["household_answer"] == "done"  # both required slots filled: the form ends


def test_estimate_is_explained_and_kept(domain, ticket_api) -> None:
    household = {
        "members": [
            {"relation": "self", "age": 46, "disability": {"grade": 2, "type": "physical"}}
        ],
        "_size": 1,
        "household_monthly_income": 0.0,
        "assets_within_local_limits": True,
    }
    tracker = make_tracker(
        "", None, slots={"privacy_consent": True, "household": household, "locality": "620422"}
    )
    events, dispatcher = run_action(ActionExplainEstimate(), tracker, domain)
    estimate = slots_of(events)["estimate"]
    assert estimate["locality"] == "620422"
    said = texts_of(dispatcher)
    likely = [p["name"] for p in estimate["programs"] if p["status"] == "likely"]
    assert likely and likely[0] in said
    assert "为什么" in said


def test_why_during_the_filing_offer_gives_the_details(domain, ticket_api) -> None:
    estimate = {
        "programs": [
            {
                "id": "dibao",
                "name": "最低生活保障",
                "status": "likely",
                "reasons": ["理由一", "理由二"],
                "citations": [{"document": "绩办〔2021〕27号"}],
            }
        ]
    }
    slots = {
        "request_category": "request_dibao",
        "requested_slot": "wants_filing",
        "estimate": estimate,
    }
    result, said = _form_turn(ValidateFilingForm(), domain, slots, "为什么", form="filing_form")
    assert "理由二" in said and "绩办〔2021〕27号" in said
    assert "wants_filing" not in result
    assert result["requested_slot"] == "wants_filing"


def test_unclear_answers_to_the_offer_are_explained_once_in_other_words_then_handed_over(
    domain, ticket_api
) -> None:
    from bot.actions.dialogue import ActionFileTicket
    from bot.actions.forms import FILING_EXPLAINED

    slots = {"request_category": "request_dibao", "requested_slot": "wants_filing"}
    from bot.actions.prompts import PROMPTS

    history = [("bot", PROMPTS["action_ask_wants_filing"])]
    said_each = []
    for _turn in range(3):
        tracker = make_tracker(
            "啥意思", "inform", slots=slots, active_loop="filing_form", history=history
        )
        events, dispatcher = run_action(ValidateFilingForm(), tracker, domain)
        said = texts_of(dispatcher)
        said_each.append(said)
        history += [("user", "啥意思"), ("bot", said)]
    first, second, third = said_each
    assert (first, second) == FILING_EXPLAINED
    assert "转接人工" in third and ticket_api.requests[-1]["body"]["text"].startswith("【转人工】")
    result = slots_of(events)
    assert result["wants_filing"] is False and result["handed_over"] is True
    # the filing step after the form then stays silent and files nothing more
    requests_before = len(ticket_api.requests)
    tracker = make_tracker("啥意思", "inform", slots={**slots, **result})
    _, dispatcher = run_action(ActionFileTicket(), tracker, domain)
    assert texts_of(dispatcher) == "" and len(ticket_api.requests) == requests_before


def _file(
    domain: dict, slots: dict, sender: str = "citizen-1", message_id: str = "message-1"
) -> tuple[dict, str]:
    tracker = make_tracker("确认", "affirm", slots=slots, sender_id=sender, message_id=message_id)
    events, dispatcher = run_action(ActionFileTicket(), tracker, domain)
    return slots_of(events), texts_of(dispatcher)


FILING_SLOTS = {
    "request_category": "request_dibao",
    "request_text": OPERATOR_TEXT,
    "privacy_consent": True,
    "locality": "620422",
    "household": {
        "members": [{"relation": "self"}, {"relation": "spouse", "disability": {"grade": 2}}, {}],
        "_size": 3,
        "household_monthly_income": 600.0,
    },
    "estimate": {
        "locality": "620422",
        "programs": [{"id": "dibao", "name": "最低生活保障", "status": "likely", "reasons": ["r"]}],
    },
    "wants_filing": True,
    "contact_phone": "13800001234",
    "filing_confirmed": True,
}


def test_summary_to_confirm_masks_the_phone(domain, ticket_api) -> None:
    tracker = make_tracker("", None, slots=FILING_SLOTS)
    _, dispatcher = run_action(ActionAskFilingConfirmed(), tracker, domain)
    said = texts_of(dispatcher)
    assert "138****1234" in said and "13800001234" not in said
    assert "会宁县" in said and "3口人" in said and "最低生活保障" in said


def test_filing_sends_facts_estimate_and_key_and_answers_with_the_number(
    domain, ticket_api
) -> None:
    slots, said = _file(domain, FILING_SLOTS)
    assert "工单号 12345-20261123-000001" in said
    assert "会宁县民政局" in said and "答复期限" in said
    request = ticket_api.requests[0]
    assert request["key"]
    body = request["body"]
    assert body["category"] == "request_dibao" and body["locality"] == "620422"
    assert body["urgency"] == "normal" and body["channel"] == "chat"
    assert body["household"]["household_monthly_income"] == 600.0
    assert "_size" not in body["household"]
    assert body["estimate"]["programs"][0]["id"] == "dibao"
    assert body["contact_phone"] == "13800001234"
    assert slots["filed_orders"][0]["number"] == "12345-20261123-000001"
    assert slots["filing_confirmed"] is None

    # the action re-run for the same message: the same key, the same ticket
    _file(domain, FILING_SLOTS)
    assert len(ticket_api.tickets) == 1
    # a second filing later in the conversation (another message) gets a new key
    _file(domain, {**FILING_SLOTS, "filed_orders": slots["filed_orders"]}, message_id="message-2")
    assert len({r["key"] for r in ticket_api.requests}) == 2
    # after a restart the slots are empty, but the next request is another message: a new key,
    # never the old order's number
    _, said = _file(domain, FILING_SLOTS, message_id="message-after-restart")
    assert len({r["key"] for r in ticket_api.requests}) == 3
    assert "12345-20261123-000003" in said


def test_filing_with_api_down_is_queued_and_delivered_later(domain, ticket_api, tmp_path) -> None:
    ticket_api.down = True
    slots, said = _file(domain, FILING_SLOTS, sender="citizen-down")
    assert "待发送队列" in said and "不会丢失" in said
    assert slots["filed_orders"][0]["number"] is None
    ticket_api.down = False
    from bot.actions.filing import services

    outbox, api = services()
    assert outbox.deliver_pending(api) == 1
    assert len(ticket_api.tickets) == 1
    # asking for the status in the same conversation now finds the delivered order
    tracker = make_tracker(
        "我的工单呢", "query_ticket_status", slots={"filed_orders": slots["filed_orders"]}
    )
    _, dispatcher = run_action(ActionTicketStatus(), tracker, domain)
    assert "12345-20261123-000001" in texts_of(dispatcher)


def test_declined_filing_files_nothing(domain, ticket_api) -> None:
    _, said = _file(domain, {**FILING_SLOTS, "wants_filing": False, "filing_confirmed": None})
    assert "先不提交" in said
    _, said = _file(domain, {**FILING_SLOTS, "filing_confirmed": False})
    assert "取消" in said
    assert ticket_api.requests == []


def test_filing_form_collects_phone_and_confirmation(domain, ticket_api) -> None:
    validator = ValidateFilingForm()
    base = {"request_category": "request_dibao", "estimate": FILING_SLOTS["estimate"]}
    slots, _ = _form_turn(
        validator,
        domain,
        {**base, "requested_slot": "wants_filing"},
        "好",
        "affirm",
        form="filing_form",
    )
    assert slots["wants_filing"] is True and slots["requested_slot"] == "contact_phone"
    state = {**base, **slots}
    slots, said = _form_turn(validator, domain, state, "电话好像是138", form="filing_form")
    assert "11位" in said and "contact_phone" not in slots
    # typed in groups, and taken by the NLU for a goodbye: read as the phone all the same
    slots, _ = _form_turn(validator, domain, state, "138 0000 1234", "goodbye", form="filing_form")
    assert slots["contact_phone"] == "13800001234" and slots["requested_slot"] == "filing_confirmed"
    state.update(slots)
    slots, _ = _form_turn(validator, domain, state, "确认", "affirm", form="filing_form")
    assert slots["filing_confirmed"] is True and slots["requested_slot"] is None


def test_complaint_asks_consent_then_phone(domain, ticket_api) -> None:
    validator = ValidateFilingForm()
    tracker = make_tracker(
        "低保申请了半年没人管", "complain_handling", slots={"request_category": "complain_handling"}
    )
    events, _ = run_action(validator, tracker, domain)
    assert slots_of(events)["requested_slot"] == "privacy_consent"
    slots, said = _file(domain, {**FILING_SLOTS, "request_category": "complain_handling"})
    assert ticket_api.requests[0]["body"]["category"] == "complain_handling"


def test_a_complaint_that_tells_of_its_household_is_filed_with_the_estimate_of_it(
    domain, ticket_api
) -> None:
    slots = {**FILING_SLOTS, "request_category": "complain_handling", "estimate": None}
    _file(domain, slots)
    body = ticket_api.requests[0]["body"]
    statuses = {p["id"]: p["status"] for p in body["estimate"]["programs"]}
    assert statuses["dibao"] in ("likely", "possible")  # 600 元 for three
    ticket_api.requests.clear()
    _file(domain, {**slots, "household": None}, sender="citizen-2", message_id="m-2")
    assert "estimate" not in ticket_api.requests[0]["body"]  # nothing told, nothing estimated


def test_life_safety_in_the_first_message_files_an_urgent_order_at_once(domain, ticket_api) -> None:
    text = "家里已经断炊了，我真的不想活了"
    slots, said = _capture(domain, text, "request_dibao")
    assert slots["life_safety"] is True and slots["handed_over"] is True
    for number in ("110", "120", "12345"):
        assert number in said
    assert "工单号 12345-20261123-000001" in said
    body = ticket_api.requests[0]["body"]
    assert body["urgency"] == "urgent"
    assert text in body["text"]
    assert "household" not in body or body["household"]  # no consent asked first
    # the forms then end at once: no question, no second order
    tracker = make_tracker(text, "request_dibao", slots=slots)
    events, dispatcher = run_action(ValidateHouseholdForm(), tracker, domain)
    assert slots_of(events).get("requested_slot") is None
    assert len(ticket_api.requests) == 1


def test_an_urgent_order_carries_the_programs_the_first_words_point_to(domain, ticket_api) -> None:
    text = "我在武威火车站这块 身上一分钱都没了 回不了家 两天没吃饭了 晚上睡在桥洞下面 能不能帮帮我"
    slots, _ = _capture(domain, text, "request_vagrant")
    assert slots["life_safety"] is True
    body = ticket_api.requests[0]["body"]
    assert body["urgency"] == "urgent" and body["household"]["homeless"] is True
    statuses = {p["id"]: p["status"] for p in body["estimate"]["programs"]}
    assert statuses["vagrant"] == "likely"


def test_life_safety_mid_form_ends_the_form(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "pending_field": "members",
        "locality": "620422",
    }
    result, said = _form_turn(ValidateHouseholdForm(), domain, slots, "丈夫天天家暴，我被打伤了")
    assert result["life_safety"] is True and result["requested_slot"] is None
    assert "110" in said
    assert ticket_api.requests[0]["body"]["urgency"] == "urgent"
    assert ticket_api.requests[0]["body"]["locality"] == "620422"


def test_life_safety_with_api_down_is_queued_urgent(domain, ticket_api, tmp_path) -> None:
    ticket_api.down = True
    slots, said = _capture(domain, "露宿街头好几天了", "request_vagrant")
    assert slots["life_safety"] is True and "110" in said and "待发送队列" in said
    from bot.actions.outbox import Outbox

    pending = Outbox(tmp_path / "outbox.db").pending()
    assert len(pending) == 1 and pending[0].payload["urgency"] == "urgent"


def test_greeting_with_a_life_safety_signal_is_not_just_greeted(domain, ticket_api) -> None:
    _, dispatcher = run_action(ActionGreet(), make_tracker("你好，我想轻生", "greet"), domain)
    assert "110" in texts_of(dispatcher)
    _, dispatcher = run_action(ActionGreet(), make_tracker("你好", "greet"), domain)
    assert "智能助手" in texts_of(dispatcher) and "110" not in texts_of(dispatcher)


def test_ticket_status_by_number_and_last_four_digits(domain, ticket_api) -> None:
    _file(domain, FILING_SLOTS)
    text = "查一下 12345-20261123-000001 尾号1234"
    tracker = make_tracker(text, "query_ticket_status")
    events, dispatcher = run_action(ValidateTicketStatusForm(), tracker, domain)
    slots = slots_of(events)
    assert slots["ticket_number"] == "12345-20261123-000001" and slots["phone_last4"] == "1234"
    tracker = make_tracker(text, "query_ticket_status", slots=slots)
    _, dispatcher = run_action(ActionTicketStatus(), tracker, domain)
    said = texts_of(dispatcher)
    assert "承办中" in said and "会宁县民政局" in said
    wrong = make_tracker("12345-20261123-000001 尾号9999", "query_ticket_status")
    _, dispatcher = run_action(ActionTicketStatus(), wrong, domain)
    assert "没有查到" in texts_of(dispatcher)


def test_ticket_status_when_lookups_are_limited_says_so_kindly(domain, ticket_api) -> None:
    ticket_api.lookups_limited = True
    tracker = make_tracker("查一下 12345-20261123-000001 尾号1234", "query_ticket_status")
    slots = slots_of(run_action(ValidateTicketStatusForm(), tracker, domain)[0])
    tracker = make_tracker("查一下", "query_ticket_status", slots=slots)
    _, dispatcher = run_action(ActionTicketStatus(), tracker, domain)
    said = texts_of(dispatcher)
    assert "查询次数太多" in said and "连不上" not in said


def test_handover_attaches_the_conversation(domain, ticket_api) -> None:
    history = [("user", "我想问低保"), ("bot", "请问您住在哪个县？")]
    tracker = make_tracker(
        "转人工", "request_human", history=history, slots={"contact_phone": "13800001234"}
    )
    events, dispatcher = run_action(ActionHandover(), tracker, domain)
    assert "人工" in texts_of(dispatcher)
    body = ticket_api.requests[0]["body"]
    assert body["category"] == "ask_eligibility"  # the API has no request_human category
    assert body["text"].startswith("【转人工】")
    assert "市民：我想问低保" in body["text"] and "助手：请问您住在哪个县？" in body["text"]
    assert slots_of(events)["handed_over"] is True


def test_second_misunderstanding_hands_over(domain, ticket_api) -> None:
    events, dispatcher = run_action(
        ActionHandleMisunderstanding(), make_tracker("嗯嗯啊啊", "nlu_fallback"), domain
    )
    assert slots_of(events)["misunderstanding_count"] == 1.0
    assert ticket_api.requests == []
    tracker = make_tracker("啊啊", "nlu_fallback", slots={"misunderstanding_count": 1.0})
    events, dispatcher = run_action(ActionHandleMisunderstanding(), tracker, domain)
    assert "人工" in texts_of(dispatcher)
    assert ticket_api.requests[0]["body"]["text"].startswith("【转人工】")


def test_out_of_scope_is_answered_politely_and_routed_to_filing(domain, ticket_api) -> None:
    slots, said = _capture(domain, "小区路灯坏了好久", "out_of_scope")
    assert slots["request_category"] == "out_of_scope"
    assert "不属于社会救助" in said and "12345" in said


def test_no_event_is_a_raw_dict_without_a_name(domain, ticket_api) -> None:
    """Every event the actions return is a valid rasa_sdk SlotSet dict."""
    events, _ = run_action(
        ActionCaptureRequest(),
        make_tracker(OPERATOR_TEXT, "request_dibao", OPERATOR_ENTITIES),
        domain,
    )
    for event in events:
        assert event == SlotSet(event["name"], event["value"])


def test_ticket_status_without_a_number_ends_the_form_and_says_how(domain, ticket_api) -> None:
    slots = {"requested_slot": "ticket_number"}
    tracker = make_tracker("我不知道工单号", "deny", slots=slots, active_loop="ticket_status_form")
    events, _ = run_action(ValidateTicketStatusForm(), tracker, domain)
    result = slots_of(events)
    assert result["ticket_number"] == "unknown" and result["requested_slot"] is None
    tracker = make_tracker("我不知道工单号", "deny", slots=result)
    _, dispatcher = run_action(ActionTicketStatus(), tracker, domain)
    assert "拨打 12345" in texts_of(dispatcher)


def test_facts_without_a_named_need_are_asked_about_broadly(domain, ticket_api) -> None:
    entities = [{"entity": "household_size", "value": 2, "start": 2, "end": 5, "text": "两口人"}]
    slots, said = _capture(domain, "我家两口人", "inform", entities)
    assert slots["request_category"] == "ask_eligibility"
    assert household_size(slots["household"]) == 2


def test_action_server_registers_every_domain_action(domain) -> None:
    """What `rasa run actions --actions bot.actions` loads: all custom actions, nothing abstract."""
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("bot.actions")
    registered = set(executor.actions)
    custom = {a for a in domain["actions"] if a.startswith(("action_", "validate_"))}
    assert custom <= registered
    assert "" not in registered


def test_status_of_the_order_filed_in_this_conversation_needs_no_typing(domain, ticket_api) -> None:
    filed, _ = _file(domain, FILING_SLOTS)
    slots = {**FILING_SLOTS, **filed}
    tracker = make_tracker("查一下进度", "query_ticket_status", slots=slots)
    events, _ = run_action(ValidateTicketStatusForm(), tracker, domain)
    result = slots_of(events)
    assert result["ticket_number"] == "12345-20261123-000001"
    assert result["phone_last4"] == "1234"  # both filled: Rasa ends the form


def test_urgent_order_carries_the_phone_written_in_the_message(domain, ticket_api) -> None:
    slots, said = _capture(domain, "家里断炊了，电话13912345678", "request_temporary")
    assert slots["contact_phone"] == "13912345678"
    assert ticket_api.requests[0]["body"]["contact_phone"] == "13912345678"
    assert "请留一个" not in said


def test_another_need_mid_form_is_noted_and_the_question_resumes(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "locality": "620422",
        "request_category": "request_dibao",
        "request_text": "我想申请低保",
        "household": {"members": [{"relation": "self"}, {}], "_size": 2},
        "pending_field": "household_monthly_income",
    }
    text = "对了，孩子上大学的学费也交不起"
    result, said = _form_turn(ValidateHouseholdForm(), domain, slots, text, "request_education")
    assert "记下了" in said and "说个大概的数" not in said
    assert result["request_text"].endswith(text)
    # the question is asked again, and the aside counts as a miss: it can never loop
    assert result["household_answer"] is None and result["answer_errors"] == 1.0


def test_ambiguous_place_is_asked_with_its_candidates(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "pending_field": "locality",
    }
    result, said = _form_turn(ValidateHouseholdForm(), domain, slots, "白银")
    assert result.get("locality") is None
    assert result["place_candidates"] and result["household_answer"] is None
    assert said == ""  # no error: the next question names the candidates
    pending, question = _ask(domain, {**slots, **result})
    assert pending == "locality" and "白银区" in question


def test_goodbye_and_handover_check_for_life_safety_first(domain, ticket_api) -> None:
    from bot.actions.dialogue import ActionGoodbye

    _, dispatcher = run_action(ActionGoodbye(), make_tracker("再见", "goodbye"), domain)
    assert "再见" in texts_of(dispatcher) and ticket_api.requests == []
    events, dispatcher = run_action(
        ActionGoodbye(), make_tracker("不想活了，再见", "goodbye"), domain
    )
    assert "110" in texts_of(dispatcher)
    assert ticket_api.requests[-1]["body"]["urgency"] == "urgent"
    events, _ = run_action(
        ActionHandover(), make_tracker("转人工，家里断炊了", "request_human"), domain
    )
    assert ticket_api.requests[-1]["body"]["urgency"] == "urgent"
    assert slots_of(events)["handed_over"] is True


def test_a_life_safety_message_the_nlu_could_not_place_files_the_phone_it_gives(
    domain, ticket_api
) -> None:
    text = "活不下去了，不想活了，我电话13912341111"
    run_action(ActionHandleMisunderstanding(), make_tracker(text, "nlu_fallback"), domain)
    body = ticket_api.requests[-1]["body"]
    assert body["urgency"] == "urgent" and body["contact_phone"] == "13912341111"


def test_a_life_safety_message_the_nlu_could_not_place_files_to_the_place_it_names(
    domain, ticket_api
) -> None:
    text = "我在凉州区火车站 好几天没吃饭了 晚上睡桥洞"
    run_action(ActionHandleMisunderstanding(), make_tracker(text, "nlu_fallback"), domain)
    body = ticket_api.requests[-1]["body"]
    assert body["urgency"] == "urgent" and body["locality"] == "620602"


def test_consent_notice_fits_the_matter(domain, ticket_api) -> None:
    from bot.actions.prompts import ActionAskPrivacyConsent

    tracker = make_tracker(
        "", None, active_loop="filing_form", slots={"request_category": "out_of_scope"}
    )
    _, dispatcher = run_action(ActionAskPrivacyConsent(), tracker, domain)
    assert "联系电话" in texts_of(dispatcher) and "家庭情况" not in texts_of(dispatcher)
    tracker = make_tracker("", None, active_loop="household_form")
    _, dispatcher = run_action(ActionAskPrivacyConsent(), tracker, domain)
    assert "家庭情况" in texts_of(dispatcher)


def test_urgent_order_reply_names_the_two_hour_feedback(domain, ticket_api) -> None:
    _, said = _capture(domain, "断炊三天了", "request_temporary")
    assert "2小时内反馈" in said


def test_a_hardship_message_the_nlu_could_not_place_starts_the_household_questions(
    domain, ticket_api
) -> None:
    text = "我是一级肢体残疾，坐轮椅，她妈五年前跑了再没音讯，闺女11岁跟着我，会宁县大沟镇的"
    events, dispatcher = run_action(
        ActionHandleMisunderstanding(), make_tracker(text, "nlu_fallback"), domain
    )
    slots = slots_of(events)
    assert slots["request_category"] == "ask_eligibility" and slots["locality"] == "620422"
    assert any(e.get("event") == "followup" and e.get("name") == "household_form" for e in events)
    assert "没太明白" not in texts_of(dispatcher) and ticket_api.requests == []


def test_a_life_safety_message_the_nlu_could_not_place_files_an_urgent_order(
    domain, ticket_api
) -> None:
    events, dispatcher = run_action(
        ActionHandleMisunderstanding(),
        make_tracker("俺刚喝了半瓶农药，活着没啥意思了", "nlu_fallback"),
        domain,
    )
    assert "110" in texts_of(dispatcher) and slots_of(events)["life_safety"] is True
    assert ticket_api.requests[0]["body"]["urgency"] == "urgent"


def _unsure_tracker(text: str, intent: str, confidence: float):
    tracker = make_tracker(text, intent)
    tracker.latest_message["intent"]["confidence"] = confidence
    return tracker


def _rerouted(events: list) -> bool:
    return any(e.get("event") == "followup" and e.get("name") == "household_form" for e in events)


def test_an_unsure_complaint_about_a_household_in_hardship_gets_the_household_questions(
    domain, ticket_api
) -> None:
    text = "老伴摔了一跤胯骨断了，到现在还躺床上，我自己也七十八了，吃不消，有没有人能上门帮着照顾"
    events, _ = run_action(
        ActionCaptureRequest(), _unsure_tracker(text, "complain_handling", 0.18), domain
    )
    assert slots_of(events)["request_category"] == "ask_eligibility" and _rerouted(events)
    # The same words read as a complaint with confidence stay a complaint.
    events, _ = run_action(
        ActionCaptureRequest(), _unsure_tracker(text, "complain_handling", 0.9), domain
    )
    assert slots_of(events)["request_category"] == "complain_handling"
    assert not _rerouted(events)


def test_an_unsure_need_gives_way_to_the_need_the_words_name(domain, ticket_api) -> None:
    text = "我们家是低保户，我这个月开始干公益性岗位，一个月一千二，听说有了工资低保就要停了"
    events, _ = run_action(
        ActionCaptureRequest(), _unsure_tracker(text, "request_employment", 0.34), domain
    )
    assert slots_of(events)["request_category"] == "request_dibao"
    assert not _rerouted(events)  # a need already: the household questions follow by the rule
    events, _ = run_action(
        ActionCaptureRequest(), _unsure_tracker(text, "request_employment", 0.8), domain
    )
    assert slots_of(events)["request_category"] == "request_employment"


def _category_read(domain: dict, text: str, intent: str, confidence: float) -> tuple[str, str]:
    """(request_category, what was said) after the capture of a message read with this
    intent and confidence."""
    events, dispatcher = run_action(
        ActionCaptureRequest(), _unsure_tracker(text, intent, confidence), domain
    )
    return slots_of(events)["request_category"], texts_of(dispatcher)


def test_a_need_the_model_only_guesses_is_the_general_question(domain, ticket_api) -> None:
    text = (
        "我儿子两个月前在工地上出事走了 老板到现在赔偿还冇给 媳妇在茶厂上班 "
        "我跟老太婆都六十多了 屋里现在冇个主心骨 祁门县的 想问问有么事帮扶"
    )
    category, said = _category_read(domain, text, "request_dibao", 0.14)
    assert category == "ask_eligibility" and "救助政策咨询" in said
    # a program the words name, or a guess the model is fairly sure of, is kept
    assert _category_read(domain, text, "request_dibao", 0.45)[0] == "request_dibao"
    assert _category_read(domain, text + " 能办低保不", "request_dibao", 0.14)[0] == "request_dibao"
    # a disaster stays a disaster, however unsure
    flood = "昨晚山水把房子冲了一半 一家人没地方住"
    assert _category_read(domain, flood, "request_disaster", 0.2)[0] == "request_disaster"


def test_a_guessed_vagrant_matter_without_a_night_out_is_the_general_question(
    domain, ticket_api
) -> None:
    text = (
        "嗯 那个 我在新疆工地上干了大半年 活停了 老板还欠着一万多块钱没给 回会宁老家了 "
        "屋里五口人 现在一分钱收入都没有 娃娃要上学 这咋办"
    )
    assert _category_read(domain, text, "request_vagrant", 0.24)[0] == "ask_eligibility"
    stranded = "我是江西来绩溪工地上干活的 工地停了 这几天晚上都睡在汽车站 想回家又没路费"
    assert _category_read(domain, stranded, "request_vagrant", 0.24)[0] == "request_vagrant"


def test_a_fire_told_as_facts_without_a_program_named_is_a_disaster_matter(
    domain, ticket_api
) -> None:
    text = "我家房子昨天夜里着火了 电瓶车充电烧起来的 老木头房子烧得精光 人没事 现在住在邻居家"
    assert _category_read(domain, text, "inform", 0.61)[0] == "request_disaster"
    assert _category_read(domain, "家里三口人 孩子上初中", "inform", 0.9)[0] == "ask_eligibility"


def test_grandchildren_nobody_raises_are_a_child_welfare_matter_when_the_model_guesses(
    domain, ticket_api
) -> None:
    text = (
        "我是郭城驿的 我儿子前年在工地上出事没了 媳妇第二年就走了 到现在联系不上 "
        "家里就我跟两个孙子 三口人 想问娃娃们能不能领个啥补助"
    )
    entities = [
        _entity(text, "儿子", "relation", "child"),
        _entity(text, "媳妇", "relation", "spouse"),
        _entity(text, "孙子", "relation", "grandchild"),
        _entity(text, "三口人", "household_size", 3),
    ]
    tracker = _unsure_tracker(text, "request_dibao", 0.22)
    tracker.latest_message["entities"] = entities
    events, _ = run_action(ActionCaptureRequest(), tracker, domain)
    assert slots_of(events)["request_category"] == "request_child_welfare"


def test_the_first_message_gives_the_towns_county_not_a_relatives_city(domain, ticket_api) -> None:
    text = (
        "我家朋乡的 一个人住老房子 屋顶漏雨后墙裂开一条缝 下大雨都不敢睡 "
        "囡在杭州做保姆一个月寄三百块给我 这个房子政府能不能帮着修一修"
    )
    at = text.index("杭州")
    entities = [
        {"entity": "place", "value": "杭州", "start": at, "end": at + 2, "text": "杭州"},
    ]
    entities[0]["code"] = "330100"
    slots, _ = _capture(domain, text, "request_housing", entities)
    assert slots["locality"] == "341824"  # 绩溪县家朋乡
    slots, _ = _capture(domain, "儿子在汉中开出租 我想问低保", "request_dibao")
    assert slots.get("locality") is None


def test_wages_owed_without_hardship_are_a_general_order_for_the_labour_inspectors(
    domain, ticket_api
) -> None:
    text = "老板欠了我八千块工资大半年了一直拖着不给，我现在换了工作生活倒没困难，就是想把钱要回来，绩溪县的"
    events, dispatcher = run_action(
        ActionCaptureRequest(), make_tracker(text, "request_employment"), domain
    )
    assert slots_of(events)["request_category"] == "out_of_scope"
    assert any(e.get("event") == "followup" and e.get("name") == "filing_form" for e in events)
    assert "人社部门" in texts_of(dispatcher)


def test_wages_owed_to_a_household_in_hardship_stay_a_request(domain, ticket_api) -> None:
    text = "工地老板跑了 工钱要不回来 我腿也摔断了 住院没钱 娃的学费也交不起"
    slots, said = _capture(domain, text, "request_temporary")
    assert slots["request_category"] == "request_temporary" and "人社部门" not in said


def test_a_disabled_child_kept_from_school_is_a_request_though_the_nlu_could_not_place_it(
    domain, ticket_api
) -> None:
    text = "我儿子8岁了 脑瘫 办的一级残疾证 走不了路也不会说话 到了上学年纪学校去不了 听说有送教上门 泾县的 怎么申请"
    events, dispatcher = run_action(
        ActionHandleMisunderstanding(), make_tracker(text, "nlu_fallback"), domain
    )
    household = slots_of(events)["household"]
    assert household["members"][1]["disability"]["grade"] == 1
    assert "没太明白" not in texts_of(dispatcher)


def test_a_child_nobody_raises_is_child_welfare_when_the_nlu_hesitates(domain, ticket_api) -> None:
    text = "我今年14岁上初二 我爸去年得病死了 我妈有精神病 残疾证是一级的 管不了我 我跟我爷爷过 爷爷74了 商南县的"
    events, _ = run_action(
        ActionCaptureRequest(), _unsure_tracker(text, "request_disability", 0.17), domain
    )
    assert slots_of(events)["request_category"] == "request_child_welfare"


def test_the_place_of_a_message_not_understood_is_kept(domain, ticket_api) -> None:
    text = (
        "我电动车没挂牌也没戴头盔 被交警扣了 车扣了我上班都去不了 绩溪县城的 这个能不能先把车还我"
    )
    events, dispatcher = run_action(
        ActionHandleMisunderstanding(), make_tracker(text, "nlu_fallback"), domain
    )
    assert "没太明白" in texts_of(dispatcher)
    assert slots_of(events)["locality"] == "341824"


def test_an_answer_taken_for_a_goodbye_in_the_household_questions_goes_on(
    domain, ticket_api
) -> None:
    tracker = make_tracker("洗碗一个月1300 就这些", "goodbye", active_loop="household_form")
    events, dispatcher = run_action(ActionGoodbye(), tracker, domain)
    assert any(e.get("event") == "followup" and e.get("name") == "household_form" for e in events)
    assert texts_of(dispatcher) == ""
    tracker = make_tracker("不问了 再见", "goodbye", active_loop="household_form")
    _, dispatcher = run_action(ActionGoodbye(), tracker, domain)
    assert "再见" in texts_of(dispatcher)
    # 「我想问个事」 taken for a goodbye before any matter: asked what it is
    _, dispatcher = run_action(ActionGoodbye(), make_tracker("我想问个事", "goodbye"), domain)
    assert "请说说您遇到了什么困难" in texts_of(dispatcher) and "再见" not in texts_of(dispatcher)
    # a phone typed in groups, taken for a goodbye while the filing form asks for it
    tracker = make_tracker("133 6859 5443", "goodbye", active_loop="filing_form")
    events, dispatcher = run_action(ActionGoodbye(), tracker, domain)
    assert any(e.get("event") == "followup" and e.get("name") == "filing_form" for e in events)
    assert texts_of(dispatcher) == ""


def test_an_answer_taken_for_asking_a_person_in_the_questions_goes_on(domain, ticket_api) -> None:
    slots = {"requested_slot": "household_answer", "pending_field": "members"}
    tracker = make_tracker(
        "俺跟老伴两个", "request_human", slots=slots, active_loop="household_form"
    )
    events, dispatcher = run_action(ActionHandover(), tracker, domain)
    assert any(e.get("event") == "followup" and e.get("name") == "household_form" for e in events)
    assert texts_of(dispatcher) == "" and not ticket_api.requests
    # the form reads it as the answer it is
    assert _asked_for(tracker, "household_answer")
    # asked for in words, a person it is
    for text in ("转人工", "/request_human", "跟你说不明白，找个人"):
        tracker = make_tracker(text, "request_human", slots=slots, active_loop="household_form")
        run_action(ActionHandover(), tracker, domain)
    assert len(ticket_api.requests) == 3


def test_consent_in_words_the_nlu_took_for_a_question_to_the_bot_is_consent(
    domain, ticket_api
) -> None:
    tracker = make_tracker(
        "嫽咧 就是同意么 你记",
        "bot_challenge",
        active_loop="household_form",
        history=[("bot", PRIVACY_NOTICE)],
    )
    events, dispatcher = run_action(ActionAskPrivacyConsent(), tracker, domain)
    assert slots_of(events)["privacy_consent"] is True
    assert any(e.get("event") == "followup" and e.get("name") == "household_form" for e in events)
    assert PRIVACY_NOTICE not in texts_of(dispatcher)


def test_the_consent_question_is_never_asked_a_fourth_time(domain, ticket_api) -> None:
    history = [("bot", PRIVACY_NOTICE), ("user", "你记么")] * 3
    tracker = make_tracker("你记么", "bot_challenge", active_loop="household_form", history=history)
    events, dispatcher = run_action(ActionAskPrivacyConsent(), tracker, domain)
    assert slots_of(events)["privacy_consent"] is False
    assert "转人工" in texts_of(dispatcher) and PRIVACY_NOTICE not in texts_of(dispatcher)


def test_a_household_question_is_never_asked_a_third_time_in_a_row(domain, ticket_api) -> None:
    from household.questions import question_for

    slots = {"household": {"members": [{"relation": "self"}]}, "locality": "620422"}
    first, _ = run_action(
        ActionAskHouseholdAnswer(),
        make_tracker("", None, slots=slots, active_loop="household_form"),
        domain,
    )
    path = slots_of(first)["pending_field"]
    asked = question_for(path, slots["household"]) + "（第 1 问，共约 6 问）"
    history = [
        ("bot", asked),
        ("user", "你记嘛"),
        ("bot", "我是 12345 热线的智能助手，不是真人。"),
    ] * 2
    tracker = make_tracker(
        "你记嘛", "bot_challenge", slots=slots, active_loop="household_form", history=history
    )
    events, dispatcher = run_action(ActionAskHouseholdAnswer(), tracker, domain)
    assert path in slots_of(events)["skipped_fields"]
    assert slots_of(events)["pending_field"] != path
    assert not texts_of(dispatcher).startswith(question_for(path, slots["household"]))


NOISE = {"request_category": "out_of_scope", "request_text": "楼上半夜拖凳子 物业不管"}


def test_a_matter_with_no_place_said_is_asked_where_it_is_before_the_phone(domain) -> None:
    validator = ValidateFilingForm()
    slots, _ = _form_turn(
        validator,
        domain,
        {**NOISE, "requested_slot": "privacy_consent"},
        "同意",
        "affirm",
        form="filing_form",
    )
    assert slots["privacy_consent"] is True and slots["requested_slot"] == "household_answer"
    state = {**NOISE, **slots}
    tracker = make_tracker("同意", "affirm", slots=state, active_loop="filing_form")
    _, dispatcher = run_action(ActionAskHouseholdAnswer(), tracker, domain)
    assert texts_of(dispatcher) == MATTER_PLACE_QUESTION
    slots, _ = _form_turn(
        validator, domain, state, "武威市凉州区西关街道金阳小区", form="filing_form"
    )
    assert slots["locality"] == "620602" and slots["requested_slot"] == "contact_phone"
    assert slots["request_text"].endswith("（地点）武威市凉州区西关街道金阳小区")
    # a place said with the matter is not asked again
    slots, _ = _form_turn(
        validator,
        domain,
        {**NOISE, "locality": "620602", "requested_slot": "privacy_consent"},
        "同意",
        "affirm",
        form="filing_form",
    )
    assert slots["requested_slot"] == "contact_phone"


def test_the_place_of_a_matter_is_asked_twice_at_most(domain) -> None:
    validator = ValidateFilingForm()
    state = {**NOISE, "privacy_consent": True, "requested_slot": "household_answer"}
    asked = [("bot", MATTER_PLACE_QUESTION)]
    tracker = make_tracker("啥", slots=state, active_loop="filing_form", history=asked)
    events, _ = run_action(validator, tracker, domain)
    slots = slots_of(events)
    assert "household_answer" not in slots and slots["requested_slot"] == "household_answer"
    tracker = make_tracker("啥", slots=state, active_loop="filing_form", history=asked)
    _, dispatcher = run_action(ActionAskHouseholdAnswer(), tracker, domain)
    assert texts_of(dispatcher) == MATTER_PLACE_EXPLAINED  # in other words the second time
    again = [*asked, ("user", "啥"), ("bot", MATTER_PLACE_EXPLAINED)]
    tracker = make_tracker("就是楼上", slots=state, active_loop="filing_form", history=again)
    slots = slots_of(run_action(validator, tracker, domain)[0])
    assert slots["household_answer"] == "unknown" and slots["requested_slot"] == "contact_phone"
    assert "locality" not in slots
    # 「不知道」 the first time: left to 12345's own dispatch at once, nothing added
    tracker = make_tracker("不知道", slots=state, active_loop="filing_form", history=asked)
    slots = slots_of(run_action(validator, tracker, domain)[0])
    assert slots["household_answer"] == "unknown" and "request_text" not in slots


def test_the_order_records_the_notice_the_citizen_consented_to(domain, ticket_api) -> None:
    slots = {**NOISE, "privacy_consent": True, "locality": "620602", "filing_confirmed": True}
    for shown in (FILING_ONLY_NOTICE, PRIVACY_NOTICE):
        ticket_api.requests.clear()
        tracker = make_tracker(
            "确认",
            "affirm",
            slots=slots,
            history=[("bot", shown), ("user", "同意")],
            sender_id=f"citizen-{len(shown)}",
        )
        run_action(ActionFileTicket(), tracker, domain)
        assert ticket_api.requests[0]["body"]["consent"]["text"] == shown


@pytest.mark.parametrize(
    ("text", "entities", "size"),
    [
        ("就俺老两口", [{"entity": "household_size", "value": 2, "start": 3, "end": 5}], 2),
        (
            "我和老伴还有个孙子",
            [
                {"entity": "relation", "value": "spouse", "start": 2, "end": 4},
                {"entity": "relation", "value": "grandchild", "start": 7, "end": 9},
            ],
            3,
        ),
    ],
)
def test_the_members_named_in_answer_to_how_many_are_counted_once(
    domain, text, entities, size
) -> None:
    slots = {
        "privacy_consent": True,
        "locality": "620422",
        "request_category": "request_tekun",
        "household": {"members": [{"relation": "self"}]},
        "pending_field": "members",
        "questions_asked": 1.0,
        "requested_slot": "household_answer",
    }
    result, _ = _form_turn(ValidateHouseholdForm(), domain, slots, text, entities=entities)
    assert result["household"]["_size"] == size == len(result["household"]["members"])
    assert result["questions_asked"] == 2.0  # settled: the same question is not asked again


@pytest.mark.parametrize(
    ("text", "intent", "category"),
    [
        # a death told, the children's school named, no program: 临时救助
        (
            "我老公上个月车祸没了 两个孩子还在上学 这日子咋过啊",
            "request_education",
            "request_temporary",
        ),
        # a family at home after a hit-and-run, read as 流浪乞讨
        (
            "我老公前天送货让车撞了 腿断了 撞人的跑了 屋里还有俩娃跟老人",
            "request_vagrant",
            "request_temporary",
        ),
        # the words name 护理补贴, the NLU guessed 就业
        (
            "额婆婆八十四了 老年痴呆 额一个人摆摊还得伺候她 听说失能老人有护理补贴",
            "request_employment",
            "request_disability",
        ),
        # a program named that the household already receives does not override the need
        ("俺家吃着低保 娃上大学学费交不起", "request_education", "request_education"),
        # a night out, whatever program was guessed: 流浪乞讨
        (
            "莫地方住 租的房子拆了 晚上在菜市场棚子底下睡呢 能给找个住处不",
            "request_employment",
            "request_vagrant",
        ),
        # wages owed and a family that cannot get by: the household's need, not only 人社's
        (
            "过完年就莫活干了 老板欠俺三万块工钱跑了 现在回城固屋里了 一家五口咋过嘛",
            "out_of_scope",
            "ask_eligibility",
        ),
        # no word of a disability, a job lost: 就业
        ("45了 厂子关门 下岗了 有啥办法没", "request_disability", "request_employment"),
        # no word of school: the general question
        (
            "娃他爹出去两年了 电话都打不通 我一个人带三个娃 有没得啥子补助",
            "request_education",
            "ask_eligibility",
        ),
    ],
)
def test_the_need_the_words_tell_wins_over_the_nlus_guess(
    domain, ticket_api, text, intent, category
) -> None:
    slots, _ = _capture(domain, text, intent)
    assert slots["request_category"] == category
