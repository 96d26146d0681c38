"""64 concurrent creates against a real uvicorn process (the API as it is deployed, its own event
loop, thread pool and create writer) on the test database: every request is answered — 201, or
503 with Retry-After when the worker is full — none hangs, every answered order is stored once,
and the service takes requests again at once afterwards.

No timing is asserted: the timeouts are only bounds against a hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import PASSWORD, new_key, new_phone, ticket_body

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO_ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_SECONDS = 300
CONNECTIONS = 64


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=[256, 8], ids=["room-for-all", "admits-8"])
def server(request, database: str, tmp_path: Path) -> Iterator[str]:
    """`uvicorn api.main:app` on the test database; the parameter is MAX_REQUESTS_IN_PROGRESS
    (8: most of the 64 are refused with 503 at once)."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRETS_FILE": str(tmp_path / "secrets.env"),
        "HOTLINE_DATA_DIR": str(tmp_path),
        "MAX_REQUESTS_IN_PROGRESS": str(request.param),
        "PYTHONPATH": str(REPO_ROOT),
    }
    log = (tmp_path / "server.log").open("wb")
    popen = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log"],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + HANG_GUARD_SECONDS
        while True:
            assert popen.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield url
    finally:
        os.killpg(popen.pid, signal.SIGTERM)
        try:
            popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(popen.pid, signal.SIGKILL)
            popen.wait(timeout=30)
        log.close()


def test_64_concurrent_creates_on_a_real_server_succeed_or_get_503(server, client, tokens):
    token = httpx.post(
        f"{server}/api/v1/auth/token", data={"username": "assistant", "password": PASSWORD}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}

    def create(_i: int) -> httpx.Response:
        return httpx.post(
            f"{server}/api/v1/tickets",
            headers={**headers, "Idempotency-Key": new_key()},
            json=ticket_body(channel="chat", contact_phone=new_phone()),
            timeout=HANG_GUARD_SECONDS,
        )

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        futures = [pool.submit(create, i) for i in range(CONNECTIONS)]
        done, pending = wait(futures, timeout=HANG_GUARD_SECONDS)
    assert not pending, "some creates never answered"
    answers = [f.result() for f in done]
    assert {a.status_code for a in answers} <= {201, 503}, [a.text for a in answers]
    for refused in (a for a in answers if a.status_code == 503):
        assert refused.headers["Retry-After"].isdigit()
        assert refused.json()["request_id"] == refused.headers["X-Request-ID"]
    created = [a.json() for a in answers if a.status_code == 201]
    assert created, "not one create got through"
    assert len({t["id"] for t in created}) == len(created) == len({t["number"] for t in created})
    for ticket in created:  # every answered order is stored, as it was answered
        stored = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["supervisor"])
        assert stored.status_code == 200
        assert stored.json()["number"] == ticket["number"]
    # Recovered by itself: the next request goes through.
    assert create(0).status_code == 201
