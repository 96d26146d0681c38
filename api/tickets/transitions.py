"""The transitions of a work order: who may do what in which status (``lifecycle.TRANSITIONS``)
and what each action changes on the order itself (status, department, handler, reply, transfers,
协办). One function per action; each returns the data of its history event. The clocks and the
notices an action causes are ``api.tickets.flows``'s business."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.errors import Conflict, Forbidden, Unprocessable
from api.departments.service import require_department
from api.tickets.deadlines import extension_cap, open_deadline
from api.tickets.lifecycle import ACTION_NAMES, STATUS_NAMES, TRANSITIONS, Action, Status
from api.tickets.models import AssistingDepartment, Ticket, TicketTransfer
from api.tickets.schemas import TransitionIn
from zhtext.masking import mask_text

Handler = Callable[[Session, Principal, Ticket, TransitionIn, datetime], dict | None]


def _refuse_state(ticket: Ticket, action: Action) -> Conflict:
    return Conflict(
        f"工单当前状态为「{STATUS_NAMES.get(ticket.status, ticket.status)}」，"
        f"不能执行「{ACTION_NAMES.get(action, action)}」"
    )


def check_allowed(principal: Principal, ticket: Ticket, data: TransitionIn) -> None:
    """Refuse a stale version, a role, a department, a status or a missing field (409/403/422)."""
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


def target_status(action: Action) -> Status | None:
    return TRANSITIONS[action].target


# ---------------------------------------------------------------- shared pieces


def record_transfer(
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


def add_assisting(
    session: Session,
    ticket: Ticket,
    codes: list[str] | None,
    *,
    task: str | None = None,
    actor: str | None = None,
    now: datetime | None = None,
) -> list[str]:
    """协办 departments beside the lead one, each with its part of the work (分工: ``task``)."""
    added = []
    for code in codes or []:
        require_department(session, code)
        if code == ticket.department_code:
            continue
        if any(a.department_code == code for a in ticket.assisting):
            continue
        ticket.assisting.append(
            AssistingDepartment(
                department_code=code,
                task=mask_text(task) if task else None,
                requested_by=actor,
                requested_at=now,
            )
        )
        added.append(code)
    return added


def _hand_to(ticket: Ticket, code: str) -> None:
    """The department handles the ticket from now on, with no handler yet."""
    ticket.department_code = code
    ticket.handler_username = None


def unsatisfied(ticket: Ticket) -> bool:
    return ticket.satisfaction == "unsatisfied" or ticket.resolved is False


# ---------------------------------------------------------------- one function per action


def _do_dispatch(session, principal, ticket, data, now):
    code = data.department or ticket.department_code or ticket.routed_department_code
    if not code:
        raise Unprocessable("未找到该地区、类别的责任部门，请指定部门（department）")
    require_department(session, code)
    record_transfer(session, ticket, principal.username, "dispatch", code, data.note)
    _hand_to(ticket, code)
    added = add_assisting(session, ticket, data.departments, actor=principal.username, now=now)
    return {"assisting": added} if added else None


def _do_accept(session, principal, ticket, data, now):
    ticket.handler_username = principal.username
    if ticket.accepted_at is None:
        ticket.accepted_at = now


def _do_return(session, principal, ticket, data, now):
    window = open_deadline(ticket, "return")
    if window is not None and now > window.due_at:
        raise Unprocessable(
            "已超过退单申请时限，请继续办理；如确非本部门职责，请申请督办裁定或转办"
        )
    record_transfer(session, ticket, principal.username, "return", None, data.note)
    returned_from = ticket.department_code
    ticket.department_code = None
    ticket.handler_username = None
    return {"returned_from": returned_from}


def _do_transfer(session, principal, ticket, data, now):
    code = data.department
    require_department(session, code)
    if code == ticket.department_code:
        raise Unprocessable("转办的目标部门与当前承办部门相同")
    previous = ticket.department_code
    record_transfer(session, ticket, principal.username, "transfer", code, data.note)
    _hand_to(ticket, code)
    return {"from_department": previous, "to_department": code}


def _do_dispute(session, principal, ticket, data, now):
    ticket.disputed_department = ticket.department_code


def _do_resolve_dispute(session, principal, ticket, data, now):
    code = data.department or ticket.disputed_department or ticket.department_code
    require_department(session, code)
    previous = ticket.department_code
    if code != previous:
        record_transfer(session, ticket, principal.username, "reassign", code, data.note)
    ticket.disputed_department = None
    _hand_to(ticket, code)
    return {"decided_department": code, "previous_department": previous}


def _do_request_extension(session, principal, ticket, data, now):
    if any(e.action == Action.approve_extension.value for e in ticket.events):
        raise Conflict("该工单已延期一次，不能再次申请延期")
    close = open_deadline(ticket, "close")
    if close is None:
        raise Unprocessable("该工单没有进行中的办结时限")
    if now >= close.due_at:
        raise Unprocessable("延期须在办结时限届满前申请")
    cap = extension_cap(ticket)
    days = data.extension_days or cap
    if days > cap:
        raise Unprocessable(f"延期最长不超过{cap}个工作日")
    ticket.extension_days = days
    ticket.paused_at = now
    return {"extension_days": days}


def _do_decide_extension(session, principal, ticket, data, now):
    ticket.paused_at = None


def _do_reply(session, principal, ticket, data, now):
    ticket.reply_text = mask_text(data.note)
    ticket.replied_at = now


def _do_answer(session, principal, ticket, data, now):
    """直接答复: the hotline answered the citizen itself; the order is the hotline's now."""
    previous = ticket.department_code
    ticket.department_code = principal.department or previous
    ticket.handler_username = principal.username
    ticket.reply_text = mask_text(data.note)
    ticket.replied_at = now
    return {"answered_by": principal.department, "routed_department": previous}


