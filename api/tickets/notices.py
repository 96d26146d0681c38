"""What the ticket service tells people (first responder, on-duty officers, handlers) about a
work order: one function per message, the texts staff read in Simplified Chinese."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.departments.models import Department
from api.notifications.service import NOTIFICATIONS, notification_values, notify
from api.tickets.models import Ticket
from api.tickets.records import Inserts
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
    inserts: Inserts, ticket_id: int, number: str, username: str
) -> None:
    """The same notice, as a row of the creation's Core INSERTs (the hot path of 受理)."""
    inserts.add(
        NOTIFICATIONS,
        notification_values(
            username=username,
            ticket_id=ticket_id,
            kind="first_responder",
            message=_first_responder_message(number),
        ),
    )


def merged(session: Session, ticket: Ticket) -> None:
    tell_first_responder(
        session, ticket, "merge", f"工单 {ticket.number} 收到同一诉求的重复来电/留言，已并单。"
    )


def dispatched(session: Session, ticket: Ticket, code: str) -> None:
    tell_department(session, ticket, code, _dispatched_message(ticket.number))


def dispatched_row(inserts: Inserts, ticket_id: int, number: str, on_duty: str | None) -> None:
    """`dispatched` with the department's on-duty officer known, as a row of Core INSERTs."""
    if on_duty:
        inserts.add(
            NOTIFICATIONS,
            notification_values(
                username=on_duty,
                ticket_id=ticket_id,
                kind="dispatch",
                message=_dispatched_message(number),
            ),
        )


def _dispatched_message(number: str) -> str:
    return f"新派工单 {number}，请按时签收。"


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


def _supervisors(session: Session) -> list[str]:
    from sqlalchemy import select

    from api.auth.models import Role, User

    return list(
        session.scalars(
            select(User.username)
            .where(User.role == Role.supervisor.value, User.active.is_(True))
            .order_by(User.username)
        )
    )


def urgent_dispatched(session: Session, ticket: Ticket, code: str, accept_limit: str) -> None:
    """An urgent order reaches a department: an urgent notice to its on-duty officer and, for a
    life-safety order, to every supervisor (督办)."""
    what = "涉及生命安全" if ticket.life_safety else "紧急诉求"
    dept = session.get(Department, code)
    if dept is not None and dept.on_duty_username:
        tell(
            session,
            ticket,
            dept.on_duty_username,
            "urgent",
            f"【紧急·{what}】工单 {ticket.number} 已派至贵单位，请立即签收，"
            f"{accept_limit}内联系市民并反馈。",
        )
    if ticket.life_safety:
        for username in _supervisors(session):
            tell(
                session,
                ticket,
                username,
                "urgent",
                f"【紧急·{what}】工单 {ticket.number} 已派至{dept_name(session, code)}，"
                f"请督促{accept_limit}内反馈。",
            )


def handoff_waiting(session: Session, ticket: Ticket, hotline: str | None) -> None:
    """A 转人工 order waits for a person: the hotline's on-duty operator is told."""
    if not hotline:
        return
    dept = session.get(Department, hotline)
    if dept is not None and dept.on_duty_username:
        urgent = "【紧急】" if ticket.urgency == "urgent" else ""
        tell(
            session,
            ticket,
            dept.on_duty_username,
            "handoff",
            f"{urgent}市民在智能助手中要求转人工（工单 {ticket.number}），请尽快回电。",
        )


def contact_added(session: Session, ticket: Ticket, what: str) -> None:
    """The citizen gave a new contact: the first responder and whoever handles the order."""
    message = f"工单 {ticket.number} 市民补充了{what}，请查看。"
    people = {ticket.first_responder_username}
    if ticket.handler_username:
        people.add(ticket.handler_username)
    elif ticket.department_code and ticket.status != "registered":
        dept = session.get(Department, ticket.department_code)
        if dept is not None and dept.on_duty_username:
            people.add(dept.on_duty_username)
    if ticket.handoff_taken_by:
        people.add(ticket.handoff_taken_by)
    for username in sorted(people):
        tell(session, ticket, username, "contact", message)


def assist_replied(session: Session, ticket: Ticket, code: str) -> None:
    message = f"工单 {ticket.number} 的协办单位{dept_name(session, code)}已反馈办理情况。"
    if ticket.handler_username:
        tell(session, ticket, ticket.handler_username, "assist", message)
    elif ticket.department_code:
        tell_department(session, ticket, ticket.department_code, message)
