"""Passwords (pwdlib, argon2) and access tokens (pyjwt)."""

from __future__ import annotations

import hashlib
import hmac
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


def decode_access_token(token: str) -> dict:
    try:
        # A token must say when it expires (and whose it is): one without `exp` never would.
        return jwt.decode(
            token,
            _secret(),
            algorithms=[get_settings().jwt_algorithm],
            options={"require": ["exp", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise Unauthorized("登录凭证无效或已过期，请重新登录") from exc


def match_hash(value: str, salt: str) -> str:
    """A keyed hash used to recognise the same caller or household without a second copy."""
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()
