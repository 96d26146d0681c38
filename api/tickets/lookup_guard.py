"""Brute-force guard of the citizens' lookup (work-order number + the phone's last four digits).

Two counts, each one aggregated row of `lookup_throttles` (never one row per attempt, so that an
unauthenticated client cannot grow the table without bound):

- per client (its address; the assistant's requests per conversation): a client that guessed
  wrong too often is slowed down — ``client.free`` wrong attempts in its window are free, then
  each further attempt waits twice as long as the one before (up to ``client.cap``);
- per work-order number (only numbers that exist get a row): the same slowing with a short cap,
  so that many clients together cannot try the 10,000 digit combinations quickly, while the
  rightful citizen — even after a stranger's ten wrong guesses — waits seconds or minutes, never
  an hour.

A refused attempt (429 with Retry-After) is not evaluated and not counted. The check, the
comparison and the count happen in one write transaction, serialised per client and number
(SQLite: BEGIN IMMEDIATE; PostgreSQL: advisory locks), so that concurrent guesses are evaluated
no more often than the limits allow. Rows live in the service database: every API worker and host
sees the same counts. Time is the service clock (``utcnow``), so tests may freeze it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, text
from sqlalchemy.orm import Session

from api.core.errors import ApiError, NotFound
from api.core.timeutil import utcnow
from api.tickets.models import LookupThrottle, Ticket

NOT_FOUND = "未找到与工单号和手机号后四位相符的工单"
NUMBER_RE = re.compile(r"^12345([0-9]{8})([0-9]{6})$")


class TooManyAttempts(ApiError):
    status_code = 429

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


@dataclass(frozen=True)
class Rule:
    """``free`` wrong attempts per ``window`` seconds; from then on each wrong attempt makes the
    next one wait ``base`` seconds, doubled every time, at most ``cap``."""

    scope: str
    free: int
    window: int
    base: float
    cap: float

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.base * 2 ** min(failures - self.free, 30), self.cap)


CLIENT = Rule("client", free=10, window=3600, base=2.0, cap=3600.0)
NUMBER = Rule("number", free=10, window=24 * 3600, base=1.0, cap=300.0)


def normalise_number(value: str) -> str | None:
    """12345-20261123-000001, also written without hyphens or with spaces; None otherwise."""
    text = unicodedata.normalize("NFKC", value or "")
    digits = re.sub(r"[\s\-\u2010-\u2015\uff0d_.]", "", text)
    match = NUMBER_RE.fullmatch(digits)
    return f"12345-{match.group(1)}-{match.group(2)}" if match else None


def client_key(address: str | None, citizen_ref: str | None = None) -> str:
    """The client a count belongs to: the assistant's conversation when the assistant asks on a
    citizen's behalf (``citizen_ref``), else the address (IPv6 by its /64 network)."""
    if citizen_ref:
        return "a:" + citizen_ref[:60]
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "h:" + hashlib.sha256((address or "").encode()).hexdigest()[:32]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return "ip:" + str(ip.ipv4_mapped)
        return "ip:" + str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return "ip:" + str(ip)


CITIZEN_REF_RE = re.compile(r"^[A-Za-z0-9_-]{8,60}$")


def request_client(request) -> str:  # noqa: ANN001 - a Starlette Request
    """The client key of a lookup request. The assistant asks for every chat citizen from one
    address: with its valid token and a conversation reference (``X-Citizen-Ref``) each
    conversation is its own client. Anyone else is their address."""
    ref = request.headers.get("x-citizen-ref", "")
    auth = request.headers.get("authorization", "")
    if ref and CITIZEN_REF_RE.fullmatch(ref) and auth.lower().startswith("bearer "):
        from api.core.security import decode_access_token

        try:
            payload = decode_access_token(auth[7:].strip())
        except ApiError:
            payload = {}
        if payload.get("role") == "assistant":
            return client_key(None, ref)
    return client_key(request.client.host if request.client else None)


