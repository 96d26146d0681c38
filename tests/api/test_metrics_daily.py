"""The dashboard's cached per-day figures (api/metrics/daily.py, api/metrics/dashboard.py) are exactly
a plain computation over the same rows, and stay so after writes.

The plain computation below loads every row of the range and counts in Python with the
definitions of docs/api.md "Metrics" (statistics.quantiles for the median and p90), independently
of both the SQL of the dashboard and the reference definitions (metrics_reference.py), which are
checked too.
"""

from __future__ import annotations

import random
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update

from api.core.database import read_session, write_session
from api.core.timeutil import SHANGHAI
from api.events.models import TicketEvent
from api.metrics import daily, dashboard
from api.tickets import clock
from api.tickets.models import Ticket, TicketDeadline
from tests.api import metrics_reference as metrics

DEPARTMENTS = [None, "620422-minzheng", "620422-yibao", "341824-minzheng"]
STATUSES = ["registered", "dispatched", "in_progress", "replied", "callback_done", "closed"]
CATEGORIES = ["request_dibao", "request_medical", "request_housing"]
FIRST_DAY = date(2031, 3, 10)  # days no other test uses
DAYS = 5
NOW = datetime(2031, 3, 14, 12, 0, tzinfo=SHANGHAI)


# ---------------------------------------------------------------- the plain computation


def _local(value: datetime) -> date:
    return value.astimezone(SHANGHAI).date()


def _quantile(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def plain(start: date, end: date, department: str | None, now: datetime) -> dict:
    with read_session() as session:
        tickets = [
            t
            for t in session.scalars(select(Ticket))
            if start <= _local(t.created_at) <= end
            and (department is None or t.department_code == department)
        ]
        ids = {t.id for t in tickets}
        deadlines = [d for d in session.scalars(select(TicketDeadline)) if d.ticket_id in ids]
        events = [e for e in session.scalars(select(TicketEvent)) if e.ticket_id in ids]
        everyone = [
            t
            for t in session.scalars(select(Ticket))
            if department is None or t.department_code == department
        ]
    steps = {}
    counts = {}
    for step in ("dispatch", "accept", "close"):
        met = counted = 0
        durations = []
        for d in deadlines:
            if d.step != step or d.state == "cancelled":
                continue
            if d.state in ("met", "breached"):
                counted += 1
                met += d.state == "met"
                durations.append((d.done_at - d.started_at).total_seconds() / 60)
            elif d.state == "open" and d.paused_at is None and d.due_at < now:
                counted += 1
        steps[step] = (round(met / counted, 4) if counted else None, durations)
        counts[step] = {"good": met, "n": counted}
    answers = [e.data for e in events if e.action == "callback" and isinstance(e.data, dict)]
    satisfied = sum(a.get("satisfaction") in ("satisfied", "basically") for a in answers)
    resolved = sum(a.get("resolved") is True for a in answers)
    overdue = {
        d.ticket_id
        for d in deadlines
        if d.state == "open"
        and d.paused_at is None
        and d.step in clock.OBLIGATION_STEPS
        and d.due_at <= now
    }

    def count(key) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in tickets:
            out[str(key(t))] = out.get(str(key(t)), 0) + 1
        return out

    trend = []
    day = start
    while day <= end:
        trend.append(
            {
                "date": day.isoformat(),
                "created": sum(_local(t.created_at) == day for t in tickets),
                "replied": sum(
                    t.replied_at is not None and _local(t.replied_at) == day for t in everyone
                ),
                "closed": sum(
                    t.closed_at is not None and _local(t.closed_at) == day for t in everyone
                ),
            }
        )
        day += timedelta(days=1)
    return {
        "summary": {
            "total": len(tickets),
            "on_time_dispatch_rate": steps["dispatch"][0],
            "on_time_accept_rate": steps["accept"][0],
            "on_time_close_rate": steps["close"][0],
            "rate_counts": {
                **counts,
                "satisfaction": {"good": satisfied, "n": len(answers)},
                "resolution": {"good": resolved, "n": len(answers)},
            },
            "median_dispatch_minutes": _quantile(steps["dispatch"][1], 50),
            "p90_dispatch_minutes": _quantile(steps["dispatch"][1], 90),
            "median_accept_minutes": _quantile(steps["accept"][1], 50),
            "p90_accept_minutes": _quantile(steps["accept"][1], 90),
            "median_close_minutes": _quantile(steps["close"][1], 50),
            "p90_close_minutes": _quantile(steps["close"][1], 90),
            "callbacks": len(answers),
            "satisfaction_rate": round(satisfied / len(answers), 4) if answers else None,
            "resolution_rate": round(resolved / len(answers), 4) if answers else None,
            "overdue": len(overdue),
        },
        "breakdown": {
            "by_status": count(lambda t: t.status),
            "by_department": count(lambda t: t.department_code),
            "by_category": count(lambda t: t.category),
            "by_locality": count(lambda t: t.locality),
            "by_urgency": count(lambda t: t.urgency),
        },
        "trend": trend,
    }


def dashboard_figures(start: date, end: date, department: str | None) -> dict:
    with read_session() as session:
        page = dashboard.page(session, start, end, department)
        assert dashboard.summary(session, start, end, department) == page.summary
        assert dashboard.breakdown(session, start, end, department) == page.breakdown
        assert dashboard.trend(session, start, end, department) == page.trend
    return {"summary": page.summary, "breakdown": page.breakdown, "trend": page.trend}


def service_figures(start: date, end: date, department: str | None) -> dict:
    with read_session() as session:
        summary = metrics.summary(session, start, end, department)
        for key in ("from", "to", "department", "by_status"):
            summary.pop(key)
        return {
            "summary": summary,
            "breakdown": metrics.breakdown(session, start, end, department),
            "trend": metrics.trend(session, start, end, department),
        }


RANGES = [
    (FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1)),
    (FIRST_DAY + timedelta(days=1), FIRST_DAY + timedelta(days=2)),
    (FIRST_DAY + timedelta(days=3), FIRST_DAY + timedelta(days=3)),
    (FIRST_DAY - timedelta(days=3), FIRST_DAY - timedelta(days=1)),  # nothing filed
]


