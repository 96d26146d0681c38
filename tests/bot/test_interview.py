"""The household questions as a citizen meets them, with real rasa_sdk Trackers.

Every case here was a failure of a real conversation (issue #10): the answer read against the
question it answers, confusion explained instead of repeated, no question three times, a lost
citizen offered a person, a summary that can be corrected and then filed.
"""

from __future__ import annotations

from typing import Any

from bot.actions.dialogue import (
    ActionAskFilingConfirmed,
    ActionAskHouseholdAnswer,
    ActionTicketStatus,
)
from bot.actions.forms import ValidateFilingForm, ValidateHouseholdForm
from bot.actions.prompts import ActionAskPrivacyConsent
from tests.bot.support import make_tracker, run_action, slots_of, texts_of

FAMILY = {
    "members": [
        {"relation": "self", "age": 45, "employment": "unemployed", "monthly_income": 0.0},
        {"relation": "spouse", "monthly_income": 600.0},
        {"relation": "child"},
    ],
    "_size": 3,
}


def _household_turn(
    domain: dict, slots: dict, text: str, intent: str = "inform", entities: list | None = None
) -> tuple[dict[str, Any], Any]:
    state = {
        "privacy_consent": True,
        "requested_slot": "household_answer",
        "locality": "620422",
        "request_category": "request_dibao",
        **slots,
    }
    tracker = make_tracker(text, intent, entities, slots=state, active_loop="household_form")
    events, dispatcher = run_action(ValidateHouseholdForm(), tracker, domain)
    return {**state, **slots_of(events)}, dispatcher


def _family(**pending: Any) -> dict:
    import copy

    return {"household": copy.deepcopy(FAMILY), **pending}


def test_an_age_for_the_child_is_the_childs_not_the_askers(domain, ticket_api) -> None:
    entities = [{"entity": "age", "value": 14, "start": 0, "end": 3, "text": "14岁"}]
    slots, _ = _household_turn(
        domain, _family(pending_field="members[2].age"), "14岁", entities=entities
    )
    members = slots["household"]["members"]
    assert members[2]["age"] == 14 and members[0]["age"] == 45
    assert slots["questions_asked"] == 1.0


def test_no_savings_and_no_car_is_within_the_limits(domain, ticket_api) -> None:
    slots, _ = _household_turn(
        domain, _family(pending_field="assets_within_local_limits"), "没有存款，也没有车", "deny"
    )
    assert slots["household"]["assets_within_local_limits"] is True


def test_a_pupils_income_of_nothing_is_an_answer_not_an_aside(domain, ticket_api) -> None:
    slots, said = _household_turn(
        domain,
        _family(pending_field="members[2].monthly_income"),
        "没有，还在上学",
        "request_education",
    )
    assert slots["household"]["members"][2]["monthly_income"] == 0.0
    assert slots["answer_errors"] == 0.0 and "记下了" not in texts_of(said)


def test_confusion_gets_the_question_in_other_words_and_never_a_third_time(
    domain, ticket_api
) -> None:
    from household.questions import explanation_for, question_of

    state = {**_family(), "privacy_consent": True, "locality": "620422"}
    events, asked = run_action(
        ActionAskHouseholdAnswer(),
        make_tracker("", None, slots=state, active_loop="household_form"),
        domain,
    )
    pending = slots_of(events)["pending_field"]
    slots, said = _household_turn(domain, {**state, "pending_field": pending}, "啥意思")
    assert texts_of(said) == explanation_for(pending, state["household"])  # other words
    options = list(question_of(pending).options)
    if options:
        assert [b["title"] for b in said.messages[-1]["buttons"]] == [*options, "不知道"]
    assert slots["form_note"] == f"explained:{pending}"
    # the ask action does not repeat the question the validation just explained
    events, asked = run_action(
        ActionAskHouseholdAnswer(),
        make_tracker("", None, slots=slots, active_loop="household_form"),
        domain,
    )
    assert texts_of(asked) == "" and slots_of(events)["pending_field"] == pending
    slots, said = _household_turn(domain, slots, "嗯")
    assert "先跳过" in texts_of(said)
    assert pending in slots["skipped_fields"]


