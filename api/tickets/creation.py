"""Creating a work order: its number, the keys that recognise the same matter (并单), the first
responder (首问负责) and the new row. The side effects of a creation (deadline, history, notices)
are in ``api.tickets.flows``.

受理 is the busiest write, so it is written with prebuilt Core statements (no ORM unit of work)
and everything that needs no lock — keys, masking, routing, the first responder, the row's
values — is computed before the write transaction begins."""

from __future__ import annotations

import json
import re
import secrets
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    cast,
    insert,
    literal,
    null,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.config import get_settings
from api.core.security import match_hash
from api.core.timeutil import SHANGHAI, utcnow
from api.departments.schemas import Route
from api.departments.service import on_duty
from api.tickets import clock
from api.tickets.lifecycle import Status
from api.tickets.models import IdempotencyKey, Ticket, TicketCounter
from api.tickets.schemas import TicketCreate
from zhtext.masking import mask_text, normalise_phone

# ---------------------------------------------------------------- numbering


_COUNTERS = TicketCounter.__table__


@lru_cache
def _counter_statement(dialect: str):
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        upsert(_COUNTERS)
        .values(day=bindparam("day"), last=1)
        .on_conflict_do_update(
            index_elements=[_COUNTERS.c.day], set_={"last": _COUNTERS.c.last + 1}
        )
        .returning(_COUNTERS.c.last)
    )


@lru_cache
def _reserve_statement(dialect: str):
    """The day's counter, created at 0 if missing, its row locked until the transaction ends
    (a no-op update: PostgreSQL locks the row; SQLite's writer holds the database anyway)."""
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        upsert(_COUNTERS)
        .values(day=bindparam("day"), last=0)
        .on_conflict_do_update(index_elements=[_COUNTERS.c.day], set_={"last": _COUNTERS.c.last})
        .returning(_COUNTERS.c.last)
    )


_SET_COUNTER = (
    update(_COUNTERS).where(_COUNTERS.c.day == bindparam("d")).values(last=bindparam("last"))
)


@lru_cache
def _take_statement(dialect: str):
    """n numbers of the day at once: its counter raised by n (created at n if missing), the row
    locked until the transaction ends; returns the new last number."""
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = upsert(_COUNTERS).values(day=bindparam("day"), last=bindparam("n"))
    return stmt.on_conflict_do_update(
        index_elements=[_COUNTERS.c.day], set_={"last": _COUNTERS.c.last + stmt.excluded.last}
    ).returning(_COUNTERS.c.last)


# A number given before the day's counter is taken (``Numbers(deferred=True)``): a token with a
# random part of its own per transaction (a citizen's text cannot carry it), replaced by the
# number in every row before it is written.
_MARK = "\x1f"