def assert_all_ranges_exact(now: datetime) -> None:
    for start, end in RANGES:
        for department in DEPARTMENTS:
            expected = plain(start, end, department, now)
            got = dashboard_figures(start, end, department)
            assert got == expected, (start, end, department)
            assert service_figures(start, end, department) == expected, (start, end, department)


# ---------------------------------------------------------------- the data


def _at(day: int, hour: int, minute: int = 0, micro: int = 0) -> datetime:
    """Shanghai local time on FIRST_DAY + day, as UTC."""
    local = datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time(), SHANGHAI)
    return (local + timedelta(hours=hour, minutes=minute, microseconds=micro)).astimezone(UTC)


@pytest.fixture(scope="module")
def rows(database) -> list[int]:
    """~80 orders over five days: every department, status and deadline state, durations with
    microseconds, orders on both sides of local midnight, callbacks with and without answers."""
    rng = random.Random(12345)
    tickets, deadlines, events = [], [], []
    for n in range(80):
        tid = n  # replaced by the real id below
        day = n % DAYS
        if n % 10 == 0:  # the last microsecond of a local day, and the first of the next one
            created = _at(day, 23, 59, 59_999_999) if n % 20 == 0 else _at(day, 0)
        else:
            created = _at(day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 999_999))
        status = rng.choice(STATUSES)
        replied = created + timedelta(hours=rng.randint(1, 40), microseconds=rng.randint(0, 10**6))
        closed = replied + timedelta(hours=rng.randint(1, 30))
        tickets.append(
            {
                "number": f"DAILY-{n:08d}",
                "channel": "phone",
                "text": "测试",
                "locality": rng.choice(["620422", "341824"]),
                "category": rng.choice(CATEGORIES),
                "kind": "help",
                "urgency": rng.choice(["normal", "normal", "urgent"]),
                "status": status,
                "department_code": rng.choice(DEPARTMENTS),
                "first_responder_username": "operator",
                "created_by": "operator",
                "created_at": created,
                "updated_at": created,
                "replied_at": replied if status in ("replied", "callback_done", "closed") else None,
                "closed_at": closed if status == "closed" else None,
                "escalated": False,
                "reopen_count": 0,
                "merged_count": 0,
                "version": 1,
            }
        )
        for step in ("dispatch", "accept", "close", "callback", "accept"):
            if rng.random() < 0.2:
                continue
            state = rng.choice(["met", "breached", "open", "open", "cancelled"])
            started = created + timedelta(minutes=rng.randint(0, 600))
            due = started + timedelta(hours=rng.choice([2, 24, 200]))
            done = (
                started
                + timedelta(minutes=rng.randint(1, 3000), microseconds=rng.randint(0, 10**6))
                if state != "open"
                else None
            )
            deadlines.append(
                {
                    "ticket_id": tid,
                    "step": step,
                    "department_code": None,
                    "started_at": started,
                    "due_at": due,
                    "provisional": False,
                    "rule": "test",
                    "state": state,
                    "done_at": done,
                    "breached": state == "breached",
                    "warned": False,
                    "paused_at": started if state == "open" and rng.random() < 0.2 else None,
                }
            )
        for _ in range(rng.choice([0, 0, 1, 2])):
            data = rng.choice(
                [
                    {"satisfaction": "satisfied", "resolved": True},
                    {"satisfaction": "basically", "resolved": False},
                    {"satisfaction": "unsatisfied", "resolved": False},
                    {"satisfaction": "satisfied"},
                    None,
                ]
            )
            events.append(
                {
                    "ticket_id": tid,
                    "at": created,
                    "actor": "operator",
                    "role": "operator",
                    "action": "callback",
                    "data": data,
                }
            )
        events.append(
            {
                "ticket_id": tid,
                "at": created,
                "actor": "operator",
                "role": "operator",
                "action": "comment",
                "data": {"satisfaction": "satisfied", "resolved": True},  # not a callback
            }
        )
    with write_session() as session:
        ids = [session.scalar(insert(Ticket).values(**t).returning(Ticket.id)) for t in tickets]
        for table, values in ((TicketDeadline, deadlines), (TicketEvent, events)):
            for row in values:
                row["ticket_id"] = ids[row["ticket_id"]]
            session.execute(insert(table), values)
        session.commit()
    return ids


