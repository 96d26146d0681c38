"""Landing page, staff login/logout, and the citizen chat page with the work-order lookup."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth.models import Role
from api.auth.service import authenticate
from api.core.config import get_settings
from api.core.deps import SessionDep
from api.core.errors import ApiError, NotFound
from api.core.security import create_access_token
from api.tickets import service
from api.tickets.lookup_guard import guard
from api.tickets.presenters import department_names, public_out
from api.web.common import render
from api.web.session import COOKIE, check_csrf, principal_from_cookie, safe_next

router = APIRouter(include_in_schema=False)
NUMBER_PATTERN = r"^12345-[0-9]{8}-[0-9]{6}$"


def normalise_number(text: str) -> str:
    """A work-order number as typed on a phone keypad: 12345202611230000 01, with or without
    hyphens or spaces (also full-width) -> 12345-20261123-000001; anything else as typed."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    digits = re.sub(r"[\s\-－—_.]", "", text)
    match = re.fullmatch(r"12345([0-9]{8})([0-9]{6})", digits)
    return f"12345-{match.group(1)}-{match.group(2)}" if match else text


def rasa_public_url() -> str:
    """Where the citizen's browser reaches Rasa's socket.io channel."""
    return get_settings().browser_rasa_url


@router.get("/", response_class=HTMLResponse)
def landing(request: Request, session: SessionDep) -> Response:
    return render(request, "landing.html", principal_from_cookie(request, session))


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:  # noqa: A002
    return render(request, "login.html", next=safe_next(next, ""), error=None)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "",  # noqa: A002
) -> Response:
    user = authenticate(session, username.strip(), password) if username and password else None
    if user is None or user.role == Role.assistant.value:
        return render(
            request,
            "login.html",
            next=safe_next(next, ""),
            error="用户名或密码错误",
            status_code=401,
        )
    default = "/supervisor" if user.role == Role.supervisor.value else "/operator"
    response = RedirectResponse(safe_next(next, default), status_code=303)
    response.set_cookie(
        COOKIE,
        create_access_token(user.username, user.role),
        max_age=get_settings().access_token_minutes * 60,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    check_csrf(request, csrf)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/chat", response_class=HTMLResponse)
def chat_page(request: Request) -> Response:
    return render(request, "chat.html", rasa_url=rasa_public_url())


@router.get("/chat/lookup", response_class=HTMLResponse)
def lookup(
    request: Request,
    session: SessionDep,
    number: Annotated[str, Query(max_length=40)] = "",
    phone_last4: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    number, phone_last4 = normalise_number(number), phone_last4.strip()
    context = {"number": number, "phone_last4": phone_last4, "ticket": None, "error": None}
    if not number and not phone_last4:
        return render(request, "lookup.html", **context)
    if not re.fullmatch(NUMBER_PATTERN, number) or not re.fullmatch(r"[0-9]{4}", phone_last4):
        context["error"] = "请填写完整的工单号（如 12345-20261123-000001）和手机号后四位"
        return render(request, "lookup.html", status_code=422, **context)
    try:
        guard.check(session, number)
        try:
            ticket = service.public_lookup(session, number, phone_last4)
        except NotFound:
            guard.failed(session, number)
            raise
    except ApiError as exc:
        context["error"] = (
            "未找到该工单，请核对工单号和手机号后四位" if exc.status_code == 404 else exc.detail
        )
        return render(request, "lookup.html", status_code=exc.status_code, **context)
    context["ticket"] = public_out(ticket, department_names(session))
    return render(request, "lookup.html", **context)
