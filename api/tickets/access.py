"""Who may see which work order, and loading one."""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.errors import Forbidden, NotFound
from api.tickets.models import AssistingDepartment, Ticket


def visible_clause(principal: Principal):
    """SQL condition: the tickets this caller may see."""
    if principal.role in (Role.operator, Role.supervisor):
        return True
    if principal.role == Role.assistant:
        # What it filed. Not what its requests were merged into (并单): the open order may be a
        # stranger's, and being merged into it must not open it (issue #12).
        return Ticket.created_by == principal.username
    dept = principal.department or "\x00"
    return or_(
        Ticket.department_code == dept,
        Ticket.first_responder_username == principal.username,
        exists().where(
            AssistingDepartment.ticket_id == Ticket.id,
            AssistingDepartment.department_code == dept,
        ),
    )


def can_see(principal: Principal, ticket: Ticket) -> bool:
    if principal.role in (Role.operator, Role.supervisor):
        return True
    if principal.role == Role.assistant:
        return ticket.created_by == principal.username
    return (
        ticket.department_code == principal.department
        or ticket.first_responder_username == principal.username
        or any(a.department_code == principal.department for a in ticket.assisting)
    )


def load_ticket(session: Session, ticket_id: int, *, for_update: bool = False) -> Ticket:
    stmt = select(Ticket).where(Ticket.id == ticket_id)
    if for_update:
        stmt = stmt.with_for_update()
    ticket = session.scalar(stmt)
    if ticket is None:
        raise NotFound("工单不存在")
    return ticket


def get_visible_ticket(
    session: Session,
    principal: Principal,
    ticket_id: int,
    *,
    for_update: bool = False,
    refusal: str = "无权查看其他部门的工单",
) -> Ticket:
    ticket = load_ticket(session, ticket_id, for_update=for_update)
    if not can_see(principal, ticket):
        raise Forbidden(refusal)
    return ticket
