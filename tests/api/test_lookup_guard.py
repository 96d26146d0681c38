"""The citizens' lookup guard counts wrong attempts in the database: the lock holds across API
workers and hosts, for the API and the /chat/lookup page alike, expires with its window, and the
old failures are purged."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from api.core.database import make_engine, read_session, write_session
from api.core.timeutil import utcnow
from api.tickets.lookup_guard import MAX_FAILURES, WINDOW_SECONDS, LookupGuard, TooManyAttempts
from api.tickets.models import LookupFailure
from tests.api.conftest import REPO_ROOT, new_phone

LOCKED = "该工单号查询错误次数过多，请一小时后再试或拨打12345"


def _wrong(phone: str) -> str:
    return "0000" if phone[-4:] != "0000" else "1111"


def _rows(number: str) -> int:
    """Failures stored for the number (a fresh session: only what was committed)."""
    with read_session() as session:
        return session.scalar(
            select(func.count())
            .select_from(LookupFailure)
            .where(LookupFailure.ticket_number == number)
        )


@pytest.fixture
def ticket(create_ticket):
    phone = new_phone()
    created = create_ticket(contact_phone=phone)
    return {"number": created["number"], "right": phone[-4:], "wrong": _wrong(phone)}


def _api(client, ticket, digits):
    return client.get(f"/api/v1/public/tickets/{ticket['number']}", params={"phone_last4": digits})


def _page(client, ticket, digits):
    return client.get("/chat/lookup", params={"number": ticket["number"], "phone_last4": digits})


def test_the_eleventh_wrong_attempt_is_refused(client, ticket):
    for attempt in range(MAX_FAILURES):
        assert _api(client, ticket, ticket["wrong"]).status_code == 404, attempt
        # Committed before the 404 went out, although the request's session is never committed.
        assert _rows(ticket["number"]) == attempt + 1
    refused = _api(client, ticket, ticket["wrong"])
    assert refused.status_code == 429
    assert refused.json() == {"detail": LOCKED}
    # A refused attempt is not a failure: the lock does not prolong itself.
    assert _rows(ticket["number"]) == MAX_FAILURES
    page = _page(client, ticket, ticket["right"])
    assert page.status_code == 429 and LOCKED in page.text


def test_the_api_and_the_page_share_the_count(client, ticket):
    half = MAX_FAILURES // 2
    for _ in range(half):
        page = _page(client, ticket, ticket["wrong"])
        assert page.status_code == 404 and "未找到" in page.text
    assert _rows(ticket["number"]) == half  # one row per wrong attempt on the page, not two
    for _ in range(MAX_FAILURES - half):
        assert _api(client, ticket, ticket["wrong"]).status_code == 404
    assert _api(client, ticket, ticket["right"]).status_code == 429
    assert _page(client, ticket, ticket["right"]).status_code == 429


def test_the_right_digits_stay_refused_until_the_window_has_passed(client, ticket, frozen_time):
    start = utcnow()
    frozen_time(start)
    for _ in range(MAX_FAILURES):
        assert _api(client, ticket, ticket["wrong"]).status_code == 404
    assert _api(client, ticket, ticket["right"]).status_code == 429
    frozen_time(start + timedelta(seconds=WINDOW_SECONDS - 1))
    assert _api(client, ticket, ticket["right"]).status_code == 429
    assert _page(client, ticket, ticket["right"]).status_code == 429
    frozen_time(start + timedelta(seconds=WINDOW_SECONDS))
    assert _api(client, ticket, ticket["right"]).status_code == 200
    assert _page(client, ticket, ticket["right"]).status_code == 200


def test_the_window_slides(client, ticket, frozen_time):
    start = utcnow()
    frozen_time(start)
    for _ in range(MAX_FAILURES - 1):
        assert _api(client, ticket, ticket["wrong"]).status_code == 404
    frozen_time(start + timedelta(minutes=30))
    assert _api(client, ticket, ticket["wrong"]).status_code == 404
    assert _api(client, ticket, ticket["right"]).status_code == 429
    # The first nine have left the window; the tenth still counts: nine more guesses, no more.
    frozen_time(start + timedelta(seconds=WINDOW_SECONDS))
    assert _api(client, ticket, ticket["right"]).status_code == 200
    for _ in range(MAX_FAILURES - 1):
        assert _api(client, ticket, ticket["wrong"]).status_code == 404
    assert _api(client, ticket, ticket["wrong"]).status_code == 429
    # Recording a failure dropped the number's rows older than the window.
    assert _rows(ticket["number"]) == MAX_FAILURES


def test_two_workers_with_their_own_guard_and_engine_share_the_count(database, ticket):
    """Two workers: separate engines, sessions and guard objects, one database."""
    engines = [make_engine(database), make_engine(database)]
    try:
        workers = [(sessionmaker(bind=e)(), LookupGuard()) for e in engines]
        for i in range(MAX_FAILURES):
            session, guard = workers[i % 2]
            guard.check(session, ticket["number"])
            guard.failed(session, ticket["number"])
        for session, guard in workers:
            assert guard.failures(session, ticket["number"]) == MAX_FAILURES
            with pytest.raises(TooManyAttempts) as refused:
                guard.check(session, ticket["number"])
            assert refused.value.status_code == 429 and refused.value.detail == LOCKED
            session.close()
    finally:
        for engine in engines:
            engine.dispose()


def test_concurrent_failures_on_two_workers_are_all_counted(database):
    """Wrong attempts racing on two engines: none lost (no lock error on SQLite), none doubled."""
    number = f"12345-19990102-{os.getpid() % 1_000_000:06d}"
    engines = [make_engine(database), make_engine(database)]
    per_thread, threads = 5, 6
    errors: list[BaseException] = []

    def attempts(engine) -> None:
        guard = LookupGuard(max_failures=10_000)
        try:
            for _ in range(per_thread):
                with sessionmaker(bind=engine)() as session:
                    guard.check(session, number)  # a read first, as in the request
                    guard.failed(session, number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    try:
        workers = [
            threading.Thread(target=attempts, args=(engines[i % 2],)) for i in range(threads)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        for engine in engines:
            engine.dispose()
    assert errors == []
    assert _rows(number) == per_thread * threads


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def second_worker(database, tmp_path):
    """Another API process (its own memory) on the test database."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": database}
    log = (tmp_path / "worker.log").open("wb")
    uvicorn = Path(sys.executable).with_name("uvicorn")
    cmd = [str(uvicorn), "api.main:app", "--host", "127.0.0.1", "--port", str(port)]
    popen = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if popen.poll() is not None or time.monotonic() > deadline:
                log.flush()
                output = (tmp_path / "worker.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"the second API worker did not start:\n{output}")
            time.sleep(0.3)
        with httpx.Client(base_url=url, timeout=30) as worker:
            yield worker
    finally:
        popen.terminate()
        try:
            popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            popen.kill()
        log.close()


@pytest.mark.slow
def test_two_api_processes_share_the_lock(client, second_worker, ticket):
    for i in range(MAX_FAILURES):
        worker = client if i % 2 else second_worker
        assert _api(worker, ticket, ticket["wrong"]).status_code == 404
    for worker in (client, second_worker):
        refused = _api(worker, ticket, ticket["right"])
        assert refused.status_code == 429 and refused.json() == {"detail": LOCKED}


def test_a_lookup_that_breaks_records_no_failure(database, ticket, monkeypatch):
    from api.main import app
    from api.tickets import service

    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("connection lost"))

    monkeypatch.setattr(service, "public_lookup", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert _api(client, ticket, ticket["wrong"]).status_code == 500
        assert _page(client, ticket, ticket["wrong"]).status_code == 500
    assert _rows(ticket["number"]) == 0


def test_the_check_is_one_indexed_query(database, ticket):
    engine = make_engine(database)
    statements: list[tuple[str, tuple]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, parameters, *_args):
        if statement.split()[0].upper() not in {"BEGIN", "ROLLBACK", "COMMIT"}:
            statements.append((statement, parameters))

    try:
        with sessionmaker(bind=engine)() as session:
            LookupGuard().check(session, ticket["number"])
            assert len(statements) == 1 and "lookup_failures" in statements[0][0]
            if engine.dialect.name == "sqlite":
                statement, parameters = statements[0]
                plan = session.connection().exec_driver_sql(
                    f"EXPLAIN QUERY PLAN {statement}", parameters
                )
                details = " ".join(str(row[-1]) for row in plan)
                assert "COVERING INDEX ix_lookup_failures_number_failed_at" in details, details
    finally:
        engine.dispose()


def test_old_failures_are_purged(client, ticket):
    from api.tickets.sweep import sweep

    now = utcnow()
    old = now - timedelta(seconds=WINDOW_SECONDS + 60)
    other = f"12345-19990101-{os.getpid() % 1_000_000:06d}"
    with write_session() as session:
        session.add_all(
            [
                LookupFailure(ticket_number=ticket["number"], failed_at=old),
                LookupFailure(ticket_number=other, failed_at=old),
                LookupFailure(ticket_number=other, failed_at=now),
            ]
        )
        session.commit()
    # Recording a failure drops that number's expired rows, and only that number's.
    assert _api(client, ticket, ticket["wrong"]).status_code == 404
    assert _rows(ticket["number"]) == 1
    assert _rows(other) == 2
    # The deadline sweep drops every expired row and keeps the live ones.
    with write_session() as session:
        result = sweep(session, now)
        session.commit()
    assert result.lookup_failures_purged >= 1
    assert _rows(other) == 1
    assert _rows(ticket["number"]) == 1
    with read_session() as session:
        oldest = session.scalar(select(func.min(LookupFailure.failed_at)))
    assert oldest > now - timedelta(seconds=WINDOW_SECONDS)
