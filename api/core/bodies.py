"""Requests are judged before their body is read (issue #12, item 9 of the probe).

``GuardBodiesMiddleware`` (pure ASGI, inside the request id and the security headers):

1. a request that changes something (POST, PUT, PATCH, DELETE) to a route that needs a login is
   answered at once — 401 for the API without a valid bearer token, 303 to the login page for a
   page without a valid session cookie — before a byte of its body is read (the token's
   signature and expiry are checked here, the account itself by the route's dependency);
2. a declared ``Content-Length`` over the limit is answered 413 at once;
3. a body sent without a length (chunked) is counted as it streams in and cut off with 413 the
   moment it passes the limit.

The limits are Settings fields: ``MAX_BODY_BYTES`` for everything, ``MAX_UPLOAD_BYTES`` for the
bulk import's upload.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse

from api.core.config import get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Routes that take a body without a login: the token and login forms, the public estimate.
PUBLIC_WRITES = {"/api/v1/auth/token", "/api/v1/estimate", "/login", "/logout"}
UPLOAD_PATHS = {"/operator/import"}
SESSION_COOKIE = "hotline_session"  # api.web.session.COOKIE (api.core may not import api.web)


def too_large_message(limit: int) -> str:
    if limit >= 1024 * 1024:
        size = f"{limit / (1024 * 1024):.0f} MB"
    else:
        size = f"{max(1, limit // 1024)} KB"
    return f"请求内容过大（上限 {size}），未作处理；文件请分批导入，文字请精简后重试"


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit. An HTTPException, so that
    FastAPI's body parsing passes it on as it is (any other error becomes a 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=too_large_message(limit))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _token_valid(token: str) -> bool:
    from api.core.errors import ApiError
    from api.core.security import decode_access_token

    try:
        decode_access_token(token)
    except ApiError:
        return False
    return True


def _bearer(scope: Scope) -> str | None:
    auth = _header(scope, b"authorization") or ""
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _cookie(scope: Scope) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    try:
        jar = SimpleCookie()
        jar.load(raw)
    except Exception:  # noqa: BLE001 - a malformed cookie header is no login
        return None
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel is not None else None


def needs_login(path: str) -> bool:
    return path not in PUBLIC_WRITES and (
        path.startswith("/api/") or path.startswith("/operator") or path.startswith("/supervisor")
    )


class GuardBodiesMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method", "GET").upper() not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        refusal = self._refuse_unauthenticated(scope, path)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        settings = get_settings()
        limit = settings.max_upload_bytes if path in UPLOAD_PATHS else settings.max_body_bytes
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0:
                await JSONResponse({"detail": "Content-Length 无效"}, status_code=400)(
                    scope, receive, send
                )
                return
            if length > limit:
                await self._too_large(limit)(scope, receive, send)
                return

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._too_large(limit)(scope, receive, send)

    @staticmethod
    def _too_large(limit: int) -> JSONResponse:
        return JSONResponse(
            {"detail": too_large_message(limit)},
            status_code=413,
            headers={"Connection": "close"},
        )

    @staticmethod
    def _refuse_unauthenticated(scope: Scope, path: str):
        if not needs_login(path):
            return None
        if path.startswith("/api/"):
            token = _bearer(scope)
            if token and _token_valid(token):
                return None
            detail = "需要登录" if not token else "登录凭证无效或已过期，请重新登录"
            return JSONResponse(
                {"detail": detail},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer", "Connection": "close"},
            )
        token = _cookie(scope)
        if token and _token_valid(token):
            return None
        return RedirectResponse("/login", status_code=303, headers={"Connection": "close"})
