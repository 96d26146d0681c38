"""The operator's queue: filtered work orders sorted by their next deadline, with counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, noload

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.timeutil import utcnow
from api.tickets import clock
from api.tickets.access import visible_clause
from api.tickets.lifecycle import OPEN_STATUSES, Status
from api.tickets.models import Ticket, TicketDeadline
from api.tickets.search import search_clause
from api.tickets.service import waiting_clause

PAGE_SIZE = 50
SOON_HOURS = 24
OPEN = sorted(s.value for s in OPEN_STATUSES)
OBLIGATIONS = sorted(clock.OBLIGATION_STEPS)


@dataclass
class QueueFilters:
    status: str = "open"  # "open", "all" or one status value
    category: str | None = None
    locality: str | None = None
    urgency: str | None = None
    department: str | None = None
    mine: bool = False
    overdue_soon: bool = False
    overdue: bool = False
    page: int = 1
    q: str = ""  # search: number, phone digits, words
    view: str = ""  # "", "handoff" (转人工 not taken), "dispatch" (待派单)

    def query_args(self, **changes) -> dict[str, str]:
        values = {
            "q": self.q,
            "view": self.view,
            "status": self.status,
            "category": self.category,
            "locality": self.locality,
            "urgency": self.urgency,
            "department": self.department,
            "mine": "1" if self.mine else None,
            "soon": "1" if self.overdue_soon else None,
            "overdue": "1" if self.overdue else None,
        }
        values.update(changes)
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


@dataclass
class QueueRow:
    ticket: Ticket
    next_due: datetime | None
    next_step: str | None
    overdue: bool


@dataclass
class QueuePage:
    rows: list[QueueRow]
    total: int
    counts_by_status: dict[str, int] = field(default_factory=dict)
    overdue_count: int = 0
    soon_count: int = 0

    @property
    def open_total(self) -> int:
        return sum(n for status, n in self.counts_by_status.items() if status in OPEN)


def _next_due():
    """Per ticket with an open obligation: its earliest due time (ticket_id, next_due).

    Driven by the few open deadlines (state index), not by the 100,000 tickets; a ticket is
    overdue exactly when its next_due has passed (the API's overdue_clause)."""
    due = func.coalesce(TicketDeadline.due_at, TicketDeadline.due_at)  # keep the state index
    return (
        select(TicketDeadline.ticket_id, func.min(due).label("next_due"))
        .where(
            TicketDeadline.state == "open",
            TicketDeadline.paused_at.is_(None),
            TicketDeadline.step.in_(OBLIGATIONS),
        )
        .group_by(TicketDeadline.ticket_id)
        .subquery()
    )


def _mine_clause(principal: Principal):
    mine = [
        Ticket.first_responder_username == principal.username,
        Ticket.handler_username == principal.username,
    ]
    if principal.role == Role.handler and principal.department:
        mine.append(Ticket.department_code == principal.department)
    return or_(*mine)


def load_queue(session: Session, principal: Principal, filters: QueueFilters) -> QueuePage:
    now = utcnow()
    soon = now + timedelta(hours=SOON_HOURS)
    base = [visible_clause(principal)]
    if filters.category:
        base.append(Ticket.category == filters.category)
    if filters.locality:
        base.append(Ticket.locality == filters.locality)
    if filters.urgency:
        base.append(Ticket.urgency == filters.urgency)
    if filters.department:
        base.append(Ticket.department_code == filters.department)
    if filters.mine:
        base.append(_mine_clause(principal))
    found = search_clause(filters.q)
    if found is not None:
        base.append(found)
    if filters.view in ("handoff", "dispatch"):
        base.append(waiting_clause(filters.view))
    nd = _next_due()
    # Overdue / due soon are conditions on the ticket's next due time: join instead of EXISTS.
    clock_condition = None
    if filters.overdue:
        clock_condition = nd.c.next_due <= now
    elif filters.overdue_soon:
        clock_condition = and_(nd.c.next_due > now, nd.c.next_due <= soon)

    def scoped(stmt, *extra):
        if clock_condition is not None:
            stmt = stmt.join(nd, nd.c.ticket_id == Ticket.id)
            extra = (*extra, clock_condition)
        return stmt.where(*base, *extra)

    counts = {
        status: n
        for status, n in session.execute(
            scoped(select(Ticket.status, func.count()).select_from(Ticket)).group_by(Ticket.status)
        )
    }
    if filters.status == "open":
        status_condition = Ticket.status.in_(OPEN)
        total = sum(n for s, n in counts.items() if s in OPEN)
    elif filters.status in {s.value for s in Status}:
        status_condition = Ticket.status == filters.status
        total = counts.get(filters.status, 0)
    else:
        status_condition = None
        total = sum(counts.values())
    listed = [status_condition] if status_condition is not None else []

    # One pass over the tickets with a running clock: how many are listed, overdue, due soon.
    is_open = Ticket.status.in_(OPEN)
    n_clock, overdue_count, soon_count = session.execute(
        select(
            func.sum(case((status_condition, 1), else_=0))
            if status_condition is not None
            else func.count(),
            func.sum(case((and_(is_open, nd.c.next_due <= now), 1), else_=0)),
            func.sum(case((and_(is_open, nd.c.next_due > now, nd.c.next_due <= soon), 1), else_=0)),
        )
        .select_from(Ticket)
        .join(nd, nd.c.ticket_id == Ticket.id)
        .where(*base, *([clock_condition] if clock_condition is not None else []))
    ).one()
    n_clock = n_clock or 0

    # Tickets with a running clock first, by their next due time; then the others, newest first.
    light = (noload(Ticket.events), noload(Ticket.transfers), noload(Ticket.assisting))
    offset = (max(filters.page, 1) - 1) * PAGE_SIZE
    rows: list[QueueRow] = []
    if offset < n_clock:
        stmt = (
            select(Ticket, nd.c.next_due)
            .join(nd, nd.c.ticket_id == Ticket.id)
            .options(*light)
            .where(*base, *listed)
        )
        if clock_condition is not None:
            stmt = stmt.where(clock_condition)
        for ticket, due in session.execute(
            stmt.order_by(nd.c.next_due, Ticket.id.desc()).limit(PAGE_SIZE).offset(offset)
        ).all():
            rows.append(QueueRow(ticket, due, _step_due(ticket, due), due <= now))
    if len(rows) < PAGE_SIZE and clock_condition is None:
        has_deadline = select(nd.c.ticket_id).where(nd.c.ticket_id == Ticket.id).exists()
        rest = session.scalars(
            select(Ticket)
            .options(*light)
            .where(*base, *listed, ~has_deadline)
            .order_by(Ticket.id.desc())
            .limit(PAGE_SIZE - len(rows))
            .offset(max(0, offset - n_clock))
        ).all()
        rows.extend(QueueRow(ticket, None, None, False) for ticket in rest)
    return QueuePage(rows, total, counts, overdue_count or 0, soon_count or 0)


def _step_due(ticket: Ticket, due: datetime) -> str | None:
    return next(
        (
            d.step
            for d in ticket.deadlines
            if d.state == "open" and d.due_at == due and d.step in clock.OBLIGATION_STEPS
        ),
        None,
    )
