"""Bulk import of a 12345 export (CSV or XLSX): read, map columns, triage and file each row.

Each row gets an idempotency key from its own content (text, time, phone), so importing the same
file again — or a later export that repeats rows — answers those rows as duplicates with their
ticket number, and a row is never filed twice. Rows whose phone and category match an open order
are merged into it (并单) by the ticket service and reported as duplicates too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import time as clock
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from api.auth.deps import Principal
from api.core.config import get_settings
from api.core.database import read_session
from api.core.errors import ApiError
from api.core.timeutil import SHANGHAI
from api.intake.compact import compact_estimate
from api.intake.triage import NLU_TIMEOUT_SECONDS, triage
from api.tickets import service
from api.tickets.models import IdempotencyKey
from api.tickets.phones import BadPhone, check_phone
from api.tickets.presenters import department_names
from api.tickets.schemas import TicketCreate
from api.tickets.writer import writer
from api.web.call_time import BadCallTime, parse_call_time

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
FIELDS = ("text", "time", "phone", "place")
FIELD_NAMES = {"text": "诉求内容", "time": "来电时间", "phone": "来电号码", "place": "地点"}
HEADER_WORDS = {
    "text": ("诉求内容", "工单内容", "来电内容", "诉求", "内容", "问题描述", "text"),
    "time": ("来电时间", "受理时间", "登记时间", "时间", "time"),
    "phone": ("来电号码", "联系电话", "电话", "手机", "phone"),
    "place": ("地点", "地址", "所属区域", "区域", "place"),
}
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


class ImportFileError(ValueError):
    """The file cannot be read as a 12345 export (message in Chinese)."""


@dataclass
class ImportTable:
    token: str
    filename: str
    header: list[str]
    rows: list[list[str]]
    mapping: dict[str, int | None]


def imports_dir() -> Path:
    path = get_settings().data_dir / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(filename: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    if not content:
        raise ImportFileError("文件为空")
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError("文件超过 5 MB，请分批导入")
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif lower.endswith(".csv"):
        rows = _read_csv(content)
    else:
        raise ImportFileError("只支持 CSV 或 XLSX 文件")
    rows = [r for r in rows if any(c for c in r)]
    if len(rows) < 2:
        raise ImportFileError("文件中没有数据行（第一行应为表头）")
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(f"一次最多导入 {MAX_ROWS} 行，请分批导入")
    header, body = rows[0], rows[1:]
    width = len(header)
    return header, [(r + [""] * width)[:width] for r in body]


def _read_csv(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("无法识别文件编码（请使用 UTF-8 或 GBK）")
    if "\x00" in text:
        raise ImportFileError("文件含有空字符，无法读取")
    return [[_cell(c) for c in row] for row in csv.reader(io.StringIO(text))]


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise ImportFileError("无法读取该 XLSX 文件") from exc
    try:
        sheet = book.worksheets[0]
        return [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def guess_mapping(header: list[str]) -> dict[str, int | None]:
    mapping: dict[str, int | None] = {}
    for field_name in FIELDS:
        mapping[field_name] = None
        for word in HEADER_WORDS[field_name]:
            hit = next(
                (
                    i
                    for i, h in enumerate(header)
                    if word.lower() in h.lower() and i not in mapping.values()
                ),
                None,
            )
            if hit is not None:
                mapping[field_name] = hit
                break
    return mapping


def save_upload(filename: str, content: bytes) -> ImportTable:
    header, rows = read_table(filename, content)
    token = hashlib.sha256(content).hexdigest()[:32]
    table = ImportTable(token, Path(filename).name[:120], header, rows, guess_mapping(header))
    _write_private(imports_dir() / f"{token}.json", json.dumps(asdict(table), ensure_ascii=False))
    return table


def _write_private(path: Path, content: str) -> None:
    """Written readable by the service's own user only (mode 0600): it holds phone numbers."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
    os.chmod(path, 0o600)  # an older file of the same upload may have had another mode


def load_upload(token: str) -> ImportTable | None:
    if not TOKEN_RE.fullmatch(token):
        return None
    path = imports_dir() / f"{token}.json"
    if not path.exists():
        return None
    return ImportTable(**json.loads(path.read_text(encoding="utf-8")))


def discard_upload(token: str) -> None:
    """Forget an upload once all its rows are done: the file holds citizens' phone numbers."""
    if TOKEN_RE.fullmatch(token):
        (imports_dir() / f"{token}.json").unlink(missing_ok=True)


def row_key(text: str, time: str, phone: str) -> str:
    digest = hashlib.sha256("\x1f".join((text, time, phone)).encode()).hexdigest()
    return f"import:{digest[:48]}"


@dataclass
class RowResult:
    row: int  # 1-based data row (the header is row 0)
    outcome: str  # filed / duplicate / error
    number: str | None = None
    ticket_id: int | None = None
    reason: str = ""
    category: str | None = None
    # What the row became, shown beside it: names in Chinese.
    category_name: str | None = None
    department: str | None = None
    urgency: str | None = None
    status: str | None = None  # 已派单待签收 / 待派单 …
    registered_at: str | None = None


