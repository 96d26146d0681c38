"""The staff's notifications in the console: the 「提醒」 badge, the list, marking read.

The notifications themselves are written by the ticket service and the deadline sweep
(`api.notifications.service.notify`); these pages only show them to the person they are for.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from api.auth.deps import Principal
from api.core.database import read_session, write_session
from api.notifications import service
from api.web.common import render
from api.web.pages_operator import ReadDb, Staff
from api.web.session import STAFF, check_csrf, principal_from_cookie
from api.web.templating import env

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 200

KIND_NAMES = {
    "deadline_warning": "临期提醒",
    "breach": "已超期",
    "transfer": "转办",
    "return": "退单",
    "dispatch": "新派单",
    "escalate": "督办",
    "reply": "已答复",
    "merge": "并单",
    "first_responder": "首问负责",
}
URGENT_KINDS = {"deadline_warning", "breach", "escalate"}


def unread_notifications(principal: Principal | None) -> int:
    """The header's badge (a Jinja global, so every staff page shows it without extra code)."""
    if principal is None or principal.role not in STAFF:
        return 0
    with read_session() as session:
        return service.count_unread(session, principal.username)


env.globals.update(
    unread_notifications=unread_notifications,
    NOTIFICATION_KIND_NAMES=KIND_NAMES,
    NOTIFICATION_URGENT_KINDS=URGENT_KINDS,
)


@router.get("/operator/notifications", response_class=HTMLResponse)
def notifications_page(
    request: Request,
    principal: Staff,
    session: ReadDb,
    done: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    notes = service.list_for(session, principal.username, False, PAGE_SIZE)
    unread = service.count_unread(session, principal.username)
    return render(
        request,
        "notifications.html",
        principal,
        notes=notes,
        unread=unread,
        notice="已全部标为已读" if done == "all" else None,
    )


@router.get("/operator/notifications/count")
def notifications_count(request: Request, session: ReadDb) -> Response:
    """`{"unread": n}` for the header's poll (session cookie; never cached)."""
    principal = principal_from_cookie(request, session)
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if principal is None or principal.role not in STAFF:
        return JSONResponse({"detail": "需要登录"}, status_code=401, headers=headers)
    unread = service.count_unread(session, principal.username)
    return JSONResponse({"unread": unread}, headers=headers)


@router.post("/operator/notifications/read")
def notifications_read(
    request: Request,
    principal: Staff,
    csrf: Annotated[str, Form(max_length=100)] = "",
    id: Annotated[str, Form(max_length=12)] = "",  # noqa: A002 - the form field's name
) -> Response:
    """Without `id`: all of mine; with `id`: that one, only if it is mine."""
    check_csrf(request, csrf)
    with write_session() as session:
        if id:
            service.mark_read(session, principal.username, [int(id)] if id.isdigit() else [])
        else:
            service.mark_all_read(session, principal.username)
        session.commit()
    return RedirectResponse(
        "/operator/notifications" + ("" if id else "?done=all"), status_code=303
    )


@router.get("/operator/notifications/{note_id}/open")
def notification_open(request: Request, note_id: int, principal: Staff) -> Response:
    """Open the work order of one of my notifications and mark it read (the session cookie is
    SameSite=Strict, so another site cannot make a browser do this)."""
    with write_session() as session:
        note = service.find_for(session, principal.username, note_id)
        if note is None:
            return render(request, "error.html", principal, 404, message="提醒不存在")
        ticket_id = note.ticket_id
        service.mark_read(session, principal.username, [note_id])
        session.commit()
    return RedirectResponse(f"/operator/tickets/{ticket_id}", status_code=303)
