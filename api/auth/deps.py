"""Who is calling: bearer token -> user, and role checks.

A verified token is remembered with its caller for AUTH_CACHE_SECONDS (never beyond the token's
expiry), so most requests check it without the database: no session, no connection, no thread.
Changes to an account made in this worker are seen at once; in other workers within that time.
"""

from __future__ import annotations

import threading
import time
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer
from starlette.concurrency import run_in_threadpool

from api.auth.models import Role, User
from api.core.config import get_settings
from api.core.errors import Forbidden, Unauthorized
from api.core.security import decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


class Principal:
    """The authenticated caller (detached from any session)."""

    __slots__ = ("username", "role", "department", "display_name")

    def __init__(self, user: User) -> None:
        self.username = user.username
        self.role = Role(user.role)
        self.department = user.department_code
        self.display_name = user.display_name

    def require(self, *roles: Role) -> None:
        if self.role not in roles:
            raise Forbidden("当前角色无权执行此操作")


class PrincipalCache:
    """Verified tokens -> their caller, each until min(now + ttl, the token's expiry)."""

    MAX_ENTRIES = 20_000

    def __init__(self) -> None:
        self._items: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, token: str) -> Principal | None:
        item = self._items.get(token)
        if item is None:
            return None
        if item[0] <= time.time():
            with self._lock:
                self._items.pop(token, None)
            return None
        return item[1]

    def put(self, token: str, principal: Principal, expires: float) -> None:
        until = min(time.time() + get_settings().auth_cache_seconds, expires)
        with self._lock:
            if len(self._items) >= self.MAX_ENTRIES:
                self._items.clear()
            self._items[token] = (until, principal)

    def forget(self, username: str | None = None) -> None:
        """Forget one account's tokens (after it changed), or all."""
        with self._lock:
            if username is None:
                self._items.clear()
            else:
                for token in [t for t, (_, p) in self._items.items() if p.username == username]:
                    del self._items[token]


principals = PrincipalCache()


def _load_principal(username: str) -> Principal | None:
    from api.auth.service import get_user
    from api.core.database import read_session

    with read_session() as session:
        user = get_user(session, username)
        return Principal(user) if user is not None and user.active else None


def principal_for_token(token: str) -> Principal:
    """The caller of a token (synchronous: looks the account up on a cache miss)."""
    principal = principals.get(token)
    if principal is not None:
        return principal
    payload = decode_access_token(token)
    principal = _load_principal(str(payload.get("sub", "")))
    if principal is None:
        raise Unauthorized("账号不存在或已停用")
    principals.put(token, principal, float(payload.get("exp", 0)))
    return principal


async def current_principal(
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Principal:
    if not token:
        raise Unauthorized("需要登录")
    principal = principals.get(token)
    if principal is not None:
        return principal
    return await run_in_threadpool(principal_for_token, token)


CurrentUser = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role):
    async def _check(principal: CurrentUser) -> Principal:
        principal.require(*roles)
        return principal

    return _check
