"""A durable local outbox of work orders: written before the API is called, retried until delivered.

One row per order, keyed by its Idempotency-Key, so a retry can never create a second ticket
and a crash between writing and sending loses nothing.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.actions.ticket_api import ApiRejected, ApiUnavailable, TicketApi

logger = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class OutboxEntry:
    idempotency_key: str
    payload: dict[str, Any]
    status: str
    attempts: int
    ticket: dict[str, Any] | None
    last_error: str | None


class Outbox:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._send_lock = threading.Lock()
        with self._connect() as conn:
            conn.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            yield conn
        finally:
            conn.close()

    def add(self, idempotency_key: str, payload: dict[str, Any]) -> None:
        """Store the order durably; a second add with the same key changes nothing."""
        with self._connect() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, payload, created_at) VALUES (?, ?, ?)",
                (idempotency_key, json.dumps(payload, ensure_ascii=False), time.time()),
            )

    def get(self, idempotency_key: str) -> OutboxEntry | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT idempotency_key, payload, status, attempts, ticket, last_error "
                "FROM outbox WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()
        return _entry(row) if row else None

    def pending(self, limit: int = 50) -> list[OutboxEntry]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT idempotency_key, payload, status, attempts, ticket, last_error "
                "FROM outbox WHERE status = 'pending' ORDER BY created_at LIMIT ?",
                (limit,),
            ).fetchall()
        return [_entry(row) for row in rows]

    def count(self, status: str | None = None) -> int:
        with self._connect() as conn:
            if status is None:
                return int(conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])
            return int(
                conn.execute("SELECT COUNT(*) FROM outbox WHERE status = ?", (status,)).fetchone()[
                    0
                ]
            )

    def _record(
        self, key: str, status: str, ticket: dict[str, Any] | None, error: str | None
    ) -> None:
        with self._connect() as conn:
            conn.execute(
                "UPDATE outbox SET status = ?, attempts = attempts + 1, ticket = ?, last_error = ?, "
                "delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END "
                "WHERE idempotency_key = ?",
                (
                    status,
                    json.dumps(ticket, ensure_ascii=False) if ticket is not None else None,
                    error,
                    status,
                    time.time(),
                    key,
                ),
            )

    def send(self, idempotency_key: str, api: TicketApi) -> OutboxEntry | None:
        """Try to deliver one stored order now; returns its entry after the attempt."""
        with self._send_lock:
            entry = self.get(idempotency_key)
            if entry is None or entry.status != "pending":
                return entry
            try:
                ticket = api.create_ticket(entry.payload, idempotency_key)
            except ApiUnavailable as error:
                self._record(idempotency_key, "pending", None, str(error))
                logger.info("outbox: order %s queued: %s", idempotency_key, error)
            except ApiRejected as error:
                if error.status in (401, 403):  # our credentials: fixable, keep it pending
                    self._record(idempotency_key, "pending", None, str(error))
                else:
                    self._record(idempotency_key, "rejected", None, str(error))
                logger.warning("outbox: order %s refused: %s", idempotency_key, error)
            else:
                self._record(idempotency_key, "delivered", ticket, None)
                logger.info(
                    "outbox: order %s delivered as %s", idempotency_key, ticket.get("number")
                )
            return self.get(idempotency_key)

    def deliver_pending(self, api: TicketApi, limit: int = 50) -> int:
        """Send every pending order, oldest first; stop at the first sign the API is down."""
        delivered = 0
        for entry in self.pending(limit):
            after = self.send(entry.idempotency_key, api)
            if after is None:
                continue
            if after.status == "delivered":
                delivered += 1
            elif after.status == "pending":
                break
        return delivered


def _entry(row: tuple[Any, ...]) -> OutboxEntry:
    key, payload, status, attempts, ticket, last_error = row
    return OutboxEntry(
        idempotency_key=key,
        payload=json.loads(payload),
        status=status,
        attempts=int(attempts),
        ticket=json.loads(ticket) if ticket else None,
        last_error=last_error,
    )


class RetryWorker:
    """A daemon thread that re-sends pending orders every `interval` seconds."""

    def __init__(self, outbox: Outbox, api: TicketApi, interval: float) -> None:
        self.outbox = outbox
        self.api = api
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-retry", daemon=True)

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
            except Exception:  # never let the worker die; the next round tries again
                logger.exception("outbox retry round failed")
