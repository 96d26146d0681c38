from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from api.auth.deps import CurrentUser, Principal, require_roles
from api.auth.models import Role
from api.auth.schemas import Me, Token, UserCreate
from api.auth.service import authenticate, create_user
from api.core.deps import SessionDep, WriteSessionDep
from api.core.errors import Unauthorized
from api.core.security import create_access_token

router = APIRouter(prefix="/api/v1", tags=["auth"])


@router.post("/auth/token", response_model=Token, summary="登录，换取访问令牌 (OAuth2 password)")
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
) -> Token:
    user = authenticate(session, form.username, form.password)
    if user is None:
        raise Unauthorized("用户名或密码错误")
    return Token(access_token=create_access_token(user.username, user.role))


@router.get("/auth/me", response_model=Me, summary="当前登录用户")
def me(principal: CurrentUser) -> Me:
    return Me(
        username=principal.username,
        role=principal.role.value,
        department=principal.department,
        display_name=principal.display_name,
    )


@router.post("/users", response_model=Me, status_code=201, summary="新建用户（督办员）")
def add_user(
    data: UserCreate,
    session: WriteSessionDep,
    _: Annotated[Principal, Depends(require_roles(Role.supervisor))],
) -> Me:
    user = create_user(session, data)
    session.commit()
    return Me(
        username=user.username,
        role=user.role,
        department=user.department_code,
        display_name=user.display_name,
    )
