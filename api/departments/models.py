"""Departments (承办单位), their on-duty officer, and routing locality x category -> department."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.core.database import Base


class Department(Base):
    __tablename__ = "departments"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    locality: Mapped[str] = mapped_column(String(6), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="")  # minzheng, yibao, hotline, ...
    # Username of the on-duty officer: the 首问 officer of chat requests routed here.
    on_duty_username: Mapped[str | None] = mapped_column(String(64), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class RoutingRule(Base):
    """Which department is responsible for a category in a locality ('*' = any category)."""

    __tablename__ = "routing_rules"
    __table_args__ = (
        UniqueConstraint("locality", "category", name="uq_routing_locality_category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    locality: Mapped[str] = mapped_column(String(6))
    category: Mapped[str] = mapped_column(String(40))
    department_code: Mapped[str] = mapped_column(String(64), ForeignKey("departments.code"))
    # The department whose on-duty officer answers first for chat requests of this locality.
    intake: Mapped[bool] = mapped_column(Boolean, default=False)
