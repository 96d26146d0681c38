"""Concurrent creates: one ticket per key, and 并单 holds when the same caller calls at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from tests.api.conftest import new_key, new_phone, ticket_body


def _post_many(tokens, bodies_and_keys):
    from api.main import app

    def post(item):
        body, key = item
        with TestClient(app) as local:
            return local.post(
                "/api/v1/tickets",
                headers={**tokens["operator"], "Idempotency-Key": key},
                json=body,
            )

    with ThreadPoolExecutor(len(bodies_and_keys)) as pool:
        return list(pool.map(post, bodies_and_keys))


def test_same_key_at_once_gives_one_ticket(tokens):
    key = new_key()
    body = ticket_body()
    responses = _post_many(tokens, [(body, key)] * 6)
    assert all(r.status_code in (200, 201) for r in responses), [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.status_code == 201 for r in responses) == 1


def test_same_caller_at_once_is_merged(tokens):
    phone = new_phone()
    responses = _post_many(
        tokens,
        [(ticket_body(contact_phone=phone, text=f"第{i}次来电"), new_key()) for i in range(6)],
    )
    assert all(r.status_code in (200, 201) for r in responses), [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.json()["merged"] for r in responses) == 5
