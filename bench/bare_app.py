"""The bare FastAPI app of bench/load_bench.py: the ticket API's routes with the same request and
answer shapes, kept in an in-memory dict — no database, no auth check, no history.

    uvicorn bench.bare_app:app --workers N

Every worker starts with the same SEEDED orders (ids 1..SEEDED) so that reads find them whichever
worker answers; created orders live in the worker that created them.
"""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import FastAPI, Header, HTTPException, Path, Response
from pydantic import BaseModel, Field

SEEDED = 500

app = FastAPI(title="bare")


class TicketIn(BaseModel):
    channel: Literal["chat", "phone", "web", "import"]
    text: str = Field(min_length=1, max_length=4000)
    locality: str = Field(pattern=r"^[0-9]{6}$")
    category: str = Field(pattern=r"^[a-z_]{1,40}$")
    contact_phone: str | None = Field(
        default=None, max_length=20, pattern=r"^\+?[0-9][0-9 -]{5,18}$"
    )
    household: dict | None = None
    estimate: dict | None = None
    urgency: Literal["urgent", "normal"] = "normal"


_lock = threading.Lock()
_ids = itertools.count(1)
_orders: dict[int, dict] = {}
_keys: dict[str, int] = {}


def _order(ticket_id: int, data: TicketIn) -> dict:
    now = datetime.now(UTC)
    return {
        "id": ticket_id,
        "number": f"12345-{now:%Y%m%d}-{ticket_id:06d}",
        "status": "registered",
        "status_name": "已受理",
        "reply_limit": "3个工作日",
        "channel": data.channel,
        "category": data.category,
        "kind": "help",
        "locality": data.locality,
        "text": data.text,
        "contact_phone": (data.contact_phone or "")[:3] + "****" + (data.contact_phone or "")[-4:],
        "urgency": data.urgency,
        "department": "620422-minzheng",
        "department_name": "会宁县民政局",
        "handler": None,
        "assisting_departments": [],
        "routed_department": "620422-minzheng",
        "first_responder": {"user": "minzheng", "department": "620422-minzheng"},
        "deadlines": {"accept": None, "close": None},
        "deadline_details": [],
        "provisional_deadlines": False,
        "overdue": False,
        "reply": None,
        "satisfaction": None,
        "resolved": None,
        "escalated": False,
        "reopen_count": 0,
        "merged": False,
        "merged_count": 0,
        "consent": None,
        "household": data.household,
        "estimate": data.estimate,
        "transfers": [],
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "events": [
            {
                "at": now,
                "actor": "assistant",
                "role": "assistant",
                "action": "create",
                "action_name": "受理",
                "from_status": None,
                "to_status": "registered",
                "department": "620422-minzheng",
                "note": f"渠道：{data.channel}",
            }
        ],
    }


_seed = TicketIn(channel="chat", text="种子工单", locality="620422", category="request_dibao")
for _ in range(SEEDED):
    _id = next(_ids)
    _orders[_id] = _order(_id, _seed)


@app.get("/api/v1/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/api/v1/tickets", status_code=201)
def create(
    data: TicketIn,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> dict:
    with _lock:
        if idempotency_key and idempotency_key in _keys:
            response.status_code = 200
            return _orders[_keys[idempotency_key]]
        ticket_id = next(_ids)
        order = _orders[ticket_id] = _order(ticket_id, data)
        if idempotency_key:
            _keys[idempotency_key] = ticket_id
    return order


@app.get("/api/v1/tickets/{ticket_id}")
def read(ticket_id: Annotated[int, Path(ge=1, le=2_000_000_000)]) -> dict:
    order = _orders.get(ticket_id)
    if order is None:
        raise HTTPException(404, "工单不存在")
    return order
