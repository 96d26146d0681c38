"""Supervisor figures computed in the database (aggregates, one numeric column for percentiles),
with the same definitions as `api.metrics.service` (docs/api.md "Metrics"), so the dashboard
stays fast with 100,000 work orders. tests/web/test_dashboard.py checks both agree."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from api.core.timeutil import utcnow
from api.events.models import TicketEvent
from api.metrics.service import day_bounds
from api.tickets import clock
from api.tickets.models import Ticket, TicketDeadline

LIST_LIMIT = 100
OBLIGATIONS = sorted(clock.OBLIGATION_STEPS)


def _scope(start: date, end: date, department: str | None):
    lo, hi = day_bounds(start, end)
    conditions = [Ticket.created_at >= lo, Ticket.created_at < hi]
    if department:
        conditions.append(Ticket.department_code == department)
    return and_(*conditions)


def _minutes_between(session: Session, earlier, later):
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 1440.0
    return func.extract("epoch", later - earlier) / 60.0


def _percentile(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def _steps(session: Session, scope, now: datetime) -> dict[str, dict]:
    """On-time rate, median and p90 minutes of the 签收 (accept) and 办结 (close) steps."""
    done = TicketDeadline.state.in_(("met", "breached"))
    late_open = and_(
        TicketDeadline.state == "open",
        TicketDeadline.paused_at.is_(None),
        TicketDeadline.due_at < now,
    )
    base = (
        select()
        .select_from(TicketDeadline)
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(
            scope,
            TicketDeadline.step.in_(("accept", "close")),
            TicketDeadline.state != "cancelled",
        )
    )
    counts = {
        step: (met or 0, counted or 0)
        for step, met, counted in session.execute(
            base.add_columns(
                TicketDeadline.step,
                func.sum(case((TicketDeadline.state == "met", 1), else_=0)),
                func.sum(case((done, 1), (late_open, 1), else_=0)),
            ).group_by(TicketDeadline.step)
        )
    }
    minutes: dict[str, list[float]] = {"accept": [], "close": []}
    for step, value in session.execute(
        base.add_columns(
            TicketDeadline.step,
            _minutes_between(session, TicketDeadline.started_at, TicketDeadline.done_at),
        ).where(done)
    ):
        if value is not None:
            minutes[step].append(float(value))
    out = {}
    for step in ("accept", "close"):
        met, counted = counts.get(step, (0, 0))
        out[step] = {
            "rate": round(met / counted, 4) if counted else None,
            "median": _percentile(minutes[step], 50),
            "p90": _percentile(minutes[step], 90),
        }
    return out


def summary(
    session: Session, start: date, end: date, department: str | None, total: int | None = None
) -> dict:
    """`total` may be passed in when the caller already counted (the breakdown's sum)."""
    now = utcnow()
    scope = _scope(start, end, department)
    if total is None:
        total = session.scalar(select(func.count()).select_from(Ticket).where(scope)) or 0
    steps = _steps(session, scope, now)
    accept, close = steps["accept"], steps["close"]
    satisfaction = TicketEvent.data["satisfaction"].as_string()
    resolved = TicketEvent.data["resolved"].as_boolean()
    callbacks, satisfied, solved = session.execute(
        select(
            func.count(),
            func.sum(case((satisfaction.in_(("satisfied", "basically")), 1), else_=0)),
            func.sum(case((resolved.is_(True), 1), else_=0)),
        )
        .select_from(TicketEvent)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(scope, TicketEvent.action == "callback", TicketEvent.data.is_not(None))
    ).one()
    due = func.coalesce(TicketDeadline.due_at, TicketDeadline.due_at)  # keep the state index
    overdue = session.scalar(
        select(func.count(func.distinct(TicketDeadline.ticket_id)))
        .select_from(TicketDeadline)
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(
            scope,
            TicketDeadline.state == "open",
            TicketDeadline.paused_at.is_(None),
            TicketDeadline.step.in_(OBLIGATIONS),
            due <= now,
        )
    )
    return {
        "total": total,
        "on_time_accept_rate": accept["rate"],
        "on_time_close_rate": close["rate"],
        "median_accept_minutes": accept["median"],
        "p90_accept_minutes": accept["p90"],
        "median_close_minutes": close["median"],
        "p90_close_minutes": close["p90"],
        "callbacks": callbacks or 0,
        "satisfaction_rate": round((satisfied or 0) / callbacks, 4) if callbacks else None,
        "resolution_rate": round((solved or 0) / callbacks, 4) if callbacks else None,
        "overdue": overdue or 0,
    }


def deadline_lists(session: Session, within_hours: int, department: str | None) -> dict:
    """The overdue and nearly-overdue obligations (first LIST_LIMIT of each) and their counts."""
    now = utcnow()
    horizon = now + timedelta(hours=within_hours)
    conditions = [
        TicketDeadline.state == "open",
        TicketDeadline.paused_at.is_(None),
        TicketDeadline.step.in_(OBLIGATIONS),
    ]
    # Counted through the state index: open deadlines are few, deadlines before now are many
    # (a bare due_at range would lead SQLite's planner to its due_at index).
    due = func.coalesce(TicketDeadline.due_at, TicketDeadline.due_at)
    if department:
        conditions.append(Ticket.department_code == department)
    columns = (
        Ticket.id,
        Ticket.number,
        Ticket.category,
        Ticket.department_code,
        Ticket.first_responder_username,
        Ticket.first_responder_department,
        TicketDeadline.step,
        TicketDeadline.due_at,
    )
    out: dict = {"within_hours": within_hours}
    for key, window in (
        ("overdue", due < now),
        ("due_soon", and_(due >= now, due < horizon)),
    ):
        where = and_(*conditions, window)
        joined = (
            select().select_from(TicketDeadline).join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        )
        out[f"{key}_count"] = session.scalar(joined.add_columns(func.count()).where(where))
        rows = session.execute(
            joined.add_columns(*columns).where(where).order_by(due).limit(LIST_LIMIT)
        ).all()
        out[key] = [
            {
                "ticket_id": r.id,
                "number": r.number,
                "category": r.category,
                "department": r.department_code,
                "step": r.step,
                "due_at": r.due_at,
                "first_responder": {
                    "user": r.first_responder_username,
                    "department": r.first_responder_department,
                },
            }
            for r in rows
        ]
    return out


def _local_day(session: Session, column):
    """The Asia/Shanghai calendar day of a UTC timestamp column, as 'YYYY-MM-DD'."""
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, "+8 hours")
    return func.to_char(func.timezone("Asia/Shanghai", column), "YYYY-MM-DD")


