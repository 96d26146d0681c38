"""The service under load: concurrent creates finish (201/200) or are refused with 503 and
Retry-After, never hang; overload is answered at once and passes by itself; an unexpected error is
logged with its traceback (masked) and the request id, which the answer carries too.

No timing is asserted: waits below are only bounds against a hang."""

from __future__ import annotations

import io
import logging
from concurrent.futures import ThreadPoolExecutor, wait

import pytest

from tests.api.conftest import new_key, new_phone, ticket_body

HANG_GUARD_SECONDS = 600


def test_64_concurrent_creates_all_succeed_or_get_503(client, tokens):
    headers = tokens["assistant"]

    def create(_i: int):
        return client.post(
            "/api/v1/tickets",
            headers={**headers, "Idempotency-Key": new_key()},
            json=ticket_body(contact_phone=new_phone()),
        )

    with ThreadPoolExecutor(64) as pool:
        futures = [pool.submit(create, i) for i in range(64)]
        done, pending = wait(futures, timeout=HANG_GUARD_SECONDS)
    assert not pending, "some creates never answered"
    answers = [f.result() for f in done]
    assert {a.status_code for a in answers} <= {201, 503}, [a.text for a in answers]
    created = [a.json() for a in answers if a.status_code == 201]
    assert len({t["id"] for t in created}) == len(created)  # no order answered twice
    assert len({t["number"] for t in created}) == len(created)
    for refused in (a for a in answers if a.status_code == 503):
        assert refused.headers["Retry-After"].isdigit()
    for ticket in created:  # every answered order is stored, with its create event
        stored = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["supervisor"])
        assert stored.status_code == 200
        assert [e["action"] for e in stored.json()["events"]] == ["create"]


def test_overload_is_refused_at_once_and_passes_by_itself(client, tokens):
    from api.main import app

    admission = app.state.admission
    saved = admission.limit
    admission.limit = 0  # as if every slot were taken
    try:
        refused = client.post(
            "/api/v1/tickets",
            headers={**tokens["operator"], "Idempotency-Key": new_key()},
            json=ticket_body(),
        )
        assert client.get("/api/v1/health").status_code == 200  # never refused
    finally:
        admission.limit = saved
    assert refused.status_code == 503
    assert refused.headers["Retry-After"].isdigit()
    assert refused.json()["request_id"] == refused.headers["X-Request-ID"]
    assert "繁忙" in refused.json()["detail"]
    again = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(),
    )
    assert again.status_code == 201


def test_a_writer_that_cannot_get_the_database_answers_503_and_writes_nothing(
    client, tokens, database
):
    from api.core.database import get_engine, write_gate

    gate = write_gate(get_engine())
    if gate is None:
        pytest.skip("the write gate is SQLite's")
    key = new_key()
    saved = gate.timeout
    gate.timeout = 0.2
    assert gate._lock.acquire(timeout=HANG_GUARD_SECONDS)  # another writer holds the database
    try:
        refused = client.post(
            "/api/v1/tickets",
            headers={**tokens["operator"], "Idempotency-Key": key},
            json=ticket_body(),
        )
    finally:
        gate._lock.release()
        gate.timeout = saved
    assert refused.status_code == 503 and refused.headers["Retry-After"].isdigit()
    # Nothing was written: the same key now creates the order.
    created = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": key},
        json=ticket_body(),
    )
    assert created.status_code == 201


@pytest.fixture
def log_lines():
    from api.core.logging import configure_logging

    buffer = io.StringIO()
    handler = configure_logging("INFO", stream=buffer)
    yield buffer
    logging.getLogger().removeHandler(handler)


def test_an_unexpected_error_is_logged_with_traceback_and_request_id(
    client, tokens, monkeypatch, log_lines
):
    from api.tickets import views

    phone = "13912345678"

    def broken(*_args, **_kwargs):
        raise RuntimeError(f"broken while reading the order of {phone}")

    monkeypatch.setattr(views, "load_record_pg", broken)  # PostgreSQL's read
    monkeypatch.setattr(views, "load_record_sqlite", broken)  # SQLite's
    answer = client.get(
        "/api/v1/tickets/1", headers={**tokens["supervisor"], "X-Request-ID": "trace-42"}
    )
    assert answer.status_code == 500
    assert answer.json()["request_id"] == "trace-42" == answer.headers["X-Request-ID"]
    assert "请求编号" in answer.json()["detail"] and phone not in answer.text
    text = log_lines.getvalue()
    error_lines = [line for line in text.splitlines() if "unhandled error" in line]
    assert len(error_lines) == 1
    line = error_lines[0]
    assert "request_id='trace-42'" in line
    assert "Traceback" in line and "RuntimeError" in line
    assert phone not in text and "139****5678" in line


def test_every_answer_carries_a_request_id(client, tokens):
    first = client.get("/api/v1/health")
    second = client.get("/api/v1/health")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    # A caller's own id is kept when it is a plain token, replaced otherwise.
    assert (
        client.get("/api/v1/health", headers={"X-Request-ID": "abc-1"}).headers["X-Request-ID"]
        == "abc-1"
    )
    odd = client.get("/api/v1/health", headers={"X-Request-ID": "a b;<x>"})
    assert odd.headers["X-Request-ID"] != "a b;<x>"


def test_a_connection_the_database_dropped_gives_503_once_and_the_pool_recovers(
    client, tokens, create_ticket
):
    """PostgreSQL restarted under the pool: the request that meets a dead connection is answered
    503 with Retry-After (no pre-ping round trip on every request), the pool is renewed, and
    the next request is answered from a fresh connection."""
    from sqlalchemy import create_engine, text

    from api.core.database import get_engine

    engine = get_engine()
    if engine.dialect.name != "postgresql":
        pytest.skip("a server that drops connections: PostgreSQL")
    ticket = create_ticket()
    url = f"/api/v1/tickets/{ticket['id']}"
    assert client.get(url, headers=tokens["supervisor"]).status_code == 200
    # The pids of this pool's idle connections only (the database may serve other test runs).
    held = [engine.connect() for _ in range(engine.pool.checkedin())]
    pids = [conn.execute(text("SELECT pg_backend_pid()")).scalar_one() for conn in held]
    for conn in held:
        conn.close()
    killer = create_engine(engine.url)
    with killer.connect() as conn:
        for pid in pids:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    killer.dispose()
    first = client.get(url, headers=tokens["supervisor"])
    assert first.status_code == 503, first.text
    assert first.headers["Retry-After"].isdigit()
    assert client.get(url, headers=tokens["supervisor"]).status_code == 200
