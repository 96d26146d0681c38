"""Operator console: the queue, one work order with its actions, and 12345 intake."""

from __future__ import annotations

import re
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
from api.intake.compact import compact_estimate
from api.intake.triage import DEFAULT_LOCALITY, Triage, triage
from api.tickets import service
from api.tickets.followups import assist_reply, other_phones, take_handoff
from api.tickets.handoff import read_conversation
from api.tickets.lifecycle import STATUS_NAMES
from api.tickets.phones import BadPhone, check_phone
from api.tickets.presenters import department_names, ticket_out
from api.tickets.schemas import AssistReplyIn, Category, TicketCreate, TransitionIn
from api.web.actions import FORM_BY_ACTION, allowed_forms
from api.web.common import render
from api.web.household_form import form_rows, parse_household
from api.web.queue import QueueFilters, load_queue
from api.web.session import check_csrf, require_staff
from api.web.waiting import load_waiting

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
    q: Annotated[str, Query(max_length=60)] = "",
    view: Annotated[str, Query(pattern=r"^(handoff|dispatch)?$")] = "",
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
        q=q.strip(),
        view=view,
    )
    result = load_queue(session, principal, filters)
    waiting = load_waiting(session, principal) if page == 1 and not view else None
    return render(
        request,
        "queue.html",
        principal,
        filters=filters,
        result=result,
        waiting=waiting,
        departments=list_departments(session),
        names=department_names(session),
        notice="工单已转出本部门，不再显示在您的队列中" if handed in FORM_BY_ACTION else None,
    )


def local_departments(session: Session, locality: str, everywhere: bool = False) -> list:
    """The departments an order of this locality goes to: its county's, else its city's,
    province's, or the default locality's (where routing sends it); every one when asked."""
    departments = list_departments(session)
    if everywhere:
        return departments
    for candidate in (locality, locality[:4] + "00", locality[:2] + "0000", DEFAULT_LOCALITY):
        local = [d for d in departments if d.locality == candidate]
        if local:
            return local
    return departments


def _ticket_context(
    session: Session, principal: Principal, ticket_id: int, everywhere: bool = False
) -> dict:
    ticket = service.get_visible_ticket(session, principal, ticket_id)
    names = department_names(session)
    out = ticket_out(ticket, names)
    assisting_mine = next(
        (a for a in ticket.assisting if a.department_code == principal.department), None
    )
    return {
        "ticket": out,
        "forms": allowed_forms(principal, ticket),
        "departments": local_departments(session, ticket.locality, everywhere),
        "everywhere": everywhere,
        "names": names,
        "conversation": read_conversation(ticket.text),
        "can_reveal": principal.role in (Role.operator, Role.handler, Role.supervisor)
        and bool(ticket.contact_phone or any(c.get("phone") for c in ticket.contacts or [])),
        "can_take": ticket.handoff
        and not ticket.handoff_taken_by
        and ticket.status != "closed"
        and principal.role in (Role.operator, Role.supervisor),
        "can_assist_reply": principal.role == Role.handler
        and assisting_mine is not None
        and not assisting_mine.reply
        and ticket.status not in ("replied", "callback_done", "closed"),
        "revealed": None,
    }


def _ticket_error(request: Request, principal: Principal, ticket_id: int, error: str, status: int):
    with read_session() as session:
        try:
            context = _ticket_context(session, principal, ticket_id)
        except ApiError as exc:
            return render(request, "error.html", principal, exc.status_code, message=exc.detail)
        return render(
            request, "ticket.html", principal, status, notice=None, error=error, **context
        )


@router.get("/operator/tickets/{ticket_id}", response_class=HTMLResponse)
def ticket_page(
    request: Request,
    ticket_id: int,
    principal: Staff,
    session: ReadDb,
    done: Annotated[str | None, Query(max_length=30)] = None,
    all_departments: bool = False,
) -> Response:
    try:
        context = _ticket_context(session, principal, ticket_id, all_departments)
    except ApiError as exc:
        return render(request, "error.html", principal, exc.status_code, message=exc.detail)
    form = FORM_BY_ACTION.get(done or "")
    notice = DONE_NOTICES.get(done or "") or (f"已{form.label}" if form else None)
    return render(request, "ticket.html", principal, notice=notice, error=None, **context)


