"""Telling people about their tickets (first responder, handlers)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api.core.timeutil import utcnow
from api.notifications.models import Notification


def notify(
    session: Session,
    *,
    username: str | None,
    ticket_id: int,
    kind: str,
    message: str,
    dedupe_key: str | None = None,
) -> Notification | None:
    if not username:
        return None
    if dedupe_key is not None and session.scalar(
        select(Notification.id).where(Notification.dedupe_key == dedupe_key)
    ):
        return None
    note = Notification(
        username=username, ticket_id=ticket_id, kind=kind, message=message, dedupe_key=dedupe_key
    )
    session.add(note)
    return note


NOTIFICATIONS = Notification.__table__


def notification_values(*, username: str, ticket_id: int, kind: str, message: str) -> dict:
    """The columns of `notify`'s notification without a dedupe key, for a Core INSERT."""
    return {
        "username": username,
        "ticket_id": ticket_id,
        "kind": kind,
        "message": message,
        "created_at": utcnow(),
    }


def list_for(session: Session, username: str, unread_only: bool, limit: int) -> list[Notification]:
    stmt = select(Notification).where(Notification.username == username)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return list(session.scalars(stmt.order_by(Notification.id.desc()).limit(limit)))


def mark_read(session: Session, username: str, ids: list[int]) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.username == username, Notification.id.in_(ids))
        .where(Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0


def count_unread(session: Session, username: str) -> int:
    """The unread badge: one COUNT on the (username, read_at) index."""
    stmt = select(func.count()).where(
        Notification.username == username, Notification.read_at.is_(None)
    )
    return session.scalar(stmt) or 0


def find_for(session: Session, username: str, note_id: int) -> Notification | None:
    """One of this person's notifications (None for anybody else's)."""
    return session.scalar(
        select(Notification).where(Notification.id == note_id, Notification.username == username)
    )


def mark_all_read(session: Session, username: str) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.username == username, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0
