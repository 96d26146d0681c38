"""Deadline sweep: warn before a deadline, record the breach when it passes (and drop the
citizens' lookup counts whose window has passed).

Run by `python -m api.cli sweep` (e.g. every few minutes from cron or the Procfile), by the
app's background loop when SWEEP_INTERVAL_SECONDS > 0, or by POST /api/v1/admin/sweep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.timeutil import SHANGHAI, utcnow
from api.departments.models import Department
from api.events.service import append_event
from api.notifications.service import notify
from api.tickets import clock
from api.tickets.lookup_guard import guard
from api.tickets.models import Ticket, TicketDeadline

STEP_NAMES = {
    "dispatch": "派单",
    "accept": "签收",
    "close": "办结",
    "callback": "回访",
    "temporary_decision": "临时救助审批",
}


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    lookup_throttles_purged: int = 0


def _recipients(session: Session, ticket: Ticket, dl: TicketDeadline) -> set[str]:
    people = {ticket.first_responder_username}
    if ticket.handler_username:
        people.add(ticket.handler_username)
    elif dl.department_code:
        dept = session.get(Department, dl.department_code)
        if dept is not None and dept.on_duty_username:
            people.add(dept.on_duty_username)
    return people


def sweep(session: Session, now: datetime | None = None) -> SweepResult:
    now = now or utcnow()
    result = SweepResult()
    rows = session.execute(
        select(TicketDeadline, Ticket)
        .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
        .where(
            TicketDeadline.state == "open",
            TicketDeadline.paused_at.is_(None),
            TicketDeadline.step.in_(sorted(clock.OBLIGATION_STEPS)),
            (TicketDeadline.breached.is_(False)) | (TicketDeadline.warned.is_(False)),
        )
        # Two workers sweeping at once on PostgreSQL skip each other's rows (no double events).
        .with_for_update(of=TicketDeadline, skip_locked=True)
    ).all()
    for dl, ticket in rows:
        step = STEP_NAMES.get(dl.step, dl.step)
        local_due = dl.due_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        if now >= dl.due_at and not dl.breached:
            dl.breached = True
            dl.warned = True
            _announce(
                session,
                dl,
                ticket,
                now,
                action="deadline_breach",
                kind="breach",
                dedupe="breach",
                note=f"{step}时限已过（{local_due}）",
                message=f"工单 {ticket.number} 已超过{step}时限（{local_due}）。",
            )
            result.breached += 1
        elif not dl.warned and now >= clock.warn_at(dl.started_at, dl.due_at):
            dl.warned = True
            _announce(
                session,
                dl,
                ticket,
                now,
                action="deadline_warning",
                kind="deadline_warning",
                dedupe="warn",
                note=f"{step}时限将至（{local_due}）",
                message=f"工单 {ticket.number} 的{step}时限将于 {local_due} 届满。",
            )
            result.warned += 1
    # The citizens' lookup guard: rows whose window has passed and that block nobody go.
    result.lookup_throttles_purged = guard.purge_expired(session, now)
    session.flush()
    return result


def _announce(
    session: Session,
    dl: TicketDeadline,
    ticket: Ticket,
    now: datetime,
    *,
    action: str,
    kind: str,
    dedupe: str,
    note: str,
    message: str,
) -> None:
    """One history event for the deadline, and one notification per person answerable for it."""
    append_event(
        session,
        ticket_id=ticket.id,
        actor="system",
        role="system",
        action=action,
        from_status=ticket.status,
        to_status=ticket.status,
        department=dl.department_code,
        note=note,
        data={"deadline_id": dl.id, "step": dl.step},
        at=now,
    )
    for person in _recipients(session, ticket, dl):
        notify(
            session,
            username=person,
            ticket_id=ticket.id,
            kind=kind,
            message=message,
            dedupe_key=f"{dedupe}:{dl.id}:{person}",
        )


def sweep_once() -> SweepResult:
    """One sweep in its own write transaction (for the CLI and the app's background loop)."""
    from api.core.database import get_engine, write_session
    from api.core.sqlite_wal import checkpoint

    with write_session() as session:
        result = sweep(session)
        session.commit()
    checkpoint(get_engine())  # SQLite's WAL emptied every sweep
    purge_abandoned_imports()
    return result


def purge_abandoned_imports() -> int:
    """Uploaded imports not finished within IMPORT_RETENTION_HOURS hold citizens' phones: gone."""
    from api.web.bulk_import import purge_uploads

    return purge_uploads()
