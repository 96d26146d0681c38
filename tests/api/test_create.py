"""受理: creation, masking, Idempotency-Key, 并单, bad input that changes nothing."""

from __future__ import annotations

import pytest

from tests.api.conftest import new_key, new_phone, ticket_body


def _count(client, tokens) -> int:
    return client.get("/api/v1/tickets?limit=1", headers=tokens["supervisor"]).json()["total"]


def test_create_masks_personal_data_and_sets_routing(client, tokens):
    phone = new_phone()
    body = ticket_body(
        contact_phone=phone,
        text=f"来电人反映生活困难，联系电话{phone}，身份证号620422198001011234，申请低保。",
    )
    response = client.post(
        "/api/v1/tickets", headers={**tokens["operator"], "Idempotency-Key": new_key()}, json=body
    )
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert ticket["number"].startswith("12345-") and len(ticket["number"]) == 21
    assert ticket["contact_phone"] == phone[:3] + "****" + phone[-4:]
    assert phone not in response.text
    assert "620422198001011234" not in response.text
    assert "620422********1234" in ticket["text"]
    assert ticket["status"] == "registered"
    assert ticket["kind"] == "help"
    assert ticket["department"] == "620422-minzheng"
    assert ticket["first_responder"] == {"user": "operator", "department": "620422-hotline"}
    assert ticket["events"][0]["action"] == "create"


def test_same_idempotency_key_returns_the_same_ticket(client, tokens):
    key = new_key()
    body = ticket_body()
    headers = {**tokens["assistant"], "Idempotency-Key": key}
    first = client.post("/api/v1/tickets", headers=headers, json=body)
    second = client.post("/api/v1/tickets", headers=headers, json=body)
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["number"] == first.json()["number"]
    assert len(second.json()["events"]) == len(first.json()["events"])


def test_repeat_of_open_matter_is_merged(client, tokens):
    phone = new_phone()
    first = client.post(
        "/api/v1/tickets",
        headers={**tokens["assistant"], "Idempotency-Key": new_key()},
        json=ticket_body(contact_phone=phone, channel="chat"),
    ).json()
    repeat = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(contact_phone=phone, text="又打来电话，问低保的事怎么还没人管。"),
    )
    assert repeat.status_code == 200
    merged = repeat.json()
    assert merged["id"] == first["id"]
    assert merged["merged"] is True
    assert merged["merged_count"] == 1
    assert merged["events"][-1]["action"] == "merge"
    assert "又打来电话" in merged["events"][-1]["note"]
    # A different need of the same caller is a new ticket.
    other = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(contact_phone=phone, category="request_medical", text="住院费用报销"),
    )
    assert other.status_code == 201
    assert other.json()["id"] != first["id"]


def test_same_household_by_id_number_is_merged_across_phones(client, tokens):
    first = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(id_number="62042219700101123X", category="request_tekun"),
    ).json()
    again = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(id_number="62042219700101123x", category="request_tekun"),
    )
    assert again.status_code == 200 and again.json()["id"] == first["id"]


def test_closed_ticket_is_not_merged(client, tokens, create_ticket, advance):
    phone = new_phone()
    ticket = create_ticket(contact_phone=phone)
    for action, who, fields in [
        ("dispatch", "operator", {}),
        ("accept", "minzheng", {}),
        ("reply", "minzheng", {"note": "已答复"}),
        ("callback", "operator", {"satisfaction": "satisfied", "resolved": True}),
        ("close", "operator", {}),
    ]:
        advance(ticket, who, action, **fields)
    fresh = create_ticket(contact_phone=phone)
    assert fresh["id"] != ticket["id"]


def test_chat_request_first_responder_is_on_duty_officer(client, tokens):
    response = client.post(
        "/api/v1/tickets",
        headers={**tokens["assistant"], "Idempotency-Key": new_key()},
        json=ticket_body(channel="chat", category="request_medical", consent=True),
    )
    ticket = response.json()
    # 620422 routes chat intake to 县民政局, whose on-duty officer is `minzheng`.
    assert ticket["first_responder"] == {"user": "minzheng", "department": "620422-minzheng"}
    assert ticket["department"] == "620422-yibao"
    assert ticket["consent"]["given"] is True
    # The first responder sees it although another department handles it.
    seen = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["minzheng"])
    assert seen.status_code == 200
    mine = client.get("/api/v1/tickets?first_responder=minzheng", headers=tokens["minzheng"])
    assert ticket["id"] in [t["id"] for t in mine.json()["items"]]


