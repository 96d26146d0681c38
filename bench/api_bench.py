"""Benchmark of the ticket service: creates/s, reads/s and latency percentiles over HTTP.

Starts `uvicorn api.main:app` on a free port against a fresh database (a temporary SQLite file
by default, or --database-url, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/hotline_bench,
which is wiped first), sets it up like `api.cli init`, then drives it with concurrent clients.

    .venv/bin/python bench/api_bench.py [--creates 500] [--reads 2000] [--concurrency 8]
                                        [--workers 1] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

PASSWORD = "bench-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import create_engine, text

    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    from api.auth.models import Role
    from api.auth.service import ensure_user
    from api.cli import migrate
    from api.core.database import reset_engine_cache, write_session
    from api.departments.service import load_data_files

    migrate()
    with write_session() as session:
        load_data_files(session)
        ensure_user(session, "bench-assistant", PASSWORD, Role.assistant)
        ensure_user(session, "bench-supervisor", PASSWORD, Role.supervisor, "620422-hotline")
        session.commit()
    reset_engine_cache()


def percentile(values: list[float], q: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def report(name: str, latencies: list[float], wall: float, errors: int) -> None:
    ms = [x * 1000 for x in latencies]
    print(
        f"{name:8s} n={len(ms):5d}  {len(ms) / wall:7.1f}/s  "
        f"median {statistics.median(ms):6.1f} ms  p90 {percentile(ms, 90):6.1f} ms  "
        f"p99 {percentile(ms, 99):6.1f} ms  max {max(ms):6.1f} ms  errors {errors}"
    )


def run(args: argparse.Namespace) -> None:
    tmp = tempfile.mkdtemp(prefix="hotline-bench-")
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    prepare_database(url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "JWT_SECRET": "bench-secret-" + "y" * 32,
        "PYTHONPATH": str(REPO_ROOT),
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.main:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "--workers",
        str(args.workers),
    ]
    server = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not start")
        tokens = {}
        for user in ("bench-assistant", "bench-supervisor"):
            r = httpx.post(
                f"{base}/api/v1/auth/token", data={"username": user, "password": PASSWORD}
            )
            r.raise_for_status()
            tokens[user] = {"Authorization": f"Bearer {r.json()['access_token']}"}

        clients = [httpx.Client(base_url=base, timeout=30) for _ in range(args.concurrency)]
        categories = ["request_dibao", "request_medical", "request_education", "request_housing"]

        def create(i: int) -> tuple[float, bool, int | None]:
            body = {
                "channel": "chat",
                "text": f"压测工单 {i}：家里生活困难，想申请救助。",
                "locality": "620422",
                "category": categories[i % len(categories)],
                "contact_phone": f"137{i:08d}",
                "urgency": "normal",
                "household": {"locality": "620422", "members": [{"relation": "self", "age": 40}]},
            }
            headers = {**tokens["bench-assistant"], "Idempotency-Key": f"bench-{i}"}
            t0 = time.perf_counter()
            r = clients[i % args.concurrency].post("/api/v1/tickets", json=body, headers=headers)
            return (
                time.perf_counter() - t0,
                r.status_code == 201,
                (r.json()["id"] if r.status_code == 201 else None),
            )

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            results = list(pool.map(create, range(args.creates)))
        wall = time.perf_counter() - t0
        ids = [r[2] for r in results if r[2] is not None]
        report("create", [r[0] for r in results], wall, sum(not r[1] for r in results))

        def read(i: int) -> tuple[float, bool]:
            ticket_id = ids[(i * 7919) % len(ids)]
            t0 = time.perf_counter()
            r = clients[i % args.concurrency].get(
                f"/api/v1/tickets/{ticket_id}", headers=tokens["bench-supervisor"]
            )
            return time.perf_counter() - t0, r.status_code == 200

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            results = list(pool.map(read, range(args.reads)))
        wall = time.perf_counter() - t0
        report("read", [r[0] for r in results], wall, sum(not r[1] for r in results))

        def listing(i: int) -> tuple[float, bool]:
            t0 = time.perf_counter()
            r = clients[i % args.concurrency].get(
                "/api/v1/tickets?limit=20&category=request_dibao",
                headers=tokens["bench-supervisor"],
            )
            return time.perf_counter() - t0, r.status_code == 200

        n_list = max(args.reads // 10, 20)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            results = list(pool.map(listing, range(n_list)))
        wall = time.perf_counter() - t0
        report("list20", [r[0] for r in results], wall, sum(not r[1] for r in results))
        for c in clients:
            c.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--creates", type=int, default=500)
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(
        f"database: {'sqlite (temporary file)' if not args.database_url else args.database_url}; "
        f"workers {args.workers}; concurrency {args.concurrency}; cores {os.cpu_count()}"
    )
    run(args)


if __name__ == "__main__":
    main()
