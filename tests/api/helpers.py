"""Driving a ticket to a given status through the public API."""

from __future__ import annotations

from tests.api.conftest import ticket_body

# How each action is performed when it is expected to be allowed: (who, fields)
ACTION_CALLS: dict[str, tuple[str, dict]] = {
    "dispatch": ("operator", {}),
    "accept": ("supervisor", {}),
    "return": ("supervisor", {"note": "不属于本部门职责"}),
    "transfer": ("operator", {"department": "620422-yibao", "note": "涉及医疗救助"}),
    "dispute": ("minzheng", {"note": "应由医保局承办"}),
    "resolve_dispute": ("supervisor", {"note": "维持原派单"}),
    "request_extension": ("supervisor", {"note": "需入户调查核实"}),
    "approve_extension": ("supervisor", {}),
    "reject_extension": ("supervisor", {"note": "不符合延期条件"}),
    "reply": ("supervisor", {"note": "已告知申请低保所需材料"}),
    "answer": ("operator", {"note": "已直接告知低保申请材料"}),
    "callback": ("operator", {"satisfaction": "satisfied", "resolved": True}),
    "close": ("operator", {}),
    "reopen": ("operator", {"note": "市民不满意，重办"}),
    "escalate": ("supervisor", {"note": "请加快办理"}),
    "add_assisting": ("operator", {"departments": ["620422-renshe"]}),
    "comment": ("operator", {"note": "市民再次来电询问进度"}),
}

# The path from a new ticket to each status: (action, who, fields)
PATHS: dict[str, list[tuple[str, str, dict]]] = {
    "registered": [],
    "dispatched": [("dispatch", "operator", {})],
    "returned": [("dispatch", "operator", {}), ("return", "minzheng", {"note": "非本部门职责"})],
    "disputed": [("dispatch", "operator", {}), ("dispute", "minzheng", {"note": "应由医保局承办"})],
    "in_progress": [("dispatch", "operator", {}), ("accept", "minzheng", {})],
    "extension_requested": [
        ("dispatch", "operator", {}),
        ("accept", "minzheng", {}),
        ("request_extension", "minzheng", {"note": "需入户调查"}),
    ],
    "replied": [
        ("dispatch", "operator", {}),
        ("accept", "minzheng", {}),
        ("reply", "minzheng", {"note": "已答复市民"}),
    ],
    "callback_done": [
        ("dispatch", "operator", {}),
        ("accept", "minzheng", {}),
        ("reply", "minzheng", {"note": "已答复市民"}),
        ("callback", "operator", {"satisfaction": "satisfied", "resolved": True}),
    ],
    "closed": [
        ("dispatch", "operator", {}),
        ("accept", "minzheng", {}),
        ("reply", "minzheng", {"note": "已答复市民"}),
        ("callback", "operator", {"satisfaction": "satisfied", "resolved": True}),
        ("close", "operator", {}),
    ],
}


def make_ticket_in(client, tokens, status: str, *, unsatisfied: bool = False, key: str) -> dict:
    response = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": key},
        json=ticket_body(),
    )
    assert response.status_code == 201, response.text
    ticket = response.json()
    for action, who, fields in PATHS[status]:
        if action == "callback" and unsatisfied and status == "callback_done":
            fields = {"satisfaction": "unsatisfied", "resolved": False}
        response = client.post(
            f"/api/v1/tickets/{ticket['id']}/transitions",
            headers=tokens[who],
            json={"action": action, "version": ticket["version"], **fields},
        )
        assert response.status_code == 200, f"{action}: {response.text}"
        ticket = response.json()
    assert ticket["status"] == status
    return ticket
