"""Supervisor figures (definitions: docs/api.md "Metrics"), what `/api/v1/metrics/*` and the
`/supervisor` page answer,
fast with 100,000 work orders: the clock-independent part of a range comes from the per-day cache
of `api.metrics.daily` (recomputed only for days whose orders changed), the clock-dependent part
(open deadlines already late, current overdue) and the overdue lists are counted on each request
from the open deadlines. tests/web/test_dashboard.py and tests/api/test_metrics_daily.py check the
figures against the plain reference definitions (tests/api/metrics_reference.py) and against a
computation in Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from api.core.timeutil import utcnow
from api.metrics import daily
from api.metrics.daily import day_bounds
from api.tickets import clock
from api.tickets.models import Ticket, TicketDeadline

LIST_LIMIT = 100
OBLIGATIONS = sorted(clock.OBLIGATION_STEPS)


def _unindexed(session: Session, column):
    """On SQLite, the column in a form no index matches: the query starts from the (few) open
    deadlines and looks each order up by its key, whatever the planner guesses about the range
    (its statistics do not tell that 'open' is rare). PostgreSQL's planner knows: left alone."""
    if session.get_bind().dialect.name != "sqlite":
        return column
    return func.coalesce(column, column)


def _scope(session: Session, start: date, end: date, department: str | None):
    """The orders created in the range (and department), for joins from the open deadlines."""
    lo, hi = day_bounds(start, end)
    created = _unindexed(session, Ticket.created_at)
    conditions = [created >= lo, created < hi]
    if department:
        conditions.append(_unindexed(session, Ticket.department_code) == department)
    return and_(*conditions)


def _open_due(session: Session, scope, steps, before, *columns):
    """Open, running deadlines of `steps` due before `before` (a condition on the due time), of
    the orders in `scope`: through the open-deadline index (open deadlines are few)."""
    due = _unindexed(session, TicketDeadline.due_at)  # not the due_at index
    return (
        select(*columns)
        .select_from(TicketDeadline)
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(
            scope,
            TicketDeadline.state == "open",
            TicketDeadline.paused_at.is_(None),
            TicketDeadline.step.in_(steps),
            before(due),
        )
    )


def _clock_figures(session: Session, scope, now: datetime) -> tuple[dict[str, int], int]:
    """Per step, the open deadlines already late (counted as not on time); and the orders
    overdue now (as the API's `overdue_clause`)."""
    late = dict.fromkeys(daily.STEPS, 0)
    for step, n in session.execute(
        _open_due(
            session, scope, daily.STEPS, lambda due: due < now, TicketDeadline.step, func.count()
        ).group_by(TicketDeadline.step)
    ):
        late[step] = n
    overdue = session.scalar(
        _open_due(
            session,
            scope,
            OBLIGATIONS,
            lambda due: due <= now,
            func.count(func.distinct(TicketDeadline.ticket_id)),
        )
    )
    return late, overdue or 0


def rate(good: int, total: int) -> float | None:
    return round(good / total, 4) if total else None


def _summary(figures: daily.Figures, late: dict[str, int], overdue: int) -> dict:
    counted = {step: figures.done[step] + late[step] for step in daily.STEPS}
    return {
        "total": figures.total,
        "on_time_dispatch_rate": rate(figures.met["dispatch"], counted["dispatch"]),
        "on_time_accept_rate": rate(figures.met["accept"], counted["accept"]),
        "on_time_close_rate": rate(figures.met["close"], counted["close"]),
        # n beside every rate: how many steps (or callbacks) each rate is taken over.
        "rate_counts": {
            **{step: {"good": figures.met[step], "n": counted[step]} for step in daily.STEPS},
            "satisfaction": {"good": figures.satisfied, "n": figures.callbacks},
            "resolution": {"good": figures.resolved, "n": figures.callbacks},
        },
        "median_dispatch_minutes": figures.median["dispatch"],
        "p90_dispatch_minutes": figures.p90["dispatch"],
        "median_accept_minutes": figures.median["accept"],
        "p90_accept_minutes": figures.p90["accept"],
        "median_close_minutes": figures.median["close"],
        "p90_close_minutes": figures.p90["close"],
        "callbacks": figures.callbacks,
        "satisfaction_rate": rate(figures.satisfied, figures.callbacks),
        "resolution_rate": rate(figures.resolved, figures.callbacks),
        "overdue": overdue,
    }


