"""Every transition of the table, allowed and refused, by state and by role."""

from __future__ import annotations

import pytest

from api.tickets.lifecycle import TRANSITIONS, Action, Status
from tests.api.conftest import new_key
from tests.api.helpers import ACTION_CALLS, PATHS, make_ticket_in

CASES = [(action, status) for action in Action for status in Status]


def test_every_action_has_a_call_and_every_status_a_path():
    assert set(ACTION_CALLS) == {a.value for a in Action}
    assert set(PATHS) == {s.value for s in Status}


@pytest.mark.parametrize(
    ("action", "status"), CASES, ids=[f"{a.value}-{s.value}" for a, s in CASES]
)
def test_transition_allowed_only_from_its_states(client, tokens, action, status):
    rule = TRANSITIONS[action]
    ticket = make_ticket_in(
        client, tokens, status.value, unsatisfied=action == Action.reopen, key=new_key()
    )
    who, fields = ACTION_CALLS[action.value]
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/transitions",
        headers=tokens[who],
        json={"action": action.value, "version": ticket["version"], **fields},
    )
    after = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["supervisor"]).json()
    if status in rule.sources:
        assert response.status_code == 200, response.text
        body = response.json()
        expected = rule.target.value if rule.target else status.value
        assert body["status"] == expected
        assert body["version"] == ticket["version"] + 1
        last = body["events"][-1]
        assert (last["action"], last["from_status"], last["to_status"], last["actor"]) == (
            action.value,
            status.value,
            expected,
            who,
        )
    else:
        # Handlers lose sight of a ticket returned to the hotline: 403 there, 409 elsewhere.
        allowed = (403, 409) if who == "minzheng" and status == Status.returned else (409,)
        assert response.status_code in allowed, response.text
        assert isinstance(response.json()["detail"], str)
        # Nothing half-written: same status, version and history.
        assert after["status"] == status.value
        assert after["version"] == ticket["version"]
        assert len(after["events"]) == len(ticket["events"])


# A role that may not perform the action, and a state in which the action is otherwise allowed.
WRONG_ROLE = {
    "dispatch": ("minzheng", "registered"),
    "accept": ("operator", "dispatched"),
    "return": ("operator", "dispatched"),
    "transfer": ("assistant", "dispatched"),
    "dispute": ("supervisor", "dispatched"),
    "resolve_dispute": ("operator", "disputed"),
    "request_extension": ("operator", "in_progress"),
    "approve_extension": ("minzheng", "extension_requested"),
    "reject_extension": ("operator", "extension_requested"),
    "reply": ("operator", "in_progress"),
    "answer": ("minzheng", "registered"),
    "callback": ("minzheng", "replied"),
    "close": ("minzheng", "callback_done"),
    "reopen": ("minzheng", "callback_done"),
    "escalate": ("operator", "in_progress"),
    "add_assisting": ("yibao", "in_progress"),  # the lead department may; another may not
    "comment": ("assistant", "in_progress"),
}


@pytest.mark.parametrize("action", sorted(WRONG_ROLE))
def test_wrong_role_is_refused_with_403(client, tokens, action):
    who, status = WRONG_ROLE[action]
    ticket = make_ticket_in(client, tokens, status, unsatisfied=action == "reopen", key=new_key())
    _, fields = ACTION_CALLS[action]
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/transitions",
        headers=tokens[who],
        json={"action": action, "version": ticket["version"], **fields},
    )
    assert response.status_code == 403, response.text
    after = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["supervisor"]).json()
    assert after["version"] == ticket["version"]


def test_full_closed_loop(create_ticket, advance):
    ticket = create_ticket()
    assert ticket["status"] == "registered"
    ticket = advance(ticket, "operator", "dispatch", department="620422-minzheng")
    assert ticket["department"] == "620422-minzheng"
    assert ticket["deadlines"]["accept"] and ticket["deadlines"]["close"]
    ticket = advance(ticket, "minzheng", "accept")
    assert ticket["handler"] == "minzheng"
    ticket = advance(ticket, "minzheng", "reply", note="已受理低保申请，请携带户口本到乡镇窗口。")
    assert ticket["reply"].startswith("已受理低保申请")
    ticket = advance(ticket, "operator", "callback", satisfaction="basically", resolved=True)
    ticket = advance(ticket, "operator", "close")
    assert ticket["status"] == "closed"
    actions = [e["action"] for e in ticket["events"]]
    assert actions == ["create", "dispatch", "accept", "reply", "callback", "close"]


