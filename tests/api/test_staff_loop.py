"""Issue 15 in the API: 受理 -> 派单 on its own clock, orders dispatched at once (the assistant's
confirmed needs, confident imports, life-safety), the 转人工 queue, contacts the citizen adds
later, 协办 asked by the lead department with its split of the work, the queue search, the
registration time of an import, the citizen's expected date."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from api.core.timeutil import SHANGHAI, utcnow
from tests.api.conftest import new_key, new_phone, ticket_body

CHAT_DIBAO = "我家住会宁县，三口人，丈夫瘫痪，每月收入800元，想申请低保"
LIFE = (
    "【紧急】对话中出现生命安全风险信号：轻生念头。请立即回访核实并转介。\n"
    "市民原话：活不下去了，不想活了\n\n对话记录：\n市民：/greet\n助手：您好，这里是12345\n"
    "市民：活不下去了，不想活了"
)
HANDOFF = (
    "【转人工】市民要求转人工。\n\n对话记录：\n市民：/greet\n"
    "助手：您好！情况紧急请拨打110。\n市民：我想问问低保怎么办\n市民：/request_human"
)


def post(client, tokens, who="assistant", key=None, **body):
    response = client.post(
        "/api/v1/tickets",
        headers={**tokens[who], "Idempotency-Key": key or new_key()},
        json=ticket_body(**body),
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


def deadline(ticket: dict, step: str, state: str | None = None) -> dict:
    found = [d for d in ticket["deadline_details"] if d["step"] == step]
    if state:
        found = [d for d in found if d["state"] == state]
    assert found, f"no {step} deadline ({state}) in {ticket['deadline_details']}"
    return found[-1]


def notes_of(client, tokens, who: str, ticket_id: int) -> list[dict]:
    return [
        n
        for n in client.get("/api/v1/notifications", headers=tokens[who]).json()
        if n["ticket_id"] == ticket_id
    ]


# ---------------------------------------------------------------- 派单 and its clock


def test_a_confirmed_chat_need_is_dispatched_at_once_first_responder_stays(client, tokens):
    ticket = post(client, tokens, channel="chat", text=CHAT_DIBAO, category="request_dibao")
    assert ticket["status"] == "dispatched"
    assert ticket["department"] == "620422-minzheng"
    assert ticket["first_responder"]["user"] == "minzheng"  # the intake's on-duty officer
    dispatch = deadline(ticket, "dispatch")
    assert dispatch["state"] == "met" and dispatch["minutes_late"] <= 0
    assert dispatch["department"] == "620422-hotline"
    assert deadline(ticket, "accept", "open") and deadline(ticket, "close", "open")
    actions = [(e["action"], e["actor"]) for e in ticket["events"]]
    assert actions == [("create", "assistant"), ("dispatch", "assistant")]
    assert "自动派单" in ticket["events"][-1]["note"]
    assert ticket["routing_confidence"] == 1.0


def test_an_unsure_chat_order_waits_on_the_dispatch_clock(client, tokens):
    ticket = post(
        client, tokens, channel="chat", category="request_medical", routing_confidence=0.55
    )
    assert ticket["status"] == "registered"
    dispatch = deadline(ticket, "dispatch", "open")
    assert "1个工作日" in dispatch["rule"] and dispatch["provisional"] is True
    assert ticket["deadlines"]["dispatch"] == dispatch["due_at"]
    # The operator dispatches: the clock is met, the department's clocks start.
    done = client.post(
        f"/api/v1/tickets/{ticket['id']}/transitions",
        headers=tokens["operator"],
        json={"action": "dispatch", "version": ticket["version"]},
    ).json()
    assert done["status"] == "dispatched"
    assert deadline(done, "dispatch")["state"] == "met"


def test_a_question_for_the_hotline_is_never_dispatched_at_once(client, tokens):
    ticket = post(client, tokens, channel="chat", category="ask_eligibility")
    assert ticket["status"] == "registered"
    listed = client.get(
        "/api/v1/tickets?waiting=dispatch&limit=200", headers=tokens["operator"]
    ).json()
    assert ticket["id"] in [t["id"] for t in listed["items"]]


def test_a_return_starts_the_dispatch_clock_again(client, tokens, create_ticket, advance):
    ticket = advance(create_ticket(), "operator", "dispatch")
    ticket = advance(ticket, "minzheng", "return", note="属于医保局职责")
    assert ticket["status"] == "returned"
    assert len([d for d in ticket["deadline_details"] if d["step"] == "dispatch"]) == 2
    assert deadline(ticket, "dispatch", "open")
    ticket = advance(ticket, "operator", "dispatch", department="620422-yibao")
    assert all(d["state"] != "open" for d in ticket["deadline_details"] if d["step"] == "dispatch")


def test_an_overdue_dispatch_counts_as_overdue(client, tokens, frozen_time):
    start = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)  # a Tuesday
    frozen_time(start)
    ticket = post(client, tokens, who="operator", channel="phone")
    assert ticket["status"] == "registered" and ticket["overdue"] is False
    frozen_time(start + timedelta(days=2))
    again = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["operator"]).json()
    assert again["overdue"] is True
    overdue = client.get("/api/v1/metrics/overdue", headers=tokens["supervisor"]).json()
    assert any(
        i["ticket_id"] == ticket["id"] and i["step"] == "dispatch" for i in overdue["overdue"]
    )


# ---------------------------------------------------------------- life-safety


def test_a_life_safety_chat_is_dispatched_at_once_on_the_urgent_clock(client, tokens):
    ticket = post(
        client,
        tokens,
        channel="chat",
        text=LIFE,
        category="request_temporary",
        urgency="urgent",
        contact_phone=None,
    )
    assert ticket["life_safety"] is True and ticket["urgency"] == "urgent"
    assert ticket["status"] == "dispatched" and ticket["department"] == "620422-window"
    accept = deadline(ticket, "accept", "open")
    started = datetime.fromisoformat(accept["started_at"])
    due = datetime.fromisoformat(accept["due_at"])
    assert due - started == timedelta(hours=2)
    assert "涉及生命安全" in ticket["events"][-1]["note"]
    # An urgent notice to the department's on-duty officer and to the supervisor.
    from api.core.database import read_session
    from api.notifications.models import Notification

    with read_session() as session:
        urgent = {
            (n.username, n.kind)
            for n in session.query(Notification).filter_by(ticket_id=ticket["id"])
        }
    assert ("620422-window-duty", "urgent") in urgent
    assert ("supervisor", "urgent") in urgent
    assert not any(kind == "dispatch" for _, kind in urgent)  # not the generic notice


def test_life_safety_words_of_a_citizen_make_an_order_urgent_the_bots_do_not(client, tokens):
    said = "市民：我家断炊三天了，几天没吃饭"
    ticket = post(client, tokens, channel="chat", text=f"咨询\n\n对话记录：\n{said}")
    assert ticket["urgency"] == "urgent" and ticket["life_safety"] is True
    quiet = post(
        client,
        tokens,
        channel="chat",
        category="ask_eligibility",
        text="咨询\n\n对话记录：\n助手：情况紧急请拨打110，没饭吃请告诉我们\n市民：谢谢",
    )
    assert quiet["urgency"] == "normal" and quiet["life_safety"] is False


# ---------------------------------------------------------------- 转人工


def test_a_handoff_waits_for_a_person_and_is_taken(client, tokens):
    ticket = post(client, tokens, channel="chat", text=HANDOFF, category="ask_eligibility")
    assert ticket["handoff"] is True and ticket["status"] == "registered"
    assert ticket["urgency"] == "normal"  # 情况紧急 was the assistant's, not the citizen's
    waiting = client.get("/api/v1/tickets?waiting=handoff&limit=200", headers=tokens["operator"])
    assert ticket["id"] in [t["id"] for t in waiting.json()["items"]]
    dispatch_wait = client.get(
        "/api/v1/tickets?waiting=dispatch&limit=200", headers=tokens["operator"]
    ).json()
    assert ticket["id"] not in [t["id"] for t in dispatch_wait["items"]]
    refused = client.post(
        f"/api/v1/tickets/{ticket['id']}/handoff/take", headers=tokens["minzheng"], json={}
    )
    assert refused.status_code == 403
    taken = client.post(
        f"/api/v1/tickets/{ticket['id']}/handoff/take",
        headers=tokens["operator"],
        json={"version": ticket["version"]},
    )
    assert taken.status_code == 200, taken.text
    body = taken.json()
    assert body["handoff_taken_by"] == "operator" and body["version"] == ticket["version"] + 1
    assert body["events"][-1]["action"] == "take_handoff"
    again = client.post(
        f"/api/v1/tickets/{ticket['id']}/handoff/take", headers=tokens["operator2"], json={}
    )
    assert again.status_code == 409
    dispatch_wait = client.get(
        "/api/v1/tickets?waiting=dispatch&limit=200", headers=tokens["operator"]
    ).json()
    assert ticket["id"] in [t["id"] for t in dispatch_wait["items"]]


def test_the_handoff_flag_is_explicit_too_and_not_every_order_can_be_taken(
    client, tokens, create_ticket
):
    flagged = post(client, tokens, channel="chat", handoff=True, category="request_dibao")
    assert flagged["handoff"] is True and flagged["status"] == "registered"
    plain = create_ticket()
    response = client.post(
        f"/api/v1/tickets/{plain['id']}/handoff/take", headers=tokens["operator"], json={}
    )
    assert response.status_code == 409


# ---------------------------------------------------------------- contacts given later


def test_the_assistant_adds_the_phone_given_after_a_life_safety_order(client, tokens):
    ticket = post(
        client,
        tokens,
        channel="chat",
        text=LIFE,
        category="request_temporary",
        urgency="urgent",
        contact_phone=None,
    )
    assert ticket["contact_phone"] is None
    url = f"/api/v1/tickets/{ticket['id']}/contacts"
    phone = new_phone()
    added = client.post(url, headers=tokens["assistant"], json={"phone": phone})
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["contact_phone"] == phone[:3] + "****" + phone[-4:]
    assert phone not in added.text
    assert body["events"][-1]["action"] == "add_contact"
    # Retried: nothing new.
    again = client.post(url, headers=tokens["assistant"], json={"phone": phone})
    assert again.status_code == 200 and len(again.json()["events"]) == len(body["events"])
    # A second phone and a note are kept beside it.
    second = new_phone()
    more = client.post(
        url, headers=tokens["assistant"], json={"phone": second, "note": "我现在在河畔镇桥下"}
    ).json()
    assert [c["phone"] for c in more["contacts"]][-1] == second[:3] + "****" + second[-4:]
    assert more["contacts"][-1]["note"] == "我现在在河畔镇桥下"
    # The handler reveals both, audited.
    revealed = client.post(
        f"/api/v1/tickets/{ticket['id']}/reveal-contact",
        headers=tokens["window"],
        json={"reason": "紧急联系市民"},
    ).json()
    assert revealed["contact_phone"] == phone and revealed["other_phones"] == [second]
    # The citizen can look the order up with the phone given later.
    lookup = client.get(f"/api/v1/public/tickets/{ticket['number']}?phone_last4={phone[-4:]}")
    assert lookup.status_code == 200
    # The department on duty was told.
    assert (
        any(n["kind"] == "contact" for n in notes_of(client, tokens, "supervisor", ticket["id"]))
        is False
    )
    from api.core.database import read_session
    from api.notifications.models import Notification

    with read_session() as session:
        told = {
            n.username
            for n in session.query(Notification).filter_by(kind="contact", ticket_id=ticket["id"])
        }
    assert "620422-window-duty" in told


def test_bad_contacts_are_refused_and_change_nothing(client, tokens, create_ticket, advance):
    mine = post(client, tokens, channel="chat", category="ask_eligibility", contact_phone=None)
    url = f"/api/v1/tickets/{mine['id']}/contacts"
    for body, status in (
        ({"phone": "6612345"}, 422),  # 7 digits: no area code
        ({"phone": "1391234"}, 422),
        ({"phone": "abc"}, 422),
        ({}, 422),
        ({"phone": "13912345678", "extra": 1}, 422),
    ):
        response = client.post(url, headers=tokens["assistant"], json=body)
        assert response.status_code == status, (body, response.text)
        assert "6612345" not in response.text
    after = client.get(f"/api/v1/tickets/{mine['id']}", headers=tokens["operator"]).json()
    assert after["version"] == mine["version"] and after["contact_phone"] is None
    # Not the assistant's own order: refused.
    others = create_ticket()
    response = client.post(
        f"/api/v1/tickets/{others['id']}/contacts",
        headers=tokens["assistant"],
        json={"phone": new_phone()},
    )
    assert response.status_code == 403
    # A closed order takes no contact.
    closed = advance(create_ticket(), "operator", "dispatch")
    closed = advance(closed, "minzheng", "accept")
    closed = advance(closed, "minzheng", "reply", note="已答复")
    closed = advance(closed, "operator", "callback", satisfaction="satisfied", resolved=True)
    closed = advance(closed, "operator", "close")
    response = client.post(
        f"/api/v1/tickets/{closed['id']}/contacts",
        headers=tokens["operator"],
        json={"note": "再联系"},
    )
    assert response.status_code == 409


# ---------------------------------------------------------------- 协办 by the lead department


def test_a_handler_asks_for_assistance_and_the_assisting_department_answers(
    client, tokens, create_ticket, advance, act
):
    ticket = advance(create_ticket(), "operator", "dispatch")
    ticket = advance(ticket, "minzheng", "accept")
    assert act(ticket, "yibao", "add_assisting", departments=["620422-renshe"]).status_code == 403
    ticket = advance(
        ticket,
        "minzheng",
        "add_assisting",
        departments=["620422-yibao"],
        note="请核实医疗费用报销情况，联系 13912345678",
    )
    part = ticket["assisting"][0]
    assert part["department"] == "620422-yibao" and part["requested_by"] == "minzheng"
    assert "13912345678" not in part["task"] and "医疗费用" in part["task"]
    # The same department again adds nothing: refused.
    assert act(ticket, "minzheng", "add_assisting", departments=["620422-yibao"]).status_code == 422
    url = f"/api/v1/tickets/{ticket['id']}/assist-reply"
    assert (
        client.post(url, headers=tokens["jiaoyu"], json={"note": "本单位无此事项"}).status_code
        == 403
    )
    answered = client.post(url, headers=tokens["yibao"], json={"note": "已报销4万元，自付2万元"})
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["assisting"][0]["reply"] == "已报销4万元，自付2万元"
    assert body["events"][-1]["action"] == "assist_reply"
    assert client.post(url, headers=tokens["yibao"], json={"note": "补充"}).status_code == 409


# ---------------------------------------------------------------- search, registration time


def test_the_search_finds_numbers_with_or_without_hyphens_phones_and_words(
    client, tokens, create_ticket
):
    phone = new_phone()
    ticket = create_ticket(
        contact_phone=phone, text="来电人反映：独居老人屋顶漏雨，请求危房改造帮助"
    )
    number = ticket["number"]

    def found(q: str) -> list[int]:
        response = client.get(
            "/api/v1/tickets", params={"q": q, "limit": 200}, headers=tokens["operator"]
        )
        assert response.status_code == 200
        return [t["id"] for t in response.json()["items"]]

    assert found(number) == [ticket["id"]]
    assert found(number.replace("-", "")) == [ticket["id"]]
    assert found(number.replace("-", " ")) == [ticket["id"]]
    assert ticket["id"] in found(phone[-4:])
    assert found(phone) == [ticket["id"]]
    assert ticket["id"] in found("屋顶漏雨")
    assert ticket["id"] in found("漏雨 危房")
    assert ticket["id"] not in found("漏雨 低保")
    assert found("%") == [] or ticket["id"] not in found("100%")


def test_an_operator_registers_a_call_at_its_own_time(client, tokens):
    called = (utcnow() - timedelta(days=3)).astimezone(SHANGHAI).replace(microsecond=0)
    ticket = post(client, tokens, who="operator", channel="import", received_at=called.isoformat())
    assert datetime.fromisoformat(ticket["created_at"]) == called
    assert ticket["number"].split("-")[1] == f"{called:%Y%m%d}"
    assert ticket["events"][0]["at"] == ticket["created_at"]
    assert datetime.fromisoformat(deadline(ticket, "dispatch")["started_at"]) == called
    for bad_who, at, status in (
        ("assistant", called.isoformat(), 422),
        ("operator", (utcnow() + timedelta(hours=2)).isoformat(), 422),
        ("operator", (utcnow() - timedelta(days=400)).isoformat(), 422),
    ):
        response = client.post(
            "/api/v1/tickets",
            headers={**tokens[bad_who], "Idempotency-Key": new_key()},
            json=ticket_body(received_at=at),
        )
        assert response.status_code == status, response.text


def test_the_public_lookup_tells_the_expected_date(client, tokens, create_ticket, advance):
    phone = new_phone()
    waiting = create_ticket(contact_phone=phone)
    body = client.get(f"/api/v1/public/tickets/{waiting['number']}?phone_last4={phone[-4:]}").json()
    assert body["expected_by"] and body["expected_provisional"] is True
    dispatched = advance(waiting, "operator", "dispatch")
    body = client.get(f"/api/v1/public/tickets/{waiting['number']}?phone_last4={phone[-4:]}").json()
    assert body["expected_by"] == dispatched["deadlines"]["close"]
    assert body["expected_provisional"] is False
    assert "phone" not in str(body.keys())


def test_ranking_and_backlog_endpoints(client, tokens, create_ticket, advance):
    from datetime import date

    from api.core.database import read_session
    from tests.api import metrics_reference as reference

    waiting = create_ticket()
    advance(advance(create_ticket(), "operator", "dispatch"), "minzheng", "accept")
    today = date.today()
    params = {"from": (today - timedelta(days=3)).isoformat(), "to": today.isoformat()}
    body = client.get("/api/v1/metrics/ranking", params=params, headers=tokens["supervisor"])
    assert body.status_code == 200
    rows = body.json()
    with read_session() as session:
        expected = reference.ranking(session, today - timedelta(days=3), today)
    assert {
        r["department"]: {
            k: r[k] for k in ("total", "accept", "close", "satisfaction", "resolution")
        }
        for r in rows
    } == expected
    mine = client.get("/api/v1/metrics/ranking", params=params, headers=tokens["minzheng"]).json()
    assert {r["department"] for r in mine} <= {"620422-minzheng"}
    backlog = client.get("/api/v1/metrics/backlog", headers=tokens["supervisor"]).json()
    plain = sum(
        client.get(
            "/api/v1/tickets", params={"status": s, "limit": 1}, headers=tokens["supervisor"]
        ).json()["total"]
        for s in ("registered", "returned")
    )
    assert backlog["count"] == plain and backlog["count"] >= 1
    assert backlog["oldest_minutes"] is not None
    assert waiting["status"] == "registered"


def test_the_hotline_answers_a_consultation_itself_and_closes_it(client, tokens, advance, act):
    ticket = post(client, tokens, channel="chat", text=HANDOFF, category="ask_eligibility")
    assert act(ticket, "operator", "answer").status_code == 422  # the answer is needed
    assert act(ticket, "minzheng", "answer", note="已答复").status_code == 403
    client.post(f"/api/v1/tickets/{ticket['id']}/handoff/take", headers=tokens["operator"], json={})
    answered = advance(ticket, "operator", "answer", note="已电话告知低保申请条件和材料")
    assert answered["status"] == "replied" and answered["department"] == "620422-hotline"
    assert answered["reply"] == "已电话告知低保申请条件和材料"
    assert deadline(answered, "dispatch")["state"] == "met"
    assert deadline(answered, "callback", "open")
    answered = advance(answered, "operator", "callback", satisfaction="satisfied", resolved=True)
    assert advance(answered, "operator", "close")["status"] == "closed"


def test_a_large_estimate_is_kept_as_the_order_shows_it(client, tokens):
    from api.core.config import get_settings
    from api.intake.compact import compact_estimate
    from policies import estimate

    household = {
        "locality": "620422",
        "members": [
            {"relation": "self", "age": 45, "serious_illness": True},
            {"relation": "spouse", "age": 44, "self_care": "total_loss", "able_to_work": False},
            {"relation": "child", "age": 9, "school_stage": "primary"},
            {"relation": "child", "age": 7, "school_stage": "primary"},
            {"relation": "parent", "age": 82, "disability": {"grade": 2}},
        ],
        "household_monthly_income": 600,
        "expenses_12m": {"medical_out_of_pocket": 60000},
        "events": [{"type": "traffic_accident"}],
    }
    full = estimate(household)
    full["programs"][0]["reasons"] = (
        full["programs"][0]["reasons"] * 40
    )  # over the limit, under the body limit
    limit = get_settings().max_json_bytes
    assert len(json.dumps(full, ensure_ascii=False)) > limit
    small = compact_estimate(full)
    assert small is not None and len(json.dumps(small, ensure_ascii=False)) <= limit
    assert [p["status"] for p in small["programs"]] == [p["status"] for p in full["programs"]]
    filed = post(client, tokens, channel="chat", household=household, estimate=full)
    kept = filed["estimate"]
    assert len(json.dumps(kept, ensure_ascii=False)) <= limit
    assert {p["id"] for p in kept["programs"]} == {p["id"] for p in full["programs"]}
