"""Idempotency-Key: the same request again answers the same order; the same key with another
body, or from another caller, is refused (422) and never answers the order it names.

The request is recognised by a keyed hash (the 并单 salt) of the caller's name and the canonical
body — the validated request with its keys sorted — stored with the key, so that whitespace or
key order of the JSON does not matter and no second copy of the body (an ID number) is kept.
"""

from __future__ import annotations

import hmac
import json

from api.auth.deps import Principal
from api.core.config import get_settings
from api.core.errors import Unprocessable
from api.core.security import match_hash
from api.tickets.models import IdempotencyKey
from api.tickets.schemas import TicketCreate

KEY_REUSED = "幂等键（Idempotency-Key）已用于另一内容的请求；新的请求请使用新的幂等键"


def request_hash(principal: Principal, data: TicketCreate) -> str:
    canonical = json.dumps(
        {"caller": principal.username, "body": data.model_dump(mode="json")},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    settings = get_settings()
    salt = settings.match_salt or settings.jwt_secret or "hotline12345"
    return match_hash("idem:" + canonical, salt)


def check_same_request(known: IdempotencyKey, digest: str) -> None:
    """422 when the stored key was sent by another caller or with another body."""
    if known.request_hash is not None and not hmac.compare_digest(known.request_hash, digest):
        raise Unprocessable(KEY_REUSED, code="idempotency_key_reused")
