"""Work-order service functions: create (with idempotency and 并单), read, transitions."""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.config import get_settings
from api.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from api.core.security import match_hash
from api.core.timeutil import SHANGHAI, utcnow
from api.departments.models import Department
from api.departments.service import get_department, require_department, route
from api.events.models import TicketEvent
from api.events.service import append_event
from api.notifications.service import notify
from api.tickets import clock
from api.tickets.lifecycle import (
    ACTION_NAMES,
    OPEN_STATUSES,
    STATUS_NAMES,
    TRANSITIONS,
    Action,
    Status,
)
from api.tickets.models import (
    AssistingDepartment,
    IdempotencyKey,
    Ticket,
    TicketCounter,
    TicketDeadline,
    TicketTransfer,
)
from api.tickets.schemas import TicketCreate, TransitionIn
from zhtext.masking import mask_text, normalise_phone

# ---------------------------------------------------------------- visibility


def visible_clause(principal: Principal):
    """SQL condition: the tickets this caller may see."""
    if principal.role in (Role.operator, Role.supervisor):
        return True
    if principal.role == Role.assistant:
        # What it filed, and what its requests were merged into (并单).
        return or_(
            Ticket.created_by == principal.username,
            exists().where(
                TicketEvent.ticket_id == Ticket.id, TicketEvent.actor == principal.username
            ),
        )
    dept = principal.department or "\x00"
    return or_(
        Ticket.department_code == dept,
        Ticket.first_responder_username == principal.username,
        exists().where(
            AssistingDepartment.ticket_id == Ticket.id,
            AssistingDepartment.department_code == dept,
        ),
    )


def can_see(principal: Principal, ticket: Ticket) -> bool:
    if principal.role in (Role.operator, Role.supervisor):
        return True
    if principal.role == Role.assistant:
        return ticket.created_by == principal.username or any(
            e.actor == principal.username for e in ticket.events
        )
    return (
        ticket.department_code == principal.department
        or ticket.first_responder_username == principal.username
        or any(a.department_code == principal.department for a in ticket.assisting)
    )


def load_ticket(session: Session, ticket_id: int, *, for_update: bool = False) -> Ticket:
    stmt = select(Ticket).where(Ticket.id == ticket_id)
    if for_update:
        stmt = stmt.with_for_update()
    ticket = session.scalar(stmt)
    if ticket is None:
        raise NotFound("工单不存在")
    return ticket


def get_visible_ticket(
    session: Session,
    principal: Principal,
    ticket_id: int,
    *,
    for_update: bool = False,
    refusal: str = "无权查看其他部门的工单",
) -> Ticket:
    ticket = load_ticket(session, ticket_id, for_update=for_update)
    if not can_see(principal, ticket):
        raise Forbidden(refusal)
    return ticket


# ---------------------------------------------------------------- events and notifications


def _record_event(
    session: Session, principal: Principal, ticket: Ticket, action: str, **details
) -> None:
    """Append an event of this ticket done by the caller (details: append_event's fields)."""
    append_event(
        session,
        ticket_id=ticket.id,
        actor=principal.username,
        role=principal.role.value,
        action=action,
        **details,
    )


def _record_event_keeping_status(
    session: Session, principal: Principal, ticket: Ticket, action: str, **details
) -> None:
    """An event that leaves the ticket's status as it is (并单, revealing the contact)."""
    _record_event(
        session,
        principal,
        ticket,
        action,
        from_status=ticket.status,
        to_status=ticket.status,
        **details,
    )


def _notify(
    session: Session, ticket: Ticket, username: str | None, kind: str, message: str
) -> None:
    """A notification about this ticket (none when there is nobody to tell)."""
    notify(session, username=username, ticket_id=ticket.id, kind=kind, message=message)


# ---------------------------------------------------------------- numbering and matching


