"""The citizens' lookup guard (issue #12, item 8 of the probe): wrong guesses slow the guessing
client and the number down, never lock the rightful citizen out for an hour; concurrent guesses
are evaluated no more often than the limit; misses write bounded, aggregated rows; the count holds
across API workers; numbers are read with or without hyphens."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from api.core.database import make_engine, read_session, write_session
from api.core.timeutil import utcnow
from api.tickets.lookup_guard import (
    CLIENT,
    NUMBER,
    LookupGuard,
    TooManyAttempts,
    client_key,
    normalise_number,
)
from api.tickets.models import LookupThrottle
from tests.api.conftest import new_phone


def _wrong(phone: str) -> str:
    return "0000" if phone[-4:] != "0000" else "1111"


def _rows() -> int:
    with read_session() as session:
        return session.scalar(select(func.count()).select_from(LookupThrottle))


def _row(scope: str, subject: str) -> LookupThrottle | None:
    with read_session() as session:
        return session.get(LookupThrottle, (scope, subject))


@pytest.fixture(autouse=True)
def _forget_counts(fresh_lookup_counts):
    """Each test starts and leaves with no counts (a moved clock leaves rows in the future)."""


@pytest.fixture
def ticket(create_ticket):
    phone = new_phone()
    created = create_ticket(contact_phone=phone)
    return {"number": created["number"], "right": phone[-4:], "wrong": _wrong(phone)}


@pytest.fixture
def clock(frozen_time):
    """The service clock, pinned and moved by hand (no timed tests)."""
    state = {"now": utcnow()}
    frozen_time(state["now"])

    def advance(seconds: float) -> None:
        state["now"] += timedelta(seconds=seconds)
        frozen_time(state["now"])

    return advance


def _api(client, number, digits, address="10.0.0.1", headers=None):
    # The TestClient's address is fixed; the guard's client key is patched per call instead.
    from api.tickets import views

    original = views.request_client
    views.request_client = lambda _request: client_key(address)
    try:
        return client.get(
            f"/api/v1/public/tickets/{number}", params={"phone_last4": digits}, headers=headers
        )
    finally:
        views.request_client = original


def test_ten_wrong_guesses_do_not_lock_the_rightful_citizen_out(client, ticket, clock):
    for attempt in range(NUMBER.free):
        assert _api(client, ticket["number"], ticket["wrong"], "10.0.0.1").status_code == 404, (
            attempt
        )
    # The number is slowed for a second, not locked for an hour.
    slowed = _api(client, ticket["number"], ticket["right"], "10.0.0.2")
    assert slowed.status_code == 429
    assert slowed.headers["Retry-After"] == "1"
    assert "请1秒后再试" in slowed.json()["detail"]
    clock(1)
    ok = _api(client, ticket["number"], ticket["right"], "10.0.0.2")
    assert ok.status_code == 200 and ok.json()["number"] == ticket["number"]
    # The guessing client itself is slowed more, and more with every further miss.
    assert _api(client, ticket["number"], ticket["wrong"], "10.0.0.1").status_code == 429
    clock(2)
    assert _api(client, ticket["number"], ticket["wrong"], "10.0.0.1").status_code == 404
    refused = _api(client, ticket["number"], ticket["wrong"], "10.0.0.1")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) == 4


def test_the_slowing_is_capped_for_the_number(client, ticket, clock):
    for i in range(40):  # many clients, each guessing once whenever the number allows it
        response = _api(client, ticket["number"], ticket["wrong"], f"10.1.{i}.1")
        assert response.status_code == 404, (i, response.text)
        clock(NUMBER.cap)
    assert _row("number", ticket["number"]).blocked_until - utcnow() <= timedelta(
        seconds=NUMBER.cap
    )
    assert _api(client, ticket["number"], ticket["right"], "10.1.99.1").status_code == 200


def test_a_refused_attempt_is_neither_evaluated_nor_counted(client, ticket, clock):
    for _ in range(CLIENT.free):
        _api(client, ticket["number"], ticket["wrong"], "10.2.0.1")
    counted = _row("client", "ip:10.2.0.1").failures
    for _ in range(5):
        assert _api(client, ticket["number"], ticket["right"], "10.2.0.1").status_code == 429
    assert _row("client", "ip:10.2.0.1").failures == counted


def test_sixty_one_concurrent_guesses_are_evaluated_at_most_ten_times(database, ticket, clock):
    """61 guesses at once from 61 clients: the per-number limit holds exactly (no lost update
    between the check and the count), whichever worker or engine takes them."""
    engines = [make_engine(database), make_engine(database)]
    outcomes: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(61)

    def guess(i: int) -> None:
        guard = LookupGuard()
        barrier.wait()
        try:
            with sessionmaker(bind=engines[i % 2].execution_options(sqlite_immediate=True))() as s:
                guard.lookup(s, ticket["number"], ticket["wrong"], client_key(f"10.3.0.{i}"))
        except TooManyAttempts:
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001 - NotFound is the evaluated miss
            if getattr(exc, "status_code", None) == 404:
                outcomes.append("evaluated")
            else:
                errors.append(exc)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(61)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for engine in engines:
            engine.dispose()
    assert errors == []
    assert outcomes.count("evaluated") == NUMBER.free
    assert outcomes.count("refused") == 61 - NUMBER.free
    assert _row("number", ticket["number"]).failures == NUMBER.free


def test_misses_write_bounded_aggregated_rows(client, clock):
    for i in range(200):  # 200 numbers that do not exist, from one client
        number = f"12345-19990101-{i:06d}"
        response = _api(client, number, "1234", "10.4.0.1")
        assert response.status_code in (404, 429)
        clock(3600)  # past any slowing, so that each is evaluated
    # One row: the client's. A number that does not exist gets none.
    assert _rows() == 1


def test_the_window_passes_and_the_sweep_removes_old_rows(client, ticket, clock):
    from api.tickets.sweep import sweep

    for _ in range(3):
        _api(client, ticket["number"], ticket["wrong"], "10.5.0.1")
    assert _row("number", ticket["number"]).failures == 3
    clock(NUMBER.window)
    _api(client, ticket["number"], ticket["wrong"], "10.5.0.1")
    assert _row("number", ticket["number"]).failures == 1  # a new window
    clock(NUMBER.window)
    with write_session() as session:
        purged = sweep(session, utcnow()).lookup_throttles_purged
        session.commit()
    assert purged == 2
    assert _row("number", ticket["number"]) is None
    assert _row("client", "ip:10.5.0.1") is None


def test_the_count_is_shared_by_workers_with_their_own_engine(database, ticket, clock):
    engines = [make_engine(database), make_engine(database)]
    try:
        for i in range(NUMBER.free):
            factory = sessionmaker(bind=engines[i % 2].execution_options(sqlite_immediate=True))
            with factory() as session, pytest.raises(Exception) as miss:
                LookupGuard().lookup(
                    session, ticket["number"], ticket["wrong"], client_key(f"10.6.0.{i}")
                )
            assert getattr(miss.value, "status_code", None) == 404
        with sessionmaker(bind=engines[0])() as session:
            assert LookupGuard().failures(session, "number", ticket["number"]) == NUMBER.free
    finally:
        for engine in engines:
            engine.dispose()


@pytest.mark.parametrize(
    "written",
    ["{d}", "{plain}", "12345 {day} {seq}", "12345-{day}-{seq}"],
)
def test_numbers_are_read_with_or_without_hyphens_and_spaces(client, ticket, written):
    day, seq = ticket["number"].split("-")[1:]
    number = written.format(d=ticket["number"], plain=f"12345{day}{seq}", day=day, seq=seq)
    response = _api(client, number, ticket["right"], "10.7.0.1")
    assert response.status_code == 200 and response.json()["number"] == ticket["number"]


def test_normalise_number() -> None:
    assert normalise_number("1234520261123000001") == "12345-20261123-000001"
    assert normalise_number(" 12345－20261123－000001 ") == "12345-20261123-000001"
    assert normalise_number("12345-2026112-000001") is None
    assert normalise_number("99999-20261123-000001") is None


def test_client_keys() -> None:
    assert client_key("127.0.0.1") == "ip:127.0.0.1"
    assert client_key("::ffff:10.0.0.1") == "ip:10.0.0.1"
    assert client_key("2001:db8::1") == client_key("2001:db8::2") == "ip:2001:db8::/64"
    assert client_key(None, "conv-1234abcd") == "a:conv-1234abcd"


def test_the_assistant_counts_per_conversation_with_its_token(client, tokens, ticket, clock):
    """The assistant asks for every chat citizen from one address: with its token and a
    conversation reference, one citizen's wrong digits do not slow the others."""
    from api.tickets.lookup_guard import request_client

    class Request:
        def __init__(self, headers):
            self.headers = {k.lower(): v for k, v in headers.items()}
            self.client = type("C", (), {"host": "127.0.0.1"})()

    ref = {"X-Citizen-Ref": "conv-" + "a" * 20}
    assert request_client(Request({**tokens["assistant"], **ref})) == "a:conv-" + "a" * 20
    # Without the assistant's token the header is ignored: the address counts.
    assert request_client(Request({**tokens["operator"], **ref})) == "ip:127.0.0.1"
    assert request_client(Request(ref)) == "ip:127.0.0.1"
    forged = {"Authorization": "Bearer x.y.z", **ref}
    assert request_client(Request(forged)) == "ip:127.0.0.1"


def test_the_page_uses_the_same_guard(client, ticket, clock):
    for _ in range(NUMBER.free):
        page = client.get(
            "/chat/lookup", params={"number": ticket["number"], "phone_last4": ticket["wrong"]}
        )
        assert page.status_code in (404, 429)
    slowed = client.get(
        "/chat/lookup", params={"number": ticket["number"], "phone_last4": ticket["right"]}
    )
    assert slowed.status_code == 429 and "后再试" in slowed.text
    assert "Retry-After" in slowed.headers
    clock(3600)
    plain = ticket["number"].replace("-", "")
    ok = client.get("/chat/lookup", params={"number": plain, "phone_last4": ticket["right"]})
    assert ok.status_code == 200 and ticket["number"] in ok.text
