"""People and service accounts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.database import Base
from api.core.timeutil import UTCDateTime, utcnow


class Role(StrEnum):
    assistant = "assistant"  # the chat assistant's service account
    operator = "operator"  # 接线员 of the hotline
    handler = "handler"  # 承办单位 handler, bound to one department
    supervisor = "supervisor"  # 督办 / 管理


ROLE_NAMES = {
    Role.assistant: "智能助手",
    Role.operator: "接线员",
    Role.handler: "承办人员",
    Role.supervisor: "督办员",
}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20))
    department_code: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("departments.code"), nullable=True
    )
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