def _do_callback(session, principal, ticket, data, now):
    if data.satisfaction is None or data.resolved is None:
        raise Unprocessable("回访须填写满意度（satisfaction）和是否解决（resolved）")
    ticket.satisfaction = data.satisfaction
    ticket.resolved = data.resolved
    return {"satisfaction": data.satisfaction, "resolved": data.resolved}


def _do_close(session, principal, ticket, data, now):
    if not ticket.reply_text:
        raise Unprocessable("尚未记录对市民的答复，不能办结归档")
    if unsatisfied(ticket):
        if principal.role != Role.supervisor:
            raise Conflict("回访不满意或问题未解决，应重办；督办员可说明理由后归档")
        if not data.note:
            raise Unprocessable("回访不满意仍归档，须填写理由（note）")
    ticket.closed_at = now


def _do_reopen(session, principal, ticket, data, now):
    if not unsatisfied(ticket):
        raise Conflict("回访满意且已解决的工单不能重办，请归档")
    code = data.department or ticket.department_code or ticket.routed_department_code
    require_department(session, code)
    ticket.reopen_count += 1
    ticket.reply_text = None
    ticket.replied_at = None
    ticket.satisfaction = None
    ticket.resolved = None
    record_transfer(session, ticket, principal.username, "reopen", code, data.note)
    _hand_to(ticket, code)
    ticket.status = Status.dispatched.value
    return {"reopen_count": ticket.reopen_count}


def _do_escalate(session, principal, ticket, data, now):
    ticket.escalated = True


def _do_add_assisting(session, principal, ticket, data, now):
    if not data.departments:
        raise Unprocessable("请指定协办部门（departments）")
    if ticket.department_code in data.departments and len(data.departments) == 1:
        raise Unprocessable("协办部门不能是主办部门本身")
    added = add_assisting(
        session, ticket, data.departments, task=data.note, actor=principal.username, now=now
    )
    if not added:
        raise Unprocessable("所选部门已在协办，未增加新的协办部门")
    return {"assisting": added}


def _do_nothing(session, principal, ticket, data, now):
    return None


HANDLERS: dict[Action, Handler] = {
    Action.dispatch: _do_dispatch,
    Action.accept: _do_accept,
    Action.return_: _do_return,
    Action.transfer: _do_transfer,
    Action.dispute: _do_dispute,
    Action.resolve_dispute: _do_resolve_dispute,
    Action.request_extension: _do_request_extension,
    Action.approve_extension: _do_decide_extension,
    Action.reject_extension: _do_decide_extension,
    Action.reply: _do_reply,
    Action.answer: _do_answer,
    Action.callback: _do_callback,
    Action.close: _do_close,
    Action.reopen: _do_reopen,
    Action.escalate: _do_escalate,
    Action.add_assisting: _do_add_assisting,
    Action.comment: _do_nothing,
}
assert set(HANDLERS) == set(TRANSITIONS), "every action in the table needs a service function"
