"""Bulk import throughput against the NLU's own: rows/s of /operator/import beside raw
/model/parse/s of the same Rasa model at the same concurrency, in one run.

Starts a Rasa server on the trained model (models/hotline.tar.gz; `bash scripts/train.sh` builds
it) and the ticket API with the pages on a throw-away SQLite database, then:
1. raw: POST /model/parse of every text, CONCURRENCY at a time, straight to Rasa;
2. import: the same texts as a CSV through the page's own calls (upload, then the rows in chunks
   of 25, one chunk after the other like static/import.js), the server triaging IMPORT_CONCURRENCY
   rows of a chunk at once (NLU parse, estimate and write overlapped, writes batched);
3. raw again (the machine is shared: the mean of both raw runs is the reference).
Texts are real-length 留言 (200–600 characters) made of the held-out test set's sentences
(nlu_data/test/nlu_test.yml) of one intent, with a place and a phone number.

    .venv/bin/python bench/import_bench.py [--rows 200] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "bench"))

from api_bench import PASSWORD, free_port, prepare_database  # noqa: E402
from load_bench import Server, load_average, start_server  # noqa: E402
from texts12345 import texts  # noqa: E402

MODEL = REPO_ROOT / "models" / "hotline.tar.gz"
CHUNK = 25


def start_rasa(env: dict[str, str], log: Path) -> Server:
    import subprocess

    port = free_port()
    cmd = [str(REPO_ROOT / ".venv-bot/bin/rasa"), "run", "--enable-api", "--interface", "127.0.0.1",
           "--port", str(port), "--model", str(MODEL)]  # fmt: skip
    popen = subprocess.Popen(
        cmd, cwd=REPO_ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    server = Server("rasa", f"http://127.0.0.1:{port}", popen)
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise RuntimeError(f"rasa exited; see {log}")
        try:
            if httpx.get(f"{server.url}/status", timeout=5).status_code == 200:
                httpx.post(f"{server.url}/model/parse", json={"text": "你好"}, timeout=120)
                return server
        except httpx.HTTPError:
            pass
        time.sleep(2)
    server.stop()
    raise RuntimeError("rasa did not start")


def raw_parse(rasa: Server, items: list[str], concurrency: int) -> float:
    with httpx.Client(base_url=rasa.url, timeout=120) as client:

        def parse(text: str) -> None:
            client.post("/model/parse", json={"text": text}).raise_for_status()

        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(parse, items))
        return len(items) / (time.perf_counter() - started)


def run_import(api: Server, items: list[str]) -> tuple[float, dict[str, int]]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["来电时间", "来电号码", "诉求内容"])
    for i, text in enumerate(items):
        writer.writerow([f"2026-11-23 09:{i // 60 % 60:02d}:{i % 60:02d}", "", text])
    content = buffer.getvalue().encode("utf-8")
    with httpx.Client(base_url=api.url, timeout=600) as client:
        login_page = client.get("/login").text  # sets the login form's CSRF cookie
        login_csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', login_page)[1]
        logged_in = client.post(
            "/login",
            data={"username": "bench-operator", "password": PASSWORD, "csrf": login_csrf},
        )
        assert logged_in.status_code in (200, 303), logged_in.text
        page = client.get("/operator/import").text
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)[1]
        upload = client.post(
            "/operator/import", data={"csrf": csrf}, files={"file": ("export.csv", content)}
        )
        token = re.search(r'data-token="([0-9a-f]{32})"', upload.text)[1]
        mapping = {"time": 0, "phone": 1, "text": 2, "place": None}
        counts: dict[str, int] = {}
        started = time.perf_counter()
        for start in range(0, len(items), CHUNK):
            body = {"csrf": csrf, "start": start, "count": min(CHUNK, len(items) - start),
                    "mapping": mapping, "default_locality": "620422"}  # fmt: skip
            answer = client.post(f"/operator/import/{token}/rows", json=body)
            answer.raise_for_status()
            for result in answer.json()["results"]:
                counts[result["outcome"]] = counts.get(result["outcome"], 0) + 1
        return len(items) / (time.perf_counter() - started), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    if not MODEL.exists():
        print(f"skipped: no trained model at {MODEL} (bash scripts/train.sh)")
        return
    tmp = Path(tempfile.mkdtemp(prefix="hotline-import-"))
    url = f"sqlite:///{tmp}/bench.db"
    prepare_database(url)
    from api.auth.models import Role
    from api.auth.service import ensure_user
    from api.core.database import write_session

    with write_session() as session:
        ensure_user(session, "bench-operator", PASSWORD, Role.operator, "620422-hotline")
        session.commit()
    env = {**os.environ, "DATABASE_URL": url, "JWT_SECRET": "bench-secret-" + "y" * 32,
           "SECRETS_FILE": str(tmp / "secrets.env"), "HOTLINE_DATA_DIR": str(tmp),
           "PYTHONPATH": str(REPO_ROOT), "RASA_TELEMETRY_ENABLED": "false",
           "TF_CPP_MIN_LOG_LEVEL": "2", "IMPORT_CONCURRENCY": str(args.concurrency)}  # fmt: skip
    items = texts(args.rows)
    lengths = sorted(len(t) for t in items)
    servers: list[Server] = []
    try:
        rasa = start_rasa(env, tmp / "rasa.log")
        servers.append(rasa)
        env["RASA_URL"] = rasa.url
        api = start_server("api", "api.main:app", env, 1, False, tmp / "api.log")
        servers.append(api)
        raw_parse(rasa, items[:20], args.concurrency)  # warm-up
        load_before = load_average()
        raw1 = raw_parse(rasa, items, args.concurrency)
        rows, counts = run_import(api, items)
        raw2 = raw_parse(rasa, items, args.concurrency)
        load_after = load_average()
    finally:
        for server in reversed(servers):
            server.stop()
    raw = (raw1 + raw2) / 2
    print(
        f"{args.rows} texts of {lengths[0]}–{lengths[-1]} characters (median "
        f"{lengths[len(lengths) // 2]}); concurrency {args.concurrency}; cores {os.cpu_count()}; "
        f"load average {load_before} → {load_after}"
    )
    print(f"raw /model/parse     {raw:6.1f}/s  (runs: {raw1:.1f}, {raw2:.1f})")
    print(
        f"bulk import rows     {rows:6.1f}/s  = {rows / raw:.0%} of raw parse;  outcomes {counts}"
    )


if __name__ == "__main__":
    main()
