"""The operator's queue: filtered work orders sorted by their next deadline, with counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, noload

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.timeutil import utcnow
from api.tickets import clock
from api.tickets.lifecycle import OPEN_STATUSES, Status
from api.tickets.models import Ticket, TicketDeadline
from api.tickets.service import overdue_clause, visible_clause

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

    def query_args(self, **changes) -> dict[str, str]:
        values = {
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


def _next_due_subquery():
    return (
        select(func.min(TicketDeadline.due_at))
        .where(
            TicketDeadline.ticket_id == Ticket.id,
            TicketDeadline.state == "open",
            TicketDeadline.paused_at.is_(None),
            TicketDeadline.step.in_(OBLIGATIONS),
        )
        .correlate(Ticket)
        .scalar_subquery()
    )


def _due_before_clause(horizon: datetime):
    return exists().where(
        TicketDeadline.ticket_id == Ticket.id,
        TicketDeadline.state == "open",
        TicketDeadline.paused_at.is_(None),
        TicketDeadline.step.in_(OBLIGATIONS),
        TicketDeadline.due_at <= horizon,
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
    if filters.overdue:
        base.append(overdue_clause(now))
    if filters.overdue_soon:
        base.append(_due_before_clause(now + timedelta(hours=SOON_HOURS)))
        base.append(~overdue_clause(now))

    counts = {
        status: n
        for status, n in session.execute(
            select(Ticket.status, func.count()).where(and_(*base)).group_by(Ticket.status)
        )
    }
    conditions = list(base)
    if filters.status == "open":
        conditions.append(Ticket.status.in_(OPEN))
        total = sum(n for s, n in counts.items() if s in OPEN)
    elif filters.status in {s.value for s in Status}:
        conditions.append(Ticket.status == filters.status)
        total = counts.get(filters.status, 0)
    else:
        total = sum(counts.values())
    where = and_(*conditions)

    next_due = _next_due_subquery().label("next_due")
    stmt = (
        select(Ticket, next_due)
        .options(noload(Ticket.events), noload(Ticket.transfers), noload(Ticket.assisting))
        .where(where)
        .order_by(next_due.is_(None), next_due, Ticket.id.desc())
        .limit(PAGE_SIZE)
        .offset((max(filters.page, 1) - 1) * PAGE_SIZE)
    )
    rows = []
    for ticket, due in session.execute(stmt).all():
        step = None
        if due is not None:
            step = next(
                (
                    d.step
                    for d in ticket.deadlines
                    if d.state == "open" and d.due_at == due and d.step in clock.OBLIGATION_STEPS
                ),
                None,
            )
        rows.append(QueueRow(ticket, due, step, due is not None and due <= now))

    open_scope = and_(*base, Ticket.status.in_(OPEN))
    overdue_count = session.scalar(
        select(func.count()).select_from(Ticket).where(open_scope, overdue_clause(now))
    )
    soon_count = session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(
            open_scope,
            _due_before_clause(now + timedelta(hours=SOON_HOURS)),
            ~overdue_clause(now),
        )
    )
    return QueuePage(rows, total, counts, overdue_count or 0, soon_count or 0)
