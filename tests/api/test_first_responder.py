"""首问负责: the first responder stays through transfers, sees the ticket, is told of each step."""

from __future__ import annotations


def test_first_responder_through_two_transfers(client, tokens, create_ticket, advance, act):
    ticket = create_ticket(who="operator2")
    assert ticket["first_responder"] == {"user": "operator2", "department": "620422-hotline"}
    ticket = advance(ticket, "operator", "dispatch", department="620422-minzheng")
    ticket = advance(ticket, "minzheng", "transfer", department="620422-yibao", note="涉及医疗费用")
    assert ticket["department"] == "620422-yibao"
    ticket = advance(ticket, "operator", "transfer", department="620422-jiaoyu", note="孩子学费")
    assert ticket["department"] == "620422-jiaoyu"
    assert ticket["status"] == "dispatched"
    # The first responder never changes.
    assert ticket["first_responder"] == {"user": "operator2", "department": "620422-hotline"}
    # The chain of hands is kept.
    chain = [(t["kind"], t["from_department"], t["to_department"]) for t in ticket["transfers"]]
    assert chain == [
        ("dispatch", "620422-minzheng", "620422-minzheng"),
        ("transfer", "620422-minzheng", "620422-yibao"),
        ("transfer", "620422-yibao", "620422-jiaoyu"),
    ]
    # The first responder was told of each transfer.
    notes = client.get("/api/v1/notifications", headers=tokens["operator2"]).json()
    transfers = [n for n in notes if n["ticket_id"] == ticket["id"] and n["kind"] == "transfer"]
    assert len(transfers) == 2
    assert "会宁县教育局" in transfers[0]["message"]
    # The old departments lose sight of the ticket; the new one and the first responder see it.
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["yibao"]).status_code == 403
    assert (
        client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["jiaoyu"]).status_code == 200
    )
    # Accept deadlines follow the department; the citizen's 办结 clock does not restart.
    accept = [d for d in ticket["deadline_details"] if d["step"] == "accept"]
    assert [d["state"] for d in accept] == ["cancelled", "cancelled", "open"]
    close = [d for d in ticket["deadline_details"] if d["step"] == "close"]
    assert len(close) == 1 and close[0]["state"] == "open"


def test_cannot_close_before_a_reply_is_recorded(create_ticket, advance, act):
    ticket = advance(create_ticket(), "operator", "dispatch")
    ticket = advance(ticket, "minzheng", "accept")
    response = act(ticket, "operator", "close")
    assert response.status_code == 409
    ticket = advance(ticket, "minzheng", "reply", note="已答复市民")
    assert act(ticket, "operator", "close").status_code == 409  # callback first
    ticket = advance(ticket, "operator", "callback", satisfaction="satisfied", resolved=True)
    assert advance(ticket, "operator", "close")["status"] == "closed"


def test_first_responder_is_told_of_returns_and_replies(client, tokens, create_ticket, advance):
    ticket = advance(create_ticket(who="operator2"), "operator", "dispatch")
    ticket = advance(ticket, "minzheng", "return", note="属于医保局职责")
    assert ticket["status"] == "returned" and ticket["department"] is None
    ticket = advance(ticket, "operator", "dispatch", department="620422-yibao")
    ticket = advance(ticket, "yibao", "accept")
    advance(ticket, "yibao", "reply", note="已答复")
    kinds = [
        n["kind"]
        for n in client.get("/api/v1/notifications", headers=tokens["operator2"]).json()
        if n["ticket_id"] == ticket["id"]
    ]
    assert "return" in kinds and "reply" in kinds


def test_notifications_can_be_marked_read(client, tokens, create_ticket, advance):
    ticket = advance(create_ticket(who="operator2"), "operator", "dispatch")
    advance(ticket, "operator", "transfer", department="620422-yibao")
    unread = client.get("/api/v1/notifications?unread=true", headers=tokens["operator2"]).json()
    assert unread
    ids = [n["id"] for n in unread]
    marked = client.post(
        "/api/v1/notifications/read", headers=tokens["operator2"], json={"ids": ids}
    )
    assert marked.json()["marked"] == len(ids)
    assert client.get("/api/v1/notifications?unread=true", headers=tokens["operator2"]).json() == []