def _described(result: RowResult, ticket, names: dict[str, str]) -> RowResult:
    """The row's order as the operator checks it: category, department, urgency, status."""
    from api.tickets.lifecycle import STATUS_NAMES
    from household.needs import CATEGORY_ZH

    result.category = ticket.category
    result.category_name = CATEGORY_ZH.get(ticket.category, ticket.category)
    code = ticket.department_code or ticket.routed_department_code
    result.department = names.get(code or "", code)
    result.urgency = "紧急" if ticket.urgency == "urgent" else "一般"
    result.status = (
        "待派单" if ticket.status in ("registered", "returned") else STATUS_NAMES.get(ticket.status)
    )
    result.registered_at = ticket.created_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    return result


def import_row(
    principal: Principal,
    index: int,
    values: dict[str, str],
    default_locality: str,
    client: httpx.Client | None = None,
) -> RowResult:
    text = values.get("text", "").strip()
    time = values.get("time", "").strip()
    phone = re.sub(r"[^\d+ -]", "", values.get("phone", "")).strip()
    place = values.get("place", "").strip()
    if not text:
        return RowResult(index, "error", reason="诉求内容为空")
    if len(text) > 3800:
        return RowResult(index, "error", reason="诉求内容超过 3800 字")
    remarks = []
    if phone:
        try:
            phone = check_phone(phone)
        except BadPhone as exc:
            return RowResult(index, "error", reason=f"来电号码有误：{exc}；请更正后重新导入此行")
    try:
        called = parse_call_time(time)
    except BadCallTime as exc:
        return RowResult(index, "error", reason=str(exc))
    if called is None:
        remarks.append("无来电时间，按导入时间登记")
    key = row_key(text, time, phone)
    # Read first, outside any write transaction: the NLU call takes far longer than the write.
    with read_session() as session:
        existing = session.get(IdempotencyKey, key)
        if existing is not None:
            ticket = service.load_ticket(session, existing.ticket_id)
            return _described(
                RowResult(index, "duplicate", ticket.number, ticket.id, "此行已导入过"),
                ticket,
                department_names(session),
            )
    with read_session() as session:
        result = triage(
            session,
            text,
            place=place or None,
            phone=phone or None,
            default_locality=default_locality,
            client=client,
            quick_questions=True,
        )
    if not result.nlu_ok:
        return RowResult(index, "error", reason="智能助手暂不可用，未能分类；可稍后重新导入此文件")
    category = result.category or "out_of_scope"
    if result.review_note:
        remarks.append(result.review_note)
    # Only the NLU's own confidence may dispatch an imported row at once.
    sure = result.confidence if result.category_source == "nlu" else None
    try:
        data = TicketCreate(
            channel="import",
            text=f"{text}\n（地点：{place}）" if place else text,
            locality=result.locality,
            category=category,
            contact_phone=phone or None,
            urgency=result.urgency,
            household=result.household,
            estimate=compact_estimate(result.estimate),
            id_number=result.id_number,
            routing_confidence=sure,
            received_at=called,
            open_questions=[m["question"] for m in result.missing] or None,
            review_note=result.review_note or None,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        return RowResult(index, "error", reason=f"内容不合规：{first.get('msg', '')}"[:120])
    try:
        # Written by the create writer with the other rows (and requests) waiting: batched.
        created = writer.submit(principal, data, key).result()
    except ApiError as exc:
        return RowResult(index, "error", reason=exc.detail)
    ticket = created.result.ticket
    if not created.result.created and not created.result.merged:
        outcome = RowResult(index, "duplicate", ticket.number, ticket.id, "此行已导入过")
    elif created.result.merged:
        outcome = RowResult(
            index, "duplicate", ticket.number, ticket.id, "与在办工单为同一诉求，已并单"
        )
    else:
        outcome = RowResult(index, "filed", ticket.number, ticket.id, "；".join(remarks))
    return _described(outcome, ticket, created.names)


def import_rows_concurrently(
    principal: Principal,
    first_index: int,
    rows: list[dict[str, str]],
    default_locality: str,
    concurrency: int,
) -> list[RowResult]:
    """Rows of a chunk at once: the NLU parses, estimates and writes of different rows overlap
    (the writes are batched by the create writer); the results keep the rows' order."""
    with (
        httpx.Client(
            timeout=max(NLU_TIMEOUT_SECONDS, get_settings().import_nlu_timeout_seconds),
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        ) as client,
        ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="import") as pool,
    ):
        futures = [
            pool.submit(import_row, principal, first_index + i, values, default_locality, client)
            for i, values in enumerate(rows)
        ]
        return [future.result() for future in futures]


def purge_uploads(now: float | None = None) -> int:
    """Delete uploads left unfinished longer than IMPORT_RETENTION_HOURS (the sweep runs this);
    a finished import deletes its own file at once (``discard_upload``)."""
    path = get_settings().data_dir / "imports"
    if not path.is_dir():
        return 0
    cutoff = (
        now if now is not None else clock.time()
    ) - get_settings().import_retention_hours * 3600
    removed = 0
    for upload in path.glob("*.json"):
        try:
            if upload.stat().st_mtime < cutoff:
                upload.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