def test_unknown_locality_falls_back_without_losing_the_request(client, tokens):
    response = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(locality="620423"),  # another county of 白银市, no data of its own
    )
    assert response.status_code == 201
    assert response.json()["department"] == "620422-minzheng"


def test_household_and_estimate_are_stored_as_given(client, tokens):
    household = {"locality": "620422", "members": [{"relation": "self", "age": 52}]}
    estimate = {"locality": "620422", "as_of": "2026-11-23", "programs": []}
    response = client.post(
        "/api/v1/tickets",
        headers={**tokens["assistant"], "Idempotency-Key": new_key()},
        json=ticket_body(channel="chat", household=household, estimate=estimate),
    )
    assert response.json()["household"] == household
    assert response.json()["estimate"] == estimate


BAD_BODIES = {
    "empty text": {"text": ""},
    "blank text": {"text": "   \n "},
    "10000 characters": {"text": "困" * 10_000},
    "control characters": {"text": "低保\x00申请"},
    "unknown category": {"category": "request_money"},
    "bad locality": {"locality": "62042"},
    "sql in locality": {"locality": "1' OR '1'='1"},
    "wrong type": {"text": 12345},
    "bad channel": {"channel": "fax"},
    "bad urgency": {"urgency": "very"},
    "bad phone": {"contact_phone": "call me"},
    "huge household": {"household": {"members": [{"note": "x" * 40_000}]}},
    "review note with a newline": {"review_note": "待人工确认\n疑似低保"},
    "review note too long": {"review_note": "待" * 201},
}


@pytest.mark.parametrize("name", sorted(BAD_BODIES))
def test_bad_input_is_a_clear_422_and_changes_nothing(client, tokens, name):
    before = _count(client, tokens)
    response = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(**BAD_BODIES[name]),
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
    assert _count(client, tokens) == before


def test_html_sql_and_emoji_are_stored_as_plain_text(client, tokens):
    text = "<script>alert(1)</script>'; DROP TABLE tickets; -- 😢 求助"
    response = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(text=text),
    )
    assert response.status_code == 201
    assert response.json()["text"] == text
    assert _count(client, tokens) >= 1


def test_a_review_note_is_kept_on_the_create_record(client, tokens):
    note = "待人工确认：疑似「医疗救助」（把握 30%），请人工确认诉求类别"
    response = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(category="out_of_scope", review_note=note),
    )
    assert response.status_code == 201, response.text
    create = response.json()["events"][0]
    assert create["action"] == "create" and note in create["note"]


def test_handlers_may_not_create(client, tokens):
    response = client.post(
        "/api/v1/tickets",
        headers={**tokens["minzheng"], "Idempotency-Key": new_key()},
        json=ticket_body(),
    )
    assert response.status_code == 403


def test_numbers_are_unique_and_sequential_per_day(create_ticket):
    numbers = [create_ticket()["number"] for _ in range(3)]
    assert len(set(numbers)) == 3
    seqs = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert seqs == sorted(seqs)


def test_assistant_sees_what_it_filed_only_not_what_it_was_merged_into(
    client, tokens, create_ticket
):
    phone = new_phone()
    by_operator = create_ticket(contact_phone=phone)
    url = f"/api/v1/tickets/{by_operator['id']}"
    assert client.get(url, headers=tokens["assistant"]).status_code == 403
    merged = client.post(
        "/api/v1/tickets",
        headers={**tokens["assistant"], "Idempotency-Key": new_key()},
        json=ticket_body(contact_phone=phone, channel="chat"),
    )
    assert merged.status_code == 200 and merged.json()["merged"] is True
    # Being merged into the order does not open it.
    assert client.get(url, headers=tokens["assistant"]).status_code == 403
    listed = client.get(
        f"/api/v1/tickets?number={by_operator['number']}", headers=tokens["assistant"]
    ).json()
    assert listed == {"items": [], "total": 0}
    own = client.post(
        "/api/v1/tickets",
        headers={**tokens["assistant"], "Idempotency-Key": new_key()},
        json=ticket_body(channel="chat"),
    ).json()
    assert (
        client.get(f"/api/v1/tickets/{own['id']}", headers=tokens["assistant"]).status_code == 200
    )