class Numbers:
    """The numbers of the orders one write transaction creates: each day's counter read (and
    locked) once, the numbers counted on in memory, the counter written once at the end —
    gapless, since the counter row is part of the same transaction as the orders.

    Deferred (a PostgreSQL batch, whose rows are written together at the end): a creation gets a
    placeholder, and the day's counter is taken — raised by all the numbers given, one statement
    per day — only when the rows are about to be written (``settle``, from ``Inserts.flush``),
    so the row lock the other workers' batches wait for is held for the writes and the COMMIT,
    not while the batch's creations are computed. The placeholders are replaced in the rows
    waiting to be written and in the records kept (``track``) before anything leaves the
    process; from then on numbers are given as without deferral."""

    def __init__(self, deferred: bool = False) -> None:
        self._last: dict[date, list[int]] = {}  # day -> [counter when read, last given]
        self._deferred = deferred
        self._pending: list[tuple[str, date]] = []  # (placeholder, day), in the order given
        self._tracked: list[dict[str, Any]] = []
        self._nonce = secrets.token_hex(8) if deferred else ""

    def next(self, connection: Connection, now: datetime) -> str:
        day = now.astimezone(SHANGHAI).date()
        if self._deferred:
            mark = f"{_MARK}{self._nonce}:{len(self._pending)}{_MARK}"
            self._pending.append((mark, day))
            return mark
        counted = self._last.get(day)
        if counted is None:
            read = connection.execute(
                _reserve_statement(connection.dialect.name), {"day": day}
            ).scalar_one()
            counted = self._last[day] = [read, read]
        counted[1] += 1
        return f"12345-{day:%Y%m%d}-{counted[1]:06d}"

    def track(self, values: dict[str, Any]) -> None:
        """Columns (a record's) whose placeholders ``settle`` replaces too."""
        if self._deferred:
            self._tracked.append(values)

    def settle(self, connection: Connection, rows: list[list[dict[str, Any]]]) -> None:
        """Take the counters of the numbers given so far (the days in order, so two batches
        never deadlock) and put the numbers in place of their placeholders: in ``rows`` (the
        rows about to be written) and in the tracked records."""
        pending, self._pending, self._deferred = self._pending, [], False
        tracked, self._tracked = self._tracked, []
        if not pending:
            return
        counts: dict[date, int] = {}
        for _, day in pending:
            counts[day] = counts.get(day, 0) + 1
        given: dict[date, int] = {}
        stmt = _take_statement(connection.dialect.name)
        for day in sorted(counts):
            last = connection.execute(stmt, {"day": day, "n": counts[day]}).scalar_one()
            self._last[day] = [last, last]
            given[day] = last - counts[day]
        final: dict[str, str] = {}
        for mark, day in pending:
            given[day] += 1
            final[mark] = f"12345-{day:%Y%m%d}-{given[day]:06d}"
        marks = re.compile(re.escape(f"{_MARK}{self._nonce}:") + "[0-9]+" + re.escape(_MARK))
        for values in [row for table in rows for row in table] + tracked:
            for column, value in values.items():
                if isinstance(value, str) and _MARK in value:
                    values[column] = marks.sub(lambda m: final[m.group(0)], value)

    def flush(self, connection: Connection) -> None:
        for day, (read, last) in self._last.items():
            if last != read:
                connection.execute(_SET_COUNTER, {"d": day, "last": last})
                self._last[day] = [last, last]


def next_number(session: Session | Connection, now: datetime) -> str:
    """The next number of the (Shanghai) day: 12345-YYYYMMDD-NNNNNN, gapless (the counter row is
    part of the creating transaction)."""
    day = now.astimezone(SHANGHAI).date()
    stmt = _counter_statement(
        session.get_bind().dialect.name if isinstance(session, Session) else session.dialect.name
    )
    seq = session.execute(stmt, {"day": day}).scalar_one()
    return f"12345-{day:%Y%m%d}-{seq:06d}"


# ---------------------------------------------------------------- the same matter (并单)


def _salt() -> str:
    settings = get_settings()
    return settings.match_salt or settings.jwt_secret or "hotline12345"


def _leaf_count(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_leaf_count(v) for v in value.values())
    if isinstance(value, list):
        return sum(_leaf_count(v) for v in value)
    return 1


# A household document must carry this many facts before two identical ones are taken to be the
# same household (two bare "one person, 52" documents are different people).
MIN_HOUSEHOLD_FACTS_FOR_MATCH = 8


def household_key(data: TicketCreate) -> str | None:
    if data.id_number:
        return match_hash("id:" + data.id_number.upper(), _salt())
    if data.household and _leaf_count(data.household) >= MIN_HOUSEHOLD_FACTS_FOR_MATCH:
        doc = {k: v for k, v in data.household.items() if k != "as_of"}
        return match_hash("hh:" + json.dumps(doc, sort_keys=True, ensure_ascii=False), _salt())
    return None


def phone_key(phone: str | None) -> str | None:
    return match_hash("tel:" + normalise_phone(phone), _salt()) if phone else None


