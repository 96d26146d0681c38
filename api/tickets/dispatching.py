"""受理 -> 派单: which new orders go to the routed department at once, which wait in the 待派单
queue for an operator, and which hotline answers for the 派单 clock.

- A life-safety order (the assistant's life-safety check, or life-safety words in the citizen's
  own text) of the assistant or the import is dispatched at once, on the urgent clock.
- An order of the assistant (chat/web) or of the import whose category is sure enough
  (``routing_confidence`` ≥ ``AUTO_DISPATCH_CONFIDENCE``, default 0.8) is dispatched at once.
  The assistant's order without a confidence is taken as sure when its category is an
  assistance need, a complaint or a report: the citizen confirmed it in the summary before
  filing.
- A 转人工 order never is: a person takes it first. Nor is a consultation, a status question or
  an out-of-scope matter: the hotline answers those itself.
- Everything else waits for an operator (待派单), on the 派单 clock.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.auth.deps import Principal
from api.auth.models import Role
from api.core.config import get_settings
from api.departments import cache
from api.departments.service import DEFAULT_LOCALITY
from api.tickets.models import Ticket
from api.tickets.schemas import TicketCreate
from household.needs import REQUEST_INTENTS

AUTO_CHANNELS = frozenset({"chat", "web", "import"})
# Matters the hotline answers itself: never dispatched without a person looking.
HOTLINE_MATTERS = frozenset({"ask_eligibility", "query_ticket_status", "out_of_scope"})
CONFIRMED_CATEGORIES = frozenset(REQUEST_INTENTS) | {"complain_handling", "report_fraud"}


def confidence(principal: Principal, data: TicketCreate) -> float | None:
    """How sure the category is: what the caller says, else 1.0 for the assistant's confirmed
    need (the citizen confirmed the summary), else unknown."""
    if data.routing_confidence is not None:
        return data.routing_confidence
    if principal.role == Role.assistant and data.category.value in CONFIRMED_CATEGORIES:
        return 1.0
    return None


def auto_dispatch_reason(principal: Principal, ticket: Ticket) -> str | None:
    """Why this new order goes to its routed department at once, or None (it waits)."""
    if ticket.handoff or not ticket.department_code or ticket.channel not in AUTO_CHANNELS:
        return None
    if ticket.life_safety:
        return "涉及生命安全的紧急诉求，受理后立即派单"
    if ticket.category in HOTLINE_MATTERS:
        return None
    sure = ticket.routing_confidence
    threshold = get_settings().auto_dispatch_confidence
    if sure is not None and sure >= threshold:
        who = "智能助手" if principal.role == Role.assistant else "批量导入"
        return f"{who}分类置信度 {sure:.0%}（≥{threshold:.0%}），按路由自动派单"
    return None


def _localities(locality: str) -> list[str]:
    return list(
        dict.fromkeys([locality, locality[:4] + "00", locality[:2] + "0000", DEFAULT_LOCALITY])
    )


def hotline_department(session: Session, locality: str) -> str | None:
    """The 12345 hotline department (kind ``hotline``) answering for the locality: the county's,
    else its city's, province's, or the default locality's (from the in-memory table)."""
    departments = cache.reference(session).departments.values()
    for candidate in _localities(locality):
        codes = [
            d.code
            for d in departments
            if d.locality == candidate and d.kind == "hotline" and d.active
        ]
        if codes:
            return min(codes)
    return None
