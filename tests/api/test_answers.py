"""Answers of writes are rendered from what was written (no second read): they must equal what a
read of the same order shows afterwards."""

from __future__ import annotations

from tests.api.conftest import new_key, new_phone, ticket_body


def _same(answer: dict, stored: dict) -> None:
    assert {k: v for k, v in answer.items() if k != "merged"} == {
        k: v for k, v in stored.items() if k != "merged"
    }


def _read(client, tokens, ticket_id: int) -> dict:
    response = client.get(f"/api/v1/tickets/{ticket_id}", headers=tokens["supervisor"])
    assert response.status_code == 200
    return response.json()


def test_create_merge_and_transitions_answer_what_is_stored(client, tokens, act):
    phone = new_phone()
    created = client.post(
        "/api/v1/tickets",
        headers={**tokens["assistant"], "Idempotency-Key": new_key()},
        json=ticket_body(category="request_temporary", contact_phone=phone, consent=True),
    )
    assert created.status_code == 201
    ticket = created.json()
    assert ticket["deadline_details"] and ticket["first_responder"]["user"] != "assistant"
    _same(ticket, _read(client, tokens, ticket["id"]))

    # An operator's repeat (the assistant is told only that an order exists: test_idempotency...).
    merged = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(category="request_temporary", contact_phone=phone, text="再次来电"),
    )
    assert merged.status_code == 200 and merged.json()["merged"] is True
    _same(merged.json(), _read(client, tokens, ticket["id"]))
    assert merged.json()["events"][-1]["action"] == "merge"

    steps = [
        ("operator", "dispatch", {"departments": ["620422-renshe"]}),
        ("supervisor", "accept", {}),
        ("supervisor", "request_extension", {"note": "需入户调查"}),
        ("supervisor", "approve_extension", {}),
        ("supervisor", "reply", {"note": "已答复市民"}),
        ("operator", "callback", {"satisfaction": "unsatisfied", "resolved": False}),
        ("operator", "reopen", {"note": "重办"}),
    ]
    for who, action, fields in steps:
        answer = act(ticket, who, action, **fields)
        assert answer.status_code == 200, f"{action}: {answer.text}"
        _same(answer.json(), _read(client, tokens, ticket["id"]))
        assert answer.json()["events"][-1]["action"] == action
