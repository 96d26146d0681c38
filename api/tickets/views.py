from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request, Response
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from api.auth.deps import CurrentUser, Principal
from api.auth.models import Role
from api.core.database import get_engine, run_read, write_session
from api.core.deps import SessionDep, WriteSessionDep
from api.core.errors import Forbidden, NotFound
from api.core.responses import model_response
from api.tickets import service
from api.tickets.access import can_see
from api.tickets.flows import merged_view
from api.tickets.followups import add_contact, assist_reply, other_phones, take_handoff
from api.tickets.lifecycle import Status
from api.tickets.lookup_guard import guard, request_client
from api.tickets.presenters import (
    current_department_names,
    department_names,
    public_out,
    ticket_out,
)
from api.tickets.records import load_record_pg, load_record_sqlite
from api.tickets.schemas import (
    AssistReplyIn,
    Category,
    ContactIn,
    HandoffTakeIn,
    MergedOut,
    PublicTicketOut,
    RevealIn,
    RevealOut,
    TicketCreate,
    TicketOut,
    TicketPage,
    TransitionIn,
)
from api.tickets.writer import writer

router = APIRouter(prefix="/api/v1", tags=["tickets"])

TicketId = Annotated[int, Path(ge=1, le=2_000_000_000)]
ERRORS = {
    401: {"description": "未登录"},
    403: {"description": "无权操作"},
    404: {"description": "不存在"},
    409: {"description": "版本冲突或状态不允许"},
    422: {"description": "输入有误"},
}


CREATE_DOC = """同一幂等键（Idempotency-Key）的重复请求返回同一工单；同一幂等键配不同内容（或由另一账号发出）
返回 422。同一诉求在办时并单（200，`"merged": true`）：话务员、督办员看到在办工单；智能助手账号只得到
`{"merged": true, "number": null, "message": ...}`——在办工单可能是别人的，不告诉号码和内容。"""


@router.post(
    "/tickets",
    response_model=TicketOut | MergedOut,
    status_code=201,
    responses={
        200: {"model": TicketOut | MergedOut, "description": "同一幂等键的重复请求，或并单"},
        **ERRORS,
    },
    summary="受理：新建工单（幂等；同一诉求重复来电并单）",
    description=CREATE_DOC,
)
async def create_ticket(
    data: TicketCreate,
    principal: CurrentUser,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", max_length=200, pattern=r"^[\x21-\x7e]+$")
    ] = None,
) -> Response:
    principal.require(Role.assistant, Role.operator, Role.supervisor)
    # Written by the worker's create writer, with the other creations waiting (one COMMIT),
    # and answered once committed; rendered from what was written, not read again.
    written = await writer.write(principal, data, idempotency_key)
    result = written.result
    if result.merged and not merged_view(principal, result.ticket):
        return model_response(MergedOut(), 200)  # the open order may be a stranger's
    answer = ticket_out(result.ticket, written.names, merged=result.merged)
    return model_response(answer, 201 if result.created else 200)


@router.get(
    "/tickets/{ticket_id}",
    response_model=TicketOut,
    responses=ERRORS,
    summary="查看工单（含时限与全部办理记录）",
)
async def get_ticket(ticket_id: TicketId, principal: CurrentUser) -> Response:
    return await run_read(_read_ticket, principal, ticket_id)


def _read_ticket(principal: Principal, ticket_id: int) -> Response:
    """One order read on one connection, without a Session, on the driver's connection (one
    prepared statement on PostgreSQL; five on SQLite), rendered at once."""
    engine = get_engine()
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            record = load_record_sqlite(raw.driver_connection, engine.dialect, ticket_id)
        finally:
            raw.close()
        names = current_department_names()
    else:
        names = current_department_names()
        raw = engine.raw_connection()
        try:
            record = load_record_pg(raw.driver_connection, engine.dialect, ticket_id)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise _driver_error(engine, raw, exc) from exc
        finally:
            raw.close()
    if record is None:
        raise NotFound("工单不存在")
    if not can_see(principal, record):
        raise Forbidden("无权查看其他部门的工单")
    return model_response(ticket_out(record, names))


def _driver_error(engine: Engine, raw: Any, exc: Exception) -> DBAPIError:
    """An error of the driver's connection as SQLAlchemy would have raised it: a connection the
    server dropped is invalidated with the whole pool (the next request gets a fresh one) and
    answered 503 like any other (``api.main``)."""
    lost = engine.dialect.is_disconnect(exc, raw.driver_connection, None)
    if lost:
        engine.pool._invalidate(raw, exc)  # what SQLAlchemy does on a disconnect
    return DBAPIError.instance(
        None, None, exc, engine.dialect.loaded_dbapi.Error, connection_invalidated=lost
    )