def test_not_understanding_read_as_another_matter_is_explained_not_noted(domain, ticket_api):
    from household.questions import explanation_for

    slots = _family(pending_field="members[0].employment")
    _, said = _household_turn(domain, slots, "不懂", "out_of_scope")
    assert "记下了" not in texts_of(said)
    assert explanation_for("members[0].employment", slots["household"]) in texts_of(said)


def test_a_lost_citizen_is_offered_a_person_and_to_file_at_once(domain, ticket_api) -> None:
    slots = _family(pending_field="housing")
    for text in ("嗯", "嗯", "啥意思"):
        slots, said = _household_turn(domain, slots, text)
    assert slots["human_offered"] is True
    titles = [b["title"] for m in said.messages for b in m.get("buttons") or []]
    assert "转人工" in titles and "直接提交" in titles
    slots, said = _household_turn(domain, slots, "直接提交")
    assert slots["household_answer"] == "done"


def test_dont_know_to_consent_is_explained_then_a_person_is_offered(domain, ticket_api) -> None:
    state = {"requested_slot": "privacy_consent"}
    tracker = make_tracker("不知道", "inform", slots=state, active_loop="household_form")
    events, said = run_action(ValidateHouseholdForm(), tracker, domain)
    slots = slots_of(events)
    assert "只用来帮您算" in texts_of(said) and "privacy_consent" not in slots
    events, asked = run_action(
        ActionAskPrivacyConsent(),
        make_tracker("", None, slots={**state, **slots}, active_loop="household_form"),
        domain,
    )
    assert texts_of(asked) == ""  # not the whole notice again
    state = {**state, **slots}
    for text in ("啥意思", "不懂"):
        tracker = make_tracker(text, "inform", slots=state, active_loop="household_form")
        events, said = run_action(ValidateHouseholdForm(), tracker, domain)
        state = {**state, **slots_of(events)}
    assert state["privacy_consent"] is False
    assert "转人工" in texts_of(said)


def test_the_question_says_how_far_along_it_is_with_quick_replies(domain, ticket_api) -> None:
    slots = {
        "privacy_consent": True,
        "locality": "620422",
        "household": {"members": [{"relation": "self", "age": 70}], "_size": 1},
        "questions_asked": 2.0,
    }
    events, dispatcher = run_action(
        ActionAskHouseholdAnswer(),
        make_tracker("", None, slots=slots, active_loop="household_form"),
        domain,
    )
    text = texts_of(dispatcher)
    assert "（第 3 问，共约" in text
    assert slots_of(events)["pending_field"]


CONFIRMING = {
    "request_category": "request_dibao",
    "privacy_consent": True,
    "locality": "620422",
    "wants_filing": True,
    "contact_phone": "13800001234",
    "requested_slot": "filing_confirmed",
    "household": {
        "members": [
            {"relation": "self", "age": 50, "disability": {"grade": 2, "type": "physical"}}
        ],
        "_size": 1,
        "household_monthly_income": 0.0,
    },
}


def _confirm(domain: dict, text: str, intent: str = "inform") -> tuple[dict, str]:
    tracker = make_tracker(text, intent, slots=CONFIRMING, active_loop="filing_form")
    events, said = run_action(ValidateFilingForm(), tracker, domain)
    return slots_of(events), texts_of(said)


def test_a_wrong_fact_is_corrected_and_the_order_filed(domain, ticket_api) -> None:
    slots, said = _confirm(domain, "残疾那条不对…其他的对，提交吧")
    assert slots["household"]["members"][0]["disability"] is None
    assert slots["filing_confirmed"] is True
    assert slots["estimate"]["programs"]  # estimated again on the corrected facts
    assert "已改好残疾证" in said


def test_no_certificate_at_the_summary_is_a_correction_not_a_no(domain, ticket_api) -> None:
    slots, said = _confirm(domain, "我没有残疾证啊", "deny")
    assert slots["household"]["members"][0]["disability"] is None
    assert "filing_confirmed" not in slots  # the corrected summary is shown again
    assert "已改好" in said