def next_number(session: Session, now: datetime) -> str:
    day = now.astimezone(SHANGHAI).date()
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(TicketCounter)
        .values(day=day, last=1)
        .on_conflict_do_update(
            index_elements=[TicketCounter.day], set_={"last": TicketCounter.last + 1}
        )
        .returning(TicketCounter.last)
    )
    seq = session.execute(stmt).scalar_one()
    return f"12345-{day:%Y%m%d}-{seq:06d}"


def _salt() -> str:
    settings = get_settings()
    return settings.match_salt or settings.jwt_secret or "hotline12345"


def _leaf_count(value) -> int:
    if isinstance(value, dict):
        return sum(_leaf_count(v) for v in value.values())
    if isinstance(value, list):
        return sum(_leaf_count(v) for v in value)
    return 1


# A household document must carry this many facts before two identical ones are taken to be the
# same household (two bare "one person, 52" documents are different people).
MIN_HOUSEHOLD_FACTS_FOR_MATCH = 8


def household_key(data: TicketCreate) -> str | None:
    if data.id_number:
        return match_hash("id:" + data.id_number.upper(), _salt())
    if data.household and _leaf_count(data.household) >= MIN_HOUSEHOLD_FACTS_FOR_MATCH:
        doc = {k: v for k, v in data.household.items() if k != "as_of"}
        return match_hash("hh:" + json.dumps(doc, sort_keys=True, ensure_ascii=False), _salt())
    return None


def phone_key(phone: str | None) -> str | None:
    return match_hash("tel:" + normalise_phone(phone), _salt()) if phone else None


