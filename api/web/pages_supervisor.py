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
from sqlalchemy import select

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.database import read_session
from api.core.deps import SessionDep
from api.core.timeutil import SHANGHAI, utcnow
from api.departments.service import list_departments
from api.metrics import dashboard
from api.metrics.daily import day_bounds
from api.tickets.lifecycle import STATUS_NAMES
from api.tickets.models import Ticket
from api.tickets.presenters import department_names
from api.web.common import render
from api.web.session import require_staff
from api.web.templating import CATEGORY_NAMES, LOCALITY_NAMES, URGENCY_NAMES, local_time

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
) -> Response:
    start, end, notice = _range(start, end)
    department = _scope_department(principal, department or None)
    figures = dashboard.page(session, start, end, department)
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
        "locality": labelled(breakdown["by_locality"], LOCALITY_NAMES),
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
    "承办部门",
    "状态",
    "首问负责人",
    "签收时间",
    "答复时间",
    "归档时间",
    "满意度",
    "是否解决",
]


def _csv_rows(start: date, end: date, department: str | None) -> Iterator[str]:
    lo, hi = day_bounds(start, end)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer.writerow(CSV_HEADER)
    with read_session() as session:
        names = department_names(session)
        stmt = (
            select(
                Ticket.number,
                Ticket.created_at,
                Ticket.channel,
                Ticket.category,
                Ticket.locality,
                Ticket.urgency,
                Ticket.department_code,
                Ticket.status,
                Ticket.first_responder_username,
                Ticket.accepted_at,
                Ticket.replied_at,
                Ticket.closed_at,
                Ticket.satisfaction,
                Ticket.resolved,
            )
            .where(Ticket.created_at >= lo, Ticket.created_at < hi)
            .order_by(Ticket.created_at)
            .execution_options(yield_per=2000)
        )
        if department:
            stmt = stmt.where(Ticket.department_code == department)
        for n, row in enumerate(session.execute(stmt)):
            writer.writerow(
                [
                    row.number,
                    local_time(row.created_at),
                    row.channel,
                    CATEGORY_NAMES.get(row.category, row.category),
                    LOCALITY_NAMES.get(row.locality, row.locality),
                    URGENCY_NAMES.get(row.urgency, row.urgency),
                    names.get(row.department_code or "", row.department_code or ""),
                    STATUS_NAMES.get(row.status, row.status),
                    row.first_responder_username,
                    local_time(row.accepted_at),
                    local_time(row.replied_at),
                    local_time(row.closed_at),
                    {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}.get(
                        row.satisfaction or "", ""
                    ),
                    {True: "是", False: "否"}.get(row.resolved, ""),
                ]
            )
            if n % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


@router.get("/supervisor/export.csv")
def export_csv(
    principal: Viewer,
    start: RangeStart = None,
    end: RangeEnd = None,
    department: Annotated[str | None, Query(pattern=CODE)] = None,
) -> Response:
    start, end, _ = _range(start, end)
    department = _scope_department(principal, department or None)
    filename = f"workorders_{start:%Y%m%d}_{end:%Y%m%d}.csv"
    return StreamingResponse(
        _csv_rows(start, end, department),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