def test_a_corrected_income_at_the_summary_is_never_a_cancellation(domain, ticket_api) -> None:
    slots, said = _confirm(
        domain, "不对，两千是原先在煤矿的时候，现在煤矿关了，打零工一个月就一千出头。别的对", "deny"
    )
    assert slots["household"]["household_monthly_income"] == 1000
    assert slots.get("filing_confirmed") is not False and "已改好收入" in said


def test_a_correction_not_understood_asks_again_instead_of_cancelling(domain, ticket_api) -> None:
    slots, said = _confirm(domain, "不对，那个不是那样的，别的都对", "deny")
    assert "filing_confirmed" not in slots and "没能改好" in said


def test_the_summary_lists_one_fact_a_line_with_buttons(domain, ticket_api) -> None:
    events, dispatcher = run_action(
        ActionAskFilingConfirmed(),
        make_tracker("", None, slots=CONFIRMING, active_loop="filing_form"),
        domain,
    )
    message = dispatcher.messages[-1]
    assert "· 本人50岁，二级肢体残疾" in message["text"]
    assert "138****1234" in message["text"]
    assert [b["title"] for b in message["buttons"]] == ["确认提交", "要修改"]


def test_i_want_to_file_read_as_a_status_question_files(domain, ticket_api) -> None:
    slots = {**CONFIRMING, "requested_slot": "wants_filing", "wants_filing": None}
    tracker = make_tracker(
        "我要提交工单", "query_ticket_status", slots=slots, active_loop="filing_form"
    )
    events, said = run_action(ActionTicketStatus(), tracker, domain)
    assert slots_of(events)["wants_filing"] is True
    assert ticket_api.requests == [] and "工单号" not in texts_of(said)


def test_a_need_named_outright_is_asked_about_even_if_read_as_a_general_matter(
    domain, ticket_api
) -> None:
    from bot.actions.dialogue import ActionCaptureRequest

    text = "我老伴是二级残疾，在家干不了活，我们会宁县郭城驿镇的，家里就靠我种地，想办低保"
    events, _ = run_action(ActionCaptureRequest(), make_tracker(text, "out_of_scope"), domain)
    assert slots_of(events)["request_category"] == "request_dibao"
    assert {"event": "followup", "name": "household_form"}.items() <= events[-1].items()


def test_a_life_safety_order_is_temporary_assistance_whatever_the_nlu_said(
    domain, ticket_api
) -> None:
    from bot.actions.dialogue import ActionCaptureRequest

    text = "我不想活了，安眠药都攒好了，活着太累了"
    run_action(ActionCaptureRequest(), make_tracker(text, "request_employment"), domain)
    body = ticket_api.requests[0]["body"]
    assert body["category"] == "request_temporary" and body["urgency"] == "urgent"


def test_a_city_named_later_keeps_the_district_already_known(domain, ticket_api) -> None:
    text = "我一个人在西安，老婆娃在宣汉老家"
    entities = [
        {"entity": "household_size", "value": 1, "start": 1, "end": 4, "text": "一个人"},
        {
            "entity": "place",
            "value": "西安",
            "start": 5,
            "end": 7,
            "text": "西安",
            "code": "610100",
        },
    ]
    slots, _ = _household_turn(
        domain,
        {
            "household": {"members": [{"relation": "self"}]},
            "pending_field": "members",
            "locality": "610116",
        },
        text,
        entities=entities,
    )
    assert slots["locality"] == "610116"  # 西安市长安区, not all 西安市
    # a place elsewhere is a new place
    entities[1] = {"entity": "place", "value": "兰州", "start": 5, "end": 7, "code": "620100"}
    slots, _ = _household_turn(
        domain,
        {
            "household": {"members": [{"relation": "self"}]},
            "pending_field": "members",
            "locality": "610116",
        },
        "我一个人在兰州",
        entities=entities,
    )
    assert slots["locality"] == "620100"


