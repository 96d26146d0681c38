from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from api.auth.deps import CurrentUser, Principal, require_roles
from api.auth.models import Role
from api.core.deps import SessionDep, WriteSessionDep
from api.departments import service
from api.departments.schemas import (
    DepartmentOut,
    DepartmentUpsert,
    OnDutyUpdate,
    Route,
    RoutingRuleOut,
    RoutingRuleUpsert,
)
from api.tickets.schemas import Category

router = APIRouter(prefix="/api/v1", tags=["departments"])
Supervisor = Annotated[Principal, Depends(require_roles(Role.supervisor))]
Locality = Annotated[str | None, Query(pattern=r"^[0-9]{6}$")]


@router.get("/departments", response_model=list[DepartmentOut], summary="部门列表")
def list_departments(
    _: CurrentUser, session: SessionDep, locality: Locality = None
) -> list[DepartmentOut]:
    return [DepartmentOut.model_validate(d) for d in service.list_departments(session, locality)]


@router.put("/departments/{code}", response_model=DepartmentOut, summary="新增或修改部门（督办员）")
def put_department(
    code: Annotated[str, Path(pattern=r"^[0-9A-Za-z_-]{1,64}$")],
    data: DepartmentUpsert,
    _: Supervisor,
    session: WriteSessionDep,
) -> DepartmentOut:
    data = data.model_copy(update={"code": code})
    dept = service.upsert_department(session, data)
    session.commit()
    return DepartmentOut.model_validate(dept)


@router.put(
    "/departments/{code}/on-duty",
    response_model=DepartmentOut,
    summary="设置部门值班人员（首问负责人）（督办员）",
)
def put_on_duty(
    code: Annotated[str, Path(pattern=r"^[0-9A-Za-z_-]{1,64}$")],
    data: OnDutyUpdate,
    _: Supervisor,
    session: WriteSessionDep,
) -> DepartmentOut:
    dept = service.get_department(session, code)
    dept.on_duty_username = data.on_duty_username
    session.commit()
    return DepartmentOut.model_validate(dept)


@router.get("/routing", response_model=list[RoutingRuleOut], summary="派单路由表")
def list_routing(
    _: CurrentUser, session: SessionDep, locality: Locality = None
) -> list[RoutingRuleOut]:
    return [RoutingRuleOut.model_validate(r) for r in service.list_routing(session, locality)]


@router.put(
    "/routing", response_model=RoutingRuleOut, summary="设置路由：地区×类别→责任部门（督办员）"
)
def put_routing(data: RoutingRuleUpsert, _: Supervisor, session: WriteSessionDep) -> RoutingRuleOut:
    rule = service.upsert_routing(session, data)
    session.commit()
    return RoutingRuleOut.model_validate(rule)


@router.get("/routing/resolve", response_model=Route, summary="查询某地区某类诉求的责任部门")
def resolve_route(
    _: CurrentUser,
    session: SessionDep,
    locality: Annotated[str, Query(pattern=r"^[0-9]{6}$")],
    category: Category,
) -> Route:
    return service.route(session, locality, category.value)
