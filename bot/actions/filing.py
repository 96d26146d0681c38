"""Filing a work order: payload, Idempotency-Key, outbox first, then the API; the citizen's answer."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.actions import settings
from bot.actions.outbox import Outbox, RetryWorker
from bot.actions.ticket_api import TicketApi

logger = logging.getLogger(__name__)

BEIJING = timezone(timedelta(hours=8), "CST")
MAX_TEXT_CHARS = 4000  # the API's limit on a work order's text
_TRUNCATED = "\n……（对话较长，已截断，完整记录见智能助手）"

_KEY_NAMESPACE = uuid.UUID("6f1d3c2e-8a4b-4c55-9e61-12345a5e0b01")

_lock = threading.Lock()
_outbox: Outbox | None = None
_api: TicketApi | None = None
_worker: RetryWorker | None = None


def services() -> tuple[Outbox, TicketApi]:
    """The process-wide outbox and API client (rebuilt when the settings change)."""
    global _outbox, _api
    with _lock:
        path = settings.outbox_path()
        if _outbox is None or _outbox.path != path:
            _outbox = Outbox(path)
        if _api is None or _api.base_url != settings.api_url():
            _api = TicketApi()
        return _outbox, _api


def reset_services() -> None:
    """Forget the cached outbox, client and worker (tests switch settings between cases)."""
    global _outbox, _api, _worker
    with _lock:
        if _worker is not None:
            _worker.stop()
        _outbox, _api, _worker = None, None, None


def ensure_retry_worker() -> None:
    global _worker
    outbox, api = services()
    with _lock:
        if _worker is None:
            _worker = RetryWorker(outbox, api, settings.outbox_retry_seconds())
            _worker.start()


def idempotency_key(sender_id: str, purpose: str, sequence: int) -> str:
    """Stable for one filing of one conversation: a re-run of the action sends the same key."""
    return str(uuid.uuid5(_KEY_NAMESPACE, f"{sender_id}|{purpose}|{sequence}"))


@dataclass(frozen=True)
class FilingResult:
    idempotency_key: str
    queued: bool
    rejected: bool = False
    number: str | None = None
    department: str | None = None
    deadline: str | None = None
    reply_limit: str | None = None  # the API's 办结 limit for this order: "3个工作日"
    merged: bool = False
    urgent: bool = False


def build_payload(
    *,
    text: str,
    category: str,
    locality: str,
    urgency: str = "normal",
    contact_phone: str | None = None,
    household: dict[str, Any] | None = None,
    estimate: dict[str, Any] | None = None,
    channel: str = "chat",
    consent_text: str | None = None,
) -> dict[str, Any]:
    if len(text) > MAX_TEXT_CHARS:
        text = text[: MAX_TEXT_CHARS - len(_TRUNCATED)] + _TRUNCATED
    payload: dict[str, Any] = {
        "channel": channel,
        "text": text,
        "locality": locality,
        "category": category,
        "urgency": urgency,
    }
    if contact_phone:
        payload["contact_phone"] = contact_phone
    if household:
        payload["household"] = household
    if estimate:
        payload["estimate"] = estimate
    if consent_text:
        payload["consent"] = {"given": True, "text": consent_text[:500]}
    return payload


def file_order(payload: dict[str, Any], key: str) -> FilingResult:
    """Store the order in the outbox, then try the API once; never raises for a down API."""
    outbox, api = services()
    outbox.add(key, payload)
    entry = outbox.send(key, api)
    ensure_retry_worker()
    if entry is not None and entry.status == "delivered" and entry.ticket:
        return _result_from_ticket(key, entry.ticket, api)
    return FilingResult(
        idempotency_key=key, queued=True, rejected=entry is not None and entry.status == "rejected"
    )


def _result_from_ticket(key: str, ticket: dict[str, Any], api: TicketApi) -> FilingResult:
    responder = ticket.get("first_responder") or {}
    code = responder.get("department") or ticket.get("department")
    if code and code == ticket.get("department") and ticket.get("department_name"):
        name = ticket["department_name"]
    else:
        name = api.department_names().get(code, code) if code else None
    deadlines = ticket.get("deadlines") or {}
    deadline = deadlines.get("reply") or deadlines.get("close") or deadlines.get("accept")
    return FilingResult(
        idempotency_key=key,
        queued=False,
        number=ticket.get("number"),
        department=name,
        deadline=format_deadline(deadline),
        reply_limit=ticket.get("reply_limit"),
        merged=bool(ticket.get("merged")),
        urgent=ticket.get("urgency") == "urgent",
    )


def format_deadline(value: Any) -> str | None:
    """An API time (UTC, ISO 8601) as Beijing time: 2026年12月7日17:30."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(BEIJING)
    return f"{moment.year}年{moment.month}月{moment.day}日{moment:%H:%M}"


def filing_message(result: FilingResult) -> str:
    if result.number:
        lines = [f"已为您提交工单，工单号 {result.number}。"]
        if result.merged:
            lines.append("您之前反映过同一件事，这次的情况已合并到原工单一起办理。")
        if result.department:
            lines.append(f"首问负责部门：{result.department}。")
        if result.urgent:
            lines.append("这是紧急工单，承办部门须在2小时内反馈。")
        elif result.deadline:
            lines.append(f"答复期限：{result.deadline}前。")
        elif result.reply_limit:
            lines.append(
                f"答复期限：派单后{result.reply_limit}内办结答复，具体日期可凭工单号查询。"
            )
        lines.append("查询进度时，请提供工单号和登记手机号后四位。")
        return "".join(lines)
    if result.rejected:
        return (
            "工单已记录，但系统暂时无法自动登记，工作人员会人工处理，不会丢失。也可以拨打 12345。"
        )
    return (
        "工单系统暂时连不上，您的工单已保存在待发送队列里，系统恢复后会自动提交，不会丢失，也不会重复。"
        "提交成功后工作人员会按您留的电话联系您；也可以稍后来问我进度。"
    )
