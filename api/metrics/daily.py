"""Per-day figures behind the supervisor dashboard, cached in the process and checked on each use.

Everything the dashboard shows for a date range that does not depend on the clock is a sum over
the work orders created in the range: volumes by status, department, category, locality and
urgency; the 签收 (accept) and 办结 (close) steps already done (met or breached) with their
durations; the 回访 answers. A range is a run of Asia/Shanghai calendar days, so those figures are
kept per day and per (current) department, in memory, each day with a fingerprint of its work
orders: (count, sum of `version`, sum of `id`).

Why a fingerprint is enough: every change that can move one of these figures updates the work
order itself. A transition sets the status or `updated_at` (one UPDATE, and SQLAlchemy's version
counter `Ticket.version` adds one), a transfer sets `department_code`, a reply `replied_at`, a
callback `satisfaction`; deadlines and callback events are only written inside those
transitions (api/tickets/service.py `apply_transition`). Versions only grow and orders are not
deleted, so a day whose fingerprint is unchanged has unchanged figures. The deadline sweep only
sets `breached`/`warned` flags, which none of these figures read.

Each request reads the fingerprints of its range (one scan of the `(created_at, version)`
index), recomputes the days that changed (after a write: usually one day, a few hundred orders)
and merges the days; a merge is kept until one of its days changes. Durations are integer
microseconds from the database, converted as `timedelta.total_seconds() / 60` does, so medians
and p90 are exactly those of the reference definitions (tests/api/metrics_reference.py).

What depends on the clock — open deadlines already late, the current overdue count — is never
cached: `api.metrics.dashboard` counts it on every request from the open deadlines.

The cache belongs to one process (each uvicorn worker has its own) and to one database (keyed by
the engine's connection pool); `clear()` empties it.
"""

from __future__ import annotations

import statistics
import threading
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.orm import Session

from api.core.timeutil import SHANGHAI
from api.events.models import TicketEvent
from api.tickets.models import Ticket, TicketDeadline

STEPS = ("dispatch", "accept", "close")
DONE_STATES = ("met", "breached")
SATISFIED = ("satisfied", "basically")
NO_TICKETS = (0, 0, 0)
MAX_DAYS_KEPT = 4000  # per database; beyond it the cache starts again from the requested range
MAX_MERGES_KEPT = 64
RUN_GAP_DAYS = 3  # changed days closer than this are recomputed in one query


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The UTC instants that bound the Asia/Shanghai days from `start` to `end` (inclusive)."""
    lo = datetime.combine(start, time.min, tzinfo=SHANGHAI)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=SHANGHAI)
    return lo, hi


# ---------------------------------------------------------------- SQL pieces per dialect


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def local_day(session: Session, column):
    """The Asia/Shanghai calendar day of a UTC timestamp column ('YYYY-MM-DD' once str()-ed).

    Stored timestamps are naive UTC. China has had no daylight saving time since 1991, so
    '+8 hours' is the zone's offset for every date the service accepts (2000–2100). SQLite
    reads fractions of a second to the millisecond, rounding 23:59:59.9996 up to the next day:
    the fraction is cut off first."""
    if _dialect(session) == "sqlite":
        return func.date(func.substr(column, 1, 19), "+8 hours", type_=String)
    return cast(column + literal_column("INTERVAL '8 hours'"), Date)  # str() -> 'YYYY-MM-DD'


def micros_between(session: Session, earlier, later):
    """Whole microseconds from `earlier` to `later` (exact: no floating point in between)."""
    if _dialect(session) == "sqlite":
        # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff': whole seconds from strftime (given no fraction,
        # which it would round to the millisecond), then the fraction.
        seconds = cast(func.strftime("%s", func.substr(later, 1, 19)), Integer) - cast(
            func.strftime("%s", func.substr(earlier, 1, 19)), Integer
        )
        fraction = cast(func.substr(later, 21, 6), Integer) - cast(
            func.substr(earlier, 21, 6), Integer
        )
        return seconds * 1_000_000 + fraction
    return cast(func.round(func.extract("epoch", later - earlier) * 1_000_000), BigInteger)


def concat_integers(session: Session, value):
    """The group's integers as one comma-separated string (one row per group, not per value)."""
    if _dialect(session) == "sqlite":
        return func.group_concat(value, ",", type_=String)
    return func.string_agg(cast(value, String), ",", type_=String)


