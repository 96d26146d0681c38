"""Request and response bodies of the work-order endpoints."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.config import get_settings
from api.tickets.lifecycle import Action
from household.needs import CATEGORIES

# The NLU intents of contracts/intents.md that name a citizen's need (household.needs).
Category = StrEnum("Category", {name: name for name in CATEGORIES})  # type: ignore[misc]


Channel = Literal["chat", "phone", "web", "import"]
Urgency = Literal["urgent", "normal"]
Satisfaction = Literal["satisfied", "basically", "unsatisfied"]

DEPARTMENT_CODE = Field(default=None, pattern=r"^[0-9A-Za-z_-]{1,64}$")


def _check_json_size(value: dict | None, what: str) -> dict | None:
    if value is None:
        return None
    if len(json.dumps(value, ensure_ascii=False)) > get_settings().max_json_bytes:
        raise ValueError(f"{what}内容过大")
    return value


class Consent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given: bool
    text: str | None = Field(default=None, max_length=500)
    at: datetime | None = None


class TicketCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    channel: Channel
    text: str = Field(min_length=1, max_length=4000, description="诉求内容（原文，保存时脱敏）")
    locality: str = Field(pattern=r"^[0-9]{6}$", description="GB/T 2260 行政区划代码")
    category: Category
    contact_phone: str | None = Field(
        default=None, max_length=20, pattern=r"^\+?[0-9][0-9 -]{5,18}$"
    )
    contact_name: str | None = Field(default=None, max_length=50)
    id_number: str | None = Field(
        default=None,
        pattern=r"^[1-9][0-9]{16}[0-9Xx]$",
        description="身份证号（只用于并单识别，不保存原文）",
    )
    household: dict | None = None
    estimate: dict | None = None
    urgency: Urgency = "normal"
    consent: bool | Consent | None = None
    # Extensions (docs/api.md "Creating"): all optional.
    handoff: bool = Field(
        default=False,
        description="转人工：智能助手把对话转给人工接线员（以「【转人工】」开头的助手工单同样视为转人工）",
    )
    routing_confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="诉求类别的置信度（0–1）；达到自动派单阈值的助手/导入工单立即派单",
    )
    open_questions: list[str] | None = Field(
        default=None, max_length=10, description="受理时还需问清的问题（保存在工单上）"
    )
    review_note: str | None = Field(
        default=None,
        max_length=200,
        pattern=r"^[^\x00-\x1f]*$",
        description="诉求类别待人工确认的说明（如「待人工确认：疑似…」），记入受理记录",
    )
    received_at: datetime | None = Field(
        default=None,
        description="来电时间（批量导入、补录来电；不晚于当前时间，不早于一年前）；缺省为受理时间",
    )

    @field_validator("open_questions")
    @classmethod
    def _questions_clean(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        out = []
        for item in value:
            item = item.strip()
            if len(item) > 200 or any(ord(ch) < 32 for ch in item):
                raise ValueError("待问清的问题每条不超过200字，且不含控制字符")
            if item and item not in out:
                out.append(item)
        return out or None

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("诉求内容不能为空")
        if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
            raise ValueError("诉求内容含有非法控制字符")
        return value

    @field_validator("contact_name")
    @classmethod
    def _name_clean(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if any(ord(ch) < 32 for ch in value):
            raise ValueError("姓名含有非法控制字符")
        return value or None

    @field_validator("household")
    @classmethod
    def _household_size(cls, value: dict | None) -> dict | None:
        return _check_json_size(value, "家庭情况")

    @field_validator("estimate")
    @classmethod
    def _estimate_size(cls, value: dict | None) -> dict | None:
        """An estimate over the limit is kept as the order shows it (api.intake.compact): the
        full one can be computed again from the household; refused only if even that is too big."""
        if value is not None and len(json.dumps(value, ensure_ascii=False)) > (
            get_settings().max_json_bytes
        ):
            from api.intake.compact import compact_estimate

            value = compact_estimate(value) or value
        return _check_json_size(value, "测算结果")


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Action
    department: str | None = DEPARTMENT_CODE
    departments: list[str] | None = Field(default=None, max_length=10)
    note: str | None = Field(default=None, max_length=2000)
    satisfaction: Satisfaction | None = None
    resolved: bool | None = None
    # 申请延期: how many working days are asked for (at most the 延期上限; none = the cap).
    extension_days: int | None = Field(default=None, ge=1, le=30)
    # Required (contracts/api.md): the version the caller saw; a stale one is refused with 409.
    version: int = Field(ge=1, le=2_000_000_000, description="调用方看到的工单版本（必填）")

    @field_validator("note")
    @classmethod
    def _note_clean(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
            raise ValueError("说明含有非法控制字符")
        return value or None


class RevealIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=2, max_length=500, description="查看号码的理由（如：回访）")


class RevealOut(BaseModel):
    contact_phone: str | None
    ticket_id: int
    other_phones: list[str] = Field(
        default_factory=list, description="市民后来补充的其他联系电话（同一次查看，同一条留痕）"
    )


class ContactIn(BaseModel):
    """A contact the citizen gives after filing: a phone, a note, or both."""

    model_config = ConfigDict(extra="forbid")

    phone: str | None = Field(default=None, max_length=20, description="补充的联系电话")
    note: str | None = Field(
        default=None, max_length=500, description="补充说明（如：现在在某某桥下，可以找到我）"
    )

    @field_validator("note")
    @classmethod
    def _note_clean(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
            raise ValueError("说明含有非法控制字符")
        return value or None


class ContactOut(BaseModel):
    at: datetime
    actor: str
    phone: str | None = Field(description="脱敏后的电话")
    note: str | None


class AssistReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(min_length=2, max_length=2000, description="协办部门的办理反馈")
    version: int | None = Field(default=None, ge=1, le=2_000_000_000)


class AssistingOut(BaseModel):
    department: str
    task: str | None
    requested_by: str | None
    requested_at: datetime | None
    reply: str | None
    replied_by: str | None
    replied_at: datetime | None


class HandoffTakeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(default=None, ge=1, le=2_000_000_000)


class FirstResponder(BaseModel):
    user: str
    department: str | None


class EventOut(BaseModel):
    at: datetime
    actor: str
    role: str
    action: str
    action_name: str
    from_status: str | None
    to_status: str | None
    department: str | None
    note: str | None


class DeadlineOut(BaseModel):
    step: str
    department: str | None
    started_at: datetime
    due_at: datetime
    provisional: bool
    rule: str
    state: str
    done_at: datetime | None
    minutes_late: int | None
    breached: bool
    paused: bool


class TransferOut(BaseModel):
    at: datetime
    actor: str
    kind: str
    from_department: str | None
    to_department: str | None
    note: str | None


class TicketOut(BaseModel):
    id: int
    number: str
    status: str
    status_name: str
    reply_limit: str = Field(description="办结（答复）时限，自派单起算，如“3个工作日”")
    channel: str
    category: str
    kind: str
    locality: str
    text: str
    contact_phone: str | None = Field(description="脱敏后的联系电话")
    urgency: str
    department: str | None
    department_name: str | None
    handler: str | None
    assisting_departments: list[str]
    routed_department: str | None
    first_responder: FirstResponder
    deadlines: dict[str, datetime | None] = Field(description="各环节当前时限（UTC）")
    deadline_details: list[DeadlineOut]
    provisional_deadlines: bool
    overdue: bool
    reply: str | None
    satisfaction: str | None
    resolved: bool | None
    escalated: bool
    reopen_count: int
    merged: bool = False
    merged_count: int
    consent: dict | None
    household: dict | None
    estimate: dict | None
    transfers: list[TransferOut]
    created_at: datetime
    updated_at: datetime
    version: int
    events: list[EventOut]
    # Extensions of the contract's ticket.
    handoff: bool = False
    handoff_taken_by: str | None = None
    handoff_taken_at: datetime | None = None
    life_safety: bool = False
    routing_confidence: float | None = None
    open_questions: list[str] = Field(default_factory=list)
    contacts: list[ContactOut] = Field(default_factory=list)
    assisting: list[AssistingOut] = Field(default_factory=list)


class MergedOut(BaseModel):
    """The answer to a merged request (并单) for a caller who may not see the open order: that a
    same-matter order exists, never its number or content."""

    merged: Literal[True] = True
    number: None = None
    message: str = "已有同一事项的工单在办理，本次诉求已作为补充记录并入，将一并办理"


class TicketPage(BaseModel):
    items: list[TicketOut]
    total: int


class PublicTicketOut(BaseModel):
    number: str
    status: str
    status_name: str
    reply_limit: str = Field(description="办结（答复）时限，自派单起算，如“3个工作日”")
    department: str | None
    department_name: str | None
    deadlines: dict[str, datetime | None]
    reply: str | None
    created_at: datetime
    expected_by: datetime | None = Field(
        default=None, description="预计办结答复时间：办结时限；尚未派单时按派单时限加办结时限估算"
    )
    expected_provisional: bool = Field(default=False, description="预计时间为估算（尚未派单）")