def test_reopen_after_unsatisfied_callback_and_close_refused(create_ticket, advance, act):
    ticket = create_ticket()
    for action, who, fields in [
        ("dispatch", "operator", {}),
        ("accept", "minzheng", {}),
        ("reply", "minzheng", {"note": "已答复"}),
        ("callback", "operator", {"satisfaction": "unsatisfied", "resolved": False}),
    ]:
        ticket = advance(ticket, who, action, **fields)
    refused = act(ticket, "operator", "close")
    assert refused.status_code == 409
    ticket = advance(ticket, "operator", "reopen", note="市民不满意")
    assert ticket["status"] == "dispatched"
    assert ticket["reopen_count"] == 1
    assert ticket["reply"] is None
    # After the reopen, a new reply is needed before the callback and the archive.
    assert (
        act(ticket, "operator", "callback", satisfaction="satisfied", resolved=True).status_code
        == 409
    )


def test_satisfied_ticket_cannot_be_reopened(create_ticket, advance, act):
    ticket = create_ticket()
    for action, who, fields in PATHS["callback_done"]:
        ticket = advance(ticket, who, action, **fields)
    response = act(ticket, "operator", "reopen", note="想重办")
    assert response.status_code == 409


def test_supervisor_may_archive_unsatisfied_with_reason(create_ticket, advance, act):
    ticket = create_ticket()
    for action, who, fields in PATHS["callback_done"][:-1]:
        ticket = advance(ticket, who, action, **fields)
    ticket = advance(ticket, "operator", "callback", satisfaction="unsatisfied", resolved=True)
    assert act(ticket, "supervisor", "close").status_code == 422  # no reason given
    ticket = advance(ticket, "supervisor", "close", note="诉求超出政策范围，已充分解释")
    assert ticket["status"] == "closed"


def test_callback_needs_satisfaction_and_resolution(create_ticket, advance, act):
    ticket = create_ticket()
    for action, who, fields in PATHS["replied"]:
        ticket = advance(ticket, who, action, **fields)
    response = act(ticket, "operator", "callback", satisfaction="satisfied")
    assert response.status_code == 422
    assert "resolved" in response.json()["detail"]


def test_notes_are_required_where_the_rules_ask(create_ticket, advance, act):
    ticket = advance(create_ticket(), "operator", "dispatch")
    response = act(ticket, "minzheng", "return")
    assert response.status_code == 422
    assert "说明" in response.json()["detail"]


def test_dispatch_to_unknown_department_is_422(create_ticket, act):
    ticket = create_ticket()
    response = act(ticket, "operator", "dispatch", department="no-such-dept")
    assert response.status_code == 422
    assert "未知的部门编码" in response.json()["detail"]


def test_unknown_action_is_422(create_ticket, act):
    response = act(create_ticket(), "operator", "teleport")
    assert response.status_code == 422


def test_dispute_decided_by_supervisor_moves_department(create_ticket, advance):
    ticket = advance(create_ticket(), "operator", "dispatch")
    ticket = advance(ticket, "minzheng", "dispute", note="应由医保局承办")
    assert ticket["status"] == "disputed"
    ticket = advance(ticket, "supervisor", "resolve_dispute", department="620422-yibao")
    assert ticket["status"] == "dispatched"
    assert ticket["department"] == "620422-yibao"
    assert ticket["transfers"][-1]["kind"] == "reassign"


def test_lead_and_assisting_departments(create_ticket, advance, client, tokens):
    ticket = create_ticket()
    ticket = advance(ticket, "operator", "dispatch", departments=["620422-renshe", "620422-yibao"])
    assert ticket["department"] == "620422-minzheng"
    assert ticket["assisting_departments"] == ["620422-renshe", "620422-yibao"]
    # An assisting department's handler sees the ticket and may add a note, not act as lead.
    seen = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["yibao"])
    assert seen.status_code == 200
    advance(ticket, "yibao", "comment", note="医保报销政策已提供")
    current = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["yibao"]).json()
    refused = client.post(
        f"/api/v1/tickets/{ticket['id']}/transitions",
        headers=tokens["yibao"],
        json={"action": "accept", "version": current["version"]},
    )
    assert refused.status_code == 403


def test_escalation_marks_ticket_and_tells_first_responder(create_ticket, advance, client, tokens):
    ticket = advance(create_ticket(who="operator2"), "operator", "dispatch")
    ticket = advance(ticket, "supervisor", "escalate", note="群众反映强烈，请加快办理")
    assert ticket["escalated"] is True
    notes = client.get("/api/v1/notifications", headers=tokens["operator2"]).json()
    assert any(n["ticket_id"] == ticket["id"] and n["kind"] == "escalate" for n in notes)