def json_is_object(session: Session, column):
    if _dialect(session) == "sqlite":
        return func.json_type(column) == "object"
    return func.json_typeof(column) == "object"


def json_is_true(session: Session, column, key: str):
    """The JSON value under `key` is the literal true (as `value is True` in Python)."""
    if _dialect(session) == "sqlite":
        return func.json_type(column, f"$.{key}") == "true"
    return cast(column[key], String) == "true"


def minutes(micros: int) -> float:
    """As `timedelta(microseconds=micros).total_seconds() / 60`."""
    return micros / 10**6 / 60


def percentile(values: list[float], q: int) -> float | None:
    """Same definition as the reference (statistics.quantiles, inclusive, 0.1 minute)."""
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


# ---------------------------------------------------------------- per-day figures


class Part:
    """The figures of the work orders created on one day that are now with one department."""

    __slots__ = (
        "total",
        "by_status",
        "by_category",
        "by_locality",
        "by_urgency",
        "met",
        "done",
        "minutes",
        "callbacks",
        "satisfied",
        "resolved",
    )

    def __init__(self) -> None:
        self.total = 0
        self.by_status: dict[str, int] = {}
        self.by_category: dict[str, int] = {}
        self.by_locality: dict[str, int] = {}
        self.by_urgency: dict[str, int] = {}
        self.met = dict.fromkeys(STEPS, 0)
        self.done = dict.fromkeys(STEPS, 0)
        self.minutes: dict[str, list[float]] = {step: [] for step in STEPS}
        self.callbacks = 0
        self.satisfied = 0
        self.resolved = 0


@dataclass
class Day:
    fingerprint: tuple[int, int, int]
    parts: dict[str | None, Part] = field(default_factory=dict)  # department_code -> figures


@dataclass
class Figures:
    """The clock-independent figures of a range (and department): what the dashboard merges."""

    total: int
    breakdown: dict[str, dict[str, int]]
    created: dict[str, int]  # 'YYYY-MM-DD' -> orders created that day
    met: dict[str, int]  # step -> done on time
    done: dict[str, int]  # step -> done (met or breached)
    median: dict[str, float | None]
    p90: dict[str, float | None]
    callbacks: int
    satisfied: int
    resolved: int


BREAKDOWN_KEYS = ("by_status", "by_department", "by_category", "by_locality", "by_urgency")


class _Store:
    def __init__(self) -> None:
        self.days: dict[str, Day] = {}
        self.merges: dict[tuple, tuple[tuple, Figures]] = {}
        self.lock = threading.Lock()


_stores: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_stores_lock = threading.Lock()


def _store(session: Session) -> _Store:
    pool = session.get_bind().pool  # a new engine (another database, or a reset) -> a new cache
    with _stores_lock:
        store = _stores.get(pool)
        if store is None:
            store = _stores[pool] = _Store()
        return store


def clear() -> None:
    """Forget every cached figure (all databases)."""
    with _stores_lock:
        _stores.clear()


def fingerprints(session: Session, start: date, end: date) -> dict[str, tuple[int, int, int]]:
    """(count, sum of version, sum of id) of the orders created on each day that has any."""
    lo, hi = day_bounds(start, end)
    day = local_day(session, Ticket.created_at)
    rows = session.connection().execute(
        select(day, func.count(), func.sum(Ticket.version), func.sum(Ticket.id))
        .where(Ticket.created_at >= lo, Ticket.created_at < hi)
        .group_by(day)
    )
    return {str(d): (int(n), int(v or 0), int(i or 0)) for d, n, v, i in rows}


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for d in sorted(days):
        if runs and (d - runs[-1][1]).days <= RUN_GAP_DAYS:
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs


