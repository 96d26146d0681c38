"""Helpers shared by the page views."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.auth.deps import Principal
from api.web.session import COOKIE, csrf_token
from api.web.templating import templates

ROLE_NAMES = {
    "operator": "话务员",
    "handler": "承办人员",
    "supervisor": "督办员",
    "assistant": "智能助手",
}


def render(
    request: Request,
    template: str,
    principal: Principal | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    token = request.cookies.get(COOKIE, "")
    context.update(
        principal=principal,
        role_name=ROLE_NAMES.get(principal.role.value, "") if principal else "",
        csrf=csrf_token(token) if token else "",
    )
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
