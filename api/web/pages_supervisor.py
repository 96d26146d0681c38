"""Supervisor dashboard: on-time rates, times, satisfaction, volumes, trend, overdue lists; CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy import and_, or_, select

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.database import read_session
from api.core.deps import SessionDep
from api.core.timeutil import SHANGHAI, utcnow
from api.departments.service import list_departments
from api.metrics import dashboard
from api.metrics.daily import day_bounds
from api.tickets.clock import OBLIGATION_STEPS
from api.tickets.lifecycle import STATUS_NAMES
from api.tickets.models import AssistingDepartment, Ticket, TicketDeadline
from api.tickets.presenters import department_names
from api.web.common import render
from api.web.session import require_staff
from api.web.templating import (
    CATEGORY_NAMES,
    CHANNEL_NAMES,
    SATISFACTION_NAMES,
    STEP_NAMES,
    URGENCY_NAMES,
    local_time,
    place_name,
)

router = APIRouter(include_in_schema=False)
RangeStart = Annotated[date | None, Query(alias="from", ge=date(2000, 1, 1), le=date(2100, 12, 31))]
RangeEnd = Annotated[date | None, Query(alias="to", ge=date(2000, 1, 1), le=date(2100, 12, 31))]
MAX_DAYS = 366
CODE = r"^([0-9A-Za-z_-]{1,64})?$"


def dashboard_viewer(request: Request, session: SessionDep) -> Principal:
    return require_staff(request, session, Role.supervisor, Role.operator, Role.handler)


Viewer = Annotated[Principal, Depends(dashboard_viewer)]


def _range(start: date | None, end: date | None) -> tuple[date, date, str | None]:
    today = utcnow().astimezone(SHANGHAI).date()
    end = end or today
    start = start or end - timedelta(days=29)
    error = None
    if start > end:
        start, end, error = end, end, "起始日期晚于结束日期，已改为单日"
    if (end - start).days >= MAX_DAYS:
        start, error = end - timedelta(days=MAX_DAYS - 1), f"统计区间最长 {MAX_DAYS} 天，已截断"
    return start, end, error


class PlaceLabels(dict):
    """Full place names for the 按地区 volumes (甘肃省白银市会宁县), the code if unknown."""

    def get(self, code, default=None):  # noqa: ARG002 - always a name or the code
        return place_name(code) or code


def _scope_department(principal: Principal, department: str | None) -> str | None:
    return principal.department if principal.role == Role.handler else department


DateQ = Annotated[date | None, Query()]


@router.get("/supervisor", response_class=HTMLResponse)
def dashboard_page(
    request: Request,
    principal: Viewer,
    session: SessionDep,
    start: RangeStart = None,
    end: RangeEnd = None,
    department: Annotated[str | None, Query(pattern=CODE)] = None,
    rank_by: Annotated[str, Query(pattern=r"^(close|accept|satisfaction|resolution)$")] = "close",
) -> Response:
    start, end, notice = _range(start, end)
    department = _scope_department(principal, department or None)
    figures = dashboard.page(session, start, end, department, rank_by)
    breakdown, summary, overdue, trend = (
        figures.breakdown,
        figures.summary,
        figures.lists,
        figures.trend,
    )
    names = department_names(session)

    def labelled(counts: dict, labels: dict) -> list[dict]:
        items = sorted(counts.items(), key=lambda kv: -kv[1])
        return [{"key": k, "label": labels.get(k, k), "count": v} for k, v in items]

    volumes = {
        "category": labelled(breakdown["by_category"], CATEGORY_NAMES),
        "department": labelled(breakdown["by_department"], names),
        "locality": labelled(breakdown["by_locality"], PlaceLabels()),
        "status": labelled(breakdown["by_status"], STATUS_NAMES),
    }
    chart_data = {
        "trend": trend,
        "category": volumes["category"],
        "department": volumes["department"],
        "locality": volumes["locality"],
    }
    return render(
        request,
        "supervisor.html",
        principal,
        start=start,
        end=end,
        department=department,
        notice=notice,
        summary=summary,
        volumes=volumes,
        overdue=overdue,
        names=names,
        ranking=figures.ranking,
        rank_by=rank_by,
        backlog=figures.backlog,
        departments=list_departments(session),
        chart_json=json.dumps(chart_data, ensure_ascii=False).replace("</", "<\\/"),
    )


CSV_HEADER = [
    "工单号",
    "受理时间",
    "渠道",
    "类别",
    "地区",
    "紧急程度",
    "生命安全",
    "转人工",
    "承办部门",
    "状态",
    "首问负责人",
    "诉求内容",
    "派单时限",
    "签收时限",
    "办结时限",
    "是否超期",
    "超期环节",
    "协办单位",
    "签收时间",
    "答复时间",
    "归档时间",
    "满意度",
    "是否解决",
    "答复内容",
]
CHUNK = 1000
STEP_COLUMNS = ("dispatch", "accept", "close")


def _department_cell(status: str, code: str | None, names: dict[str, str]) -> str:
    """The department of an order; before dispatch, the suggestion of the routing."""
    name = names.get(code or "", code or "")
    if status in ("registered", "returned"):
        return f"待派单（建议：{name}）" if name else "待派单"
    return name


def _safe(value: object) -> object:
    """A cell a spreadsheet will not run as a formula (citizens' words may start with '=')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _chunk_details(session, ids: list[int], now) -> tuple[dict, dict, dict]:
    """For a chunk of orders: the latest due time per step (not cancelled), the overdue steps,
    and the 协办 departments with whether each answered."""
    due: dict[int, dict[str, object]] = {}
    late: dict[int, list[str]] = {}
    for dl in session.execute(
        select(
            TicketDeadline.ticket_id,
            TicketDeadline.step,
            TicketDeadline.due_at,
            TicketDeadline.state,
            TicketDeadline.paused_at,
        )
        .where(TicketDeadline.ticket_id.in_(ids), TicketDeadline.state != "cancelled")
        .order_by(TicketDeadline.id)
    ):
        due.setdefault(dl.ticket_id, {})[dl.step] = dl.due_at
        if (
            dl.state == "open"
            and dl.paused_at is None
            and dl.step in OBLIGATION_STEPS
            and dl.due_at <= now
        ):
            late.setdefault(dl.ticket_id, []).append(STEP_NAMES.get(dl.step, dl.step))
    assisting: dict[int, list[str]] = {}
    names = department_names(session)
    for row in session.execute(
        select(
            AssistingDepartment.ticket_id,
            AssistingDepartment.department_code,
            AssistingDepartment.replied_at,
        )
        .where(AssistingDepartment.ticket_id.in_(ids))
        .order_by(AssistingDepartment.id)
    ):
        state = "已反馈" if row.replied_at else "待反馈"
        assisting.setdefault(row.ticket_id, []).append(
            f"{names.get(row.department_code, row.department_code)}（{state}）"
        )
    return due, late, assisting


def _csv_rows(start: date, end: date, department: str | None) -> Iterator[str]:
    """The orders of the range (and department) the dashboard shows, as CSV: read in chunks of
    CHUNK orders by (created_at, id), each chunk's deadlines and 协办 in one query each."""
    lo, hi = day_bounds(start, end)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer.writerow(CSV_HEADER)
    yes_no = {True: "是", False: "否"}
    now = utcnow()
    last: tuple | None = None
    with read_session() as session:
        names = department_names(session)
        while True:
            stmt = (
                select(
                    Ticket.id,
                    Ticket.number,
                    Ticket.created_at,
                    Ticket.channel,
                    Ticket.category,
                    Ticket.locality,
                    Ticket.urgency,
                    Ticket.life_safety,
                    Ticket.handoff,
                    Ticket.department_code,
                    Ticket.status,
                    Ticket.first_responder_username,
                    Ticket.text,
                    Ticket.accepted_at,
                    Ticket.replied_at,
                    Ticket.closed_at,
                    Ticket.satisfaction,
                    Ticket.resolved,
                    Ticket.reply_text,
                )
                .where(Ticket.created_at >= lo, Ticket.created_at < hi)
                .order_by(Ticket.created_at, Ticket.id)
                .limit(CHUNK)
            )
            if department:
                stmt = stmt.where(Ticket.department_code == department)
            if last is not None:
                stmt = stmt.where(
                    or_(
                        Ticket.created_at > last[0],
                        and_(Ticket.created_at == last[0], Ticket.id > last[1]),
                    )
                )
            rows = session.execute(stmt).all()
            if not rows:
                break
            due, late, assisting = _chunk_details(session, [r.id for r in rows], now)
            for row in rows:
                steps = due.get(row.id, {})
                cells = [
                    row.number,
                    local_time(row.created_at),
                    CHANNEL_NAMES.get(row.channel, row.channel),
                    CATEGORY_NAMES.get(row.category, row.category),
                    place_name(row.locality),
                    URGENCY_NAMES.get(row.urgency, row.urgency),
                    yes_no[bool(row.life_safety)],
                    yes_no[bool(row.handoff)],
                    _department_cell(row.status, row.department_code, names),
                    STATUS_NAMES.get(row.status, row.status),
                    row.first_responder_username,
                    row.text,
                    *(local_time(steps.get(step)) for step in STEP_COLUMNS),
                    yes_no[row.id in late],
                    "、".join(late.get(row.id, [])),
                    "；".join(assisting.get(row.id, [])),
                    local_time(row.accepted_at),
                    local_time(row.replied_at),
                    local_time(row.closed_at),
                    SATISFACTION_NAMES.get(row.satisfaction or "", ""),
                    yes_no.get(row.resolved, ""),
                    row.reply_text or "",
                ]
                writer.writerow([_safe(cell) for cell in cells])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            last = (rows[-1].created_at, rows[-1].id)
            if len(rows) < CHUNK:
                break
    yield buffer.getvalue()


@router.get("/supervisor/export.csv")
def export_csv(
    principal: Viewer,
    start: RangeStart = None,
    end: RangeEnd = None,
    department: Annotated[str | None, Query(pattern=CODE)] = None,
    rank_by: Annotated[str | None, Query(max_length=20)] = None,  # noqa: ARG001 - the form's
) -> Response:
    """The orders the dashboard shows for the dates and department in its form (the export
    button submits that form, so what is exported is what is on screen)."""
    start, end, _ = _range(start, end)
    department = _scope_department(principal, department or None)
    filename = f"workorders_{start:%Y%m%d}_{end:%Y%m%d}.csv"
    return StreamingResponse(
        _csv_rows(start, end, department),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
