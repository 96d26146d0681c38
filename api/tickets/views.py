from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response
from sqlalchemy.exc import IntegrityError

from api.auth.deps import CurrentUser
from api.core.database import read_session, write_session
from api.core.deps import SessionDep, WriteSessionDep
from api.core.errors import Conflict
from api.tickets import service
from api.tickets.flows import merged_view
from api.tickets.lifecycle import Status
from api.tickets.lookup_guard import guard, request_client
from api.tickets.presenters import department_names, public_out, ticket_out
from api.tickets.schemas import (
    Category,
    MergedOut,
    PublicTicketOut,
    RevealIn,
    RevealOut,
    TicketCreate,
    TicketOut,
    TicketPage,
    TransitionIn,
)

router = APIRouter(prefix="/api/v1", tags=["tickets"])

TicketId = Annotated[int, Path(ge=1, le=2_000_000_000)]
ERRORS = {
    401: {"description": "未登录"},
    403: {"description": "无权操作"},
    404: {"description": "不存在"},
    409: {"description": "版本冲突或状态不允许"},
    422: {"description": "输入有误"},
}


def _render(ticket_id: int, *, merged: bool = False) -> TicketOut:
    """Render a just-committed ticket from a read session, so that the write transaction (and on
    SQLite the database's write lock) is not held while the answer is built."""
    with read_session() as session:
        ticket = service.load_ticket(session, ticket_id)
        return ticket_out(ticket, department_names(session), merged=merged)


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
def create_ticket(
    data: TicketCreate,
    response: Response,
    principal: CurrentUser,
    session: WriteSessionDep,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", max_length=200, pattern=r"^[\x21-\x7e]+$")
    ] = None,
) -> TicketOut | MergedOut:
    try:
        result = service.create_ticket(session, principal, data, idempotency_key)
        session.commit()
    except IntegrityError as exc:
        # A concurrent request with the same key won the race: answer with its ticket.
        session.rollback()
        if not idempotency_key:
            raise Conflict("并发写入冲突，请重试") from exc
        result = service.create_ticket(session, principal, data, idempotency_key)
        session.commit()
    if not result.created:
        response.status_code = 200
    if result.merged and not merged_view(principal, result.ticket):
        session.close()
        return MergedOut()
    ticket_id = result.ticket.id
    session.close()
    return _render(ticket_id, merged=result.merged)


@router.get(
    "/tickets/{ticket_id}",
    response_model=TicketOut,
    responses=ERRORS,
    summary="查看工单（含时限与全部办理记录）",
)
def get_ticket(ticket_id: TicketId, principal: CurrentUser, session: SessionDep) -> TicketOut:
    ticket = service.get_visible_ticket(session, principal, ticket_id)
    return ticket_out(ticket, department_names(session))


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
) -> TicketOut:
    service.apply_transition(session, principal, ticket_id, data)
    session.commit()
    session.close()
    return _render(ticket_id)


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
    phone = ticket.contact_phone
    session.commit()
    return RevealOut(contact_phone=phone, ticket_id=ticket_id)


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
