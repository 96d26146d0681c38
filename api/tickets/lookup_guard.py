"""Brute-force guard of the citizens' lookup: a ticket number with too many wrong phone digits
is locked for a while. Counting per number, not per address: the assistant asks on behalf of
every citizen from one address.

The failures are rows of `lookup_failures` in the service database, so every API worker (uvicorn
--workers N) and every API host on the same PostgreSQL sees the same count. Time is the service
clock (`utcnow`), so tests may freeze it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.core.errors import ApiError
from api.core.timeutil import utcnow
from api.tickets.models import LookupFailure

MAX_FAILURES = 10
WINDOW_SECONDS = 3600


class TooManyAttempts(ApiError):
    status_code = 429


class LookupGuard:
    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.max_failures = max_failures
        self.window = timedelta(seconds=window)

    def _since(self, now: datetime) -> datetime:
        """Failures at or before this instant no longer count."""
        return now - self.window

    def failures(self, session: Session, number: str) -> int:
        """Wrong attempts on `number` within the window (one range of one index)."""
        return session.scalar(
            select(func.count())
            .select_from(LookupFailure)
            .where(
                LookupFailure.ticket_number == number,
                LookupFailure.failed_at > self._since(utcnow()),
            )
        )

    def check(self, session: Session, number: str) -> None:
        """Refuse (429) a lookup of a number locked by too many recent wrong attempts."""
        if self.failures(session, number) >= self.max_failures:
            raise TooManyAttempts("该工单号查询错误次数过多，请一小时后再试或拨打12345")

    def failed(self, session: Session, number: str) -> None:
        """Record one wrong attempt and commit it before the caller answers 404.

        The request's session is a read session (nothing of it is to be kept): its transaction is
        ended first, so that on SQLite the write starts a fresh transaction and waits for the
        write lock (busy_timeout) instead of failing to upgrade a read snapshot another writer has
        overtaken. Old rows of the number go in the same transaction; the deadline sweep removes
        the rest (`purge_expired`).
        """
        session.rollback()
        now = utcnow()
        try:
            session.execute(
                delete(LookupFailure)
                .where(
                    LookupFailure.ticket_number == number,
                    LookupFailure.failed_at <= self._since(now),
                )
                .execution_options(synchronize_session=False)
            )
            session.add(LookupFailure(ticket_number=number, failed_at=now))
            session.commit()
        except BaseException:
            session.rollback()
            raise

    def purge_expired(self, session: Session, now: datetime | None = None) -> int:
        """Delete every failure older than the window (in the caller's transaction)."""
        result = session.execute(
            delete(LookupFailure)
            .where(LookupFailure.failed_at <= self._since(now or utcnow()))
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0


guard = LookupGuard()
