"""Appending to the history. Events are never edited or deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from api.core.timeutil import utcnow
from api.events.models import TicketEvent
from zhtext.masking import mask_text


def append_event(
    session: Session,
    *,
    ticket_id: int,
    actor: str,
    role: str,
    action: str,
    from_status: str | None = None,
    to_status: str | None = None,
    department: str | None = None,
    note: str | None = None,
    data: dict | None = None,
    at: datetime | None = None,
) -> TicketEvent:
    event = TicketEvent(
        ticket_id=ticket_id,
        at=at or utcnow(),
        actor=actor,
        role=role,
        action=action,
        from_status=from_status,
        to_status=to_status,
        department=department,
        note=mask_text(note) if note else None,
        data=data,
    )
    session.add(event)
    return event


EVENTS = TicketEvent.__table__


def event_values(
    *,
    ticket_id: int,
    actor: str,
    role: str,
    action: str,
    at: datetime,
    from_status: str | None = None,
    to_status: str | None = None,
    department: str | None = None,
    note: str | None = None,
    data: dict | None = None,
) -> dict:
    """The columns of the same event as `append_event` (but its id), for a Core INSERT."""
    return {
        "ticket_id": ticket_id,
        "at": at,
        "actor": actor,
        "role": role,
        "action": action,
        "from_status": from_status,
        "to_status": to_status,
        "department": department,
        "note": mask_text(note) if note else None,
        "data": data,
    }
