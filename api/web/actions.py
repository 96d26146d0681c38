"""Which buttons a work order shows to whom, and what each asks for."""

from __future__ import annotations

from dataclasses import dataclass

from api.auth.deps import Principal
from api.auth.models import Role
from api.tickets.lifecycle import TRANSITIONS, Action, Status
from api.tickets.models import Ticket


@dataclass(frozen=True)
class ActionForm:
    action: str
    label: str
    department: str = ""  # "", "optional", "required"
    departments: bool = False
    note: str = ""  # "", "optional", "required"
    note_label: str = "说明"
    callback: bool = False
    extension_days: bool = False
    primary: bool = False


FORMS: list[ActionForm] = [
    ActionForm("dispatch", "派单", department="optional", note="optional", primary=True),
    ActionForm("accept", "签收", note="optional", primary=True),
    ActionForm("return", "退单", note="required", note_label="退单理由"),
    ActionForm("transfer", "转办", department="required", note="optional", note_label="转办说明"),
    ActionForm("dispute", "派单异议", note="required", note_label="异议理由"),
    ActionForm("resolve_dispute", "异议裁定", department="optional", note="optional"),
    ActionForm(
        "request_extension", "申请延期", note="required", note_label="延期理由", extension_days=True
    ),
    ActionForm("approve_extension", "批准延期", note="optional"),
    ActionForm("reject_extension", "驳回延期", note="required", note_label="驳回理由"),
    ActionForm("reply", "答复", note="required", note_label="答复市民的内容", primary=True),
    ActionForm(
        "answer",
        "直接答复",
        note="required",
        note_label="已直接答复市民的内容（咨询类，无需派单）",
    ),
    ActionForm("callback", "回访", note="optional", note_label="回访记录", callback=True),
    ActionForm("close", "办结归档", note="optional", note_label="办结说明"),
    ActionForm("reopen", "重办", department="optional", note="optional", note_label="重办原因"),
    ActionForm("escalate", "督办", note="required", note_label="督办意见"),
    ActionForm(
        "add_assisting",
        "请求协办",
        departments=True,
        note="optional",
        note_label="分工说明（请协办单位做什么）",
    ),
    ActionForm("comment", "办理说明", note="required", note_label="办理说明"),
]
FORM_BY_ACTION = {f.action: f for f in FORMS}


def allowed_forms(principal: Principal, ticket: Ticket) -> list[ActionForm]:
    """The actions the transition table lets this person take on this ticket now."""
    out = []
    for form in FORMS:
        rule = TRANSITIONS[Action(form.action)]
        if principal.role not in rule.roles:
            continue
        if Status(ticket.status) not in rule.sources:
            continue
        if (
            rule.own_department
            and principal.role == Role.handler
            and ticket.department_code != principal.department
        ):
            continue
        out.append(form)
    return out