@pytest.fixture
def now(frozen_time):
    frozen_time(NOW)
    daily.clear()
    return NOW


# ---------------------------------------------------------------- tests


def test_percentile_is_the_statistics_definition() -> None:
    rng = random.Random(7)
    for size in (1, 2, 3, 10, 101, 1000):
        values = sorted(rng.uniform(0, 5000) for _ in range(size))
        for q in (50, 90):
            assert daily.percentile(values, q) == _quantile(values, q)
    assert daily.percentile([], 50) is None
    for micros in [1, 999_999, 5_400_000_001] + [rng.randrange(10**12) for _ in range(1000)]:
        assert daily.minutes(micros) == timedelta(microseconds=micros).total_seconds() / 60


def test_figures_equal_a_plain_computation(rows, now) -> None:
    assert_all_ranges_exact(now)
    summary = dashboard_figures(*RANGES[0], None)["summary"]
    # The data set exercises every figure.
    assert summary["total"] == 80
    assert summary["callbacks"] > 0 and summary["overdue"] > 0
    assert 0 < summary["on_time_accept_rate"] < 1
    assert summary["median_close_minutes"] is not None
    # A day boundary: the order filed at 23:59:59.999999 local time counts on its own day.
    trend = dashboard_figures(*RANGES[0], None)["trend"]
    assert sum(day["created"] for day in trend) == 80


def test_department_ranking_equals_the_reference(rows, now) -> None:
    """The per-department ranking (on-time 签收/办结, 满意率, 解决率, each with n) is the plain
    reference per department, and ranked best first by the chosen figure."""
    for start, end in RANGES:
        with read_session() as session:
            expected = metrics.ranking(session, start, end)
            for rank_by in dashboard.RANK_KEYS:
                rows_ = dashboard.ranking(session, start, end, rank_by)
                got = {
                    r["department"]: {k: v for k, v in r.items() if k not in ("department", "rank")}
                    for r in rows_
                }
                assert got == expected, (start, end, rank_by)
                rates = [r[rank_by]["rate"] for r in rows_ if r[rank_by]["rate"] is not None]
                assert rates == sorted(rates, reverse=True)
    summary = dashboard_figures(*RANGES[0], None)["summary"]
    assert summary["rate_counts"]["dispatch"]["n"] > 0


