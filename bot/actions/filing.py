"""Filing a work order: payload, Idempotency-Key, outbox first, then the API; the citizen's answer."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.actions import settings
from bot.actions.outbox import KeyReused, Outbox, RetryWorker
from bot.actions.ticket_api import ApiUnavailable, TicketApi
from household.facts import for_policy

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
            _worker = RetryWorker(
                outbox, api, settings.outbox_retry_seconds(), settings.outbox_retention_days()
            )
            _worker.start()


def idempotency_key(sender_id: str, purpose: str, marker: object) -> str:
    """The key of one filing: the same for the same conversation, purpose and marker."""
    return str(uuid.uuid5(_KEY_NAMESPACE, f"{sender_id}|{purpose}|{marker}"))


def request_key(tracker: Any, purpose: str) -> str:
    """Unique for each request (the citizen message that led to it has its own id), and the same
    when the action is run again for that message — a restart of the conversation never reuses
    one, and a retried action never files twice."""
    last_user = next((e for e in reversed(tracker.events) if e.get("event") == "user"), None)
    marker = (last_user or {}).get("message_id") or (last_user or {}).get("timestamp")
    if marker is None:
        return str(uuid.uuid4())
    return idempotency_key(tracker.sender_id, purpose, marker)


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
    degraded: bool = False  # filed in a plain form after the API refused the full order


def estimate_or_error(
    household: dict[str, Any], locality: str | None
) -> tuple[dict[str, Any] | None, str | None]:
    """(estimate, None), or (None, what does not add up) when the facts do not validate."""
    import policies

    try:
        facts = for_policy(household, locality or settings.hotline_locality())
        return policies.estimate(facts), None
    except policies.InvalidHousehold as error:
        return None, str(error)


def estimate_for(household: dict[str, Any], locality: str | None) -> dict[str, Any] | None:
    """The estimate of a household (None when its facts do not validate): after a correction,
    and for an urgent order filed before any question."""
    return estimate_or_error(household, locality)[0]


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
    try:
        outbox.add(key, payload)
    except KeyReused:  # never hand out another order: this one gets a key of its own
        logger.warning("outbox: key %s already names another order; a new key is used", key)
        key = str(uuid.uuid4())
        outbox.add(key, payload)
    try:
        entry = outbox.send(key, api)
    except ApiUnavailable:
        entry = outbox.get(key)
    ensure_retry_worker()
    if entry is not None and entry.status == "delivered" and entry.ticket:
        return _result_from_ticket(key, entry.ticket, api, degraded=entry.degraded)
    return FilingResult(
        idempotency_key=key, queued=True, rejected=entry is not None and entry.status == "rejected"
    )


def _result_from_ticket(
    key: str, ticket: dict[str, Any], api: TicketApi, degraded: bool = False
) -> FilingResult:
    responder = ticket.get("first_responder") or {}
    code = responder.get("department") or ticket.get("department")
    if code and code == ticket.get("department") and ticket.get("department_name"):
        name = ticket["department_name"]
    else:
        name = api.department_names().get(code, code) if code else None
    if name and not serves_locality(code, ticket.get("locality")):
        # routed to the hotline's default department (no data for the caller's county yet): a
        # citizen of 西安 is not told that 会宁县民政局 answers for them
        name = "12345 热线（将转交您所在地的相关部门办理）"
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
        degraded=degraded,
    )


def serves_locality(department: Any, locality: Any) -> bool:
    """Whether a department (``620422-minzheng``) belongs to the caller's county, its city or its
    province: the chain the API routes along. Unknown codes are taken as serving it."""
    area = str(department or "")[:6]
    place = str(locality or "")
    if len(area) != 6 or not area.isdigit() or len(place) != 6 or not place.isdigit():
        return True
    return area in (place, place[:4] + "00", place[:2] + "0000")


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
    if result.merged:
        # 并单: the open order may be someone else's — its number and content are not told here.
        return (
            "您反映的这件事已经有工单在办理了，这次说的情况已经补充进去，一起办理。"
            "工作人员会按原来登记的电话联系；要查进度，请用原来的工单号和登记手机号后四位查询。"
        )
    if result.number:
        lines = [f"已为您提交工单，工单号 {result.number}。"]
        if result.degraded:
            lines.append("有一部分信息没能自动登记，工作人员会打电话跟您核实。")
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
            "很抱歉，系统没能登记这张工单，原因已经记下，技术人员会处理。"
            "为了不耽误您的事，请直接拨打 12345 反映，或者稍后再来找我。"
        )
    return (
        "工单系统暂时连不上，您的工单已保存在待发送队列里，系统恢复后会自动提交，不会丢失，也不会重复。"
        "提交成功后工作人员会按您留的电话联系您；也可以稍后来问我进度。"
    )