def _lock(session: Session, scope: str, subject: str) -> None:
    """PostgreSQL: one transaction at a time per client and per number (SQLite's write
    transactions are serialised already)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.sha256(f"lookup|{scope}|{subject}".encode()).hexdigest()
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": int(digest[:15], 16)})


class LookupGuard:
    def __init__(self, client: Rule = CLIENT, number: Rule = NUMBER) -> None:
        self.rules = {"client": client, "number": number}

    def lookup(self, session: Session, number: str, phone_last4: str, client: str) -> Ticket:
        """The ticket when the digits match. Raises NotFound (404, counted) or TooManyAttempts
        (429, not evaluated). ``session`` must be a write session (BEGIN IMMEDIATE on SQLite);
        it is committed or rolled back here."""
        try:
            canonical = normalise_number(number)
            ticket = (
                session.scalar(select(Ticket).where(Ticket.number == canonical))
                if canonical
                else None
            )
            subjects = [("client", client[:64])]
            if ticket is not None:  # a row per existing number only: misses stay bounded
                subjects.append(("number", ticket.number))
            for scope, subject in sorted(subjects):
                _lock(session, scope, subject)
            now = utcnow()
            rows = {
                scope: session.get(LookupThrottle, (scope, subject), populate_existing=True)
                for scope, subject in subjects
            }
            wait = max(
                (
                    (row.blocked_until - now).total_seconds()
                    for row in rows.values()
                    if row is not None and row.blocked_until is not None
                ),
                default=0.0,
            )
            if wait > 0:
                raise TooManyAttempts(
                    f"查询过于频繁，请{_wait_text(wait)}后再试；也可拨打 12345 查询",
                    retry_after=math.ceil(wait),
                )
            if (
                ticket is not None
                and ticket.phone_last4
                and hmac.compare_digest(ticket.phone_last4.encode(), phone_last4.encode())
            ):
                session.commit()  # nothing written; ends the write transaction
                return ticket
            for scope, subject in subjects:
                self._count(session, rows[scope], scope, subject, now)
            session.commit()
        except BaseException:
            session.rollback()
            raise
        raise NotFound(NOT_FOUND)

    def _count(
        self,
        session: Session,
        row: LookupThrottle | None,
        scope: str,
        subject: str,
        now: datetime,
    ) -> None:
        rule = self.rules[scope]
        if row is None:
            row = LookupThrottle(scope=scope, subject=subject, failures=0, window_start=now)
            session.add(row)
        elif row.window_start <= now - timedelta(seconds=rule.window):
            row.failures, row.window_start = 0, now
        row.failures += 1
        delay = rule.delay(row.failures)
        row.blocked_until = now + timedelta(seconds=delay) if delay else None
        session.flush()

    def failures(self, session: Session, scope: str, subject: str) -> int:
        """Wrong attempts counted in the current window (0 when none)."""
        row = session.get(LookupThrottle, (scope, subject), populate_existing=True)
        if row is None:
            return 0
        if row.window_start <= utcnow() - timedelta(seconds=self.rules[scope].window):
            return 0
        return row.failures

    def purge_expired(self, session: Session, now: datetime | None = None) -> int:
        """Delete the rows whose window has passed and which block nobody (caller's
        transaction; run by the deadline sweep)."""
        now = now or utcnow()
        expired = or_(
            *(
                and_(
                    LookupThrottle.scope == scope,
                    LookupThrottle.window_start <= now - timedelta(seconds=rule.window),
                )
                for scope, rule in self.rules.items()
            )
        )
        not_blocking = or_(
            LookupThrottle.blocked_until.is_(None), LookupThrottle.blocked_until <= now
        )
        result = session.execute(
            delete(LookupThrottle)
            .where(expired, not_blocking)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0


def _wait_text(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, math.ceil(seconds))}秒"
    return f"{math.ceil(seconds / 60)}分钟"


guard = LookupGuard()
