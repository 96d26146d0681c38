"""The estimate an order keeps: what its page shows (per program its status, name, department,
reasons, citations, amount and next steps; the unlikely ones by name only), small enough for the
ticket's JSON limit (MAX_JSON_BYTES). The full estimate can always be computed again from the
household the order keeps."""

from __future__ import annotations

import json
from typing import Any

from api.core.config import get_settings

TOP = ("locality", "parameters_from", "as_of", "per_capita_monthly_income", "defaults_applied")
FULL = ("id", "name", "status", "reasons", "estimated_amount", "department", "next_steps")


def _size(doc: Any) -> int:
    return len(json.dumps(doc, ensure_ascii=False))


def _program(program: dict[str, Any], reasons: int | None, citations: bool) -> dict[str, Any]:
    if program.get("status") == "unlikely":
        return {k: program[k] for k in ("id", "name", "status", "department") if k in program}
    out = {k: program[k] for k in FULL if k in program}
    if reasons is not None:
        out["reasons"] = list(out.get("reasons") or [])[:reasons]
    if citations:
        out["citations"] = [
            {"document": c.get("document"), "clause": c.get("clause")}
            for c in program.get("citations") or []
            if isinstance(c, dict)
        ]
    return out


def compact_estimate(estimate: dict[str, Any] | None, limit: int | None = None) -> dict | None:
    """The estimate cut to what an order shows, and further (fewer reasons, then no citations,
    then no reasons) until it fits `limit` characters; None when even the names do not fit."""
    if not estimate or not isinstance(estimate, dict):
        return None
    limit = limit or get_settings().max_json_bytes
    top = {k: estimate[k] for k in TOP if k in estimate}
    programs = [p for p in estimate.get("programs") or [] if isinstance(p, dict)]
    for reasons, citations in ((None, True), (3, True), (3, False), (1, False), (0, False)):
        doc = {**top, "programs": [_program(p, reasons, citations) for p in programs]}
        if _size(doc) <= limit:
            return doc
    return None
