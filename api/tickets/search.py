"""The queue's search box: a work-order number (with or without hyphens or spaces, or its last
digits), the last four digits or the whole of a phone number, or words of the citizen's text."""

from __future__ import annotations

import re

from sqlalchemy import and_, func, or_

from api.tickets.creation import phone_key
from api.tickets.models import Ticket
from api.tickets.phones import LANDLINE_RE, MOBILE_RE

MAX_TERMS = 5
NUMBER_RE = re.compile(r"^12345([0-9]{8})([0-9]{6})$")


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_clause(query: str | None):
    """SQL condition for the search text, or None when there is nothing to search for."""
    text = (query or "").strip()
    if not text:
        return None
    digits = re.sub(r"[\s\-－—]", "", text)
    if digits.isdigit():
        whole = NUMBER_RE.fullmatch(digits)
        if whole:
            return Ticket.number == f"12345-{whole.group(1)}-{whole.group(2)}"
        plain_number = func.replace(Ticket.number, "-", "")
        by_number = plain_number.like(_like(digits), escape="\\")
        if len(digits) == 4:
            return or_(Ticket.phone_last4 == digits, by_number)
        if MOBILE_RE.fullmatch(digits) or LANDLINE_RE.fullmatch(digits):
            return or_(Ticket.phone_hash == phone_key(digits), by_number)
        return by_number
    terms = [t for t in text.split() if t][:MAX_TERMS]
    return and_(*(Ticket.text.ilike(_like(t), escape="\\") for t in terms))