def test_where_another_member_is_does_not_move_the_household(domain: Any) -> None:
    text = "就我跟老汉两个人 儿子在兰州不回来"
    entities = [
        {"entity": "relation", "value": "child", "start": 9, "end": 11, "text": "儿子"},
        {"entity": "place", "value": "兰州", "start": 12, "end": 14, "text": "兰州"},
    ]
    entities[1]["code"] = "620100"
    slots, _ = _household_turn(
        domain,
        {
            "household": {"members": [{"relation": "self"}]},
            "pending_field": "members",
            "locality": "620423",
        },
        text,
        entities=entities,
    )
    assert slots.get("locality", "620423") == "620423"  # 景泰县, where the asker lives


def test_a_place_said_in_passing_keeps_the_known_locality(domain: Any) -> None:
    text = "2口人，我、孩子。医生说最好去上海做骨髓移植"
    entities = [
        {"entity": "household_size", "value": 2, "start": 0, "end": 3, "text": "2口人"},
        {"entity": "place", "value": "上海", "start": 15, "end": 17, "text": "上海"},
    ]
    entities[1]["code"] = "310000"
    assert text[15:17] == "上海"
    slots, _ = _household_turn(
        domain,
        {
            "household": {"members": [{"relation": "self"}]},
            "pending_field": "members",
            "locality": "341824",
        },
        text,
        entities=entities,
    )
    assert slots.get("locality", "341824") == "341824"  # 绩溪县, where the asker lives


def test_a_place_said_as_home_moves_the_locality_even_without_an_entity(domain: Any) -> None:
    slots, _ = _household_turn(
        domain,
        {
            "household": {"members": [{"relation": "self"}]},
            "pending_field": "members",
            "locality": None,
        },
        "哦呀 我是哈溪的 一个人过",
    )
    assert slots["locality"] == "620623"  # 天祝县, from the town 哈溪镇
    slots, _ = _household_turn(
        domain,
        {
            "household": {"members": [{"relation": "self"}]},
            "pending_field": "members",
            "locality": "620422",
        },
        "我现在住在兰州 一个人",
    )
    assert slots["locality"] == "620100"


# A simulated-citizen run: the first message (with the entities the trained NLU gave it) and the
# answers, through the actions.


def _tagged(text: str, *specs: tuple[Any, ...]) -> list[dict[str, Any]]:
    """NLU entities on the words of ``text``: (entity, words, value[, nth occurrence])."""
    entities = []
    for name, words, value, *nth in specs:
        start = -1
        for _ in range(nth[0] if nth else 1):
            start = text.index(words, start + 1)
        entities.append({"entity": name, "value": value, "start": start, "end": start + len(words)})
    return entities


def _first_message(domain: dict, text: str, intent: str, entities: list) -> dict[str, Any]:
    from bot.actions.dialogue import ActionCaptureRequest

    events, _ = run_action(ActionCaptureRequest(), make_tracker(text, intent, entities), domain)
    return slots_of(events)


def _next_question(domain: dict, slots: dict) -> tuple[str | None, str]:
    state = {"privacy_consent": True, **slots}
    events, asked = run_action(
        ActionAskHouseholdAnswer(),
        make_tracker("", None, slots=state, active_loop="household_form"),
        domain,
    )
    return slots_of(events).get("pending_field"), texts_of(asked)


def test_a_father_and_a_mother_stay_parents_when_the_count_is_answered(domain, ticket_api) -> None:
    text = "我去年大专毕业 找了半年工作都没找到 我爸腰做了手术干不了重活 我妈种地"
    entities = _tagged(
        text,
        ("school_stage", "大专", "college"),
        ("relation", "爸", "parent"),
        ("relation", "妈", "parent"),
    )
    captured = _first_message(domain, text, "request_employment", entities)
    household = captured["household"]
    assert household["members"][0]["employment"] == "unemployed"
    slots, _ = _household_turn(
        domain,
        {**captured, "locality": "620422", "pending_field": "members"},
        "3口人",
        entities=_tagged("3口人", ("household_size", "3口人", 3)),
    )
    members = slots["household"]["members"]
    assert [m.get("relation") for m in members] == ["self", "parent", "parent"]
    pending, question = _next_question(domain, slots)
    assert "第3位家人" not in question and "第2位家人" not in question