_T = Ticket.__table__
_OPEN = _T.c.status != Status.closed.value
_BY_PHONE = _T.c.phone_hash.in_(bindparam("phones", expanding=True))
_BY_HOUSEHOLD = _T.c.household_hash.in_(bindparam("households", expanding=True))
_COLUMNS = (_T.c.id, _T.c.category, _T.c.phone_hash, _T.c.household_hash)
# Starting from the callers' and households' hash indexes (a handful of rows), never from the
# status index: EXPLAIN-checked in tests/api/test_indexes.py.
OPEN_ORDERS = {
    (True, False): select(*_COLUMNS).where(_BY_PHONE, _OPEN),
    (False, True): select(*_COLUMNS).where(_BY_HOUSEHOLD, _OPEN),
    (True, True): select(*_COLUMNS).where(or_(_BY_PHONE, _BY_HOUSEHOLD), _OPEN),
}


# PostgreSQL: a batch's locks and its orders' ids in one round trip. The advisory locks make
# concurrent requests of the same caller/household wait for each other, so the 并单 check sees
# the first one; taken in ascending order (the subquery's ORDER BY), so two batches never
# deadlock; in a statement of their own, before the reads, whose snapshot must follow them. The
# ids are taken before any row is locked (a rolled-back or merged creation leaves its id unused,
# as a rolled-back INSERT does; numbers, not ids, are gapless) ...
_LOCK_AND_TAKE_IDS = text(
    "SELECT (SELECT count(pg_advisory_xact_lock(k)) FROM "
    "(SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k ORDER BY k) AS ordered), "
    "ARRAY(SELECT nextval(pg_get_serial_sequence('tickets', 'id')) FROM generate_series(1, :n))"
)


def lock_and_take_ids(connection: Connection, hashes: list[str | None], n: int) -> list[int]:
    """PostgreSQL: the transaction-scoped advisory locks of these callers/households and ``n``
    fresh order ids (ascending), in one statement. SQLite already serialises writers with
    BEGIN IMMEDIATE."""
    keys = sorted({int(value[:15], 16) for value in hashes if value})
    if not keys and not n:
        return []
    row = connection.execute(_LOCK_AND_TAKE_IDS, {"keys": keys, "n": n}).one()
    return sorted(row[1])


_K = IdempotencyKey.__table__
# ... then the Idempotency-Keys already stored and the open orders of the callers and households
# in another (the hash indexes of ``OPEN_ORDERS``; part 0: a key, part 1: an open order).
_FIRST_READS = union_all(
    select(
        literal(0).label("part"),
        _K.c.key,
        _K.c.ticket_id,
        _K.c.merged,
        _K.c.request_hash,
        cast(null(), _T.c.category.type).label("category"),
        cast(null(), _T.c.phone_hash.type).label("phone_hash"),
        cast(null(), _T.c.household_hash.type).label("household_hash"),
    ).where(_K.c.key.in_(bindparam("keys", expanding=True))),
    select(
        literal(1),
        cast(null(), _K.c.key.type),
        _T.c.id,
        cast(null(), _K.c.merged.type),
        cast(null(), _K.c.request_hash.type),
        _T.c.category,
        _T.c.phone_hash,
        _T.c.household_hash,
    ).where(or_(_BY_PHONE, _BY_HOUSEHOLD), _OPEN),
)


def keys_and_open_orders(
    connection: Connection, keys: list[str], phones: list[str], households: list[str]
) -> tuple[dict[str, Any], list[tuple[int, str, str | None, str | None]]]:
    """PostgreSQL: the stored Idempotency-Keys among ``keys`` (by key) and ``open_orders_of``
    the callers and households, in one statement."""
    if not keys and not phones and not households:
        return {}, []
    known: dict[str, Any] = {}
    orders = []
    params = {"keys": keys, "phones": phones, "households": households}
    for row in connection.execute(_FIRST_READS, params):
        if row.part == 0:
            known[row.key] = row
        else:
            orders.append((row.ticket_id, row.category, row.phone_hash, row.household_hash))
    return known, orders