@router.get("/tickets", response_model=TicketPage, responses=ERRORS, summary="工单列表")
def list_tickets(
    principal: CurrentUser,
    session: SessionDep,
    number: Annotated[str | None, Query(pattern=r"^[0-9-]{1,32}$")] = None,
    status: Status | None = None,
    department: Annotated[str | None, Query(pattern=r"^[0-9A-Za-z_-]{1,64}$")] = None,
    category: Category | None = None,
    locality: Annotated[str | None, Query(pattern=r"^[0-9]{6}$")] = None,
    first_responder: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.-]{1,64}$")] = None,
    overdue: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    q: Annotated[
        str | None,
        Query(
            max_length=60,
            description="搜索：工单号（可省略连字符）、电话后四位或完整号码、诉求关键词",
        ),
    ] = None,
    waiting: Annotated[
        str | None,
        Query(
            pattern=r"^(handoff|dispatch)$",
            description="handoff：待接手的转人工；dispatch：待派单",
        ),
    ] = None,
) -> TicketPage:
    items, total = service.list_tickets(
        session,
        principal,
        number=number,
        status=status.value if status else None,
        department=department,
        category=category.value if category else None,
        locality=locality,
        first_responder=first_responder,
        overdue=overdue,
        limit=limit,
        offset=offset,
        q=q,
        waiting=waiting,
    )
    names = department_names(session)
    return TicketPage(items=[ticket_out(t, names) for t in items], total=total)


@router.post(
    "/tickets/{ticket_id}/transitions",
    response_model=TicketOut,
    responses=ERRORS,
    summary="办理环节：派单、签收、退单、转办、延期、答复、回访、归档、重办、督办等",
)
def transition(
    ticket_id: TicketId,
    data: TransitionIn,
    principal: CurrentUser,
    session: WriteSessionDep,
) -> Response:
    ticket = service.apply_transition(session, principal, ticket_id, data)
    names = department_names(session)
    session.commit()
    session.close()
    return model_response(ticket_out(ticket, names))


@router.post(
    "/tickets/{ticket_id}/reveal-contact",
    response_model=RevealOut,
    responses=ERRORS,
    summary="查看完整联系电话（须说明理由，留痕）",
)
def reveal_contact(
    ticket_id: TicketId,
    data: RevealIn,
    principal: CurrentUser,
    session: WriteSessionDep,
) -> RevealOut:
    ticket = service.reveal_contact(session, principal, ticket_id, data.reason)
    phone, others = ticket.contact_phone, other_phones(ticket)
    session.commit()
    return RevealOut(contact_phone=phone, ticket_id=ticket_id, other_phones=others)


@router.post(
    "/tickets/{ticket_id}/contacts",
    response_model=TicketOut,
    status_code=201,
    responses={200: {"model": TicketOut, "description": "已记录过，未重复记录"}, **ERRORS},
    summary="市民事后补充联系电话或情况说明（智能助手：仅限自己提交的工单）",
)
def post_contact(
    ticket_id: TicketId,
    data: ContactIn,
    principal: CurrentUser,
    session: WriteSessionDep,
) -> Response:
    result = add_contact(session, principal, ticket_id, data)
    names = department_names(session)
    session.commit()
    session.close()
    return model_response(ticket_out(result.ticket, names), 201 if result.recorded else 200)


@router.post(
    "/tickets/{ticket_id}/handoff/take",
    response_model=TicketOut,
    responses=ERRORS,
    summary="接线员接手转人工工单",
)
def post_take_handoff(
    ticket_id: TicketId,
    data: HandoffTakeIn,
    principal: CurrentUser,
    session: WriteSessionDep,
) -> Response:
    ticket = take_handoff(session, principal, ticket_id, data.version)
    names = department_names(session)
    session.commit()
    session.close()
    return model_response(ticket_out(ticket, names))


@router.post(
    "/tickets/{ticket_id}/assist-reply",
    response_model=TicketOut,
    responses=ERRORS,
    summary="协办单位反馈办理情况",
)
def post_assist_reply(
    ticket_id: TicketId,
    data: AssistReplyIn,
    principal: CurrentUser,
    session: WriteSessionDep,
) -> Response:
    ticket = assist_reply(session, principal, ticket_id, data)
    names = department_names(session)
    session.commit()
    session.close()
    return model_response(ticket_out(ticket, names))


@router.get(
    "/public/tickets/{number}",
    response_model=PublicTicketOut,
    responses={
        404: {"description": "工单号或手机号后四位不符"},
        422: ERRORS[422],
        429: {"description": "查询过于频繁，请按 Retry-After 等待后再试"},
    },
    summary="市民凭工单号和手机号后四位查询进度",
)
def public_ticket(
    request: Request,
    number: Annotated[str, Path(pattern=r"^[0-9][0-9 -]{0,39}$")],
    phone_last4: Annotated[str, Query(pattern=r"^[0-9]{4}$")],
    session: SessionDep,
) -> PublicTicketOut:
    """工单号可带或不带连字符（12345-20261123-000001 或 1234520261123000001）。错误的查询按客户端
    和工单号计数，超过次数后需等待（逐次加长，429 附 Retry-After），不会把本人锁在外面一小时。"""
    with write_session() as guarded:
        ticket = guard.lookup(guarded, number, phone_last4, request_client(request))
        return public_out(ticket, department_names(session))
