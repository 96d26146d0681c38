"""What the ticket service tells people (first responder, on-duty officers, handlers) about a
work order: one function per message, the texts staff read in Simplified Chinese."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from api.departments.models import Department
from api.notifications.service import insert_notification, notify
from api.tickets.models import Ticket
from zhtext.masking import mask_text


def dept_name(session: Session, code: str | None) -> str:
    if not code:
        return "（无）"
    dept = session.get(Department, code)
    return dept.name if dept else code


def tell(session: Session, ticket: Ticket, username: str | None, kind: str, message: str) -> None:
    """A notification about this ticket (none when there is nobody to tell)."""
    notify(session, username=username, ticket_id=ticket.id, kind=kind, message=message)


def tell_first_responder(session: Session, ticket: Ticket, kind: str, message: str) -> None:
    tell(session, ticket, ticket.first_responder_username, kind, message)


def tell_department(session: Session, ticket: Ticket, code: str, message: str) -> None:
    """The department's on-duty officer, if it has one."""
    dept = session.get(Department, code)
    if dept is not None and dept.on_duty_username:
        tell(session, ticket, dept.on_duty_username, "dispatch", message)


# ---------------------------------------------------------------- the messages


def first_responder_assigned(session: Session, ticket: Ticket, username: str) -> None:
    tell(
        session,
        ticket,
        username,
        "first_responder",
        _first_responder_message(ticket.number),
    )


def _first_responder_message(number: str) -> str:
    return f"您是工单 {number} 的首问负责人，请跟进至市民得到答复。"


def first_responder_assigned_row(
    connection: Connection, ticket_id: int, number: str, username: str
) -> None:
    """The same notice, written with one Core INSERT (the hot path of 受理)."""
    insert_notification(
        connection,
        username=username,
        ticket_id=ticket_id,
        kind="first_responder",
        message=_first_responder_message(number),
    )


def merged(session: Session, ticket: Ticket) -> None:
    tell_first_responder(
        session, ticket, "merge", f"工单 {ticket.number} 收到同一诉求的重复来电/留言，已并单。"
    )


def dispatched(session: Session, ticket: Ticket, code: str) -> None:
    tell_department(session, ticket, code, f"新派工单 {ticket.number}，请按时签收。")


def returned(session: Session, ticket: Ticket, returned_from: str | None) -> None:
    tell_first_responder(
        session,
        ticket,
        "return",
        f"工单 {ticket.number} 被{dept_name(session, returned_from)}退回，待重新派单。",
    )


def transferred(session: Session, ticket: Ticket, previous: str | None, code: str) -> None:
    tell_first_responder(
        session,
        ticket,
        "transfer",
        f"您首问负责的工单 {ticket.number} 已由{dept_name(session, previous)}"
        f"转至{dept_name(session, code)}。",
    )
    tell_department(session, ticket, code, f"转来工单 {ticket.number}，请按时签收。")


def dispute_decided(session: Session, ticket: Ticket, code: str) -> None:
    tell_first_responder(
        session,
        ticket,
        "transfer",
        f"工单 {ticket.number} 派单异议已裁定，改由{dept_name(session, code)}承办。",
    )


def replied(session: Session, ticket: Ticket) -> None:
    tell_first_responder(session, ticket, "reply", f"工单 {ticket.number} 已答复市民，待回访。")


def reopened(session: Session, ticket: Ticket, code: str) -> None:
    tell_department(session, ticket, code, f"工单 {ticket.number} 回访不满意，已重办，请按时签收。")


def escalated(session: Session, ticket: Ticket, note: str | None) -> None:
    message = f"工单 {ticket.number} 已被督办：{mask_text(note or '')}"
    for username in (ticket.first_responder_username, ticket.handler_username):
        tell(session, ticket, username, "escalate", message)


def assisting_asked(session: Session, ticket: Ticket, codes: list[str]) -> None:
    for code in codes:
        tell_department(session, ticket, code, f"工单 {ticket.number} 请贵单位协办。")