def test_durations_are_exact_to_the_microsecond(rows, now) -> None:
    """Every cached duration equals `(done_at - started_at).total_seconds() / 60` (SQLite's own
    date functions round fractions of a second to the millisecond)."""
    start, end = RANGES[0]
    with read_session() as session:
        cached = daily.compute_days(session, start, end)
        expected: dict[str, list[float]] = {"accept": [], "close": []}
        for dl in session.scalars(select(TicketDeadline).where(TicketDeadline.ticket_id.in_(rows))):
            if dl.step in expected and dl.state in ("met", "breached"):
                expected[dl.step].append((dl.done_at - dl.started_at).total_seconds() / 60)
    got: dict[str, list[float]] = {"accept": [], "close": []}
    for parts in cached.values():
        for part in parts.values():
            for step in got:
                got[step] += part.minutes[step]
    for step in got:
        assert sorted(got[step]) == sorted(expected[step])
        assert any(m != round(m, 3) for m in got[step])  # fractions of a millisecond are kept
    fractions = {dl_at.microsecond for dl_at in _started_times(rows)}
    assert 999_999 in fractions  # deadlines that start in the last microsecond of a second


def _started_times(ids: list[int]) -> list[datetime]:
    with read_session() as session:
        return list(
            session.scalars(
                select(TicketDeadline.started_at).where(TicketDeadline.ticket_id.in_(ids))
            )
        )


def test_only_changed_days_are_recomputed(rows, now, monkeypatch) -> None:
    computed: list[tuple[date, date]] = []
    original = daily.compute_days

    def counting(session, start, end):
        computed.append((start, end))
        return original(session, start, end)

    monkeypatch.setattr(daily, "compute_days", counting)
    start, end = RANGES[0]
    first = dashboard_figures(start, end, None)
    assert computed == [(start, end)]
    computed.clear()
    assert dashboard_figures(start, end, None) == first
    assert dashboard_figures(start, end, "620422-yibao") == plain(start, end, "620422-yibao", now)
    assert computed == []  # nothing changed: every day and the merge come from the cache

    # One order of the third day moves on: accepted late, with another department.
    with write_session() as session:
        ticket = session.get(Ticket, rows[2])
        assert _local(ticket.created_at) == FIRST_DAY + timedelta(days=2)
        ticket.status = "in_progress"
        ticket.department_code = "620422-yibao"
        for dl in ticket.deadlines:
            if dl.state == "open":
                dl.state, dl.done_at = "breached", dl.started_at + timedelta(days=3)
        session.commit()
    third = FIRST_DAY + timedelta(days=2)
    got = dashboard_figures(start, end, None)
    assert computed == [(third, third)]
    assert got == plain(start, end, None, now)
    assert got != first

    # A new order on the first day, and callbacks on an order of the last day.
    computed.clear()
    with write_session() as session:
        session.execute(
            insert(Ticket),
            [
                {
                    "number": "DAILY-NEW-1",
                    "channel": "phone",
                    "text": "测试",
                    "locality": "620422",
                    "category": "request_dibao",
                    "kind": "help",
                    "urgency": "normal",
                    "status": "registered",
                    "department_code": None,
                    "first_responder_username": "operator",
                    "created_by": "operator",
                    "created_at": _at(0, 8),
                    "updated_at": _at(0, 8),
                    "escalated": False,
                    "reopen_count": 0,
                    "merged_count": 0,
                    "version": 1,
                }
            ],
        )
        session.execute(
            insert(TicketEvent),
            [
                {
                    "ticket_id": rows[4],
                    "actor": "operator",
                    "role": "operator",
                    "action": "callback",
                    "at": _at(4, 20),
                    "data": {"satisfaction": "unsatisfied", "resolved": False},
                }
            ],
        )
        # The service writes a callback with an UPDATE of its order (satisfaction, version).
        session.execute(
            update(Ticket).where(Ticket.id == rows[4]).values(version=Ticket.version + 1)
        )
        session.commit()
    got = dashboard_figures(start, end, None)
    assert sorted(computed) == [
        (FIRST_DAY, FIRST_DAY),
        (FIRST_DAY + timedelta(days=4), FIRST_DAY + timedelta(days=4)),
    ]
    assert got == plain(start, end, None, now)
    assert_all_ranges_exact(now)


