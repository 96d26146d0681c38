"""Load benchmark of the ticket API against a bare FastAPI app with the same routes.

Starts the project's API (`uvicorn api.main:app`, on a fresh database: a temporary SQLite file, or
--database-url, e.g. postgresql+psycopg://postgres@127.0.0.1:55432/hotline_bench from scripts/services.sh, which is wiped)
and the bare app (bench/bare_app.py: same routes and shapes, an in-memory dict) with the same
number of workers, drives both with the same client (wrk, bench/load_*.lua) at 8, 32 and 64
connections — creates (`POST /api/v1/tickets`, each with its own Idempotency-Key and caller) and
reads of one order (`GET /api/v1/tickets/{id}`, with events and deadlines) — and prints each
figure beside the bare one's and as a ratio. Each pair runs back to back, so both see the same
machine; the load average is printed beside each.

Creates are checked against the database: every id of a 2xx answer is a stored order, no two
answers share an order, and every stored order of the run has its key (an order can be stored and
not answered only when the client stopped while it was in flight: counted, at most one per
connection).

    .venv/bin/python bench/load_bench.py [--duration 10] [--connections 8,32,64] [--workers 1]
                                         [--database-url URL] [--access-log]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH = REPO_ROOT / "bench"
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(BENCH))

from api_bench import PASSWORD, free_port, prepare_database  # noqa: E402

READ_TARGETS = 500
TIMEOUT = 10  # seconds: an answer later than this counts as an error (the client gives up)  # orders created before the runs; the bare app seeds as many


@dataclass
class Server:
    name: str
    url: str
    popen: subprocess.Popen

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (master and workers)."""
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.popen.pid:  # process group (start_new_session)
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)


def start_server(
    name: str, app: str, env: dict[str, str], workers: int, access_log: bool, log: Path
) -> Server:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers)]  # fmt: skip
    if not access_log:
        cmd += ["--no-access-log"]
    popen = subprocess.Popen(
        cmd, cwd=REPO_ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    server = Server(name, f"http://127.0.0.1:{port}", popen)
    for _ in range(600):
        if popen.poll() is not None:
            raise RuntimeError(f"{name} exited; see {log}")
        try:
            if httpx.get(f"{server.url}/api/v1/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{name} did not start; see {log}")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def wrk(
    script: str, server: Server, connections: int, duration: float, args: list[str], out: Path
) -> dict:
    threads = min(2, connections)
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration:g}s",
           "--timeout", f"{TIMEOUT}s", "-s", str(BENCH / script), server.url, "--", *args, str(out)]  # fmt: skip
    cpu = server.cpu_seconds()
    done = subprocess.run(cmd, capture_output=True, text=True)
    cpu = server.cpu_seconds() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stdout}{done.stderr}")
    result = json.loads(out.read_text())
    seconds = result["duration_us"] / 1e6
    result["rate"] = result["ok"] / seconds
    result["cpu_ms"] = cpu * 1000 / max(result["answers"], 1)
    result["errors"] = (
        result["busy"] + result["other"] + result["socket_errors"] + result["timeouts"]
    )
    return result


def check_rows(database_url: str, run: str, out: Path) -> dict:
    """The run's orders in the database against the ids the client got in 2xx answers."""
    from sqlalchemy import create_engine, text

    answered = [int(x) for x in out.with_suffix(out.suffix + ".ids").read_text().split()]
    engine = create_engine(database_url)
    with engine.connect() as conn:
        keyed = (
            conn.execute(
                text("SELECT ticket_id FROM idempotency_keys WHERE key LIKE :run"),
                {"run": f"{run}-%"},
            )
            .scalars()
            .all()
        )
        numbers = conn.execute(
            text(
                "SELECT count(*), count(DISTINCT t.number) FROM tickets t "
                "JOIN idempotency_keys k ON k.ticket_id = t.id WHERE k.key LIKE :run"
            ),
            {"run": f"{run}-%"},
        ).one()
    engine.dispose()
    stored = set(keyed)
    return {
        "answered": len(answered),
        "stored": len(stored),
        "lost": len(set(answered) - stored),  # answered 2xx, not in the database
        "duplicated": len(answered) - len(set(answered)) + (numbers[0] - numbers[1]),
        "unanswered": len(stored - set(answered)),  # in flight when the client stopped
    }


def api_tokens(url: str) -> dict[str, str]:
    tokens = {}
    for user in ("bench-assistant", "bench-supervisor"):
        r = httpx.post(f"{url}/api/v1/auth/token", data={"username": user, "password": PASSWORD})
        r.raise_for_status()
        tokens[user] = r.json()["access_token"]
    return tokens


