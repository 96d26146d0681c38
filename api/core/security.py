"""Passwords (pwdlib, argon2) and access tokens (pyjwt)."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from datetime import timedelta

import jwt
from pwdlib import PasswordHash

from api.core.config import get_settings
from api.core.errors import ApiError, Unauthorized
from api.core.timeutil import utcnow


class NotInitialised(ApiError):
    status_code = 503


_password_hash = PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _password_hash.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    try:
        return _password_hash.verify(password, hashed)
    except Exception:  # malformed hash: treat as a wrong password
        return False


def _secret() -> str:
    secret = get_settings().jwt_secret
    if not secret:
        raise NotInitialised("服务尚未初始化（缺少 JWT_SECRET），请先运行 python -m api.cli init")
    return secret


def create_access_token(username: str, role: str) -> str:
    settings = get_settings()
    now = utcnow()
    payload = {
        "sub": username,
        "role": role,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=settings.access_token_minutes)).timestamp()),
    }
    return jwt.encode(payload, _secret(), algorithm=settings.jwt_algorithm)


class VerifiedTokens:
    """Tokens whose signature was checked, with their claims, each until its own expiry: the
    body guard (api.core.bodies) and the caller's lookup (api.auth.deps) of every request check
    the same token, and HMAC-verifying it twice a request costs more than the rest of a read.
    A token is the same bytes under the same secret, so its check cannot change before `exp`
    (a copy of the claims is handed out: callers may not change the remembered ones)."""

    MAX_ENTRIES = 20_000

    def __init__(self) -> None:
        self._items: dict[str, tuple[float, str, dict]] = {}
        self._lock = threading.Lock()

    def get(self, token: str, secret: str) -> dict | None:
        item = self._items.get(token)
        if item is None or item[0] <= time.time() or item[1] != secret:
            return None
        return item[2]

    def put(self, token: str, secret: str, claims: dict) -> None:
        with self._lock:
            if len(self._items) >= self.MAX_ENTRIES:
                self._items.clear()
            self._items[token] = (float(claims["exp"]), secret, claims)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


verified_tokens = VerifiedTokens()


def decode_access_token(token: str) -> dict:
    secret = _secret()
    claims = verified_tokens.get(token, secret)
    if claims is not None:
        return dict(claims)
    try:
        # A token must say when it expires (and whose it is): one without `exp` never would.
        claims = jwt.decode(
            token,
            secret,
            algorithms=[get_settings().jwt_algorithm],
            options={"require": ["exp", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise Unauthorized("登录凭证无效或已过期，请重新登录") from exc
    verified_tokens.put(token, secret, claims)
    return dict(claims)


def match_hash(value: str, salt: str) -> str:
    """A keyed hash used to recognise the same caller or household without a second copy."""
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()