def test_no_children_names_no_child_and_drops_one_assumed(domain, ticket_api) -> None:
    entities = _tagged("没娃", ("relation", "娃", "child"))
    slots, _ = _household_turn(
        domain,
        {
            "household": {"members": [{"relation": "self", "age": 78}], "_size": 1},
            "pending_field": "members[0].has_capable_supporter",
        },
        "没娃",
        "deny",
        entities,
    )
    assert slots["household"]["members"] == [
        {"relation": "self", "age": 78, "has_capable_supporter": False}
    ]
    slots, _ = _household_turn(
        domain,
        {
            "household": {"members": [{"relation": "self"}, {"relation": "child"}], "_size": 2},
            "pending_field": "members[1].age",
        },
        "没娃",
        "deny",
        entities,
    )
    assert [m["relation"] for m in slots["household"]["members"]] == ["self"]
    assert slots["household"]["_size"] == 1 and slots["answer_errors"] == 0.0
    pending, _ = _next_question(domain, slots)
    assert not (pending or "").startswith("members[1]")


def test_a_grandmothers_list_of_the_household_matches_the_members_known(domain, ticket_api) -> None:
    text = (
        "我孙子9岁 他妈五年前跑了一直联系不上 他爸就是我儿子 得了尿毒症 一个礼拜透析三回 "
        "自己都顾不过来 娃是我跟他爷爷带着"
    )
    entities = _tagged(
        text,
        ("relation", "孙子", "grandchild"),
        ("age", "9岁", 9),
        ("relation", "妈", "parent"),
        ("relation", "爸", "parent"),
        ("relation", "儿子", "child"),
        ("illness", "尿毒症", "尿毒症"),
        ("relation", "娃", "child"),
        ("relation", "爷爷", "grandparent"),
    )
    captured = _first_message(domain, text, "request_child_welfare", entities)
    answer = "四口人 我跟老汉 儿子 还有孙子"
    slots, _ = _household_turn(
        domain,
        {**captured, "locality": "620422", "pending_field": "members"},
        answer,
        entities=_tagged(
            answer,
            ("household_size", "四口人", 4),
            ("relation", "老汉", "spouse"),
            ("relation", "儿子", "child"),
            ("relation", "孙子", "grandchild"),
        ),
    )
    members = slots["household"]["members"]
    assert sorted(m["relation"] for m in members) == ["child", "grandchild", "self", "spouse"]
    son = next(m for m in members if m["relation"] == "child")
    assert son["serious_illness"] is True


def test_five_guarantees_and_a_pension_answer_the_income_question(domain, ticket_api) -> None:
    slots, said = _household_turn(
        domain,
        {
            "household": {"members": [{"relation": "self", "age": 80}], "_size": 1},
            "pending_field": "household_monthly_income",
        },
        "就是五保的钱 还有一百三的养老金 别的没有",
        "request_tekun",
    )
    household = slots["household"]
    assert household["household_monthly_income"] == 0.0
    assert household["members"][0]["excluded_income"] == 130
    assert household["current_benefits"] == ["tekun"]
    assert slots["answer_errors"] == 0.0


def test_a_reply_about_something_else_to_a_siblings_parents_is_not_asked_again(
    domain, ticket_api
) -> None:
    household = {
        "members": [{"relation": "self", "age": 19}, {"relation": "sibling", "age": 14}],
        "_size": 2,
    }
    slots, _ = _household_turn(
        domain,
        {"household": household, "pending_field": "members[1].parents"},
        "有，14岁",
        entities=_tagged("有，14岁", ("age", "14岁", 14)),
    )
    assert "members[1].parents" in slots["skipped_fields"]
    pending, _ = _next_question(domain, slots)
    assert pending != "members[1].parents"