def trend(session: Session, start: date, end: date, department: str | None) -> list[dict]:
    lo, hi = day_bounds(start, end)
    days: dict[str, dict] = {}
    d = start
    while d <= end:
        days[d.isoformat()] = {"date": d.isoformat(), "created": 0, "replied": 0, "closed": 0}
        d += timedelta(days=1)
    dept = [Ticket.department_code == department] if department else []
    for column, key in (
        (Ticket.created_at, "created"),
        (Ticket.replied_at, "replied"),
        (Ticket.closed_at, "closed"),
    ):
        day = _local_day(session, column)
        for value, count in session.execute(
            select(day, func.count()).where(column >= lo, column < hi, *dept).group_by(day)
        ):
            if str(value) in days:
                days[str(value)][key] += count
    return list(days.values())


def breakdown(session: Session, start: date, end: date, department: str | None) -> dict:
    """Counts by status, department, category, locality and urgency in one pass."""
    keys = {
        "by_status": Ticket.status,
        "by_department": Ticket.department_code,
        "by_category": Ticket.category,
        "by_locality": Ticket.locality,
        "by_urgency": Ticket.urgency,
    }
    out: dict[str, dict[str, int]] = {name: {} for name in keys}
    columns = list(keys.values())
    rows = session.execute(
        select(*columns, func.count()).where(_scope(start, end, department)).group_by(*columns)
    )
    for row in rows:
        *values, count = row
        for name, value in zip(keys, values, strict=True):
            out[name][str(value)] = out[name].get(str(value), 0) + count
    return out
