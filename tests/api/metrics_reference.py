"""The reference definitions of the supervisor figures (docs/api.md "Metrics"): plain queries over
the stored deadlines, tickets and callback events, slow but obvious. The service answers from
`api.metrics.dashboard` (per-day cache); tests compare its figures with these."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from api.core.timeutil import SHANGHAI, utcnow
from api.events.models import TicketEvent
from api.metrics.daily import day_bounds
from api.tickets import clock
from api.tickets.deadlines import overdue_clause
from api.tickets.models import Ticket, TicketDeadline


def _scope(lo: datetime, hi: datetime, department: str | None):
    conditions = [Ticket.created_at >= lo, Ticket.created_at < hi]
    if department:
        conditions.append(Ticket.department_code == department)
    return and_(*conditions)


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 1)


def _rate(good: int, total: int) -> float | None:
    return round(good / total, 4) if total else None


def _step_figures(session: Session, scope, step: str, now: datetime):
    rows = session.execute(
        select(
            TicketDeadline.state,
            TicketDeadline.started_at,
            TicketDeadline.done_at,
            TicketDeadline.due_at,
            TicketDeadline.paused_at,
        )
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(scope, TicketDeadline.step == step, TicketDeadline.state != "cancelled")
    ).all()
    durations, on_time, counted = [], 0, 0
    for state, started, done, due, paused in rows:
        if state in ("met", "breached"):
            counted += 1
            on_time += state == "met"
            durations.append((done - started).total_seconds() / 60)
        elif state == "open" and paused is None and due < now:
            counted += 1  # still open and already late: not on time
    return durations, _rate(on_time, counted), {"good": on_time, "n": counted}


def summary(session: Session, start: date, end: date, department: str | None) -> dict:
    now = utcnow()
    lo, hi = day_bounds(start, end)
    scope = _scope(lo, hi, department)
    by_status = {
        status: count
        for status, count in session.execute(
            select(Ticket.status, func.count()).where(scope).group_by(Ticket.status)
        )
    }
    dispatch_minutes, dispatch_rate, dispatch_n = _step_figures(session, scope, "dispatch", now)
    accept_minutes, accept_rate, accept_n = _step_figures(session, scope, "accept", now)
    close_minutes, close_rate, close_n = _step_figures(session, scope, "close", now)
    callbacks = session.scalars(
        select(TicketEvent.data)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(scope, TicketEvent.action == "callback")
    ).all()
    callbacks = [c for c in callbacks if isinstance(c, dict)]
    satisfied = sum(c.get("satisfaction") in ("satisfied", "basically") for c in callbacks)
    resolved = sum(c.get("resolved") is True for c in callbacks)
    overdue = session.scalar(
        select(func.count()).select_from(Ticket).where(scope, overdue_clause(now))
    )
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "department": department,
        "total": sum(by_status.values()),
        "by_status": by_status,
        "on_time_dispatch_rate": dispatch_rate,
        "on_time_accept_rate": accept_rate,
        "on_time_close_rate": close_rate,
        "rate_counts": {
            "dispatch": dispatch_n,
            "accept": accept_n,
            "close": close_n,
            "satisfaction": {"good": satisfied, "n": len(callbacks)},
            "resolution": {"good": resolved, "n": len(callbacks)},
        },
        "median_dispatch_minutes": _percentile(dispatch_minutes, 50),
        "p90_dispatch_minutes": _percentile(dispatch_minutes, 90),
        "median_accept_minutes": _percentile(accept_minutes, 50),
        "p90_accept_minutes": _percentile(accept_minutes, 90),
        "median_close_minutes": _percentile(close_minutes, 50),
        "p90_close_minutes": _percentile(close_minutes, 90),
        "callbacks": len(callbacks),
        "satisfaction_rate": _rate(satisfied, len(callbacks)),
        "resolution_rate": _rate(resolved, len(callbacks)),
        "overdue": overdue or 0,
    }


def breakdown(session: Session, start: date, end: date, department: str | None) -> dict:
    lo, hi = day_bounds(start, end)
    scope = _scope(lo, hi, department)

    def count_by(column) -> dict:
        rows = session.execute(select(column, func.count()).where(scope).group_by(column))
        return {str(k): v for k, v in rows}

    return {
        "by_status": count_by(Ticket.status),
        "by_department": count_by(Ticket.department_code),
        "by_category": count_by(Ticket.category),
        "by_locality": count_by(Ticket.locality),
        "by_urgency": count_by(Ticket.urgency),
    }


def overdue_lists(session: Session, within_hours: int, department: str | None) -> dict:
    now = utcnow()
    horizon = now + timedelta(hours=within_hours)
    stmt = (
        select(TicketDeadline, Ticket)
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(
            TicketDeadline.state == "open",
            TicketDeadline.paused_at.is_(None),
            TicketDeadline.step.in_(sorted(clock.OBLIGATION_STEPS)),
            TicketDeadline.due_at < horizon,
        )
        .order_by(TicketDeadline.due_at, TicketDeadline.id)
    )
    if department:
        stmt = stmt.where(Ticket.department_code == department)
    overdue, soon = [], []
    for dl, ticket in session.execute(stmt).all():
        item = {
            "ticket_id": ticket.id,
            "number": ticket.number,
            "status": ticket.status,
            "category": ticket.category,
            "department": ticket.department_code,
            "step": dl.step,
            "due_at": dl.due_at.isoformat(),
            "provisional": dl.provisional,
            "first_responder": {
                "user": ticket.first_responder_username,
                "department": ticket.first_responder_department,
            },
            "minutes_left": int((dl.due_at - now).total_seconds() // 60),
        }
        (overdue if dl.due_at < now else soon).append(item)
    return {"overdue": overdue, "due_soon": soon, "within_hours": within_hours}


def trend(session: Session, start: date, end: date, department: str | None) -> list[dict]:
    lo, hi = day_bounds(start, end)
    days: dict[date, dict] = {}
    d = start
    while d <= end:
        days[d] = {"date": d.isoformat(), "created": 0, "replied": 0, "closed": 0}
        d += timedelta(days=1)
    dept_filter = [Ticket.department_code == department] if department else []
    for column, key in (
        (Ticket.created_at, "created"),
        (Ticket.replied_at, "replied"),
        (Ticket.closed_at, "closed"),
    ):
        for (value,) in session.execute(
            select(column).where(column >= lo, column < hi, *dept_filter)
        ):
            local = value.astimezone(SHANGHAI).date()
            if local in days:
                days[local][key] += 1
    return list(days.values())


def ranking(session: Session, start: date, end: date) -> dict[str, dict]:
    """Per department (current): on-time 签收/办结 and 满意率/解决率 with their n, plainly."""
    now = utcnow()
    lo, hi = day_bounds(start, end)
    departments = session.scalars(
        select(Ticket.department_code)
        .where(_scope(lo, hi, None), Ticket.department_code.is_not(None))
        .distinct()
    ).all()
    out = {}
    for dept in departments:
        scope = _scope(lo, hi, dept)
        total = session.scalar(select(func.count()).select_from(Ticket).where(scope))
        _, accept_rate, accept_n = _step_figures(session, scope, "accept", now)
        _, close_rate, close_n = _step_figures(session, scope, "close", now)
        callbacks = [
            c
            for c in session.scalars(
                select(TicketEvent.data)
                .join(Ticket, Ticket.id == TicketEvent.ticket_id)
                .where(scope, TicketEvent.action == "callback")
            ).all()
            if isinstance(c, dict)
        ]
        satisfied = sum(c.get("satisfaction") in ("satisfied", "basically") for c in callbacks)
        resolved = sum(c.get("resolved") is True for c in callbacks)
        out[dept] = {
            "total": total,
            "accept": {"rate": accept_rate, "n": accept_n["n"]},
            "close": {"rate": close_rate, "n": close_n["n"]},
            "satisfaction": {"rate": _rate(satisfied, len(callbacks)), "n": len(callbacks)},
            "resolution": {"rate": _rate(resolved, len(callbacks)), "n": len(callbacks)},
        }
    return out
