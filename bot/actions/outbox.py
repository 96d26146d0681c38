"""A durable local outbox of work orders: written before the API is called, retried until delivered.

One row per order, keyed by its Idempotency-Key, so a retry can never create a second ticket and
a crash between writing and sending loses nothing. Orders are delivered oldest first, each on its
own back-off (1 s, 2 s, 4 s … up to 5 minutes): one order the API keeps failing never holds up the
others. An order the API refuses for good (4xx) is sent once more in a plain form (the citizen's
words, category and place only; the household facts dropped), marked 【系统降级登记】 for operators;
only if that is refused too is it left ``rejected`` — and the citizen is told so, honestly.
A delivered order keeps its ticket but not its payload (personal data is not kept twice); rows
older than ``OUTBOX_RETENTION_DAYS`` are deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.actions.ticket_api import ApiRejected, ApiUnavailable, TicketApi

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300.0
DEGRADED_MARK = "【系统降级登记】原工单的部分内容未通过校验，请工作人员回电核实。\n"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    idempotency_key TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    ticket TEXT,
    created_at REAL NOT NULL,
    delivered_at REAL
)
"""
# Columns added after the first release: (name, definition).
_COLUMNS = (
    ("next_attempt_at", "REAL NOT NULL DEFAULT 0"),
    ("degraded", "INTEGER NOT NULL DEFAULT 0"),
    ("payload_hash", "TEXT"),  # kept after the payload is deleted: a reused key is recognised
)
_SELECT = (
    "SELECT idempotency_key, payload, status, attempts, ticket, last_error, degraded FROM outbox"
)


class KeyReused(ValueError):
    """An Idempotency-Key already names another order: never hand out that order."""


@dataclass(frozen=True)
class OutboxEntry:
    idempotency_key: str
    payload: dict[str, Any]
    status: str
    attempts: int
    ticket: dict[str, Any] | None
    last_error: str | None
    degraded: bool = False


