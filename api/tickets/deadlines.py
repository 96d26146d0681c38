"""The clocks of a work order (table ``ticket_deadlines``): start, finish, pause and resume them,
and tell whether a ticket is overdue. Due times come from the working-day calendar through
``api.tickets.clock``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import exists
from sqlalchemy.orm import Session

from api.tickets import clock
from api.tickets.models import Ticket, TicketDeadline


def open_deadline(ticket: Ticket, step: str) -> TicketDeadline | None:
    """The running deadline of this step (the latest one), if there is one."""
    for dl in reversed(ticket.deadlines):
        if dl.step == step and dl.state == "open":
            return dl
    return None


def start_deadline(
    session: Session, ticket: Ticket, step: str, start: datetime, department: str | None
) -> TicketDeadline:
    due = clock.due(step, category=ticket.category, urgency=ticket.urgency, start=start)
    dl = TicketDeadline(
        step=step,
        department_code=department,
        started_at=start,
        due_at=due.at,
        provisional=due.provisional,
        rule=due.rule,
        state="open",
    )
    ticket.deadlines.append(dl)
    session.add(dl)
    return dl


def due_values(
    step: str, category: str, urgency: str, start: datetime, department: str | None
) -> dict[str, Any]:
    """The columns of a new running deadline (computed before the write transaction)."""
    due = clock.due(step, category=category, urgency=urgency, start=start)
    return {
        "step": step,
        "department_code": department,
        "started_at": start,
        "due_at": due.at,
        "provisional": due.provisional,
        "rule": due.rule,
        "state": "open",
        "done_at": None,
        "minutes_late": None,
        "breached": False,
        "warned": False,
        "paused_at": None,
    }


def finished(step: str, due_at: datetime, now: datetime, *, cancelled: bool) -> dict[str, Any]:
    """The columns a running deadline takes when it is done now: met or breached, or cancelled."""
    if cancelled:
        return {"done_at": now, "state": "cancelled"}
    late = int(round((now - due_at).total_seconds() / 60))
    breached = late > 0 and step in clock.OBLIGATION_STEPS
    return {
        "done_at": now,
        "minutes_late": late,
        "breached": breached,
        "state": "breached" if breached else "met",
    }


def finish_deadline(dl: TicketDeadline | None, now: datetime, *, cancelled: bool = False) -> None:
    """Close a running deadline: met or breached by the time it is done, or cancelled."""
    if dl is None or dl.state != "open":
        return
    for name, value in finished(dl.step, dl.due_at, now, cancelled=cancelled).items():
        setattr(dl, name, value)


def finish_values(values: dict[str, Any], now: datetime) -> None:
    """`finish_deadline` on the columns of a deadline not written yet (`due_values`)."""
    if values["state"] == "open":
        values.update(finished(values["step"], values["due_at"], now, cancelled=False))


def finish_step(ticket: Ticket, step: str, now: datetime, *, cancelled: bool = False) -> None:
    """Finish (met / breached, or cancelled) the open deadline of this step, if there is one."""
    finish_deadline(open_deadline(ticket, step), now, cancelled=cancelled)


def finish_all(ticket: Ticket, now: datetime) -> None:
    """Cancel every running clock (the ticket is archived)."""
    for dl in ticket.deadlines:
        finish_deadline(dl, now, cancelled=True)


def start_department_clocks(session: Session, ticket: Ticket, dept: str, now: datetime) -> None:
    """A department takes the ticket: its 签收 and 退单 clocks start (the previous department's are
    cancelled); the citizen's 办结 clock starts if none runs."""
    finish_step(ticket, "accept", now, cancelled=True)
    finish_step(ticket, "return", now, cancelled=True)
    start_deadline(session, ticket, "accept", now, dept)
    start_deadline(session, ticket, "return", now, dept)
    if open_deadline(ticket, "close") is None:
        start_deadline(session, ticket, "close", now, dept)


def pause_close(close: TicketDeadline, now: datetime) -> None:
    close.paused_at = now


def resume_close(ticket: Ticket, now: datetime) -> TicketDeadline | None:
    """Resume a paused 办结 clock, its due time shifted by the working time it was paused."""
    close = open_deadline(ticket, "close")
    if close is not None and close.paused_at is not None:
        close.due_at = clock.shift_for_pause(close.due_at, close.paused_at, now)
        close.paused_at = None
    return close


def extension_cap(ticket: Ticket) -> int:
    return clock.extension_cap(category=ticket.category, urgency=ticket.urgency)


def extend_close(close: TicketDeadline, days: int, ticket: Ticket) -> dict[str, str]:
    """An approved extension moves the 办结 due time; returns the before/after for the event."""
    extended = clock.extend(
        days, category=ticket.category, urgency=ticket.urgency, start=close.due_at
    )
    before = close.due_at
    close.due_at = extended.at
    close.provisional = close.provisional or extended.provisional
    close.rule = f"{close.rule}；延期：{extended.rule}"
    return {"close_due_before": before.isoformat(), "close_due_after": extended.at.isoformat()}


def is_overdue(ticket: Ticket, now: datetime) -> bool:
    return any(
        dl.state == "open"
        and dl.step in clock.OBLIGATION_STEPS
        and dl.paused_at is None
        and dl.due_at <= now
        for dl in ticket.deadlines
    )


def overdue_clause(now: datetime):
    """SQL condition: the ticket has an open, running obligation past due (as ``is_overdue``)."""
    return exists().where(
        TicketDeadline.ticket_id == Ticket.id,
        TicketDeadline.state == "open",
        TicketDeadline.step.in_(sorted(clock.OBLIGATION_STEPS)),
        TicketDeadline.paused_at.is_(None),
        TicketDeadline.due_at <= now,
    )
