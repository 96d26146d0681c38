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


def test_the_driver_level_read_of_sqlite_is_the_orm_free_read(client, tokens, create_ticket, act):
    """`records.load_record_sqlite` (compiled statements on the driver's cursor) gives exactly
    what `records.load_record` (SQLAlchemy Core) gives: every column, every part, typed alike."""
    import pytest

    from api.core.database import get_engine, read_connection
    from api.tickets.records import load_record, load_record_sqlite

    engine = get_engine()
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's read")
    ticket = create_ticket(who="assistant", channel="chat")
    act(ticket, "supervisor", "escalate", note="请尽快办理")

    def plain(record) -> dict:
        out = {}
        for name, value in vars(record).items():
            if isinstance(value, list):
                value = [dict(getattr(v, "_mapping", None) or vars(v)) for v in value]
            out[name] = value
        return out

    for ticket_id in (ticket["id"], 1):
        with read_connection() as connection:
            expected = load_record(connection, ticket_id)
        raw = engine.raw_connection()
        try:
            got = load_record_sqlite(raw.driver_connection, engine.dialect, ticket_id)
        finally:
            raw.close()
        assert plain(got) == plain(expected)
    raw = engine.raw_connection()
    try:
        assert load_record_sqlite(raw.driver_connection, engine.dialect, 2_000_000_000) is None
    finally:
        raw.close()