DONE_NOTICES = {
    "filed": "已受理，工单已登记",
    "taken": "已接手，请尽快回电市民",
    "assist_reply": "协办情况已反馈给主办单位",
}


@router.post("/operator/tickets/{ticket_id}/reveal", response_class=HTMLResponse)
def ticket_reveal(
    request: Request,
    ticket_id: int,
    principal: Staff,
    csrf: Annotated[str, Form(max_length=100)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    reason_text: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """查看完整号码: the API's audited reveal (a `reveal_contact` event naming the reason); the
    number is shown on this answer only (never stored in a URL or a cache)."""
    check_csrf(request, csrf)
    why = " ".join(part for part in (reason.strip(), reason_text.strip()) if part)
    if len(why) < 2:
        return _ticket_error(request, principal, ticket_id, "请选择或填写查看号码的理由", 422)
    with write_session() as session:
        try:
            ticket = service.reveal_contact(session, principal, ticket_id, why[:500])
            phones = [p for p in (ticket.contact_phone, *other_phones(ticket)) if p]
            session.commit()
        except ApiError as exc:
            session.rollback()
            return _ticket_error(request, principal, ticket_id, exc.detail, exc.status_code)
    with read_session() as session:
        context = _ticket_context(session, principal, ticket_id)
    context["revealed"] = {"phones": phones, "reason": why[:500]}
    return render(
        request,
        "ticket.html",
        principal,
        notice="已查看完整号码，本次查看已留痕",
        error=None,
        **context,
    )


@router.post("/operator/tickets/{ticket_id}/take", response_class=HTMLResponse)
def ticket_take(
    request: Request,
    ticket_id: int,
    principal: Staff,
    csrf: Annotated[str, Form(max_length=100)] = "",
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    check_csrf(request, csrf)
    with write_session() as session:
        try:
            take_handoff(session, principal, ticket_id, int(version) if version.isdigit() else None)
            session.commit()
        except ApiError as exc:
            session.rollback()
            return _ticket_error(request, principal, ticket_id, exc.detail, exc.status_code)
    return RedirectResponse(f"/operator/tickets/{ticket_id}?done=taken", status_code=303)


@router.post("/operator/tickets/{ticket_id}/assist-reply", response_class=HTMLResponse)
def ticket_assist_reply(
    request: Request,
    ticket_id: int,
    principal: Staff,
    csrf: Annotated[str, Form(max_length=100)] = "",
    version: Annotated[str, Form(max_length=12)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_csrf(request, csrf)
    try:
        data = AssistReplyIn(note=note.strip(), version=int(version) if version.isdigit() else None)
    except ValidationError:
        return _ticket_error(request, principal, ticket_id, "请填写协办情况（至少2个字）", 422)
    with write_session() as session:
        try:
            assist_reply(session, principal, ticket_id, data)
            session.commit()
        except ApiError as exc:
            session.rollback()
            return _ticket_error(request, principal, ticket_id, exc.detail, exc.status_code)
    return RedirectResponse(f"/operator/tickets/{ticket_id}?done=assist_reply", status_code=303)


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
    return _ticket_error(request, principal, ticket_id, error, status_code)


# ---------------------------------------------------------------- 12345 intake


def _intake_page(
    request: Request,
    principal: Principal,
    session: Session,
    result: Triage | None,
    error: str | None = None,
    status_code: int = 200,
    dispatch_now: bool = True,
) -> Response:
    household = result.household if result else {}
    return render(
        request,
        "intake.html",
        principal,
        status_code,
        result=result,
        error=error,
        categories=[c.value for c in Category],
        departments=local_departments(session, result.locality if result else DEFAULT_LOCALITY),
        nonce=secrets.token_hex(16),
        default_locality=DEFAULT_LOCALITY,
        household=household or {},
        household_rows=form_rows(household),
        dispatch_now=dispatch_now,
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


async def submitted_form(request: Request) -> dict:
    """The intake form's fields (the household's are named per member: m0_age, m1_relation…)."""
    form = await request.form()
    out: dict = {}
    for key, value in form.multi_items():
        if isinstance(value, str) and len(key) <= 40:
            if key == "question":
                out.setdefault("question", []).append(value)
            else:
                out[key] = value
    return out


SubmittedForm = Annotated[dict, Depends(submitted_form)]


def _submitted(form: dict) -> tuple[Triage, list[str]]:
    """The intake as the operator left it: the triage fields, the household and the questions
    still open; plus the errors of the household's fields."""
    locality = str(form.get("locality", "")).strip()[:10]
    household, errors = parse_household(form, locality)
    questions = [q.strip()[:200] for q in form.get("question", []) if q.strip()][:10]
    submitted = Triage(
        text=str(form.get("text", "")).strip(),
        nlu_ok=True,
        category=str(form.get("category", "")) or None,
        locality=locality,
        phone=str(form.get("phone", "")).strip()[:30],
        urgency=str(form.get("urgency", "normal")),
        department=str(form.get("department", "")) or None,
        household=household,
        missing=[{"path": "", "question": q} for q in questions],
    )
    return submitted, list(errors)


def _estimate_of(household: dict) -> dict | None:
    from policies import InvalidHousehold
    from policies import estimate as run_estimate

    try:
        return run_estimate(household)
    except (InvalidHousehold, TypeError, KeyError, AttributeError, ValueError):
        return None


@router.post("/operator/intake/estimate", response_class=HTMLResponse)
def intake_estimate(request: Request, principal: Hotline, form: SubmittedForm) -> Response:
    """按修改重新测算: the estimate of the household as corrected, nothing filed."""
    check_csrf(request, str(form.get("csrf", "")))
    submitted, errors = _submitted(form)
    if not errors:
        submitted.estimate = _estimate_of(submitted.household)
    with read_session() as session:
        return _intake_page(
            request,
            principal,
            session,
            submitted,
            "请检查：" + "；".join(errors) if errors else None,
            422 if errors else 200,
            dispatch_now=form.get("dispatch_now") == "on",
        )


@router.post("/operator/intake/file", response_class=HTMLResponse)
def intake_file(request: Request, principal: Hotline, form: SubmittedForm) -> Response:
    check_csrf(request, str(form.get("csrf", "")))
    nonce = str(form.get("nonce", ""))
    dispatch_now = form.get("dispatch_now") == "on"
    submitted, errors = _submitted(form)

    def again(message: str, status: int) -> Response:
        with read_session() as rs:
            return _intake_page(
                request, principal, rs, submitted, message, status, dispatch_now=dispatch_now
            )

    if not re.fullmatch(r"[0-9a-f]{32}", nonce):
        return again("表单已失效，请重新预填", 422)
    if errors:
        return again("请检查：" + "；".join(errors), 422)
    phone = submitted.phone or ""
    if phone:
        try:
            phone = check_phone(phone)
        except BadPhone as exc:
            return again(f"请检查联系电话：{exc}", 422)
    submitted.estimate = _estimate_of(submitted.household)
    try:
        data = TicketCreate(
            channel="phone",
            text=submitted.text,
            locality=submitted.locality,
            category=submitted.category or "",
            contact_phone=phone or None,
            urgency=submitted.urgency if submitted.urgency in ("urgent", "normal") else "normal",
            household=submitted.household,
            estimate=compact_estimate(submitted.estimate),
            open_questions=[m["question"] for m in submitted.missing] or None,
        )
    except ValidationError as exc:
        fields = {
            "text": "诉求内容",
            "locality": "地区代码",
            "category": "类别",
            "contact_phone": "联系电话",
            "household": "家庭情况",
        }
        bad = "、".join(
            dict.fromkeys(
                fields.get(str(e["loc"][0]), str(e["loc"][0])) for e in exc.errors() if e.get("loc")
            )
        )
        return again(f"请检查：{bad}", 422)
    with write_session() as session:
        try:
            # No nonce (a hand-made form): no key, rather than one key shared by every such form.
            key = f"intake:{nonce}" if nonce else None
            created = service.create_ticket(session, principal, data, key)
            if dispatch_now and created.created and created.ticket.status == "registered":
                service.apply_transition(
                    session,
                    principal,
                    created.ticket.id,
                    TransitionIn(
                        action="dispatch",
                        department=submitted.department,
                        version=created.ticket.version,
                    ),
                )
            session.commit()
        except ApiError as exc:
            session.rollback()
            return again(exc.detail, exc.status_code)
        ticket_id = created.ticket.id
    return RedirectResponse(f"/operator/tickets/{ticket_id}?done=filed", status_code=303)
