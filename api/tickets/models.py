"""Work orders, their deadlines, transfers, co-handling departments, idempotency keys and the
throttle of the citizens' lookups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.database import Base
from api.core.timeutil import UTCDateTime, utcnow
from api.events.models import TicketEvent


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)  # masked display text
    contact_phone: Mapped[str | None] = mapped_column(
        String(32), nullable=True
    )  # raw; never output
    phone_last4: Mapped[str | None] = mapped_column(String(4), nullable=True)
    phone_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    household_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    contact_name: Mapped[str | None] = mapped_column(String(50), nullable=True)
    consent: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    locality: Mapped[str] = mapped_column(String(6), index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # help / complaint / consult / general
    household: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    estimate: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    status: Mapped[str] = mapped_column(String(30), index=True)
    department_code: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("departments.code"), nullable=True, index=True
    )
    handler_username: Mapped[str | None] = mapped_column(String(64), nullable=True)
    routed_department_code: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("departments.code"), nullable=True
    )
    first_responder_username: Mapped[str] = mapped_column(String(64), index=True)
    first_responder_department: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reply_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    satisfaction: Mapped[str | None] = mapped_column(String(20), nullable=True)
    resolved: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    merged_count: Mapped[int] = mapped_column(Integer, default=0)
    disputed_department: Mapped[str | None] = mapped_column(String(64), nullable=True)
    extension_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # 转人工: the assistant filed the conversation for a person (a queue of its own until an
    # operator takes it); life-safety: an urgent order of the assistant's life-safety check.
    handoff: Mapped[bool] = mapped_column(Boolean, default=False)
    handoff_taken_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    handoff_taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    life_safety: Mapped[bool] = mapped_column(Boolean, default=False)
    # How sure the NLU (or the citizen's confirmation) was of the category: 0..1, None unknown.
    routing_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    # 「还需问清」: the questions the intake left open (strings).
    open_questions: Mapped[list | None] = mapped_column(JSON, nullable=True)
    # Contacts the citizen gave after filing: [{"at", "actor", "phone" (raw, never output),
    # "note" (masked)}], oldest first; read with the order itself (no sixth statement).
    contacts: Mapped[list | None] = mapped_column(JSON, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list[TicketEvent]] = relationship(
        order_by=TicketEvent.id, lazy="selectin", viewonly=True
    )
    deadlines: Mapped[list[TicketDeadline]] = relationship(
        back_populates="ticket", order_by="TicketDeadline.id", lazy="selectin"
    )
    transfers: Mapped[list[TicketTransfer]] = relationship(
        order_by="TicketTransfer.id", lazy="selectin"
    )
    assisting: Mapped[list[AssistingDepartment]] = relationship(
        order_by="AssistingDepartment.id", lazy="selectin", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # Supervisor dashboard (api/metrics/daily.py): per-day fingerprints, daily trend.
        Index("ix_tickets_created_at_version", "created_at", "version"),
        Index("ix_tickets_replied_at_department", "replied_at", "department_code"),
        Index("ix_tickets_closed_at_department", "closed_at", "department_code"),
        # Queue search by the last digits of the phone.
        Index("ix_tickets_phone_last4", "phone_last4"),
    )


class TicketDeadline(Base):
    """One clock of a ticket: its due time, when the step was done, minutes early/late."""

    __tablename__ = "ticket_deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))  # accept, return, close, callback, ...
    department_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    rule: Mapped[str] = mapped_column(Text, default="")
    # open -> met | breached | cancelled ; done_at set when it leaves `open`.
    state: Mapped[str] = mapped_column(String(12), default="open", index=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    minutes_late: Mapped[int | None] = mapped_column(Integer, nullable=True)  # <0 = early
    breached: Mapped[bool] = mapped_column(Boolean, default=False)
    warned: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    ticket: Mapped[Ticket] = relationship(back_populates="deadlines")

    __table_args__ = (
        # The running clocks, late or nearly (supervisor dashboard): read without the table.
        Index("ix_ticket_deadlines_open", "state", "paused_at", "step", "due_at", "ticket_id"),
    )


class TicketTransfer(Base):
    """The chain of 转办/转介: who handed the ticket from which department to which."""

    __tablename__ = "ticket_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))  # dispatch, transfer, return, reassign
    from_department: Mapped[str | None] = mapped_column(String(64), nullable=True)
    to_department: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class AssistingDepartment(Base):
    """协办 departments next to the lead (主办) department."""

    __tablename__ = "ticket_assisting_departments"
    __table_args__ = (UniqueConstraint("ticket_id", "department_code", name="uq_assisting"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    department_code: Mapped[str] = mapped_column(String(64), ForeignKey("departments.code"))
    # 分工: what this department is asked to do, who asked, and its answer (协办反馈).
    task: Mapped[str | None] = mapped_column(Text, nullable=True)
    requested_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reply: Mapped[str | None] = mapped_column(Text, nullable=True)
    replied_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class IdempotencyKey(Base):
    """A request's Idempotency-Key, the order it led to, and a hash of who sent which body: the
    same key from another caller or with another body is refused (422), never answered with the
    order."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    merged: Mapped[bool] = mapped_column(Boolean, default=False)
    # sha256 of the caller's name and the canonical body (api.tickets.idempotency); NULL for
    # keys stored before the hash existed.
    request_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TicketCounter(Base):
    """Per-day sequence behind the human-readable number 12345-YYYYMMDD-NNNNNN."""

    __tablename__ = "ticket_counters"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class LookupThrottle(Base):
    """The citizens' lookup guard (api.tickets.lookup_guard): one row per client and one per
    existing work-order number, never one per attempt, so that unauthenticated misses cannot grow
    the table without bound. In the database so that every API worker and host sees the same
    counts."""

    __tablename__ = "lookup_throttles"

    scope: Mapped[str] = mapped_column(String(8), primary_key=True)  # client / number
    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
