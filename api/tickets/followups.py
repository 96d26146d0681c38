"""Requests beside the transition table, which leave the status as it is: a contact the citizen
gives after filing (``POST /tickets/{id}/contacts``), an operator taking a 转人工 order
(``POST /tickets/{id}/handoff/take``) and a 协办 department's answer
(``POST /tickets/{id}/assist-reply``).

Each is one write: the order's ``updated_at`` (so its version, which the dashboard's per-day
fingerprints read) and one history event; a refused request changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.errors import Conflict, Forbidden, Unprocessable
from api.core.timeutil import utcnow
from api.tickets import creation, notices
from api.tickets.access import get_visible_ticket
from api.tickets.flows import record_event_keeping_status, show_with
from api.tickets.lifecycle import Status
from api.tickets.models import Ticket
from api.tickets.phones import BadPhone, check_phone
from api.tickets.schemas import AssistReplyIn, ContactIn
from zhtext.masking import mask_phone, mask_text


def _check_version(ticket: Ticket, version: int | None) -> None:
    if version is not None and version != ticket.version:
        raise Conflict(f"工单已被他人更新（当前版本 {ticket.version}），请刷新后重试")


def _open(ticket: Ticket, what: str) -> None:
    if ticket.status == Status.closed.value:
        raise Conflict(f"工单已办结归档，不能{what}")


# ---------------------------------------------------------------- contacts


@dataclass
class ContactResult:
    ticket: Ticket
    recorded: bool


def add_contact(
    session: Session, principal: Principal, ticket_id: int, data: ContactIn
) -> ContactResult:
    """The citizen's later contact: the first phone becomes the order's contact phone (for the
    callback and the lookup), later ones are kept beside it; a note is kept masked. The same
    phone again, without a note, records nothing (a retried request is harmless)."""
    principal.require(Role.assistant, Role.operator, Role.supervisor, Role.handler)
    if not data.phone and not data.note:
        raise Unprocessable("请提供联系电话（phone）或补充说明（note）")
    phone = None
    if data.phone:
        try:
            phone = check_phone(data.phone)
        except BadPhone as exc:
            raise Unprocessable(str(exc)) from None
    ticket = get_visible_ticket(
        session, principal, ticket_id, for_update=True, refusal="无权补充此工单的联系方式"
    )
    if principal.role == Role.assistant and ticket.created_by != principal.username:
        raise Forbidden("智能助手只能补充自己提交的工单的联系方式")
    _open(ticket, "补充联系方式")
    contacts = list(ticket.contacts or [])
    known = {ticket.contact_phone, *(c.get("phone") for c in contacts)}
    new_phone = phone if phone and phone not in known else None
    note = mask_text(data.note) if data.note else None
    if note and any(c.get("note") == note for c in contacts):
        note = None
    if new_phone is None and note is None:
        return ContactResult(ticket, False)
    now = utcnow()
    parts = []
    entry = {"at": now.isoformat(), "actor": principal.username, "phone": None, "note": note}
    if new_phone and not ticket.contact_phone:
        ticket.contact_phone = new_phone
        ticket.phone_last4 = new_phone[-4:]
        ticket.phone_hash = creation.phone_key(new_phone)
        parts.append(f"联系电话 {mask_phone(new_phone)}")
    elif new_phone:
        entry["phone"] = new_phone
        parts.append(f"另一联系电话 {mask_phone(new_phone)}")
    if entry["phone"] or note:
        ticket.contacts = [*contacts, entry]  # a new list: the JSON column is written again
    if note:
        parts.append(f"说明：{note}")
    ticket.updated_at = now
    event = record_event_keeping_status(
        session,
        principal,
        ticket,
        "add_contact",
        department=ticket.department_code,
        note="市民补充" + "；".join(parts),
        at=now,
    )
    notices.contact_added(session, ticket, "联系电话" if new_phone else "情况说明")
    session.flush()
    show_with(ticket, event)
    return ContactResult(ticket, True)


def other_phones(ticket: Ticket) -> list[str]:
    return [
        c["phone"]
        for c in ticket.contacts or []
        if c.get("phone") and c["phone"] != ticket.contact_phone
    ]


# ---------------------------------------------------------------- 转人工


def take_handoff(
    session: Session, principal: Principal, ticket_id: int, version: int | None
) -> Ticket:
    """An operator takes a 转人工 order: it leaves the 转人工 queue, the wait is over."""
    principal.require(Role.operator, Role.supervisor)
    ticket = get_visible_ticket(session, principal, ticket_id, for_update=True)
    _check_version(ticket, version)
    if not ticket.handoff:
        raise Conflict("该工单不是转人工工单")
    if ticket.handoff_taken_by:
        raise Conflict(f"该转人工工单已由 {ticket.handoff_taken_by} 接手")
    _open(ticket, "接手")
    now = utcnow()
    ticket.handoff_taken_by = principal.username
    ticket.handoff_taken_at = now
    ticket.updated_at = now
    waited = int((now - ticket.created_at).total_seconds() // 60)
    event = record_event_keeping_status(
        session,
        principal,
        ticket,
        "take_handoff",
        department=principal.department,
        note=f"接手转人工，市民已等待 {waited} 分钟",
        data={"waited_minutes": waited},
        at=now,
    )
    session.flush()
    show_with(ticket, event)
    return ticket


# ---------------------------------------------------------------- 协办


def assist_reply(
    session: Session, principal: Principal, ticket_id: int, data: AssistReplyIn
) -> Ticket:
    """A 协办 department reports its part to the lead (主办) department."""
    principal.require(Role.handler)
    ticket = get_visible_ticket(session, principal, ticket_id, for_update=True)
    _check_version(ticket, data.version)
    row = next((a for a in ticket.assisting if a.department_code == principal.department), None)
    if row is None:
        raise Forbidden("只有协办单位可以反馈协办情况")
    if ticket.status in (Status.replied.value, Status.callback_done.value, Status.closed.value):
        raise Conflict("主办单位已答复，协办反馈请写在办理说明中")
    if row.reply:
        raise Conflict("本单位已反馈过，如需补充请填写办理说明")
    now = utcnow()
    row.reply = mask_text(data.note)
    row.replied_by = principal.username
    row.replied_at = now
    ticket.updated_at = now
    event = record_event_keeping_status(
        session,
        principal,
        ticket,
        "assist_reply",
        department=principal.department,
        note=row.reply,
        at=now,
    )
    notices.assist_replied(session, ticket, principal.department or "")
    session.flush()
    show_with(ticket, event)
    return ticket
