"""Fixtures for the action tests: a real local HTTP server speaking the ticket API contract,
real rasa_sdk Trackers and CollectingDispatchers, and an isolated outbox per test."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.actions import filing

DOMAIN_PATH = Path(__file__).resolve().parents[2] / "bot" / "domain.yml"


@dataclass
class FakeTicketApi:
    """State of the fake API: what it received, and whether it is 'down' (answers 503)."""

    username: str = "assistant"
    password: str = "s3cret"
    down: bool = False
    dated_deadlines: bool = True  # the real API dates them only once dispatched
    lookups_limited: bool = False  # the real API answers 429 after too many wrong-digit guesses
    refuse_households: bool = False  # answer 422 to any order that carries household facts
    tickets: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> ticket
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def create(self, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if key in self.tickets:
            return 200, self.tickets[key]
        number = f"12345-20261123-{len(self.tickets) + 1:06d}"
        ticket = {
            "id": len(self.tickets) + 1,
            "number": number,
            "status": "registered",
            "status_name": "已登记",
            # the real API's 办结 limit for the category and urgency (api/calendar/time_limits.yaml)
            "reply_limit": "2小时" if body.get("urgency") == "urgent" else "3个工作日",
            "category": body["category"],
            "locality": body["locality"],
            "urgency": body.get("urgency", "normal"),
            "merged": False,
            "department": "620422-mz",
            "department_name": "会宁县民政局",
            "first_responder": {"user": "assistant", "department": "620422-mz"},
            "deadlines": {"accept": "2026-11-24T09:30:00Z", "close": "2026-12-07T09:30:00Z"}
            if self.dated_deadlines
            else {"accept": None, "close": None},
            "body": body,
        }
        self.tickets[key] = ticket
        return 201, ticket


def _handler(api: FakeTicketApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _authorised(self) -> bool:
            return self.headers.get("Authorization") == "Bearer token-1"

        def do_POST(self) -> None:
            raw = self._body()
            if api.down:
                self._send(503, {"detail": "down"})
                return
            if self.path == "/api/v1/auth/token":
                form = urllib.parse.parse_qs(raw.decode())
                if form.get("username") == [api.username] and form.get("password") == [
                    api.password
                ]:
                    self._send(200, {"access_token": "token-1", "token_type": "bearer"})
                else:
                    self._send(401, {"detail": "用户名或密码错误"})
                return
            if self.path == "/api/v1/tickets":
                if not self._authorised():
                    self._send(401, {"detail": "未登录"})
                    return
                key = self.headers.get("Idempotency-Key")
                body = json.loads(raw)
                api.requests.append({"key": key, "body": body, "raw": raw})
                if not key:
                    self._send(422, {"detail": "缺少 Idempotency-Key"})
                    return
                if not {"channel", "text", "locality", "category"} <= body.keys():
                    self._send(422, {"detail": "字段不全"})
                    return
                if api.refuse_households and "household" in body:
                    self._send(422, {"detail": "家庭信息无效"})
                    return
                status, ticket = api.create(key, body)
                self._send(status, ticket)
                return
            self._send(404, {"detail": "not found"})

        def do_GET(self) -> None:
            if api.down:
                self._send(503, {"detail": "down"})
                return
            parsed = urllib.parse.urlsplit(self.path)
            if parsed.path == "/api/v1/departments":
                self._send(
                    200, [{"code": "620422-mz", "name": "会宁县民政局", "locality": "620422"}]
                )
                return
            prefix = "/api/v1/public/tickets/"
            if parsed.path.startswith(prefix) and api.lookups_limited:
                self._send(429, {"detail": "查询过于频繁"})
                return
            if parsed.path.startswith(prefix):
                number = urllib.parse.unquote(parsed.path[len(prefix) :])
                last4 = urllib.parse.parse_qs(parsed.query).get("phone_last4", [""])[0]
                for ticket in api.tickets.values():
                    phone = ticket["body"].get("contact_phone") or ""
                    if ticket["number"] == number and phone[-4:] == last4:
                        self._send(
                            200,
                            {
                                "number": number,
                                "status": "accepted",
                                "status_name": "承办中",
                                "department": "会宁县民政局",
                                "deadlines": ticket["deadlines"],
                            },
                        )
                        return
                self._send(404, {"detail": "未找到"})
                return
            self._send(404, {"detail": "not found"})

    return Handler


@pytest.fixture
def ticket_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTicketApi]:
    """A live fake API on a free port; the action code is pointed at it and a fresh outbox."""
    api = FakeTicketApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    secrets = tmp_path / "secrets.env"
    secrets.write_text(f"ASSISTANT_USERNAME={api.username}\nASSISTANT_PASSWORD={api.password}\n")
    monkeypatch.setenv("API_URL", api.url)
    monkeypatch.setenv("SECRETS_FILE", str(secrets))
    monkeypatch.delenv("ASSISTANT_USERNAME", raising=False)
    monkeypatch.delenv("ASSISTANT_PASSWORD", raising=False)
    monkeypatch.setenv("OUTBOX_DB", str(tmp_path / "outbox.db"))
    monkeypatch.setenv("OUTBOX_RETRY_SECONDS", "3600")  # tests drive retries themselves
    monkeypatch.setenv("OUTBOX_BACKOFF_SECONDS", "0")  # and need no back-off between them
    monkeypatch.setenv("API_TIMEOUT_SECONDS", "2")
    filing.reset_services()
    yield api
    filing.reset_services()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load(DOMAIN_PATH.read_text(encoding="utf-8"))
