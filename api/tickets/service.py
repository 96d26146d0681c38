"""The ticket service's entry points, as the views, pages and import call them.

The work is split along its seams: ``access`` (who sees what, loading), ``creation`` (numbering,
并单 keys, first responder), ``transitions`` (the checks and what each action changes on the
order), ``deadlines`` (the clocks), ``notices`` (what people are told) and ``flows`` (a request
with its cross-domain side effects: clocks, history, notices). This module keeps the functions
callers use and the read-side queries.
"""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from api.auth.deps import Principal
from api.core.timeutil import utcnow
from api.departments.models import Department
from api.departments.service import get_department
from api.tickets.access import can_see, get_visible_ticket, load_ticket, visible_clause
from api.tickets.creation import household_key, next_number, phone_key
from api.tickets.deadlines import is_overdue, overdue_clause
from api.tickets.flows import CreateResult, apply_transition, create_ticket, reveal_contact
from api.tickets.lifecycle import OPEN_STATUSES
from api.tickets.models import Ticket
from api.tickets.search import search_clause

__all__ = [
    "CreateResult",
    "apply_transition",
    "can_see",
    "create_ticket",
    "department_for_output",
    "get_visible_ticket",
    "household_key",
    "is_overdue",
    "list_tickets",
    "load_ticket",
    "next_number",
    "open_statuses",
    "overdue_clause",
    "phone_key",
    "reveal_contact",
    "visible_clause",
]


def list_tickets(
    session: Session,
    principal: Principal,
    *,
    number: str | None,
    status: str | None,
    department: str | None,
    category: str | None,
    locality: str | None,
    first_responder: str | None,
    overdue: bool | None,
    limit: int,
    offset: int,
    q: str | None = None,
    waiting: str | None = None,
) -> tuple[list[Ticket], int]:
    conditions = [visible_clause(principal)]
    found = search_clause(q)
    if found is not None:
        conditions.append(found)
    if waiting is not None:
        conditions.append(waiting_clause(waiting))
    filters = (
        (Ticket.number, number),
        (Ticket.status, status),
        (Ticket.department_code, department),
        (Ticket.category, category),
        (Ticket.locality, locality),
        (Ticket.first_responder_username, first_responder),
    )
    conditions += [column == value for column, value in filters if value]
    now = utcnow()
    if overdue is True:
        conditions.append(overdue_clause(now))
    elif overdue is False:
        conditions.append(~overdue_clause(now))
    where = and_(*conditions)
    total = session.scalar(select(func.count()).select_from(Ticket).where(where)) or 0
    items = session.scalars(
        select(Ticket).where(where).order_by(Ticket.id.desc()).limit(limit).offset(offset)
    )
    return list(items), total


UNDISPATCHED = ("registered", "returned")


def waiting_clause(kind: str):
    """转人工 orders no operator has taken yet ("handoff"), or orders waiting for 派单 that no
    转人工 wait holds up ("dispatch")."""
    untaken = and_(Ticket.handoff.is_(True), Ticket.handoff_taken_by.is_(None))
    if kind == "handoff":
        return and_(untaken, Ticket.status != "closed")
    return and_(Ticket.status.in_(UNDISPATCHED), ~untaken)


def open_statuses() -> list[str]:
    return [s.value for s in OPEN_STATUSES]


def department_for_output(session: Session, code: str | None) -> Department | None:
    return get_department(session, code) if code else None