def seed_orders(url: str, token: str, n: int) -> list[int]:
    ids = []
    with httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {token}"}) as c:
        for i in range(n):
            r = c.post(
                "/api/v1/tickets",
                headers={"Idempotency-Key": f"seed-{i}"},
                json={
                    "channel": "phone",
                    "text": f"读取样本 {i}：家里生活困难，想申请救助。",
                    "locality": "620422",
                    "category": ["request_dibao", "request_medical", "request_temporary"][i % 3],
                    "contact_phone": f"136{i:08d}",
                    "household": {
                        "locality": "620422",
                        "members": [{"relation": "self", "age": 50}],
                    },
                },
            )
            r.raise_for_status()
            ids.append(r.json()["id"])
    return ids


def fmt(result: dict) -> str:
    return (
        f"{result['rate']:6.0f}/s p99 {result['p99_us'] / 1000:6.1f} ms "
        f"cpu {result['cpu_ms']:4.1f} ms err {result['errors']:<3d}"
    )


def run(args: argparse.Namespace) -> int:
    if shutil.which("wrk") is None:
        print("skipped: the load client is wrk (apt-get install -y wrk)")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="hotline-load-"))
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    prepare_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "JWT_SECRET": "bench-secret-" + "y" * 32,
        "SECRETS_FILE": str(tmp / "secrets.env"),
        "HOTLINE_DATA_DIR": str(tmp),
        "PYTHONPATH": str(REPO_ROOT),
    }
    log = tmp / "servers.log"
    servers = []
    failures = []
    try:
        bare = start_server("bare", "bench.bare_app:app", env, args.workers, args.access_log, log)
        servers.append(bare)
        api = start_server("api", "api.main:app", env, args.workers, args.access_log, log)
        servers.append(api)
        tokens = api_tokens(api.url)
        targets = ",".join(
            str(i) for i in seed_orders(api.url, tokens["bench-assistant"], READ_TARGETS)
        )
        bare_targets = ",".join(str(i) for i in range(1, READ_TARGETS + 1))
        run_id = uuid.uuid4().hex[:8]
        out = tmp / "wrk.json"
        # Warm both up (imports, caches, connection pools).
        for server, read_ids in ((bare, bare_targets), (api, targets)):
            wrk(
                "load_create.lua",
                server,
                8,
                2,
                [f"warm{run_id}", tokens["bench-assistant"]],
                out,
            )
            wrk("load_read.lua", server, 8, 2, [tokens["bench-supervisor"], read_ids], out)
        print(f"database: {'PostgreSQL' if url.startswith('postgresql') else 'SQLite (WAL)'}; "
              f"workers {args.workers}; {args.duration:g} s per run; cores {os.cpu_count()}; "
              f"access log {'on' if args.access_log else 'off'}")  # fmt: skip
        print(f"{'':12s}{'bare FastAPI':42s}{'ticket API':42s}{'ratio':>5s}  load average    rows")
        for connections in args.connections:
            for op in ("create", "read"):
                load = load_average()
                if op == "create":
                    tag = f"{run_id}c{connections}"
                    b = wrk(
                        "load_create.lua",
                        bare,
                        connections,
                        args.duration,
                        [f"b{tag}", "-"],
                        out,
                    )
                    a = wrk("load_create.lua", api, connections, args.duration,
                            [f"a{tag}", tokens["bench-assistant"]], out)  # fmt: skip
                    rows = check_rows(url, f"a{tag}", out)
                    rows_text = (f"{rows['stored']} stored / {rows['answered']} 2xx, lost {rows['lost']}, "
                                 f"dup {rows['duplicated']}, in flight {rows['unanswered']}")  # fmt: skip
                    if rows["lost"] or rows["duplicated"] or rows["unanswered"] > connections:
                        failures.append(f"create at {connections}: {rows_text}")
                else:
                    b = wrk(
                        "load_read.lua",
                        bare,
                        connections,
                        args.duration,
                        ["-", bare_targets],
                        out,
                    )
                    a = wrk("load_read.lua", api, connections, args.duration,
                            [tokens["bench-supervisor"], targets], out)  # fmt: skip
                    rows_text = ""
                ratio = a["rate"] / b["rate"] if b["rate"] else 0.0
                print(f"{op:6s} c={connections:<3d}  {fmt(b)}  {fmt(a)}  {ratio:5.0%}  {load}  {rows_text}",
                      flush=True)  # fmt: skip
                if a["errors"]:
                    failures.append(f"{op} at {connections}: {a['errors']} errors")
    finally:
        for server in reversed(servers):
            server.stop()
    for failure in failures:
        print("FAILED:", failure)
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print("kept", tmp)
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument(
        "--connections", type=lambda s: [int(x) for x in s.split(",")], default=[8, 32, 64]
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="default: 1 on SQLite, 2 on PostgreSQL"
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--access-log", action="store_true", help="uvicorn's access log on (both apps)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (logs, database)"
    )
    args = parser.parse_args()
    if args.workers is None:
        args.workers = 2 if (args.database_url or "").startswith("postgresql") else 1
    sys.exit(run(args))


if __name__ == "__main__":
    main()
