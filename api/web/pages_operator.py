"""Operator console: the queue, one work order with its actions, and 12345 intake."""

from __future__ import annotations

import json
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.database import read_session, write_session
from api.core.deps import SessionDep
from api.core.errors import ApiError
from api.departments.service import list_departments
from api.intake.triage import DEFAULT_LOCALITY, Triage, triage
from api.tickets import service
from api.tickets.lifecycle import STATUS_NAMES
from api.tickets.presenters import department_names, ticket_out
from api.tickets.schemas import Category, TicketCreate, TransitionIn
from api.web.actions import FORM_BY_ACTION, allowed_forms
from api.web.common import render
from api.web.queue import QueueFilters, load_queue
from api.web.session import check_csrf, require_staff

router = APIRouter(include_in_schema=False)
CATEGORY_VALUES = {c.value for c in Category}


def staff(request: Request, session: SessionDep) -> Principal:
    return require_staff(request, session)


def hotline(request: Request, session: SessionDep) -> Principal:
    return require_staff(request, session, Role.operator, Role.supervisor)


Staff = Annotated[Principal, Depends(staff)]
Hotline = Annotated[Principal, Depends(hotline)]
ReadDb = SessionDep


@router.get("/operator", response_class=HTMLResponse)
def queue_page(
    request: Request,
    principal: Staff,
    session: ReadDb,
    status: Annotated[str, Query(max_length=30)] = "open",
    category: Annotated[str, Query(pattern=r"^([a-z_]{1,40})?$")] = "",
    locality: Annotated[str, Query(pattern=r"^([0-9]{6})?$")] = "",
    urgency: Annotated[str, Query(pattern=r"^(urgent|normal)?$")] = "",
    department: Annotated[str, Query(pattern=r"^([0-9A-Za-z_-]{1,64})?$")] = "",
    mine: bool = False,
    soon: bool = False,
    overdue: bool = False,
    page: Annotated[int, Query(ge=1, le=20000)] = 1,
    handed: Annotated[str, Query(max_length=30)] = "",
) -> Response:
    if status not in STATUS_NAMES and status not in ("open", "all"):
        status = "open"
    if category and category not in CATEGORY_VALUES:
        return render(request, "error.html", principal, 422, message="类别不存在")
    filters = QueueFilters(
        status=status,
        category=category or None,
        locality=locality or None,
        urgency=urgency or None,
        department=department or None,
        mine=mine,
        overdue_soon=soon,
        overdue=overdue,
        page=page,
    )
    result = load_queue(session, principal, filters)
    return render(
        request,
        "queue.html",
        principal,
        filters=filters,
        result=result,
        departments=list_departments(session),
        names=department_names(session),
        notice="工单已转出本部门，不再显示在您的队列中" if handed in FORM_BY_ACTION else None,
    )


def _ticket_context(session: Session, principal: Principal, ticket_id: int) -> dict:
    ticket = service.get_visible_ticket(session, principal, ticket_id)
    names = department_names(session)
    return {
        "ticket": ticket_out(ticket, names),
        "forms": allowed_forms(principal, ticket),
        "departments": list_departments(session),
        "names": names,
    }


@router.get("/operator/tickets/{ticket_id}", response_class=HTMLResponse)
def ticket_page(
    request: Request,
    ticket_id: int,
    principal: Staff,
    session: ReadDb,
    done: Annotated[str | None, Query(max_length=30)] = None,
) -> Response:
    try:
        context = _ticket_context(session, principal, ticket_id)
    except ApiError as exc:
        return render(request, "error.html", principal, exc.status_code, message=exc.detail)
    form = FORM_BY_ACTION.get(done or "")
    notice = "已受理，工单已登记" if done == "filed" else (f"已{form.label}" if form else None)
    return render(request, "ticket.html", principal, notice=notice, error=None, **context)


