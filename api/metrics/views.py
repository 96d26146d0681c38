from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from api.auth.deps import CurrentUser, Principal, require_roles
from api.auth.models import Role
from api.core.deps import SessionDep, WriteSessionDep
from api.core.errors import Unprocessable
from api.core.timeutil import SHANGHAI, utcnow
from api.metrics import dashboard
from api.tickets.sweep import sweep

router = APIRouter(prefix="/api/v1", tags=["metrics"])

MAX_DAYS = 366


class Summary(BaseModel):
    model_config = {"extra": "allow"}

    total: int
    by_status: dict[str, int]
    on_time_accept_rate: float | None
    on_time_close_rate: float | None
    median_accept_minutes: float | None
    median_close_minutes: float | None
    p90_close_minutes: float | None
    satisfaction_rate: float | None
    resolution_rate: float | None
    overdue: int


EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _range(start: date | None, end: date | None) -> tuple[date, date]:
    for value in (start, end):
        if value is not None and not EARLIEST <= value <= LATEST:
            raise Unprocessable(f"日期须在 {EARLIEST} 至 {LATEST} 之间")
    end = end or utcnow().astimezone(SHANGHAI).date()
    start = start or end - timedelta(days=29)
    if start > end:
        raise Unprocessable("起始日期不能晚于结束日期")
    if (end - start).days >= MAX_DAYS:
        raise Unprocessable(f"统计区间不能超过 {MAX_DAYS} 天")
    return start, end


def _department(principal: Principal, department: str | None) -> str | None:
    """Supervisors and operators see every department; a handler only its own."""
    principal.require(Role.supervisor, Role.operator, Role.handler)
    return principal.department if principal.role == Role.handler else department


From = Annotated[date | None, Query(alias="from")]
To = Annotated[date | None, Query(alias="to")]
Dept = Annotated[str | None, Query(pattern=r"^[0-9A-Za-z_-]{1,64}$")]


@router.get("/metrics/summary", response_model=Summary, summary="督办统计：时限、满意率、超期")
def metrics_summary(
    principal: CurrentUser,
    session: SessionDep,
    start: From = None,
    end: To = None,
    department: Dept = None,
) -> dict:
    start, end = _range(start, end)
    department = _department(principal, department)
    # The dashboard's per-day cache (api/metrics/daily.py) answers; the tests compare it with
    # the plain reference definitions (tests/api/metrics_reference.py).
    figures = dashboard.summary(session, start, end, department)
    by_status = dashboard.breakdown(session, start, end, department)["by_status"]
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "department": department,
        **figures,
        "by_status": by_status,
    }


@router.get("/metrics/breakdown", summary="按状态、部门、类别、地区统计工单数")
def metrics_breakdown(
    principal: CurrentUser,
    session: SessionDep,
    start: From = None,
    end: To = None,
    department: Dept = None,
) -> dict:
    start, end = _range(start, end)
    return dashboard.breakdown(session, start, end, _department(principal, department))


@router.get("/metrics/overdue", summary="超期与临期工单（含首问负责人）")
def metrics_overdue(
    principal: CurrentUser,
    session: SessionDep,
    within_hours: Annotated[int, Query(ge=1, le=24 * 30)] = 24,
    department: Dept = None,
) -> dict:
    return dashboard.overdue_lists(session, within_hours, _department(principal, department))


@router.get("/metrics/trend", summary="每日受理、答复、归档数")
def metrics_trend(
    principal: CurrentUser,
    session: SessionDep,
    start: From = None,
    end: To = None,
    department: Dept = None,
) -> list[dict]:
    start, end = _range(start, end)
    return dashboard.trend(session, start, end, _department(principal, department))


@router.get(
    "/metrics/ranking", summary="部门排名：按时签收率、按时办结率、满意率、解决率（各附计入件数 n）"
)
def metrics_ranking(
    principal: CurrentUser,
    session: SessionDep,
    start: From = None,
    end: To = None,
    rank_by: Annotated[str, Query(pattern=r"^(close|accept|satisfaction|resolution)$")] = "close",
) -> list[dict]:
    start, end = _range(start, end)
    department = _department(principal, None)
    rows = dashboard.ranking(session, start, end, rank_by)
    return [r for r in rows if department is None or r["department"] == department]


@router.get("/metrics/backlog", summary="当前待派单积压：件数、紧急、转人工待接手、超时与等待时长")
def metrics_backlog(principal: CurrentUser, session: SessionDep, department: Dept = None) -> dict:
    return dashboard.backlog(session, _department(principal, department))


@router.post("/admin/sweep", summary="立即检查时限：临期提醒、超期记录（督办员）")
def run_sweep(
    _: Annotated[Principal, Depends(require_roles(Role.supervisor))],
    session: WriteSessionDep,
) -> dict[str, int]:
    result = sweep(session)
    session.commit()
    return {"warned": result.warned, "breached": result.breached}
