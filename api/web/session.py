"""Page login: the API's JWT in an HttpOnly, SameSite=Strict cookie, plus a CSRF token.

No second auth system: the cookie holds the same access token `POST /api/v1/auth/token` issues,
and is checked by the same decoder and user lookup as the bearer header. Every POST form carries
a CSRF token derived from the token (HMAC with the JWT secret), checked on arrival.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import quote

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from api.auth.deps import Principal, principal_for_token
from api.auth.models import Role
from api.core.config import get_settings
from api.core.errors import ApiError

COOKIE = "hotline_session"
STAFF = (Role.operator, Role.handler, Role.supervisor)


def login_redirect(next_path: str) -> HTTPException:
    """Answered by FastAPI as a 303 to the login page (then back to `next_path`)."""
    location = f"/login?next={quote(next_path, safe='/')}"
    return HTTPException(status_code=303, detail="需要登录", headers={"Location": location})


def forbidden(message: str) -> HTTPException:
    return HTTPException(status_code=403, detail=message)


def csrf_token(token: str) -> str:
    secret = get_settings().jwt_secret.encode()
    return hmac.new(secret, b"csrf:" + token.encode(), hashlib.sha256).hexdigest()[:40]


LOGIN_CSRF_COOKIE = "hotline_login_csrf"


def secure_cookies(request: Request) -> bool:
    """The `Secure` flag: COOKIE_SECURE, or a request that arrived over HTTPS."""
    return get_settings().cookie_secure or request.url.scheme == "https"


def new_login_nonce() -> str:
    return secrets.token_hex(16)


def login_csrf_token(nonce: str) -> str:
    secret = get_settings().jwt_secret.encode()
    return hmac.new(secret, b"login-csrf:" + nonce.encode(), hashlib.sha256).hexdigest()[:40]


def login_csrf_ok(request: Request, submitted: str | None) -> bool:
    """The login form's token matches the nonce cookie the login page set (double submit, signed):
    another site can neither read the cookie nor make the token."""
    nonce = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not nonce or not submitted:
        return False
    return hmac.compare_digest(login_csrf_token(nonce), submitted)


def check_csrf(request: Request, submitted: str | None) -> None:
    token = request.cookies.get(COOKIE, "")
    if not token or not submitted or not hmac.compare_digest(csrf_token(token), submitted):
        raise forbidden("表单已过期或来源不明，请刷新页面后重试")


def principal_from_cookie(request: Request, session: Session) -> Principal | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        return principal_for_token(token)
    except ApiError:
        return None


def require_staff(request: Request, session: Session, *roles: Role) -> Principal:
    principal = principal_from_cookie(request, session)
    if principal is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise login_redirect(path)
    if principal.role not in (roles or STAFF):
        raise forbidden("当前账号无权访问此页面")
    return principal


def safe_next(path: str | None, default: str) -> str:
    """Only same-site absolute paths (no //host, no scheme) are followed after login."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return default
