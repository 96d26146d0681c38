"""Auth, department isolation, optimistic locking, phone reveal, citizen lookup."""

from __future__ import annotations

from tests.api.conftest import PASSWORD, new_phone


def test_login_and_me(client, tokens):
    me = client.get("/api/v1/auth/me", headers=tokens["minzheng"]).json()
    assert me == {
        "username": "minzheng",
        "role": "handler",
        "department": "620422-minzheng",
        "display_name": "minzheng",
    }


def test_wrong_password_and_missing_token_are_401(client):
    bad = client.post("/api/v1/auth/token", data={"username": "operator", "password": "nope"})
    assert bad.status_code == 401
    assert client.get("/api/v1/tickets").status_code == 401
    garbage = client.get("/api/v1/tickets", headers={"Authorization": "Bearer abc.def.ghi"})
    assert garbage.status_code == 401


def test_handler_is_denied_another_departments_ticket(client, tokens, create_ticket, advance, act):
    ticket = advance(create_ticket(), "operator", "dispatch", department="620422-minzheng")
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["yibao"]).status_code == 403
    assert act(ticket, "yibao", "accept").status_code == 403
    listed = client.get("/api/v1/tickets?limit=200", headers=tokens["yibao"]).json()
    assert ticket["id"] not in [t["id"] for t in listed["items"]]
    assert all(
        t["department"] == "620422-yibao"
        or "620422-yibao" in t["assisting_departments"]
        or t["first_responder"]["user"] == "yibao"
        for t in listed["items"]
    )


def test_stale_version_is_409_and_changes_nothing(client, tokens, create_ticket, advance, act):
    ticket = create_ticket()
    stale_version = ticket["version"]
    ticket = advance(ticket, "operator", "dispatch", version=stale_version)
    response = act(ticket, "supervisor", "escalate", note="催办", version=stale_version)
    assert response.status_code == 409
    after = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["supervisor"]).json()
    assert after["escalated"] is False
    assert after["version"] == ticket["version"]


def test_phone_reveal_is_recorded_as_an_event(client, tokens, create_ticket):
    phone = new_phone()
    ticket = create_ticket(contact_phone=phone)
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/reveal-contact",
        headers=tokens["operator"],
        json={"reason": "回访需要联系市民"},
    )
    assert response.status_code == 200
    assert response.json()["contact_phone"] == phone
    after = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["operator"])
    event = after.json()["events"][-1]
    assert (event["action"], event["actor"], event["note"]) == (
        "reveal_contact",
        "operator",
        "回访需要联系市民",
    )
    assert phone not in after.text


def test_reveal_needs_a_reason_and_a_human_role(client, tokens, create_ticket):
    ticket = create_ticket(who="assistant", channel="chat")
    url = f"/api/v1/tickets/{ticket['id']}/reveal-contact"
    assert client.post(url, headers=tokens["operator"], json={}).status_code == 422
    assert client.post(url, headers=tokens["assistant"], json={"reason": "想看"}).status_code == 403


def test_citizen_lookup_by_number_and_last_four_digits(
    client, create_ticket, advance, fresh_lookup_counts
):
    phone = new_phone()
    ticket = create_ticket(contact_phone=phone)
    ticket = advance(ticket, "operator", "dispatch")
    url = f"/api/v1/public/tickets/{ticket['number']}"
    ok = client.get(url, params={"phone_last4": phone[-4:]})
    assert ok.status_code == 200
    body = ok.json()
    assert set(body) == {
        "number",
        "status",
        "status_name",
        "reply_limit",
        "department",
        "department_name",
        "deadlines",
        "reply",
        "created_at",
        "expected_by",  # the 办结 deadline, or an estimate before dispatch: no personal data
        "expected_provisional",
    }
    assert body["reply_limit"] == "3个工作日"  # 求助类 办结 limit (api/calendar/time_limits.yaml)
    assert body["department_name"] == "会宁县民政局"
    assert body["deadlines"]["close"]
    wrong_digits = "0000" if phone[-4:] != "0000" else "1111"
    wrong = client.get(url, params={"phone_last4": wrong_digits})
    unknown = client.get(
        "/api/v1/public/tickets/12345-20990101-000001", params={"phone_last4": phone[-4:]}
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert client.get(url).status_code == 422  # the number alone reveals nothing


def test_supervisor_creates_users_others_cannot(client, tokens):
    body = {
        "username": "new-handler",
        "password": "long-enough-1",
        "role": "handler",
        "department": "620422-renshe",
    }
    assert client.post("/api/v1/users", headers=tokens["operator"], json=body).status_code == 403
    created = client.post("/api/v1/users", headers=tokens["supervisor"], json=body)
    assert created.status_code == 201
    again = client.post("/api/v1/users", headers=tokens["supervisor"], json=body)
    assert again.status_code == 409
    login = client.post(
        "/api/v1/auth/token", data={"username": "new-handler", "password": "long-enough-1"}
    )
    assert login.status_code == 200
    bad_dept = {**body, "username": "other", "department": "nowhere"}
    assert (
        client.post("/api/v1/users", headers=tokens["supervisor"], json=bad_dept).status_code == 422
    )
    assert body["password"] != PASSWORD


def test_events_are_append_only_in_the_database(database, create_ticket):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from api.core.database import get_engine

    ticket = create_ticket()
    with pytest.raises(DBAPIError), get_engine().begin() as conn:
        conn.execute(
            text("UPDATE ticket_events SET note = 'x' WHERE ticket_id = :t"), {"t": ticket["id"]}
        )
    with pytest.raises(DBAPIError), get_engine().begin() as conn:
        conn.execute(text("DELETE FROM ticket_events WHERE ticket_id = :t"), {"t": ticket["id"]})