def compute_days(session: Session, start: date, end: date) -> dict[str, dict[str | None, Part]]:
    """The per-day, per-department figures of the orders created from `start` to `end`."""
    lo, hi = day_bounds(start, end)
    scope = and_(Ticket.created_at >= lo, Ticket.created_at < hi)
    day = local_day(session, Ticket.created_at)
    out: dict[str, dict[str | None, Part]] = {}
    run = session.connection().execute  # Core rows: no ORM row processing (thousands of rows)

    def part(d, dept) -> Part:
        parts = out.setdefault(str(d), {})
        p = parts.get(dept)
        if p is None:
            p = parts[dept] = Part()
        return p

    dims = (Ticket.status, Ticket.category, Ticket.locality, Ticket.urgency)
    for d, dept, status, category, locality, urgency, n in run(
        select(day, Ticket.department_code, *dims, func.count())
        .where(scope)
        .group_by(day, Ticket.department_code, *dims)
    ):
        p = part(d, dept)
        p.total += n
        for counts, key in (
            (p.by_status, status),
            (p.by_category, category),
            (p.by_locality, locality),
            (p.by_urgency, urgency),
        ):
            key = str(key)
            counts[key] = counts.get(key, 0) + n

    micros = micros_between(session, TicketDeadline.started_at, TicketDeadline.done_at)
    for d, dept, step, n, met, joined in run(
        select(
            day,
            Ticket.department_code,
            TicketDeadline.step,
            func.count(),
            func.sum(case((TicketDeadline.state == "met", 1), else_=0)),
            concat_integers(session, micros),
        )
        .select_from(TicketDeadline)
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(scope, TicketDeadline.step.in_(STEPS), TicketDeadline.state.in_(DONE_STATES))
        .group_by(day, Ticket.department_code, TicketDeadline.step)
    ):
        p = part(d, dept)
        p.done[step] += int(n)
        p.met[step] += int(met or 0)
        p.minutes[step].extend(minutes(int(us)) for us in joined.split(","))

    satisfaction = TicketEvent.data["satisfaction"].as_string()
    for d, dept, n, satisfied, resolved in run(
        select(
            day,
            Ticket.department_code,
            func.count(),
            func.sum(case((satisfaction.in_(SATISFIED), 1), else_=0)),
            func.sum(case((json_is_true(session, TicketEvent.data, "resolved"), 1), else_=0)),
        )
        .select_from(TicketEvent)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(scope, TicketEvent.action == "callback", json_is_object(session, TicketEvent.data))
        .group_by(day, Ticket.department_code)
    ):
        p = part(d, dept)
        p.callbacks += int(n)
        p.satisfied += int(satisfied or 0)
        p.resolved += int(resolved or 0)

    for parts in out.values():
        for p in parts.values():
            for values in p.minutes.values():
                values.sort()
    return out


def _days(session: Session, store: _Store, start: date, end: date) -> list[tuple[str, Day]]:
    """The days of the range, recomputing those whose fingerprint changed."""
    current = fingerprints(session, start, end)
    wanted = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    with store.lock:
        known = {d.isoformat(): store.days.get(d.isoformat()) for d in wanted}
    stale = [
        d
        for d in wanted
        if known[d.isoformat()] is None
        or known[d.isoformat()].fingerprint != current.get(d.isoformat(), NO_TICKETS)
    ]
    fresh: dict[str, Day] = {}
    for first, last in _runs([d for d in stale if d.isoformat() in current]):
        computed = compute_days(session, first, last)
        for key, parts in computed.items():
            if key in current:
                fresh[key] = Day(current[key], parts)
    for d in stale:
        key = d.isoformat()
        # An order created after the fingerprints were read may show up in `computed`: it is
        # kept with the older fingerprint, so the next request recomputes that day again.
        fresh.setdefault(key, Day(current.get(key, NO_TICKETS)))
    with store.lock:
        if len(store.days) + len(fresh) > MAX_DAYS_KEPT:
            store.days.clear()
            store.merges.clear()
        store.days.update(fresh)
        known.update(fresh)
    return [(d.isoformat(), known[d.isoformat()]) for d in wanted]


