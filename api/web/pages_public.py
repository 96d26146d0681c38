"""Landing page, staff login/logout, and the citizen chat page with the work-order lookup."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth.models import Role
from api.auth.service import authenticate
from api.core.config import get_settings
from api.core.database import write_session
from api.core.deps import SessionDep
from api.core.errors import ApiError
from api.core.security import create_access_token
from api.tickets.lookup_guard import guard, normalise_number, request_client
from api.tickets.presenters import department_names, public_out
from api.web.common import render
from api.web.session import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    check_csrf,
    login_csrf_ok,
    login_csrf_token,
    new_login_nonce,
    principal_from_cookie,
    safe_next,
    secure_cookies,
)

router = APIRouter(include_in_schema=False)


def rasa_public_url() -> str:
    """Where the citizen's browser reaches Rasa's socket.io channel."""
    return get_settings().browser_rasa_url


@router.get("/", response_class=HTMLResponse)
def landing(request: Request, session: SessionDep) -> Response:
    return render(request, "landing.html", principal_from_cookie(request, session))


def _login_form(
    request: Request, next_path: str, error: str | None, status_code: int = 200
) -> Response:
    """The login page with a fresh login-CSRF pair: a random value in a cookie of its own and its
    HMAC in the form (a login without a session still cannot be forged from another site)."""
    value = new_login_nonce()
    response = render(
        request,
        "login.html",
        next=next_path,
        error=error,
        login_csrf=login_csrf_token(value),
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        value,
        max_age=2 * 3600,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        path="/login",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:  # noqa: A002
    return _login_form(request, safe_next(next, ""), None)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "",  # noqa: A002
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    if not login_csrf_ok(request, csrf):
        return _login_form(request, safe_next(next, ""), "登录页面已过期，请重新输入后登录", 403)
    user = authenticate(session, username.strip(), password) if username and password else None
    if user is None or user.role == Role.assistant.value:
        return _login_form(request, safe_next(next, ""), "用户名或密码错误", 401)
    default = "/supervisor" if user.role == Role.supervisor.value else "/operator"
    response = RedirectResponse(safe_next(next, default), status_code=303)
    response.set_cookie(
        COOKIE,
        create_access_token(user.username, user.role),
        max_age=get_settings().access_token_minutes * 60,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
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
    canonical = normalise_number(number)
    if canonical is None or not re.fullmatch(r"[0-9]{4}", phone_last4):
        context["error"] = "请填写完整的工单号（如 12345-20261123-000001）和手机号后四位"
        return render(request, "lookup.html", status_code=422, **context)
    try:
        with write_session() as guarded:
            ticket = guard.lookup(guarded, canonical, phone_last4, request_client(request))
    except ApiError as exc:
        context["error"] = (
            "未找到该工单，请核对工单号和手机号后四位" if exc.status_code == 404 else exc.detail
        )
        response = render(request, "lookup.html", status_code=exc.status_code, **context)
        response.headers.update(getattr(exc, "headers", None) or {})
        return response
    context["ticket"] = public_out(ticket, department_names(session))
    return render(request, "lookup.html", **context)
