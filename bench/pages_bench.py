"""Web page latency with 100,000 work orders in the database.

Builds a fresh SQLite database (alembic migration + department data), bulk-inserts N tickets with
their deadlines and history events (dispatch, accept, reply, the callback with its answers, close)
through SQLAlchemy core (a year of a county hotline: categories, localities, statuses and lateness
drawn from a fixed-seed distribution, numbered in filing order), starts uvicorn on it and times
each page over HTTP as a logged-in supervisor: median, p95 and max of --requests GETs each.

The supervisor dashboard keeps per-day figures in the process (api/metrics/daily.py), so it is
timed three ways: requests in a row; each right after a write (a comment on a random open order
of the range, so one day of the range has changed); and as the first request of a freshly
started server (--restarts times), when nothing is cached.

    .venv/bin/python bench/pages_bench.py [--tickets 100000] [--requests 40] [--restarts 3]
                                          [--keep DIR] [--shuffle-ids]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CATEGORIES = [
    ("request_dibao", 24),
    ("request_temporary", 14),
    ("request_medical", 12),
    ("ask_eligibility", 12),
    ("request_education", 7),
    ("request_housing", 6),
    ("request_disability", 5),
    ("request_employment", 5),
    ("request_tekun", 4),
    ("complain_handling", 4),
    ("request_disaster", 2),
    ("request_child_welfare", 2),
    ("query_ticket_status", 1),
    ("report_fraud", 1),
    ("request_vagrant", 1),
]
LOCALITIES = [("620422", 55), ("341824", 30), ("620400", 5), ("620600", 5), ("610000", 5)]
DEPARTMENTS = {
    "620422": [
        "620422-minzheng",
        "620422-yibao",
        "620422-jiaoyu",
        "620422-zhujian",
        "620422-renshe",
        "620422-canlian",
        "620422-window",
    ],
    "341824": ["341824-minzheng", "341824-yibao"],
}
PEOPLE = [
    ("operator", "operator", "620422-hotline"),
    ("supervisor", "supervisor", None),
    ("minzheng", "handler", "620422-minzheng"),
]
PASSWORD = "bench-password-1"


def weighted(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def build_database(url: str, count: int, seed: int = 7, shuffle_ids: bool = False) -> None:
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import insert, select

    from api.auth.models import Role
    from api.auth.service import ensure_user
    from api.cli import migrate
    from api.core.database import get_engine, write_session
    from api.departments.models import Department
    from api.departments.service import load_data_files
    from api.events.models import TicketEvent
    from api.tickets.models import Ticket, TicketDeadline

    migrate()
    with write_session() as session:
        load_data_files(session)
        for username, role, dept in PEOPLE:
            ensure_user(session, username, PASSWORD, Role(role), dept, username)
        session.commit()
        known = set(session.scalars(select(Department.code)))

    rng = random.Random(seed)
    now = datetime.now(UTC)
    tickets, deadlines, events = [], [], []
    # Numbered in filing order, as the service numbers them (ids grow with created_at); or not
    # (--shuffle-ids: the layout of the first version of this benchmark, worst case for locality).
    filed = [now - timedelta(minutes=rng.uniform(10, 365 * 24 * 60)) for _ in range(count)]
    if not shuffle_ids:
        filed.sort()
    for i, created in enumerate(filed, start=1):
        locality = weighted(rng, LOCALITIES)
        depts = [d for d in DEPARTMENTS.get(locality, ["620422-minzheng"]) if d in known]
        dept = rng.choice(depts or ["620422-minzheng"])
        age_days = (now - created).days
        if age_days > 30:
            status = rng.choices(
                ["closed", "callback_done", "replied", "in_progress"], [90, 3, 3, 4]
            )[0]
        else:
            status = rng.choice(
                [
                    "registered",
                    "dispatched",
                    "in_progress",
                    "replied",
                    "callback_done",
                    "closed",
                    "returned",
                    "extension_requested",
                ]
            )
        accepted = created + timedelta(hours=rng.expovariate(1 / 20))
        replied = accepted + timedelta(days=rng.expovariate(1 / 6))
        closed = replied + timedelta(days=rng.uniform(1, 5))
        done_states = {"replied", "callback_done", "closed"}
        tickets.append(
            {
                "id": i,
                "number": f"12345-{created:%Y%m%d}-{i:06d}",
                "channel": rng.choice(["chat", "phone", "phone", "import"]),
                "text": "市民来电反映家庭困难，申请救助。联系电话139****0000",
                "contact_phone": f"139{i:08d}",
                "phone_last4": f"{i % 10000:04d}",
                "locality": locality,
                "category": weighted(rng, CATEGORIES),
                "kind": "help",
                "urgency": "urgent" if rng.random() < 0.05 else "normal",
                "status": status,
                "department_code": None if status == "registered" else dept,
                "routed_department_code": dept,
                "first_responder_username": rng.choice(["operator", "minzheng"]),
                "first_responder_department": "620422-hotline",
                "created_by": "operator",
                "created_at": created,
                "updated_at": created,
                "accepted_at": accepted if status not in ("registered", "dispatched") else None,
                "replied_at": replied if status in done_states else None,
                "closed_at": closed if status == "closed" else None,
                "satisfaction": rng.choice(["satisfied", "basically", "unsatisfied"])
                if status in ("callback_done", "closed")
                else None,
                "resolved": rng.random() < 0.85 if status in ("callback_done", "closed") else None,
                "escalated": False,
                "reopen_count": 0,
                "merged_count": 0,
                "version": 1,
            }
        )
        if status != "registered":
            accept_due = created + timedelta(days=1)
            accept_done = status not in ("dispatched",)
            deadlines.append(
                _deadline(i, "accept", dept, created, accept_due, accepted if accept_done else None)
            )
            close_due = created + timedelta(days=15)
            deadlines.append(
                _deadline(
                    i, "close", dept, created, close_due, replied if status in done_states else None
                )
            )
        events.append(
            {
                "ticket_id": i,
                "at": created,
                "actor": "operator",
                "role": "operator",
                "action": "create",
                "from_status": None,
                "to_status": "registered",
                "department": dept,
                "data": None,
            }
        )
        # The rest of the history as the service writes it (the callback carries the answers).
        ticket = tickets[-1]
        steps = [
            ("dispatch", created, "dispatched", None),
            ("accept", ticket["accepted_at"], "in_progress", None),
            ("reply", ticket["replied_at"], "replied", None),
        ]
        if ticket["satisfaction"] is not None:
            answers = {"satisfaction": ticket["satisfaction"], "resolved": ticket["resolved"]}
            steps.append(
                ("callback", ticket["replied_at"] + timedelta(days=1), "callback_done", answers)
            )
        steps.append(("close", ticket["closed_at"], "closed", None))
        previous = "registered"
        for action, at, to_status, data in steps:
            if status == "registered" or at is None:
                continue
            events.append(
                {
                    "ticket_id": i,
                    "at": at,
                    "actor": "operator",
                    "role": "operator",
                    "action": action,
                    "from_status": previous,
                    "to_status": to_status,
                    "department": dept,
                    "data": data,
                }
            )
            previous = to_status
    engine = get_engine()
    with engine.begin() as conn:
        for table, rows in ((Ticket, tickets), (TicketDeadline, deadlines), (TicketEvent, events)):
            for start in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[start : start + 5000])
        conn.exec_driver_sql("ANALYZE")


def _deadline(ticket_id, step, dept, started, due, done) -> dict:
    state = "open" if done is None else ("met" if done <= due else "breached")
    return {
        "ticket_id": ticket_id,
        "step": step,
        "department_code": dept,
        "started_at": started,
        "due_at": due,
        "provisional": False,
        "rule": "bench",
        "state": state,
        "done_at": done,
        "minutes_late": None if done is None else int((done - due).total_seconds() // 60),
        "breached": state == "breached" or (done is None and due < datetime.now(UTC)),
        "warned": False,
    }


def start_server(url: str, port: int, warm_days: int = 0) -> subprocess.Popen:
    """uvicorn on ``url``; with ``warm_days`` the app's start-up warm-up of the dashboard runs
    and this returns once its log line says the figures are ready."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SWEEP_INTERVAL_SECONDS": "0",
        "DASHBOARD_WARM_DAYS": str(warm_days),
        "RASA_URL": "http://127.0.0.1:9",
    }
    descriptor, log_name = tempfile.mkstemp(prefix="pages-bench-server-", suffix=".log")
    with os.fdopen(descriptor, "wb") as log_file:
        popen = subprocess.Popen(
            [str(ROOT / ".venv/bin/uvicorn"), "api.main:app", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    started = False
    while time.monotonic() < deadline:
        if not started:
            with contextlib.suppress(httpx.HTTPError):
                started = httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200
        log = Path(log_name).read_text(encoding="utf-8", errors="replace")
        if started and (not warm_days or "dashboard figures of" in log):
            return popen
        if "dashboard warm-up failed" in log:
            break
        time.sleep(0.2)
    popen.kill()
    raise SystemExit(f"server did not start (log: {log_name})")


PAGES = [
    ("/operator (open, by deadline)", "/operator"),
    ("/operator all statuses", "/operator?status=all"),
    ("/operator category+locality", "/operator?category=request_dibao&locality=620422"),
    ("/operator overdue", "/operator?overdue=1"),
    ("/operator overdue soon", "/operator?soon=1"),
    ("/operator mine", "/operator?mine=1&status=all"),
    ("/operator page 50", "/operator?status=all&page=50"),
    ("/operator/tickets/{id}", "/operator/tickets/{id}"),
    ("/operator/intake", "/operator/intake"),
    ("/chat", "/chat"),
    ("/chat/lookup", "/chat/lookup"),
]
# name, path, days in the range, department
DASHBOARDS = [
    ("/supervisor (30 days)", "/supervisor", 30, None),
    ("/supervisor (90 days, one dept)", "/supervisor?from={d90}&department={dept}", 90, "dept"),
    ("/supervisor (90 days)", "/supervisor?from={d90}", 90, None),
    ("/supervisor (365 days)", "/supervisor?from={d365}", 365, None),
]
DEPT = "620422-minzheng"
Row = tuple[str, float, float, float]


def _today():
    from api.core.timeutil import SHANGHAI

    return datetime.now(UTC).astimezone(SHANGHAI).date()


def _path(template: str, ticket_id: int = 1) -> str:
    today = _today()
    return template.format(
        id=ticket_id,
        d90=today - timedelta(days=89),
        d365=today - timedelta(days=364),
        dept=DEPT,
    )


def _stats(name: str, times: list[float]) -> Row:
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return name, statistics.median(times), p95, times[-1]


class Session:
    """A logged-in supervisor: the pages' cookie, and a bearer token for API writes."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=60)
        form = self.client.get("/login").text  # the login form's CSRF token (and its cookie)
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)
        self.client.post(
            "/login", data={"username": "supervisor", "password": PASSWORD, "csrf": csrf}
        )
        token = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": "supervisor", "password": PASSWORD}
        ).json()["access_token"]
        self.api = httpx.Client(
            base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}
        )

    def get_ms(self, path: str) -> float:
        started = time.perf_counter()
        response = self.client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        return elapsed

    def comment(self, ticket_id: int) -> None:
        version = self.api.get(f"/api/v1/tickets/{ticket_id}").json()["version"]
        response = self.api.post(
            f"/api/v1/tickets/{ticket_id}/transitions",
            json={"action": "comment", "note": "压测：办理说明", "version": version},
        )
        if not response.is_success:
            raise SystemExit(f"comment on {ticket_id}: {response.status_code} {response.text}")


def time_pages(session: Session, requests: int, tickets: int) -> list[Row]:
    """Each page `requests` times in a row (the dashboard's per-day figures stay cached)."""
    rng = random.Random(1)
    results = []
    for name, template in PAGES[:-2] + [(n, t) for n, t, _, _ in DASHBOARDS] + PAGES[-2:]:
        times = [session.get_ms(_path(template, rng.randint(1, tickets))) for _ in range(requests)]
        results.append(_stats(name, times))
    return results


def open_tickets(db: Path, days: int, department: str | None) -> list[int]:
    """Open orders created in the range (a comment is allowed on them)."""
    import sqlite3

    from api.metrics.daily import day_bounds
    from api.tickets.lifecycle import OPEN_STATUSES

    lo, hi = (
        t.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        for t in day_bounds(_today() - timedelta(days=days - 1), _today())
    )
    statuses = sorted(s.value for s in OPEN_STATUSES)
    marks = ",".join("?" * len(statuses))
    sql = f"SELECT id FROM tickets WHERE created_at >= ? AND created_at < ? AND status IN ({marks})"
    params: list = [lo, hi, *statuses]
    if department:
        sql += " AND department_code = ?"
        params.append(department)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute(sql, params)]


def time_after_writes(session: Session, db: Path, requests: int) -> list[Row]:
    """Each dashboard right after a write: a comment (one transition, one UPDATE of the order)
    on a random open order of the range, so a day of the range has changed every time."""
    rng = random.Random(2)
    results = []
    for name, template, days, dept in DASHBOARDS:
        candidates = open_tickets(db, days, DEPT if dept else None)
        times = []
        for _ in range(requests):
            session.comment(rng.choice(candidates))
            times.append(session.get_ms(_path(template)))
        results.append(_stats(name + " after a write", times))
    return results


def time_first_requests(url: str, restarts: int, warm_days: int = 0) -> list[Row]:
    """Each dashboard as the first request of a freshly started server: with nothing cached
    (warm-up off), or once the start-up warm-up of ``warm_days`` days has finished."""
    label = f"first after start, {warm_days}-day warm-up done" if warm_days else "first after start"
    results = []
    for name, template, _, _ in DASHBOARDS:
        times = []
        for _ in range(restarts):
            port = _free_port()
            server = start_server(url, port, warm_days)
            try:
                times.append(Session(f"http://127.0.0.1:{port}").get_ms(_path(template)))
            finally:
                server.terminate()
                server.wait(timeout=10)
        results.append(_stats(f"{name} {label}", times))
    return results


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--restarts", type=int, default=3, help="server starts per dashboard for the cold figure"
    )
    parser.add_argument(
        "--keep", type=Path, help="build the database in this directory and keep it"
    )
    parser.add_argument(
        "--shuffle-ids", action="store_true", help="ids in random order of filing time"
    )
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="pages-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "bench.db"
    url = f"sqlite:///{db}"
    os.environ.setdefault("JWT_SECRET", "bench-secret-" + "z" * 32)
    if not db.exists():
        started = time.perf_counter()
        build_database(url, args.tickets, shuffle_ids=args.shuffle_ids)
        print(f"built {args.tickets} tickets in {time.perf_counter() - started:.1f} s ({db})")
    port = _free_port()
    server = start_server(url, port)
    try:
        session = Session(f"http://127.0.0.1:{port}")
        rows = time_pages(session, args.requests, args.tickets)
        rows += time_after_writes(session, db, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=10)
    try:
        rows += time_first_requests(url, args.restarts)
        rows += time_first_requests(url, args.restarts, warm_days=366)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{'page':<50} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for name, median, p95, worst in rows:
        print(f"{name:<50} {median:>10.1f} {p95:>8.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
