"""Accounts: authentication, the assistant's service account, demo people."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.deps import principals
from api.auth.models import Role, User
from api.auth.schemas import UserCreate
from api.core.errors import Conflict, Unprocessable
from api.core.security import hash_password, verify_password
from api.departments.service import require_department

# A hash to verify against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = get_user(session, username)
    if user is None or not user.active:
        verify_password(password, _DUMMY_HASH)
        return None
    return user if verify_password(password, user.password_hash) else None


def create_user(session: Session, data: UserCreate) -> User:
    if get_user(session, data.username) is not None:
        raise Conflict(f"用户名已存在：{data.username}")
    if data.role == Role.handler and not data.department:
        raise Unprocessable("承办人员必须属于一个部门")
    if data.department is not None:
        require_department(session, data.department)
    user = User(
        username=data.username,
        display_name=data.display_name,
        role=data.role.value,
        department_code=data.department,
        password_hash=hash_password(data.password),
    )
    session.add(user)
    session.flush()
    principals.forget(user.username)
    return user


def ensure_user(
    session: Session,
    username: str,
    password: str,
    role: Role,
    department: str | None = None,
    display_name: str = "",
) -> User:
    """Create the account, or reset its password/role (setup and demo seed are idempotent)."""
    user = get_user(session, username)
    if user is None:
        user = User(username=username, password_hash="")
        session.add(user)
    if not user.password_hash or not verify_password(password, user.password_hash):
        user.password_hash = hash_password(password)
    user.role = role.value
    user.department_code = department
    user.display_name = display_name
    user.active = True
    session.flush()
    principals.forget(username)
    return user
