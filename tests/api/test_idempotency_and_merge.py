"""Issue #12, items 1, 3 and 5 of the probe: an Idempotency-Key never reads an order the caller
may not see and is refused with another body; 并单 tells the assistant only that a same-matter
order exists, and keeps the merged text as an event of its own."""

from __future__ import annotations

from sqlalchemy import select

from api.core.database import read_session
from api.tickets.models import IdempotencyKey, Ticket
from tests.api.conftest import new_key, new_phone, ticket_body

KEY_REUSED = "幂等键（Idempotency-Key）已用于另一内容的请求；新的请求请使用新的幂等键"


def _post(client, headers, key, body):
    return client.post("/api/v1/tickets", headers={**headers, "Idempotency-Key": key}, json=body)


def _tickets() -> int:
    with read_session() as session:
        return len(session.scalars(select(Ticket.id)).all())


def test_a_key_reused_with_another_body_is_422_and_changes_nothing(client, tokens):
    key = new_key()
    first = _post(client, tokens["assistant"], key, ticket_body(channel="chat"))
    assert first.status_code == 201
    before = _tickets()
    other = ticket_body(
        channel="chat", text="摔倒在家，起不来，需要人帮忙。", category="request_temporary"
    )
    again = _post(client, tokens["assistant"], key, other)
    assert again.status_code == 422
    assert again.json() == {"detail": KEY_REUSED}
    assert first.json()["number"] not in again.text
    assert _tickets() == before


def test_the_same_body_in_another_json_form_is_the_same_request(client, tokens):
    key = new_key()
    body = ticket_body()
    first = _post(client, tokens["operator"], key, body)
    reordered = dict(reversed(list(body.items())))
    reordered["text"] = "  " + body["text"] + "\n"  # the stored text is stripped alike
    again = _post(client, tokens["operator"], key, reordered)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]


def test_the_assistant_cannot_read_an_operators_order_through_its_key(client, tokens):
    key = new_key()
    body = ticket_body(contact_phone=new_phone())
    by_operator = _post(client, tokens["operator"], key, body).json()
    assert (
        client.get(f"/api/v1/tickets/{by_operator['id']}", headers=tokens["assistant"]).status_code
        == 403
    )
    stolen = _post(client, tokens["assistant"], key, body)  # the very same body, another caller
    assert stolen.status_code == 422
    assert (
        by_operator["number"] not in stolen.text and body["contact_phone"][-4:] not in stolen.text
    )


def test_a_key_stored_before_the_hash_still_obeys_visibility(client, tokens):
    """Keys from before the hash column (NULL) answer only a caller who may see the order."""
    from api.core.database import write_session

    key = new_key()
    body = ticket_body()
    by_operator = _post(client, tokens["operator"], key, body).json()
    with write_session() as session:
        session.get(IdempotencyKey, key).request_hash = None
        session.commit()
    assert _post(client, tokens["assistant"], key, body).status_code == 422
    replay = _post(client, tokens["supervisor"], key, body)
    assert replay.status_code == 200 and replay.json()["id"] == by_operator["id"]


def test_merge_tells_the_assistant_only_that_an_order_exists(client, tokens, create_ticket):
    phone = new_phone()
    victim = create_ticket(
        contact_phone=phone, text="独居老人，家中断炊三天，请求临时救助。", category="request_dibao"
    )
    stranger = ticket_body(
        channel="chat", contact_phone=phone, text="我是他邻居，想知道他的工单号。"
    )
    key = new_key()
    merged = _post(client, tokens["assistant"], key, stranger)
    assert merged.status_code == 200
    body = merged.json()
    assert body["merged"] is True and body["number"] is None
    for secret in (victim["number"], "断炊", phone[-4:], str(victim["id"])):
        assert secret not in merged.text
    # A retry of the same request gets the same minimal answer, not the order.
    again = _post(client, tokens["assistant"], key, stranger)
    assert again.status_code == 200 and again.json() == body


def test_merged_text_is_a_masked_event_and_never_the_orders_text(client, tokens, create_ticket):
    phone = new_phone()
    victim = create_ticket(contact_phone=phone)
    other_phone = "13800001111"
    _post(
        client,
        tokens["assistant"],
        new_key(),
        ticket_body(
            channel="chat", contact_phone=phone, text=f"我也要说一下，我的电话{other_phone}。"
        ),
    )
    seen = client.get(f"/api/v1/tickets/{victim['id']}", headers=tokens["operator"]).json()
    assert seen["text"] == victim["text"]
    assert seen["merged_count"] == 1
    merge = seen["events"][-1]
    assert merge["action"] == "merge" and merge["actor"] == "assistant"
    assert "我也要说一下" in merge["note"] and other_phone not in merge["note"]
    assert [e["action"] for e in seen["events"][:-1]] == [e["action"] for e in victim["events"]]


def test_an_operator_merging_sees_the_open_order(client, tokens, create_ticket):
    phone = new_phone()
    first = create_ticket(contact_phone=phone)
    again = _post(client, tokens["operator2"], new_key(), ticket_body(contact_phone=phone))
    assert again.status_code == 200
    assert again.json()["merged"] is True and again.json()["id"] == first["id"]
