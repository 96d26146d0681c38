"""What every HTTP request goes through first: a request id, load shedding, and the last-resort
answer to an unexpected error.

- The request id (the caller's `X-Request-ID` when it is a plain token, else a new one) is bound
  to the logging context, so every log line of the request carries it — the service's own,
  SQLAlchemy's and uvicorn's access line — and it is sent back in `X-Request-ID`.
- More than MAX_REQUESTS_IN_PROGRESS requests in progress in this worker: the next ones are
  answered 503 with Retry-After at once, instead of queueing until the client gives up; the
  service recovers by itself as soon as the requests in progress finish. The health check is
  never refused.
- An exception nothing else handled is logged with its traceback (masked, like every log line)
  and answered 500 with the request id, which the operator finds in the log.
"""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
from typing import Any

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("api.requests")

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
NEVER_SHED = frozenset({"/api/v1/health"})
BUSY = "服务繁忙，请稍后重试"
FAILED = "服务器内部错误，请稍后重试；如需反馈，请提供请求编号"


def new_request_id() -> str:
    """16 hex digits: an identifier, not a secret, so the process's own generator (reseeded in
    every worker) rather than a system call for random bytes on every request."""
    return f"{random.getrandbits(64):016x}"


def request_id_of(scope: Scope) -> str | None:
    return scope.get("state", {}).get("request_id")


class Admission:
    """The count of requests in progress in this worker and the limit beyond which new ones are
    refused (shared by the event loop and, in tests, several loops: hence the lock)."""

    def __init__(self, limit: int, retry_after: int) -> None:
        self.limit = limit
        self.retry_after = retry_after
        self.in_progress = 0
        self._lock = threading.Lock()
        self._last_warning = 0.0

    def enter(self) -> bool:
        with self._lock:
            if self.in_progress >= self.limit:
                return False
            self.in_progress += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self.in_progress -= 1

    def should_warn(self) -> bool:
        """At most one overload warning a second (a flood of them would add to the load)."""
        now = time.monotonic()
        if now - self._last_warning >= 1.0:
            self._last_warning = now
            return True
        return False


async def send_json(
    send: Send, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> None:
    content = json.dumps(body, ensure_ascii=False).encode()
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(content)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": content})


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, admission: Admission) -> None:
        self.app = app
        self.admission = admission

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), ""
        )
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        bound = structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self._handle(scope, receive, send, request_id)
        finally:
            structlog.contextvars.reset_contextvars(**bound)

    async def _handle(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        admission = self.admission
        shed = scope["path"] not in NEVER_SHED
        if shed and not admission.enter():
            if admission.should_warn():
                log.warning(
                    "overloaded: %d requests in progress, answering 503", admission.in_progress
                )
            await send_json(
                send,
                503,
                {"detail": BUSY, "request_id": request_id},
                {"Retry-After": str(admission.retry_after), REQUEST_ID_HEADER: request_id},
            )
            return
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error in %s %s", scope.get("method"), scope["path"])
            if not started:
                await send_json(
                    send,
                    500,
                    {"detail": FAILED, "request_id": request_id},
                    {REQUEST_ID_HEADER: request_id},
                )
        finally:
            if shed:
                admission.leave()
