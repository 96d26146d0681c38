"""A ticket API with the web pages on a free port and a throw-away SQLite database."""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.servers import ROOT, VENV, free_port

PASSWORD = "web-test-password"
# username -> (role, department)
PEOPLE = {
    "assistant": ("assistant", None),
    "operator": ("operator", "620422-hotline"),
    "supervisor": ("supervisor", "620422-hotline"),
    "minzheng": ("handler", "620422-minzheng"),
    "yibao": ("handler", "620422-yibao"),
}


def output_dir() -> Path:
    out = Path(os.environ.get("TEST_OUTPUT", ROOT / "test-output")) / "web"
    out.mkdir(parents=True, exist_ok=True)
    return out


@dataclass
class WebServer:
    url: str
    env: dict[str, str]
    popen: subprocess.Popen

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()


def seed_people(env: dict[str, str], people: dict[str, tuple[str, str | None]] = PEOPLE) -> None:
    """Create (or reset) the test people with PASSWORD."""
    script = (
        "from api.auth.models import Role\n"
        "from api.auth.service import ensure_user\n"
        "from api.core.database import write_session\n"
        "with write_session() as s:\n"
        f"    for name, (role, dept) in {people!r}.items():\n"
        f"        ensure_user(s, name, {PASSWORD!r}, Role(role), dept, name)\n"
        "    s.commit()\n"
    )
    subprocess.run(
        [str(VENV / "python"), "-c", script], cwd=ROOT, env=env, check=True, capture_output=True
    )


def start_web_server(data_dir: Path, rasa_url: str | None = None) -> WebServer:
    """Init a fresh database in data_dir, seed the people, start uvicorn, wait for health."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOTLINE_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'hotline.db'}",
        "SECRETS_FILE": str(data_dir / "secrets.env"),
        "JWT_SECRET": "web-test-secret-" + "y" * 32,
        "SWEEP_INTERVAL_SECONDS": "0",
        # Nothing listens there unless a test passes a real Rasa.
        "RASA_URL": rasa_url or f"http://127.0.0.1:{free_port()}",
    }
    subprocess.run(
        [str(VENV / "python"), "-m", "api.cli", "init"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    seed_people(env)
    log = (output_dir() / "api.log").open("ab")
    popen = subprocess.Popen(
        [str(VENV / "uvicorn"), "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return WebServer(url, env, popen)
        except httpx.HTTPError:
            pass
        if popen.poll() is not None:
            break
        time.sleep(0.3)
    popen.kill()
    raise RuntimeError("the API did not start; see test-output/web/api.log")


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login_csrf(client: httpx.Client) -> str:
    """The login form's CSRF token (the page also sets its cookie on the client)."""
    page = client.get("/login")
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert match, "no CSRF token on the login page"
    return match.group(1)


def login(client: httpx.Client, username: str, password: str = PASSWORD) -> httpx.Response:
    data = {"username": username, "password": password, "csrf": login_csrf(client)}
    return client.post("/login", data=data)


def transition(client: httpx.Client, ticket_id: int, action: str, **fields) -> httpx.Response:
    """One transition through the API with the version the caller sees now (required)."""
    version = client.get(f"/api/v1/tickets/{ticket_id}").json()["version"]
    return client.post(
        f"/api/v1/tickets/{ticket_id}/transitions",
        json={"action": action, "version": version, **fields},
    )


def api_client(server: Any, username: str) -> httpx.Client:
    """An API client logged in as one of PEOPLE (bearer token)."""
    token = httpx.post(
        f"{server.url}/api/v1/auth/token", data={"username": username, "password": PASSWORD}
    ).json()["access_token"]
    return httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


def file_order(client: httpx.Client, key: str, phone: str, **body: Any) -> dict:
    """Files a chat order (a 低保 request of 会宁县 unless ``body`` says otherwise); asserts 201."""
    data = {
        "channel": "chat",
        "text": "我想申请低保，家里三口人，没有收入",
        "locality": "620422",
        "category": "request_dibao",
        "contact_phone": phone,
        **body,
    }
    response = client.post("/api/v1/tickets", json=data, headers={"Idempotency-Key": key})
    assert response.status_code == 201, response.text
    return response.json()