def open_orders_of(
    connection: Connection, phones: list[str], households: list[str]
) -> list[tuple[int, str, str | None, str | None]]:
    """(id, category, phone hash, household hash) of every open order of these callers and
    households: what the 并单 checks of a batch of creations look in."""
    stmt = OPEN_ORDERS.get((bool(phones), bool(households)))
    if stmt is None:
        return []
    rows = connection.execute(stmt, {"phones": phones, "households": households})
    return [(r.id, r.category, r.phone_hash, r.household_hash) for r in rows]


def count_merge(ticket: Ticket, now: datetime) -> None:
    """The open ticket takes one more request of the same matter."""
    ticket.merged_count += 1
    ticket.updated_at = now


# ---------------------------------------------------------------- the new row


def first_responder(
    session: Session, principal: Principal, route_intake: str | None, routed: str | None
) -> tuple[str, str | None]:
    """首问负责: the operator who took the call, or the on-duty officer of the intake department."""
    if principal.role != Role.assistant:
        return principal.username, principal.department
    for code in (route_intake, routed):
        if code:
            username = on_duty(session, code)
            if username:
                return username, code
    return principal.username, None


def consent_doc(consent: Any) -> dict | None:
    if consent is None:
        return None
    if isinstance(consent, bool):
        return {"given": consent, "recorded_at": utcnow().isoformat()}
    doc = consent.model_dump(mode="json")
    doc["recorded_at"] = utcnow().isoformat()
    return doc


# Every column of a new order that the request does not set.
_FRESH = {
    **{column.name: None for column in _T.c},
    "escalated": False,
    "reopen_count": 0,
    "merged_count": 0,
    "version": 1,
}
_INSERT = insert(_T).returning(_T.c.id)


def new_ticket_values(
    principal: Principal,
    data: TicketCreate,
    routing: Route,
    responder: tuple[str, str | None],
    keys: tuple[str | None, str | None],
    now: datetime,
) -> dict[str, Any]:
    """The columns of the new order, all but its number and id (computed before the write
    transaction begins). keys: (phone hash, household hash)."""
    phone = normalise_phone(data.contact_phone) if data.contact_phone else None
    return {
        **_FRESH,
        "channel": data.channel,
        "text": mask_text(data.text),
        "contact_phone": phone,
        "phone_last4": phone[-4:] if phone else None,
        "phone_hash": keys[0],
        "household_hash": keys[1],
        "contact_name": data.contact_name,
        "consent": consent_doc(data.consent),
        "locality": data.locality,
        "category": data.category.value,
        "kind": clock.kind_of(data.category.value),
        "household": data.household,
        "estimate": data.estimate,
        "urgency": data.urgency,
        "status": Status.registered.value,
        "department_code": routing.department_code,
        "routed_department_code": routing.department_code,
        "first_responder_username": responder[0],
        "first_responder_department": responder[1],
        "created_by": principal.username,
        "created_at": now,
        "updated_at": now,
    }


def insert_ticket(
    connection: Connection,
    values: dict[str, Any],
    now: datetime,
    numbers: Numbers,
    ids: list[int] | None = None,
    inserts: Any = None,
) -> dict[str, Any]:
    """Number the order and write it; returns its columns. With ids taken beforehand
    (``lock_and_take_ids``) the row joins the batch's INSERTs (``records.Inserts``, written before the
    rows that refer to it); otherwise one INSERT … RETURNING id."""
    values = {**values, "number": numbers.next(connection, now)}
    if ids and inserts is not None:
        values["id"] = ids.pop(0)
        inserts.add(_T, values)
        return values
    values["id"] = connection.execute(
        _INSERT, {k: v for k, v in values.items() if k != "id"}
    ).scalar_one()
    return values