@router.post("/operator/tickets/{ticket_id}/action", response_class=HTMLResponse)
def ticket_action(
    request: Request,
    ticket_id: int,
    principal: Staff,
    csrf: Annotated[str, Form(max_length=100)] = "",
    action: Annotated[str, Form(max_length=30)] = "",
    version: Annotated[str, Form(max_length=12)] = "",
    department: Annotated[str, Form(max_length=64)] = "",
    departments: Annotated[list[str] | None, Form()] = None,
    note: Annotated[str, Form(max_length=2000)] = "",
    satisfaction: Annotated[str, Form(max_length=20)] = "",
    resolved: Annotated[str, Form(max_length=5)] = "",
    extension_days: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    check_csrf(request, csrf)
    error = None
    try:
        data = TransitionIn(
            action=action,
            version=int(version) if version.isdigit() else 0,  # none: refused as invalid
            department=department or None,
            departments=[d for d in (departments or []) if d] or None,
            note=note.strip() or None,
            satisfaction=satisfaction or None,
            resolved={"yes": True, "no": False}.get(resolved),
            extension_days=int(extension_days) if extension_days.isdigit() else None,
        )
    except ValidationError:
        error = "填写内容有误，请检查后重试"
    if error is None:
        with write_session() as session:
            try:
                service.apply_transition(session, principal, ticket_id, data)
                session.commit()
            except ApiError as exc:
                session.rollback()
                error, status_code = exc.detail, exc.status_code
    else:
        status_code = 422
    if error is None:
        with read_session() as session:
            still_visible = service.can_see(principal, service.load_ticket(session, ticket_id))
        if not still_visible:  # e.g. a department transferred it away: back to its queue
            return RedirectResponse(f"/operator?handed={data.action.value}", status_code=303)
        return RedirectResponse(
            f"/operator/tickets/{ticket_id}?done={data.action.value}", status_code=303
        )
    with read_session() as session:
        try:
            context = _ticket_context(session, principal, ticket_id)
        except ApiError as exc:
            return render(request, "error.html", principal, exc.status_code, message=exc.detail)
        return render(
            request, "ticket.html", principal, status_code, notice=None, error=error, **context
        )


# ---------------------------------------------------------------- 12345 intake


def _intake_page(
    request: Request,
    principal: Principal,
    session: Session,
    result: Triage | None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "intake.html",
        principal,
        status_code,
        result=result,
        error=error,
        categories=[c.value for c in Category],
        departments=list_departments(session),
        nonce=secrets.token_hex(16),
        default_locality=DEFAULT_LOCALITY,
    )


@router.get("/operator/intake", response_class=HTMLResponse)
def intake_page(request: Request, principal: Hotline, session: ReadDb) -> Response:
    return _intake_page(request, principal, session, None)


@router.post("/operator/intake", response_class=HTMLResponse)
def intake_parse(
    request: Request,
    principal: Hotline,
    session: ReadDb,
    csrf: Annotated[str, Form(max_length=100)] = "",
    text: Annotated[str, Form(max_length=20000)] = "",
) -> Response:
    check_csrf(request, csrf)
    text = text.strip()
    if not text:
        return _intake_page(request, principal, session, None, "请粘贴工单内容", 422)
    if len(text) > 3800:
        return _intake_page(request, principal, session, None, "工单内容不能超过 3800 字", 422)
    return _intake_page(request, principal, session, triage(session, text))


@router.post("/operator/intake/file", response_class=HTMLResponse)
def intake_file(
    request: Request,
    principal: Hotline,
    csrf: Annotated[str, Form(max_length=100)] = "",
    nonce: Annotated[str, Form(pattern=r"^[0-9a-f]{32}$")] = "",
    text: Annotated[str, Form(max_length=20000)] = "",
    category: Annotated[str, Form(max_length=40)] = "",
    locality: Annotated[str, Form(max_length=10)] = "",
    phone: Annotated[str, Form(max_length=30)] = "",
    urgency: Annotated[str, Form(max_length=10)] = "normal",
    department: Annotated[str, Form(max_length=64)] = "",
    household: Annotated[str, Form(max_length=32000)] = "",
    dispatch_now: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    check_csrf(request, csrf)
    submitted = Triage(
        text=text.strip(),
        nlu_ok=True,
        category=category or None,
        locality=locality,
        phone=phone,
        urgency=urgency,
        department=department or None,
    )
    try:
        facts = json.loads(household) if household.strip() else None
        if facts is not None and not isinstance(facts, dict):
            raise ValueError
    except ValueError:
        with read_session() as session:
            return _intake_page(
                request, principal, session, submitted, "家庭情况不是有效的 JSON", 422
            )
    submitted.household = facts or {}
    estimate = None
    if facts:
        from policies import InvalidHousehold
        from policies import estimate as run_estimate

        facts["locality"] = locality
        try:
            estimate = run_estimate(facts)
        except (InvalidHousehold, TypeError, KeyError, AttributeError):
            estimate = None
    try:
        data = TicketCreate(
            channel="phone",
            text=text,
            locality=locality,
            category=category,
            contact_phone=phone.strip() or None,
            urgency=urgency if urgency in ("urgent", "normal") else "normal",
            household=facts,
            estimate=estimate,
        )
    except ValidationError as exc:
        fields = {
            "text": "诉求内容",
            "locality": "地区代码",
            "category": "类别",
            "contact_phone": "联系电话",
        }
        bad = "、".join(
            fields.get(str(e["loc"][0]), str(e["loc"][0])) for e in exc.errors() if e.get("loc")
        )
        with read_session() as session:
            return _intake_page(request, principal, session, submitted, f"请检查：{bad}", 422)
    with write_session() as session:
        try:
            # No nonce (a hand-made form): no key, rather than one key shared by every such form.
            key = f"intake:{nonce}" if nonce else None
            created = service.create_ticket(session, principal, data, key)
            if dispatch_now == "on" and created.created:
                service.apply_transition(
                    session,
                    principal,
                    created.ticket.id,
                    TransitionIn(
                        action="dispatch",
                        department=department or None,
                        version=created.ticket.version,
                    ),
                )
            session.commit()
        except ApiError as exc:
            session.rollback()
            with read_session() as rs:
                return _intake_page(request, principal, rs, submitted, exc.detail, exc.status_code)
        ticket_id = created.ticket.id
    return RedirectResponse(f"/operator/tickets/{ticket_id}?done=filed", status_code=303)