def _late_by_department(session: Session, scope, now: datetime) -> dict[str, dict[str, int]]:
    """Per department and step, the open deadlines already late (as ``_clock_figures``)."""
    out: dict[str, dict[str, int]] = {}
    for dept, step, n in session.execute(
        _open_due(
            session,
            scope,
            daily.STEPS,
            lambda due: due < now,
            Ticket.department_code,
            TicketDeadline.step,
            func.count(),
        ).group_by(Ticket.department_code, TicketDeadline.step)
    ):
        if dept is not None:
            out.setdefault(dept, dict.fromkeys(daily.STEPS, 0))[step] = n
    return out


RANK_KEYS = ("close", "accept", "satisfaction", "resolution")


def ranking(
    session: Session, start: date, end: date, rank_by: str = "close", now: datetime | None = None
) -> list[dict]:
    """Per department (12345 assessment): on-time 签收 and 办结, 满意率 and 解决率, each with its
    n, best first by `rank_by` (a department without figures for it last), then by name."""
    now = now or utcnow()
    parts = daily.per_department(session, start, end)
    late = _late_by_department(session, _scope(session, start, end, None), now)
    rows = []
    for dept, f in parts.items():
        lates = late.get(dept, dict.fromkeys(daily.STEPS, 0))
        counted = {step: f.done[step] + lates[step] for step in ("accept", "close")}
        rows.append(
            {
                "department": dept,
                "total": f.total,
                "accept": {
                    "rate": rate(f.met["accept"], counted["accept"]),
                    "n": counted["accept"],
                },
                "close": {"rate": rate(f.met["close"], counted["close"]), "n": counted["close"]},
                "satisfaction": {"rate": rate(f.satisfied, f.callbacks), "n": f.callbacks},
                "resolution": {"rate": rate(f.resolved, f.callbacks), "n": f.callbacks},
            }
        )
    key = rank_by if rank_by in RANK_KEYS else "close"
    rows.sort(
        key=lambda r: (
            r[key]["rate"] is None,
            -(r[key]["rate"] or 0),
            -r[key]["n"],
            r["department"],
        )
    )
    for index, row in enumerate(rows, 1):
        row["rank"] = index if row[key]["rate"] is not None else None
    return rows


UNDISPATCHED = ("registered", "returned")


def backlog(session: Session, department: str | None, now: datetime | None = None) -> dict:
    """The orders waiting for 派单 now (whenever filed): how many, how many of them urgent, of
    them 转人工 not yet taken, past their 派单 deadline, and how long they have waited."""
    now = now or utcnow()
    conditions = [Ticket.status.in_(UNDISPATCHED)]
    if department:
        conditions.append(Ticket.department_code == department)
    rows = session.execute(
        select(Ticket.created_at, Ticket.urgency, Ticket.handoff, Ticket.handoff_taken_by).where(
            *conditions
        )
    ).all()
    ages = sorted((now - r.created_at).total_seconds() / 60 for r in rows)
    late = session.scalar(
        select(func.count(func.distinct(TicketDeadline.ticket_id)))
        .select_from(TicketDeadline)
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(
            *conditions,
            TicketDeadline.step == "dispatch",
            TicketDeadline.state == "open",
            TicketDeadline.due_at <= now,
        )
    )
    return {
        "count": len(rows),
        "urgent": sum(r.urgency == "urgent" for r in rows),
        "handoff_waiting": sum(bool(r.handoff) and not r.handoff_taken_by for r in rows),
        "past_dispatch_deadline": late or 0,
        "oldest_minutes": round(ages[-1], 1) if ages else None,
        "median_minutes": daily.percentile(ages, 50),
    }


def summary(session: Session, start: date, end: date, department: str | None) -> dict:
    """The figures of `/api/v1/metrics/summary` (without `by_status`)."""
    figures = daily.figures(session, start, end, department)
    late, overdue = _clock_figures(session, _scope(session, start, end, department), utcnow())
    return _summary(figures, late, overdue)