def test_clock_dependent_figures_are_never_cached(rows, now, frozen_time) -> None:
    start, end = RANGES[0]
    before = dashboard_figures(start, end, None)
    later = NOW + timedelta(days=9)
    frozen_time(later)
    after = dashboard_figures(start, end, None)
    assert after == plain(start, end, None, later)
    assert after["summary"]["overdue"] >= before["summary"]["overdue"]


def test_transitions_keep_the_cached_figures_exact(frozen_time, create_ticket, advance) -> None:
    """Through the API: after each transition the cached figures equal a fresh computation (every
    transition updates its order, so its day's fingerprint changes)."""
    day = date(2031, 5, 6)

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2031, 5, 6, hour, minute, tzinfo=SHANGHAI)

    def check(now: datetime) -> None:
        frozen_time(now)
        for department in (None, "620422-minzheng", "620422-yibao"):
            for start, end in ((day, day), (day - timedelta(days=1), day + timedelta(days=1))):
                expected = plain(start, end, department, now)
                assert dashboard_figures(start, end, department) == expected, (now, department)
                assert service_figures(start, end, department) == expected

    daily.clear()
    frozen_time(at(8, 30))
    a = advance(create_ticket(), "operator", "dispatch")
    b = advance(create_ticket(category="request_medical"), "operator", "dispatch")
    c = advance(create_ticket(urgency="urgent"), "operator", "dispatch")
    check(at(8, 31))
    steps = [
        (at(9, 1), a, "minzheng", "accept", {}),
        (at(9, 2), b, "operator", "transfer", {"department": "620422-minzheng", "note": "民政"}),
        (at(10, 17), b, "minzheng", "accept", {}),
        (at(11, 3), a, "minzheng", "reply", {"note": "已答复"}),
        (at(11, 4), c, "minzheng", "accept", {}),
        (at(11, 5), c, "minzheng", "request_extension", {"note": "需入户调查"}),
        (at(12, 0), a, "operator", "callback", {"satisfaction": "unsatisfied", "resolved": False}),
        (at(12, 1), a, "operator", "reopen", {"note": "重办"}),
        (at(13, 0), a, "minzheng", "accept", {}),
        (at(14, 0), a, "minzheng", "reply", {"note": "再次答复"}),
        (at(15, 0), a, "operator", "callback", {"satisfaction": "basically", "resolved": True}),
        (at(15, 1), a, "operator", "close", {}),
        (at(15, 2), c, "supervisor", "approve_extension", {}),
    ]
    for when, ticket, who, action, fields in steps:
        frozen_time(when)
        advance(ticket, who, action, **fields)
        check(when)
    check(at(23, 0) + timedelta(days=3))  # later: open deadlines become late, not cached


def test_warm_up_computes_the_days_the_first_request_would(rows, now, monkeypatch) -> None:
    daily.clear()
    computed: list[tuple[date, date]] = []
    original = daily.compute_days

    def counting(session, start, end):
        computed.append((start, end))
        return original(session, start, end)

    monkeypatch.setattr(daily, "compute_days", counting)
    last = FIRST_DAY + timedelta(days=6)
    daily.warm(7, end=last)
    assert len(computed) == 1  # one query for the days that have orders
    assert computed[0][0] == FIRST_DAY and computed[0][1] <= last
    computed.clear()
    start, end = FIRST_DAY + timedelta(days=1), FIRST_DAY + timedelta(days=4)
    assert dashboard_figures(start, end, None) == plain(start, end, None, now)
    assert computed == []  # every day of the range was computed by the warm-up
