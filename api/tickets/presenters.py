"""Turning stored tickets into response bodies (always with masked personal data)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from api.calendar.time_limits import limit_text
from api.core.timeutil import utcnow
from api.departments.service import department_names as cached_department_names
from api.tickets import clock
from api.tickets.deadlines import is_overdue
from api.tickets.lifecycle import ACTION_NAMES, STATUS_NAMES
from api.tickets.models import Ticket
from api.tickets.schemas import (
    AssistingOut,
    ContactOut,
    DeadlineOut,
    EventOut,
    FirstResponder,
    PublicTicketOut,
    TicketOut,
    TransferOut,
)
from zhtext.masking import mask_phone


def department_names(session: Session | Connection) -> dict[str, str]:
    """Code -> name of every department (the in-memory reference table; do not modify)."""
    return cached_department_names(session)


def current_department_names() -> dict[str, str]:
    """`department_names` without a session at hand: a connection is opened only when the
    in-memory table must be read again."""
    from api.core.database import read_connection
    from api.departments.cache import fresh

    snapshot = fresh()
    if snapshot is not None:
        return snapshot.names
    with read_connection() as connection:
        return department_names(connection)


def current_deadlines(ticket: Ticket) -> dict[str, datetime | None]:
    """The latest deadline of every step that is not cancelled (open, met or breached)."""
    out: dict[str, datetime | None] = {"accept": None, "close": None}
    for dl in ticket.deadlines:
        if dl.state != "cancelled":
            out[dl.step] = dl.due_at
    return out


def ticket_out(
    ticket: Ticket, names: dict[str, str], *, merged: bool = False, now: datetime | None = None
) -> TicketOut:
    now = now or utcnow()
    return TicketOut(
        id=ticket.id,
        number=ticket.number,
        status=ticket.status,
        status_name=STATUS_NAMES.get(ticket.status, ticket.status),
        reply_limit=limit_text("close", category=ticket.category, urgency=ticket.urgency),
        channel=ticket.channel,
        category=ticket.category,
        kind=ticket.kind,
        locality=ticket.locality,
        text=ticket.text,
        contact_phone=mask_phone(ticket.contact_phone),
        urgency=ticket.urgency,
        department=ticket.department_code,
        department_name=names.get(ticket.department_code or ""),
        handler=ticket.handler_username,
        assisting_departments=[a.department_code for a in ticket.assisting],
        routed_department=ticket.routed_department_code,
        first_responder=FirstResponder(
            user=ticket.first_responder_username, department=ticket.first_responder_department
        ),
        deadlines=current_deadlines(ticket),
        deadline_details=[
            DeadlineOut(
                step=dl.step,
                department=dl.department_code,
                started_at=dl.started_at,
                due_at=dl.due_at,
                provisional=dl.provisional,
                rule=dl.rule,
                state=dl.state,
                done_at=dl.done_at,
                minutes_late=dl.minutes_late,
                breached=dl.breached,
                paused=dl.paused_at is not None,
            )
            for dl in ticket.deadlines
        ],
        provisional_deadlines=any(
            dl.provisional for dl in ticket.deadlines if dl.state != "cancelled"
        ),
        overdue=is_overdue(ticket, now),
        reply=ticket.reply_text,
        satisfaction=ticket.satisfaction,
        resolved=ticket.resolved,
        escalated=ticket.escalated,
        reopen_count=ticket.reopen_count,
        merged=merged,
        merged_count=ticket.merged_count,
        consent=ticket.consent,
        household=ticket.household,
        estimate=ticket.estimate,
        transfers=[
            TransferOut(
                at=t.at,
                actor=t.actor,
                kind=t.kind,
                from_department=t.from_department,
                to_department=t.to_department,
                note=t.note,
            )
            for t in ticket.transfers
        ],
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        version=ticket.version,
        events=[
            EventOut(
                at=e.at,
                actor=e.actor,
                role=e.role,
                action=e.action,
                action_name=ACTION_NAMES.get(e.action, e.action),
                from_status=e.from_status,
                to_status=e.to_status,
                department=e.department,
                note=e.note,
            )
            for e in ticket.events
        ],
        handoff=ticket.handoff,
        handoff_taken_by=ticket.handoff_taken_by,
        handoff_taken_at=ticket.handoff_taken_at,
        life_safety=ticket.life_safety,
        routing_confidence=ticket.routing_confidence,
        open_questions=list(ticket.open_questions or []),
        contacts=[
            ContactOut(
                at=c["at"], actor=c["actor"], phone=mask_phone(c.get("phone")), note=c.get("note")
            )
            for c in ticket.contacts or []
        ],
        assisting=[
            AssistingOut(
                department=a.department_code,
                task=a.task,
                requested_by=a.requested_by,
                requested_at=a.requested_at,
                reply=a.reply,
                replied_by=a.replied_by,
                replied_at=a.replied_at,
            )
            for a in ticket.assisting
        ],
    )


def expected_by(ticket: Ticket, now: datetime | None = None) -> tuple[datetime | None, bool]:
    """When the citizen can expect the answer: the 办结 deadline; before dispatch, the 派单
    deadline (or now, if later) plus the 办结 limit, as an estimate (True)."""
    if ticket.status in ("closed", "callback_done", "replied"):
        return None, False
    for dl in reversed(ticket.deadlines):
        if dl.step == "close" and dl.state == "open":
            return dl.due_at, False
    now = now or utcnow()
    start = now
    for dl in reversed(ticket.deadlines):
        if dl.step == "dispatch" and dl.state == "open":
            start = max(dl.due_at, now)
            break
    due = clock.due("close", category=ticket.category, urgency=ticket.urgency, start=start)
    return due.at, True


def public_out(ticket: Ticket, names: dict[str, str]) -> PublicTicketOut:
    expected, estimated = expected_by(ticket)
    return PublicTicketOut(
        expected_by=expected,
        expected_provisional=estimated,
        number=ticket.number,
        status=ticket.status,
        status_name=STATUS_NAMES.get(ticket.status, ticket.status),
        reply_limit=limit_text("close", category=ticket.category, urgency=ticket.urgency),
        department=ticket.department_code,
        department_name=names.get(ticket.department_code or ""),
        deadlines=current_deadlines(ticket),
        reply=ticket.reply_text,
        created_at=ticket.created_at,
    )
