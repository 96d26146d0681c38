"""Who is calling: bearer token -> user, and role checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from api.auth.models import Role, User
from api.auth.service import get_user
from api.core.deps import SessionDep
from api.core.errors import Forbidden, Unauthorized
from api.core.security import decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


class Principal:
    """The authenticated caller (detached from any session)."""

    def __init__(self, user: User) -> None:
        self.username = user.username
        self.role = Role(user.role)
        self.department = user.department_code
        self.display_name = user.display_name

    def require(self, *roles: Role) -> None:
        if self.role not in roles:
            raise Forbidden("当前角色无权执行此操作")


def current_principal(
    token: Annotated[str | None, Depends(oauth2_scheme)],
    session: SessionDep,
) -> Principal:
    if not token:
        raise Unauthorized("需要登录")
    payload = decode_access_token(token)
    user = get_user(session, str(payload.get("sub", "")))
    if user is None or not user.active:
        raise Unauthorized("账号不存在或已停用")
    return Principal(user)


CurrentUser = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role):
    def _check(principal: CurrentUser) -> Principal:
        principal.require(*roles)
        return principal

    return _check