class Outbox:
    def __init__(self, path: Path | str, backoff_base: float | None = None) -> None:
        self.path = Path(path)
        # seconds before the first retry of a failed order, doubling with each attempt
        self.backoff_base = (
            float(os.environ.get("OUTBOX_BACKOFF_SECONDS", "1"))
            if backoff_base is None
            else backoff_base
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        with self._connect() as conn:
            conn.execute(_SCHEMA)
            have = {row[1] for row in conn.execute("PRAGMA table_info(outbox)")}
            for name, definition in _COLUMNS:
                if name not in have:
                    conn.execute(f"ALTER TABLE outbox ADD COLUMN {name} {definition}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            yield conn
        finally:
            conn.close()

    def _lock_for(self, key: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def add(self, idempotency_key: str, payload: dict[str, Any]) -> None:
        """Store the order durably. The same key with the same order changes nothing; the same
        key with another order raises KeyReused."""
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        with self._connect() as conn:
            inserted = conn.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, payload, payload_hash, created_at) "
                "VALUES (?, ?, ?, ?)",
                (idempotency_key, body, digest, time.time()),
            ).rowcount
            if inserted:
                return
            stored, stored_hash = conn.execute(
                "SELECT payload, payload_hash FROM outbox WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()
        if (stored_hash or hashlib.sha256(stored.encode("utf-8")).hexdigest()) != digest:
            raise KeyReused(idempotency_key)

    def get(self, idempotency_key: str) -> OutboxEntry | None:
        with self._connect() as conn:
            row = conn.execute(
                f"{_SELECT} WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
        return _entry(row) if row else None

    def pending(self, limit: int = 50, due_only: bool = False) -> list[OutboxEntry]:
        """Pending orders, oldest first (``due_only``: those whose back-off has passed)."""
        where = "status = 'pending'" + (" AND next_attempt_at <= ?" if due_only else "")
        args: tuple[Any, ...] = (time.time(), limit) if due_only else (limit,)
        with self._connect() as conn:
            rows = conn.execute(
                f"{_SELECT} WHERE {where} ORDER BY created_at LIMIT ?", args
            ).fetchall()
        return [_entry(row) for row in rows]

    def count(self, status: str | None = None) -> int:
        with self._connect() as conn:
            if status is None:
                return int(conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])
            row = conn.execute("SELECT COUNT(*) FROM outbox WHERE status = ?", (status,)).fetchone()
            return int(row[0])

    def _record(
        self,
        key: str,
        status: str,
        ticket: dict[str, Any] | None,
        error: str | None,
        *,
        degraded: bool = False,
    ) -> None:
        now = time.time()
        with self._connect() as conn:
            attempts = conn.execute(
                "SELECT attempts FROM outbox WHERE idempotency_key = ?", (key,)
            ).fetchone()[0]
            backoff = min(self.backoff_base * 2.0**attempts, MAX_BACKOFF_SECONDS)
            conn.execute(
                "UPDATE outbox SET status = ?, attempts = attempts + 1, ticket = ?, last_error = ?, "
                "next_attempt_at = ?, degraded = degraded OR ?, "
                "delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END, "
                # a delivered order's payload (phones, ID numbers) is not kept a second time
                "payload = CASE WHEN ? = 'delivered' THEN '{}' ELSE payload END "
                "WHERE idempotency_key = ?",
                (
                    status,
                    json.dumps(ticket, ensure_ascii=False) if ticket is not None else None,
                    error,
                    now + backoff,
                    int(degraded),
                    status,
                    now,
                    status,
                    key,
                ),
            )

    def send(self, idempotency_key: str, api: TicketApi) -> OutboxEntry | None:
        """Try to deliver one stored order now; returns its entry after the attempt.

        Raises ApiUnavailable(reachable=False) when the API cannot be reached at all."""
        with self._lock_for(idempotency_key):
            entry = self.get(idempotency_key)
            if entry is None or entry.status != "pending":
                return entry
            try:
                ticket = api.create_ticket(entry.payload, idempotency_key)
            except ApiUnavailable as error:
                self._record(idempotency_key, "pending", None, str(error))
                logger.info("outbox: order %s queued: %s", idempotency_key, error)
                if not error.reachable:
                    raise
            except ApiRejected as error:
                if error.status in (401, 403, 429):  # our credentials or a limit: try again later
                    self._record(idempotency_key, "pending", None, str(error))
                else:
                    self._send_degraded(entry, api, error)
                logger.warning("outbox: order %s refused: %s", idempotency_key, error)
            else:
                self._record(idempotency_key, "delivered", ticket, None)
                logger.info(
                    "outbox: order %s delivered as %s", idempotency_key, ticket.get("number")
                )
            return self.get(idempotency_key)

    def _send_degraded(self, entry: OutboxEntry, api: TicketApi, refusal: ApiRejected) -> None:
        """The refused order once more in a plain form, for a person to check."""
        payload = degraded_payload(entry.payload)
        key = str(uuid.uuid5(uuid.UUID(int=0), entry.idempotency_key + "|degraded"))
        try:
            ticket = api.create_ticket(payload, key)
        except ApiRejected as error:
            self._record(entry.idempotency_key, "rejected", None, f"{refusal}; plain form: {error}")
        except ApiUnavailable as error:
            self._record(entry.idempotency_key, "pending", None, str(error))
        else:
            self._record(entry.idempotency_key, "delivered", ticket, str(refusal), degraded=True)

    def deliver_pending(self, api: TicketApi, limit: int = 50) -> int:
        """Send every pending order whose back-off has passed, oldest first. An order that fails
        waits its own back-off while the others go on; only an unreachable API ends the round."""
        delivered = 0
        for entry in self.pending(limit, due_only=True):
            try:
                after = self.send(entry.idempotency_key, api)
            except ApiUnavailable:
                break
            if after is not None and after.status == "delivered":
                delivered += 1
        return delivered

    def purge(self, older_than_days: float) -> int:
        """Delete delivered and rejected orders older than the retention period."""
        cutoff = time.time() - older_than_days * 86400
        with self._connect() as conn:
            return int(
                conn.execute(
                    "DELETE FROM outbox WHERE status != 'pending' AND created_at < ?", (cutoff,)
                ).rowcount
            )


def degraded_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """The order without the parts an API may refuse: the words, category, place, urgency."""
    plain = {
        key: payload[key]
        for key in ("channel", "category", "locality", "urgency", "contact_phone")
        if key in payload
    }
    plain["text"] = (DEGRADED_MARK + str(payload.get("text") or ""))[:3800]
    return plain


def _entry(row: tuple[Any, ...]) -> OutboxEntry:
    key, payload, status, attempts, ticket, last_error, degraded = row
    return OutboxEntry(
        idempotency_key=key,
        payload=json.loads(payload),
        status=status,
        attempts=int(attempts),
        ticket=json.loads(ticket) if ticket else None,
        last_error=last_error,
        degraded=bool(degraded),
    )


class RetryWorker:
    """A daemon thread that re-sends pending orders every `interval` seconds and, once a day,
    deletes delivered orders past their retention."""

    def __init__(
        self, outbox: Outbox, api: TicketApi, interval: float, retention_days: float = 7.0
    ) -> None:
        self.outbox = outbox
        self.api = api
        self.interval = interval
        self.retention_days = retention_days
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-retry", daemon=True)
        self._last_purge = 0.0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if self.outbox.count("pending"):
                    self.outbox.deliver_pending(self.api)
                if time.time() - self._last_purge > 86400:
                    self.outbox.purge(self.retention_days)
                    self._last_purge = time.time()
            except Exception:  # never let the worker die; the next round tries again
                logger.exception("outbox retry round failed")
