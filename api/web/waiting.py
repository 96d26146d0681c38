"""What operators see first on the queue page: the 转人工 orders nobody has taken yet and the
orders waiting for 派单, urgent first, then the longest waiting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, noload

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.timeutil import utcnow
from api.tickets.models import Ticket, TicketDeadline
from api.tickets.service import waiting_clause

SHOWN = 20


@dataclass
class WaitingRow:
    ticket: Ticket
    due: datetime | None  # the open 派单 deadline (for a handoff: call back by then)
    overdue: bool


@dataclass
class Waiting:
    handoff: list[WaitingRow] = field(default_factory=list)
    handoff_count: int = 0
    dispatch: list[WaitingRow] = field(default_factory=list)
    dispatch_count: int = 0


def _rows(session: Session, kind: str, now: datetime) -> tuple[list[WaitingRow], int]:
    where = waiting_clause(kind)
    count = session.scalar(select(func.count()).select_from(Ticket).where(where)) or 0
    if not count:
        return [], 0
    due = (
        select(TicketDeadline.ticket_id, func.min(TicketDeadline.due_at).label("due"))
        .where(TicketDeadline.step == "dispatch", TicketDeadline.state == "open")
        .group_by(TicketDeadline.ticket_id)
        .subquery()
    )
    stmt = (
        select(Ticket, due.c.due)
        .outerjoin(due, due.c.ticket_id == Ticket.id)
        .options(noload(Ticket.events), noload(Ticket.transfers), noload(Ticket.assisting))
        .where(where)
        .order_by(case((Ticket.urgency == "urgent", 0), else_=1), Ticket.created_at, Ticket.id)
        .limit(SHOWN)
    )
    rows = [
        WaitingRow(ticket, at, at is not None and at <= now)
        for ticket, at in session.execute(stmt).all()
    ]
    return rows, count


def load_waiting(session: Session, principal: Principal) -> Waiting | None:
    """The two waiting lists for the hotline (operators, supervisors); None for others."""
    if principal.role not in (Role.operator, Role.supervisor):
        return None
    now = utcnow()
    out = Waiting()
    out.handoff, out.handoff_count = _rows(session, "handoff", now)
    out.dispatch, out.dispatch_count = _rows(session, "dispatch", now)
    return out