def _serialise_same_matter(session: Session, *hashes: str | None) -> None:
    """On PostgreSQL, make concurrent requests of the same caller/household wait for each other
    (transaction-scoped advisory locks), so the 并单 check sees the first one. SQLite already
    serialises writers with BEGIN IMMEDIATE."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for value in sorted(h for h in hashes if h):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": int(value[:15], 16)})


def find_open_duplicate(
    session: Session, category: str, phone_hash: str | None, household_hash: str | None
) -> Ticket | None:
    matches = []
    if phone_hash:
        matches.append(Ticket.phone_hash == phone_hash)
    if household_hash:
        matches.append(Ticket.household_hash == household_hash)
    if not matches:
        return None
    stmt = (
        select(Ticket)
        .where(Ticket.category == category, Ticket.status != Status.closed.value, or_(*matches))
        .order_by(Ticket.id)
        .limit(1)
    )
    return session.scalar(stmt)


# ---------------------------------------------------------------- deadlines


def _open_deadline(ticket: Ticket, step: str) -> TicketDeadline | None:
    for dl in reversed(ticket.deadlines):
        if dl.step == step and dl.state == "open":
            return dl
    return None


def _finish_step(ticket: Ticket, step: str, now: datetime, *, cancelled: bool = False) -> None:
    """Finish (met / breached, or cancelled) the open deadline of this step, if there is one."""
    finish_deadline(_open_deadline(ticket, step), now, cancelled=cancelled)


def start_deadline(
    session: Session, ticket: Ticket, step: str, start: datetime, department: str | None
) -> TicketDeadline:
    due = clock.due(step, category=ticket.category, urgency=ticket.urgency, start=start)
    dl = TicketDeadline(
        step=step,
        department_code=department,
        started_at=start,
        due_at=due.at,
        provisional=due.provisional,
        rule=due.rule,
        state="open",
    )
    ticket.deadlines.append(dl)
    session.add(dl)
    return dl


def finish_deadline(dl: TicketDeadline | None, now: datetime, *, cancelled: bool = False) -> None:
    if dl is None or dl.state != "open":
        return
    dl.done_at = now
    if cancelled:
        dl.state = "cancelled"
        return
    late = int(round((now - dl.due_at).total_seconds() / 60))
    dl.minutes_late = late
    dl.breached = late > 0 and dl.step in clock.OBLIGATION_STEPS
    dl.state = "breached" if dl.breached else "met"


def _start_department_clocks(session: Session, ticket: Ticket, dept: str, now: datetime) -> None:
    _finish_step(ticket, "accept", now, cancelled=True)
    _finish_step(ticket, "return", now, cancelled=True)
    start_deadline(session, ticket, "accept", now, dept)
    start_deadline(session, ticket, "return", now, dept)
    if _open_deadline(ticket, "close") is None:
        start_deadline(session, ticket, "close", now, dept)


def is_overdue(ticket: Ticket, now: datetime) -> bool:
    return any(
        dl.state == "open"
        and dl.step in clock.OBLIGATION_STEPS
        and dl.paused_at is None
        and dl.due_at <= now
        for dl in ticket.deadlines
    )


def overdue_clause(now: datetime):
    return exists().where(
        TicketDeadline.ticket_id == Ticket.id,
        TicketDeadline.state == "open",
        TicketDeadline.step.in_(sorted(clock.OBLIGATION_STEPS)),
        TicketDeadline.paused_at.is_(None),
        TicketDeadline.due_at <= now,
    )


# ---------------------------------------------------------------- create


@dataclass
class CreateResult:
    ticket: Ticket
    created: bool
    merged: bool


def _first_responder(
    session: Session, principal: Principal, route_intake: str | None, routed: str | None
) -> tuple[str, str | None]:
    """首问负责: the operator who took the call, or the on-duty officer of the intake department."""
    if principal.role != Role.assistant:
        return principal.username, principal.department
    for code in (route_intake, routed):
        if code:
            dept = session.get(Department, code)
            if dept is not None and dept.on_duty_username:
                return dept.on_duty_username, dept.code
    return principal.username, None


def _consent_doc(consent) -> dict | None:
    if consent is None:
        return None
    if isinstance(consent, bool):
        return {"given": consent, "recorded_at": utcnow().isoformat()}
    doc = consent.model_dump(mode="json")
    doc["recorded_at"] = utcnow().isoformat()
    return doc


def create_ticket(
    session: Session, principal: Principal, data: TicketCreate, idempotency_key: str | None
) -> CreateResult:
    principal.require(Role.assistant, Role.operator, Role.supervisor)
    if idempotency_key:
        known = session.get(IdempotencyKey, idempotency_key)
        if known is not None:
            return CreateResult(load_ticket(session, known.ticket_id), False, known.merged)

    now = utcnow()
    phone_hash = phone_key(data.contact_phone)
    hh_hash = household_key(data)
    _serialise_same_matter(session, phone_hash, hh_hash)
    duplicate = find_open_duplicate(session, data.category.value, phone_hash, hh_hash)
    if duplicate is not None:
        _merge_into(session, principal, duplicate, data, now)
        if idempotency_key:
            session.add(IdempotencyKey(key=idempotency_key, ticket_id=duplicate.id, merged=True))
        session.flush()
        return CreateResult(duplicate, False, True)

    routing = route(session, data.locality, data.category.value)
    fr_user, fr_dept = _first_responder(
        session, principal, routing.intake_department_code, routing.department_code
    )
    phone = normalise_phone(data.contact_phone) if data.contact_phone else None
    ticket = Ticket(
        number=next_number(session, now),
        channel=data.channel,
        text=mask_text(data.text),
        contact_phone=phone,
        phone_last4=phone[-4:] if phone else None,
        phone_hash=phone_hash,
        household_hash=hh_hash,
        contact_name=data.contact_name,
        consent=_consent_doc(data.consent),
        locality=data.locality,
        category=data.category.value,
        kind=clock.kind_of(data.category.value),
        household=data.household,
        estimate=data.estimate,
        urgency=data.urgency,
        status=Status.registered.value,
        department_code=routing.department_code,
        routed_department_code=routing.department_code,
        first_responder_username=fr_user,
        first_responder_department=fr_dept,
        created_by=principal.username,
        created_at=now,
        updated_at=now,
    )
    session.add(ticket)
    session.flush()
    if ticket.category == "request_temporary":
        start_deadline(session, ticket, "temporary_decision", now, routing.department_code)
    _record_event(
        session,
        principal,
        ticket,
        "create",
        to_status=ticket.status,
        department=routing.department_code,
        note=f"渠道：{data.channel}；首问负责人：{fr_user}",
        data={"routing_locality": routing.locality_used, "first_responder": fr_user},
        at=now,
    )
    if fr_user != principal.username:
        _notify(
            session,
            ticket,
            fr_user,
            "first_responder",
            f"您是工单 {ticket.number} 的首问负责人，请跟进至市民得到答复。",
        )
    if idempotency_key:
        session.add(IdempotencyKey(key=idempotency_key, ticket_id=ticket.id, merged=False))
    session.flush()
    return CreateResult(ticket, True, False)


def _merge_into(
    session: Session, principal: Principal, ticket: Ticket, data: TicketCreate, now: datetime
) -> None:
    ticket.merged_count += 1
    ticket.updated_at = now
    _record_event_keeping_status(
        session,
        principal,
        ticket,
        "merge",
        department=ticket.department_code,
        note=data.text,
        data={"channel": data.channel, "urgency": data.urgency},
        at=now,
    )
    _tell_first_responder(
        session, ticket, "merge", f"工单 {ticket.number} 收到同一诉求的重复来电/留言，已并单。"
    )


# ---------------------------------------------------------------- list


def list_tickets(
    session: Session,
    principal: Principal,
    *,
    number: str | None,
    status: str | None,
    department: str | None,
    category: str | None,
    locality: str | None,
    first_responder: str | None,
    overdue: bool | None,
    limit: int,
    offset: int,
) -> tuple[list[Ticket], int]:
    conditions = [visible_clause(principal)]
    filters = (
        (Ticket.number, number),
        (Ticket.status, status),
        (Ticket.department_code, department),
        (Ticket.category, category),
        (Ticket.locality, locality),
        (Ticket.first_responder_username, first_responder),
    )
    conditions += [column == value for column, value in filters if value]
    now = utcnow()
    if overdue is True:
        conditions.append(overdue_clause(now))
    elif overdue is False:
        conditions.append(~overdue_clause(now))
    where = and_(*conditions)
    total = session.scalar(select(func.count()).select_from(Ticket).where(where)) or 0
    items = session.scalars(
        select(Ticket).where(where).order_by(Ticket.id.desc()).limit(limit).offset(offset)
    )
    return list(items), total


# ---------------------------------------------------------------- transitions


def _refuse_state(ticket: Ticket, action: Action) -> Conflict:
    return Conflict(
        f"工单当前状态为「{STATUS_NAMES.get(ticket.status, ticket.status)}」，"
        f"不能执行「{ACTION_NAMES.get(action, action)}」"
    )


def apply_transition(
    session: Session, principal: Principal, ticket_id: int, data: TransitionIn
) -> Ticket:
    ticket = get_visible_ticket(
        session, principal, ticket_id, for_update=True, refusal="无权操作其他部门的工单"
    )
    if data.version is not None and data.version != ticket.version:
        raise Conflict(f"工单已被他人更新（当前版本 {ticket.version}），请刷新后重试")
    action = data.action
    rule = TRANSITIONS[action]
    name = ACTION_NAMES.get(action, action)
    if principal.role not in rule.roles:
        raise Forbidden(f"当前角色无权执行「{name}」")
    if (
        rule.own_department
        and principal.role == Role.handler
        and ticket.department_code != principal.department
    ):
        raise Forbidden(f"只有承办部门可以执行「{name}」")
    if Status(ticket.status) not in rule.sources:
        raise _refuse_state(ticket, action)
    if rule.needs_note and not data.note:
        raise Unprocessable(f"「{name}」须填写说明（note）")
    if rule.needs_department and not data.department:
        raise Unprocessable(f"「{name}」须指定部门（department）")

    now = utcnow()
    from_status = ticket.status
    handler = _HANDLERS[action]
    # One logical change = one UPDATE of the ticket = one version step.
    with session.no_autoflush:
        event_data = handler(session, principal, ticket, data, now) or {}
    if rule.target is not None:
        ticket.status = rule.target.value
    ticket.updated_at = now
    _record_event(
        session,
        principal,
        ticket,
        action.value,
        from_status=from_status,
        to_status=ticket.status,
        department=ticket.department_code,
        note=data.note,
        data=event_data or None,
        at=now,
    )
    session.flush()
    return ticket


def _record_transfer(
    session: Session, ticket: Ticket, actor: str, kind: str, to_dept: str | None, note: str | None
) -> None:
    transfer = TicketTransfer(
        ticket_id=ticket.id,
        actor=actor,
        kind=kind,
        from_department=ticket.department_code,
        to_department=to_dept,
        note=mask_text(note) if note else None,
    )
    ticket.transfers.append(transfer)
    session.add(transfer)


def _add_assisting(session: Session, ticket: Ticket, codes: list[str] | None) -> list[str]:
    added = []
    for code in codes or []:
        require_department(session, code)
        if code == ticket.department_code:
            continue
        if any(a.department_code == code for a in ticket.assisting):
            continue
        ticket.assisting.append(AssistingDepartment(department_code=code))
        added.append(code)
    return added


def _dept_name(session: Session, code: str | None) -> str:
    if not code:
        return "（无）"
    dept = session.get(Department, code)
    return dept.name if dept else code


def _assign_department(session: Session, ticket: Ticket, code: str, now: datetime) -> None:
    """The department handles the ticket from now on: no handler yet, its clocks start."""
    ticket.department_code = code
    ticket.handler_username = None
    _start_department_clocks(session, ticket, code, now)


def _tell_first_responder(session: Session, ticket: Ticket, kind: str, message: str) -> None:
    _notify(session, ticket, ticket.first_responder_username, kind, message)


def _extension_cap(ticket: Ticket) -> int:
    return clock.extension_cap(category=ticket.category, urgency=ticket.urgency)


def _do_dispatch(session, principal, ticket, data, now):
    code = data.department or ticket.department_code or ticket.routed_department_code
    if not code:
        raise Unprocessable("未找到该地区、类别的责任部门，请指定部门（department）")
    require_department(session, code)
    _record_transfer(session, ticket, principal.username, "dispatch", code, data.note)
    _assign_department(session, ticket, code, now)
    added = _add_assisting(session, ticket, data.departments)
    _tell_department(session, ticket, code, f"新派工单 {ticket.number}，请按时签收。")
    return {"assisting": added} if added else None


def _do_accept(session, principal, ticket, data, now):
    _finish_step(ticket, "accept", now)
    ticket.handler_username = principal.username
    if ticket.accepted_at is None:
        ticket.accepted_at = now


def _do_return(session, principal, ticket, data, now):
    window = _open_deadline(ticket, "return")
    if window is not None and now > window.due_at:
        raise Unprocessable(
            "已超过退单申请时限，请继续办理；如确非本部门职责，请申请督办裁定或转办"
        )
    finish_deadline(window, now)
    _finish_step(ticket, "accept", now, cancelled=True)
    _record_transfer(session, ticket, principal.username, "return", None, data.note)
    returned_from = ticket.department_code
    ticket.department_code = None
    ticket.handler_username = None
    _tell_first_responder(
        session,
        ticket,
        "return",
        f"工单 {ticket.number} 被{_dept_name(session, returned_from)}退回，待重新派单。",
    )
    return {"returned_from": returned_from}


def _do_transfer(session, principal, ticket, data, now):
    code = data.department
    require_department(session, code)
    if code == ticket.department_code:
        raise Unprocessable("转办的目标部门与当前承办部门相同")
    previous = ticket.department_code
    _record_transfer(session, ticket, principal.username, "transfer", code, data.note)
    _assign_department(session, ticket, code, now)
    _tell_first_responder(
        session,
        ticket,
        "transfer",
        f"您首问负责的工单 {ticket.number} 已由{_dept_name(session, previous)}"
        f"转至{_dept_name(session, code)}。",
    )
    _tell_department(session, ticket, code, f"转来工单 {ticket.number}，请按时签收。")
    return {"from_department": previous, "to_department": code}


def _do_dispute(session, principal, ticket, data, now):
    ticket.disputed_department = ticket.department_code
    _finish_step(ticket, "accept", now, cancelled=True)
    _finish_step(ticket, "return", now)


def _do_resolve_dispute(session, principal, ticket, data, now):
    code = data.department or ticket.disputed_department or ticket.department_code
    require_department(session, code)
    previous = ticket.department_code
    if code != previous:
        _record_transfer(session, ticket, principal.username, "reassign", code, data.note)
        _tell_first_responder(
            session,
            ticket,
            "transfer",
            f"工单 {ticket.number} 派单异议已裁定，改由{_dept_name(session, code)}承办。",
        )
    ticket.disputed_department = None
    _assign_department(session, ticket, code, now)
    return {"decided_department": code, "previous_department": previous}


def _do_request_extension(session, principal, ticket, data, now):
    if any(e.action == Action.approve_extension.value for e in ticket.events):
        raise Conflict("该工单已延期一次，不能再次申请延期")
    close = _open_deadline(ticket, "close")
    if close is None:
        raise Unprocessable("该工单没有进行中的办结时限")
    if now >= close.due_at:
        raise Unprocessable("延期须在办结时限届满前申请")
    cap = _extension_cap(ticket)
    days = data.extension_days or cap
    if days > cap:
        raise Unprocessable(f"延期最长不超过{cap}个工作日")
    ticket.extension_days = days
    close.paused_at = now
    ticket.paused_at = now
    return {"extension_days": days}


def _resume_close(ticket: Ticket, now: datetime) -> TicketDeadline | None:
    close = _open_deadline(ticket, "close")
    if close is not None and close.paused_at is not None:
        close.due_at = clock.shift_for_pause(close.due_at, close.paused_at, now)
        close.paused_at = None
    ticket.paused_at = None
    return close


def _do_approve_extension(session, principal, ticket, data, now):
    close = _resume_close(ticket, now)
    if close is None:
        return None
    extended = clock.extend(
        ticket.extension_days or _extension_cap(ticket),
        category=ticket.category,
        urgency=ticket.urgency,
        start=close.due_at,
    )
    before = close.due_at
    close.due_at = extended.at
    close.provisional = close.provisional or extended.provisional
    close.rule = f"{close.rule}；延期：{extended.rule}"
    return {"close_due_before": before.isoformat(), "close_due_after": extended.at.isoformat()}


def _do_reject_extension(session, principal, ticket, data, now):
    close = _resume_close(ticket, now)
    return {"close_due": close.due_at.isoformat()} if close else None


def _do_reply(session, principal, ticket, data, now):
    ticket.reply_text = mask_text(data.note)
    ticket.replied_at = now
    _finish_step(ticket, "close", now)
    _finish_step(ticket, "temporary_decision", now)
    start_deadline(session, ticket, "callback", now, ticket.department_code)
    _tell_first_responder(session, ticket, "reply", f"工单 {ticket.number} 已答复市民，待回访。")


def _do_callback(session, principal, ticket, data, now):
    if data.satisfaction is None or data.resolved is None:
        raise Unprocessable("回访须填写满意度（satisfaction）和是否解决（resolved）")
    ticket.satisfaction = data.satisfaction
    ticket.resolved = data.resolved
    _finish_step(ticket, "callback", now)
    return {"satisfaction": data.satisfaction, "resolved": data.resolved}


def _unsatisfied(ticket: Ticket) -> bool:
    return ticket.satisfaction == "unsatisfied" or ticket.resolved is False


def _do_close(session, principal, ticket, data, now):
    if not ticket.reply_text:
        raise Unprocessable("尚未记录对市民的答复，不能办结归档")
    if _unsatisfied(ticket):
        if principal.role != Role.supervisor:
            raise Conflict("回访不满意或问题未解决，应重办；督办员可说明理由后归档")
        if not data.note:
            raise Unprocessable("回访不满意仍归档，须填写理由（note）")
    ticket.closed_at = now
    for dl in ticket.deadlines:
        finish_deadline(dl, now, cancelled=True)


def _do_reopen(session, principal, ticket, data, now):
    if not _unsatisfied(ticket):
        raise Conflict("回访满意且已解决的工单不能重办，请归档")
    code = data.department or ticket.department_code or ticket.routed_department_code
    require_department(session, code)
    ticket.reopen_count += 1
    ticket.reply_text = None
    ticket.replied_at = None
    ticket.satisfaction = None
    ticket.resolved = None
    _record_transfer(session, ticket, principal.username, "reopen", code, data.note)
    _finish_step(ticket, "close", now, cancelled=True)
    _assign_department(session, ticket, code, now)
    ticket.status = Status.dispatched.value
    _tell_department(
        session, ticket, code, f"工单 {ticket.number} 回访不满意，已重办，请按时签收。"
    )
    return {"reopen_count": ticket.reopen_count}


def _do_escalate(session, principal, ticket, data, now):
    ticket.escalated = True
    message = f"工单 {ticket.number} 已被督办：{mask_text(data.note or '')}"
    for username in (ticket.first_responder_username, ticket.handler_username):
        _notify(session, ticket, username, "escalate", message)


def _do_add_assisting(session, principal, ticket, data, now):
    if not data.departments:
        raise Unprocessable("请指定协办部门（departments）")
    added = _add_assisting(session, ticket, data.departments)
    for code in added:
        _tell_department(session, ticket, code, f"工单 {ticket.number} 请贵单位协办。")
    return {"assisting": added}


def _do_comment(session, principal, ticket, data, now):
    return None


def _tell_department(session: Session, ticket: Ticket, code: str, message: str) -> None:
    dept = session.get(Department, code)
    if dept is not None and dept.on_duty_username:
        _notify(session, ticket, dept.on_duty_username, "dispatch", message)


_HANDLERS = {
    Action.dispatch: _do_dispatch,
    Action.accept: _do_accept,
    Action.return_: _do_return,
    Action.transfer: _do_transfer,
    Action.dispute: _do_dispute,
    Action.resolve_dispute: _do_resolve_dispute,
    Action.request_extension: _do_request_extension,
    Action.approve_extension: _do_approve_extension,
    Action.reject_extension: _do_reject_extension,
    Action.reply: _do_reply,
    Action.callback: _do_callback,
    Action.close: _do_close,
    Action.reopen: _do_reopen,
    Action.escalate: _do_escalate,
    Action.add_assisting: _do_add_assisting,
    Action.comment: _do_comment,
}
assert set(_HANDLERS) == set(TRANSITIONS), "every action in the table needs a service function"


# ---------------------------------------------------------------- personal data


def reveal_contact(session: Session, principal: Principal, ticket_id: int, reason: str) -> Ticket:
    principal.require(Role.operator, Role.handler, Role.supervisor)
    ticket = get_visible_ticket(session, principal, ticket_id)
    _record_event_keeping_status(
        session, principal, ticket, "reveal_contact", department=principal.department, note=reason
    )
    session.flush()
    return ticket


def public_lookup(session: Session, number: str, phone_last4: str) -> Ticket:
    ticket = session.scalar(select(Ticket).where(Ticket.number == number))
    if (
        ticket is None
        or not ticket.phone_last4
        or not hmac.compare_digest(ticket.phone_last4.encode(), phone_last4.encode())
    ):
        raise NotFound("未找到与工单号和手机号后四位相符的工单")
    return ticket


def open_statuses() -> list[str]:
    return [s.value for s in OPEN_STATUSES]


def department_for_output(session: Session, code: str | None) -> Department | None:
    return get_department(session, code) if code else None
