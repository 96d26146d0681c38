"""Web page latency with 100,000 work orders in the database.

Builds a fresh SQLite database (alembic migration + department data), bulk-inserts N tickets with
their deadlines and events through SQLAlchemy core (a year of a county hotline: categories,
localities, statuses and lateness drawn from a fixed-seed distribution), starts uvicorn on it and
times each page over HTTP as a logged-in user: median, p95 and max of --requests GETs each.

    .venv/bin/python bench/pages_bench.py [--tickets 100000] [--requests 40] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
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


def build_database(url: str, count: int, seed: int = 7) -> None:
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
    for i in range(1, count + 1):
        created = now - timedelta(minutes=rng.uniform(10, 365 * 24 * 60))
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
            }
        )
        if status != "registered":
            events.append(
                {
                    "ticket_id": i,
                    "at": created,
                    "actor": "operator",
                    "role": "operator",
                    "action": "dispatch",
                    "from_status": "registered",
                    "to_status": "dispatched",
                    "department": dept,
                }
            )
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


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SWEEP_INTERVAL_SECONDS": "0",
        "RASA_URL": "http://127.0.0.1:9",
    }
    popen = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/uvicorn"),
            "api.main:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                return popen
        except httpx.HTTPError:
            time.sleep(0.2)
    popen.kill()
    raise SystemExit("server did not start")


def time_pages(base: str, requests: int, tickets: int) -> list[tuple[str, float, float, float]]:
    client = httpx.Client(base_url=base, timeout=60)
    client.post("/login", data={"username": "supervisor", "password": PASSWORD})
    pages = [
        ("/operator (open, by deadline)", "/operator"),
        ("/operator all statuses", "/operator?status=all"),
        ("/operator category+locality", "/operator?category=request_dibao&locality=620422"),
        ("/operator overdue", "/operator?overdue=1"),
        ("/operator overdue soon", "/operator?soon=1"),
        ("/operator mine", "/operator?mine=1&status=all"),
        ("/operator page 50", "/operator?status=all&page=50"),
        ("/operator/tickets/{id}", "/operator/tickets/{id}"),
        ("/operator/intake", "/operator/intake"),
        ("/supervisor (30 days)", "/supervisor"),
        ("/supervisor (90 days, one dept)", "/supervisor?from={d90}&department=620422-minzheng"),
        ("/chat", "/chat"),
        ("/chat/lookup", "/chat/lookup"),
    ]
    today = datetime.now(UTC).date()
    rng = random.Random(1)
    results = []
    for name, template in pages:
        times = []
        for _ in range(requests):
            i = rng.randint(1, tickets)
            path = template.format(id=i, d90=today - timedelta(days=89), number="x", last4="0")
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        results.append((name, statistics.median(times), p95, times[-1]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--keep", type=Path, help="build the database in this directory and keep it"
    )
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="pages-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "bench.db"
    url = f"sqlite:///{db}"
    os.environ.setdefault("JWT_SECRET", "bench-secret-" + "z" * 32)
    if not db.exists():
        started = time.perf_counter()
        build_database(url, args.tickets)
        print(f"built {args.tickets} tickets in {time.perf_counter() - started:.1f} s ({db})")
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = start_server(url, port)
    try:
        rows = time_pages(f"http://127.0.0.1:{port}", args.requests, args.tickets)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{'page':<36} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for name, median, p95, worst in rows:
        print(f"{name:<36} {median:>10.1f} {p95:>8.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
