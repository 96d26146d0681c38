"""The append-only history of every work order."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from api.core.database import Base
from api.core.timeutil import UTCDateTime, utcnow


class TicketEvent(Base):
    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    department: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    data: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(TicketEvent, "before_update")
def _refuse_update(_mapper, _connection, _target):
    raise AppendOnlyError("ticket events are append-only")


@event.listens_for(TicketEvent, "before_delete")
def _refuse_delete(_mapper, _connection, _target):
    raise AppendOnlyError("ticket events are append-only")
