"""The 12345 closed loop as an explicit transition table.

受理 (create) -> 派单 dispatch -> 签收 accept | 退单 return | 派单异议 dispute -> 办理 ->
延期 request/approve/reject -> 答复/办结 reply -> 回访 callback -> 归档 close | 重办 reopen;
督办 escalate at any open state. (国办发〔2020〕53号; GB/T 33358-2016)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from api.auth.models import Role


class Status(StrEnum):
    registered = "registered"  # 已受理
    dispatched = "dispatched"  # 已派单，待签收
    returned = "returned"  # 已退单，待改派
    disputed = "disputed"  # 派单异议，待督办裁定
    in_progress = "in_progress"  # 办理中
    extension_requested = "extension_requested"  # 延期待审批
    replied = "replied"  # 已答复（办结），待回访
    callback_done = "callback_done"  # 已回访
    closed = "closed"  # 已归档


STATUS_NAMES: dict[str, str] = {
    Status.registered: "已受理",
    Status.dispatched: "已派单待签收",
    Status.returned: "已退单待改派",
    Status.disputed: "派单异议待裁定",
    Status.in_progress: "办理中",
    Status.extension_requested: "延期审批中",
    Status.replied: "已答复待回访",
    Status.callback_done: "已回访",
    Status.closed: "已办结归档",
}

OPEN_STATUSES = frozenset(s for s in Status if s is not Status.closed)


class Action(StrEnum):
    dispatch = "dispatch"  # 派单
    accept = "accept"  # 签收
    return_ = "return"  # 退单
    transfer = "transfer"  # 转办/转介
    dispute = "dispute"  # 派单异议
    resolve_dispute = "resolve_dispute"  # 督办裁定派单异议
    request_extension = "request_extension"  # 申请延期
    approve_extension = "approve_extension"  # 批准延期
    reject_extension = "reject_extension"  # 驳回延期
    reply = "reply"  # 答复/办结
    answer = "answer"  # 直接答复: the hotline answers the matter itself (咨询), no department
    callback = "callback"  # 回访
    close = "close"  # 归档
    reopen = "reopen"  # 重办
    escalate = "escalate"  # 督办
    add_assisting = "add_assisting"  # 增加协办单位
    comment = "comment"  # 办理说明（不改变状态）


ACTION_NAMES: dict[str, str] = {
    "create": "受理",
    "merge": "并单",
    Action.dispatch: "派单",
    Action.accept: "签收",
    Action.return_: "退单",
    Action.transfer: "转办",
    Action.dispute: "派单异议",
    Action.resolve_dispute: "异议裁定",
    Action.request_extension: "申请延期",
    Action.approve_extension: "批准延期",
    Action.reject_extension: "驳回延期",
    Action.reply: "答复办结",
    Action.answer: "直接答复",
    Action.callback: "回访",
    Action.close: "归档",
    Action.reopen: "重办",
    Action.escalate: "督办",
    Action.add_assisting: "增加协办",
    Action.comment: "办理说明",
    "reveal_contact": "查看联系电话",
    "add_contact": "补充联系方式",
    "take_handoff": "接手转人工",
    "assist_reply": "协办反馈",
    "deadline_warning": "临期提醒",
    "deadline_breach": "超期",
}


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    roles: frozenset[Role]
    target: Status | None  # None: the status does not change
    own_department: bool = False  # a handler may act only on its own department's ticket
    needs_note: bool = False
    needs_department: bool = False


S, R = Status, Role
HOTLINE = frozenset({R.operator, R.supervisor})
DEPT = frozenset({R.handler, R.supervisor})

TRANSITIONS: dict[Action, Transition] = {
    Action.dispatch: Transition(frozenset({S.registered, S.returned}), HOTLINE, S.dispatched),
    Action.accept: Transition(frozenset({S.dispatched}), DEPT, S.in_progress, own_department=True),
    Action.return_: Transition(
        frozenset({S.dispatched, S.in_progress}),
        DEPT,
        S.returned,
        own_department=True,
        needs_note=True,
    ),
    Action.transfer: Transition(
        frozenset({S.registered, S.dispatched, S.in_progress, S.returned}),
        frozenset({R.operator, R.supervisor, R.handler}),
        S.dispatched,
        own_department=True,
        needs_department=True,
    ),
    Action.dispute: Transition(
        frozenset({S.dispatched}),
        frozenset({R.handler}),
        S.disputed,
        own_department=True,
        needs_note=True,
    ),
    Action.resolve_dispute: Transition(
        frozenset({S.disputed}), frozenset({R.supervisor}), S.dispatched
    ),
    Action.request_extension: Transition(
        frozenset({S.in_progress}),
        DEPT,
        S.extension_requested,
        own_department=True,
        needs_note=True,
    ),
    Action.approve_extension: Transition(
        frozenset({S.extension_requested}), frozenset({R.supervisor}), S.in_progress
    ),
    Action.reject_extension: Transition(
        frozenset({S.extension_requested}),
        frozenset({R.supervisor}),
        S.in_progress,
        needs_note=True,
    ),
    Action.reply: Transition(
        frozenset({S.in_progress}), DEPT, S.replied, own_department=True, needs_note=True
    ),
    Action.answer: Transition(
        frozenset({S.registered, S.returned}), HOTLINE, S.replied, needs_note=True
    ),
    Action.callback: Transition(frozenset({S.replied}), HOTLINE, S.callback_done),
    Action.close: Transition(frozenset({S.callback_done}), HOTLINE, S.closed),
    Action.reopen: Transition(frozenset({S.callback_done}), HOTLINE, S.dispatched),
    Action.escalate: Transition(OPEN_STATUSES, frozenset({R.supervisor}), None, needs_note=True),
    # 协办: the hotline, or the lead (主办) department itself, splitting its work.
    Action.add_assisting: Transition(
        frozenset(OPEN_STATUSES - {S.replied, S.callback_done}),
        frozenset({R.operator, R.supervisor, R.handler}),
        None,
        own_department=True,
    ),
    Action.comment: Transition(
        OPEN_STATUSES, frozenset({R.operator, R.supervisor, R.handler}), None, needs_note=True
    ),
}