def deadline_lists(
    session: Session, within_hours: int, department: str | None, limit: int | None = LIST_LIMIT
) -> dict:
    """The overdue and nearly-overdue obligations (the first `limit` of each, all when None,
    earliest due first) and their counts."""
    now = utcnow()
    horizon = now + timedelta(hours=within_hours)
    conditions = [
        TicketDeadline.state == "open",
        TicketDeadline.paused_at.is_(None),
        TicketDeadline.step.in_(OBLIGATIONS),
    ]
    # Counted through the state index: open deadlines are few, deadlines before now are many
    # (a bare due_at range would lead SQLite's planner to its due_at index).
    due = _unindexed(session, TicketDeadline.due_at)
    if department:
        conditions.append(_unindexed(session, Ticket.department_code) == department)
    columns = (
        Ticket.id,
        Ticket.number,
        Ticket.status,
        Ticket.category,
        Ticket.department_code,
        Ticket.first_responder_username,
        Ticket.first_responder_department,
        TicketDeadline.step,
        TicketDeadline.due_at,
        TicketDeadline.provisional,
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
            joined.add_columns(*columns).where(where).order_by(due, TicketDeadline.id).limit(limit)
        ).all()
        out[key] = [
            {
                "ticket_id": r.id,
                "number": r.number,
                "status": r.status,
                "category": r.category,
                "department": r.department_code,
                "step": r.step,
                "due_at": r.due_at,
                "provisional": r.provisional,
                "first_responder": {
                    "user": r.first_responder_username,
                    "department": r.first_responder_department,
                },
                "minutes_left": int((r.due_at - now).total_seconds() // 60),
            }
            for r in rows
        ]
    return out


def overdue_lists(session: Session, within_hours: int, department: str | None) -> dict:
    """The answer of `/api/v1/metrics/overdue`: every overdue and due-soon obligation (due times
    as ISO strings), with the counts."""
    out = deadline_lists(session, within_hours, department, limit=None)
    for key in ("overdue", "due_soon"):
        for item in out[key]:
            item["due_at"] = item["due_at"].isoformat()
    return out


def _replied_closed(session: Session, start: date, end: date, department: str | None):
    """Per local day, the orders replied and closed that day (whenever they were created)."""
    lo, hi = day_bounds(start, end)
    dept = [Ticket.department_code == department] if department else []
    for column, key in ((Ticket.replied_at, "replied"), (Ticket.closed_at, "closed")):
        day = daily.local_day(session, column)
        for value, count in session.execute(
            select(day, func.count()).where(column >= lo, column < hi, *dept).group_by(day)
        ):
            yield key, str(value), count


def _trend(session, start, end, department, figures: daily.Figures) -> list[dict]:
    days: dict[str, dict] = {}
    d = start
    while d <= end:
        key = d.isoformat()
        days[key] = {"date": key, "created": figures.created.get(key, 0), "replied": 0, "closed": 0}
        d += timedelta(days=1)
    for key, value, count in _replied_closed(session, start, end, department):
        if value in days:
            days[value][key] += count
    return list(days.values())


def trend(session: Session, start: date, end: date, department: str | None) -> list[dict]:
    """The figures of `/api/v1/metrics/trend`: created, replied, closed per local day."""
    figures = daily.figures(session, start, end, department)
    return _trend(session, start, end, department, figures)


def breakdown(session: Session, start: date, end: date, department: str | None) -> dict:
    """The figures of `/api/v1/metrics/breakdown`: counts by status, department, category,
    locality and urgency."""
    figures = daily.figures(session, start, end, department)
    return {name: dict(counts) for name, counts in figures.breakdown.items()}


@dataclass
class Page:
    summary: dict
    breakdown: dict[str, dict[str, int]]
    trend: list[dict]
    lists: dict
    ranking: list[dict]
    backlog: dict


def page(
    session: Session, start: date, end: date, department: str | None, rank_by: str = "close"
) -> Page:
    """Everything the dashboard page shows, reading the range's figures once."""
    now = utcnow()
    figures = daily.figures(session, start, end, department)
    late, overdue = _clock_figures(session, _scope(session, start, end, department), now)
    rows = ranking(session, start, end, rank_by, now)
    if department:
        rows = [r for r in rows if r["department"] == department]
    return Page(
        summary=_summary(figures, late, overdue),
        breakdown={name: dict(counts) for name, counts in figures.breakdown.items()},
        trend=_trend(session, start, end, department, figures),
        lists=deadline_lists(session, 24, department),
        ranking=rows,
        backlog=backlog(session, department, now),
    )