def _merge(days: list[tuple[str, Day]], department: str | None) -> Figures:
    names = ("by_status", "by_category", "by_locality", "by_urgency")
    counts: dict[str, dict[str, int]] = {name: {} for name in BREAKDOWN_KEYS}
    created: dict[str, int] = {}
    met = dict.fromkeys(STEPS, 0)
    done = dict.fromkeys(STEPS, 0)
    values: dict[str, list[float]] = {step: [] for step in STEPS}
    callbacks = satisfied = resolved = total = 0
    by_department = counts["by_department"]
    for key, day in days:
        if department is None:
            parts = day.parts.items()
        else:
            parts = [(department, day.parts[department])] if department in day.parts else []
        n_day = 0
        for dept, p in parts:
            n_day += p.total
            dept_key = str(dept)
            by_department[dept_key] = by_department.get(dept_key, 0) + p.total
            for name in names:
                target = counts[name]
                for k, n in getattr(p, name).items():
                    target[k] = target.get(k, 0) + n
            for step in STEPS:
                met[step] += p.met[step]
                done[step] += p.done[step]
                values[step] += p.minutes[step]
            callbacks += p.callbacks
            satisfied += p.satisfied
            resolved += p.resolved
        created[key] = n_day
        total += n_day
    for step in STEPS:
        values[step].sort()  # runs of sorted days: a merge, not a full sort
    return Figures(
        total=total,
        breakdown={name: {k: n for k, n in counts[name].items() if n} for name in BREAKDOWN_KEYS},
        created=created,
        met=met,
        done=done,
        median={step: percentile(values[step], 50) for step in STEPS},
        p90={step: percentile(values[step], 90) for step in STEPS},
        callbacks=callbacks,
        satisfied=satisfied,
        resolved=resolved,
    )


@dataclass
class DepartmentFigures:
    """One department's clock-independent figures of a range (the ranking's raw counts)."""

    total: int = 0
    met: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    done: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    callbacks: int = 0
    satisfied: int = 0
    resolved: int = 0


def per_department(session: Session, start: date, end: date) -> dict[str, DepartmentFigures]:
    """Per (current) department, the figures of the orders created in the range: from the same
    per-day cache as ``figures`` (orders with no department are left out)."""
    days = _days(session, _store(session), start, end)
    out: dict[str, DepartmentFigures] = {}
    for _, day in days:
        for dept, p in day.parts.items():
            if dept is None:
                continue
            f = out.setdefault(dept, DepartmentFigures())
            f.total += p.total
            for step in STEPS:
                f.met[step] += p.met[step]
                f.done[step] += p.done[step]
            f.callbacks += p.callbacks
            f.satisfied += p.satisfied
            f.resolved += p.resolved
    return out


def warm(days: int, end: date | None = None) -> None:
    """Compute and keep the per-day figures of the ``days`` local days up to ``end`` (today),
    as the first dashboard request would; run once in the background at start-up."""
    from api.core.database import read_session
    from api.core.timeutil import SHANGHAI, utcnow

    end = end or utcnow().astimezone(SHANGHAI).date()
    with read_session() as session:
        figures(session, end - timedelta(days=days - 1), end, None)


def figures(session: Session, start: date, end: date, department: str | None) -> Figures:
    """The clock-independent figures of the orders created from `start` to `end` (local days),
    of one department or all."""
    department = department or None
    store = _store(session)
    days = _days(session, store, start, end)
    key = (start, end, department)
    signature = tuple(day.fingerprint for _, day in days)
    with store.lock:
        cached = store.merges.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    merged = _merge(days, department)
    with store.lock:
        if len(store.merges) >= MAX_MERGES_KEPT:
            store.merges.pop(next(iter(store.merges)))
        store.merges[key] = (signature, merged)
    return merged
