"""Security headers on every answer of the service (pages, API, static files, errors).

The pages' Content-Security-Policy: scripts only from this origin (``/static/...`` and
``/static/vendor/...``; no inline script runs — the dashboard's chart data is a JSON block, not
a script), styles from this origin plus the inline styles the chat widget injects, and connections
to this origin and to Rasa's socket.io channel (RASA_PUBLIC_URL, http(s) and ws(s)). No framing
(``frame-ancestors 'none'`` and X-Frame-Options DENY), no plugins, forms post only here. The API's
own documentation pages (/docs, /redoc) load Swagger UI from its CDN and get a policy of their own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from api.core.config import get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DOC_PATHS = ("/docs", "/redoc")
DOCS_CDN = "https://cdn.jsdelivr.net"


def _socket_sources(url: str) -> list[str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    socket = "wss" if parts.scheme == "https" else "ws"
    return [f"{parts.scheme}://{parts.netloc}", f"{socket}://{parts.netloc}"]


def page_policy(rasa_url: str) -> str:
    connect = " ".join(["'self'", *_socket_sources(rasa_url)])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src {connect}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def docs_policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'unsafe-inline' {DOCS_CDN}",
            f"style-src 'self' 'unsafe-inline' {DOCS_CDN}",
            "img-src 'self' data: https://fastapi.tiangolo.com",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    settings = get_settings()
    return _headers(path.startswith(DOC_PATHS), settings.browser_rasa_url, settings.cookie_secure)


@lru_cache(maxsize=16)
def _headers(docs: bool, rasa_url: str, cookie_secure: bool) -> list[tuple[bytes, bytes]]:
    """The headers of the documentation pages or of everything else, built once per setting
    (do not modify the list)."""
    policy = docs_policy() if docs else page_policy(rasa_url)
    headers = {
        "content-security-policy": policy,
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
        "cross-origin-opener-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if cookie_secure:
        headers["strict-transport-security"] = "max-age=31536000"
    return [(name.encode(), value.encode()) for name, value in headers.items()]


class SecurityHeadersMiddleware:
    """Adds the headers to every response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in extra if name not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
