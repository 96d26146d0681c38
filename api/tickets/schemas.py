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
