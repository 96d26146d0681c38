import threading

import pytest

from bot.actions.filing import build_payload, file_order, filing_message, idempotency_key
from bot.actions.outbox import Outbox, RetryWorker
from bot.actions.ticket_api import TicketApi


def _payload() -> dict:
    return build_payload(
        text="想申请低保", category="request_dibao", locality="620422", contact_phone="13800001234"
    )


def test_filed_once_with_the_idempotency_key(ticket_api) -> None:
    key = idempotency_key("c1", "order", 0)
    result = file_order(_payload(), key)
    assert result.number == "12345-20261123-000001"
    assert result.department == "会宁县民政局"
    assert result.deadline == "2026年12月7日17:30"
    assert ticket_api.requests[0]["key"] == key
    message = filing_message(result)
    assert "工单号 12345-20261123-000001" in message and "会宁县民政局" in message


def test_the_same_order_again_is_not_sent_twice(ticket_api) -> None:
    key = idempotency_key("c1", "order", 0)
    first = file_order(_payload(), key)
    second = file_order(_payload(), key)
    assert first.number == second.number
    assert len(ticket_api.requests) == 1
    assert len(ticket_api.tickets) == 1


def test_api_down_queues_then_delivers_exactly_once(ticket_api, tmp_path) -> None:
    ticket_api.down = True
    key = idempotency_key("c2", "order", 0)
    result = file_order(_payload(), key)
    assert result.queued and result.number is None
    assert "不会丢失" in filing_message(result)
    assert ticket_api.tickets == {}

    # a restart of the action server: a new Outbox object on the same file still has it
    outbox = Outbox(tmp_path / "outbox.db")
    assert [e.idempotency_key for e in outbox.pending()] == [key]
    api = TicketApi(base_url=ticket_api.url, username="assistant", password="s3cret")
    assert outbox.deliver_pending(api) == 0  # still down

    ticket_api.down = False
    assert outbox.deliver_pending(api) == 1
    assert outbox.deliver_pending(api) == 0
    assert len(ticket_api.tickets) == 1
    assert outbox.get(key).status == "delivered"
    assert outbox.get(key).ticket["number"] == "12345-20261123-000001"


def test_concurrent_retries_create_one_ticket(ticket_api, tmp_path) -> None:
    ticket_api.down = True
    key = idempotency_key("c3", "order", 0)
    file_order(_payload(), key)
    ticket_api.down = False
    outbox = Outbox(tmp_path / "outbox.db")
    api = TicketApi(base_url=ticket_api.url, username="assistant", password="s3cret")
    threads = [threading.Thread(target=outbox.deliver_pending, args=(api,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ticket_api.tickets) == 1
    assert {r["key"] for r in ticket_api.requests} == {key}


def test_retry_worker_delivers_in_the_background(ticket_api, tmp_path) -> None:
    ticket_api.down = True
    key = idempotency_key("c4", "order", 0)
    file_order(_payload(), key)
    ticket_api.down = False
    outbox = Outbox(tmp_path / "outbox.db")
    api = TicketApi(base_url=ticket_api.url, username="assistant", password="s3cret")
    worker = RetryWorker(outbox, api, interval=0.05)
    worker.start()
    try:
        for _ in range(100):
            if outbox.get(key).status == "delivered":
                break
            threading.Event().wait(0.05)
    finally:
        worker.stop()
    assert outbox.get(key).status == "delivered"
    assert len(ticket_api.tickets) == 1


def test_refused_order_is_kept_not_retried(ticket_api, tmp_path) -> None:
    key = idempotency_key("c5", "order", 0)
    bad = {"channel": "chat", "text": "x"}  # missing locality/category: the API answers 422
    result = file_order(bad, key)
    assert result.rejected and result.number is None
    outbox = Outbox(tmp_path / "outbox.db")
    assert outbox.get(key).status == "rejected"
    assert outbox.pending() == []


def test_wrong_credentials_keep_the_order_pending(ticket_api, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_PASSWORD", "wrong")
    from bot.actions import filing

    filing.reset_services()
    key = idempotency_key("c6", "order", 0)
    result = file_order(_payload(), key)
    assert result.queued
    assert Outbox(tmp_path / "outbox.db").get(key).status == "pending"


def test_long_text_is_cut_to_the_api_limit_and_sent_as_utf8(ticket_api) -> None:
    payload = build_payload(text="很长的对话" * 3000, category="request_dibao", locality="620422")
    assert len(payload["text"]) <= 4000 and payload["text"].endswith("已截断，完整记录见智能助手）")
    result = file_order(payload, idempotency_key("c7", "order", 0))
    assert result.number
    raw = ticket_api.requests[0]["raw"]
    assert (
        "很长的对话".encode() in raw
    )  # UTF-8, not \\u escapes: the API limits sizes in characters


def test_without_a_dated_deadline_the_apis_limit_is_told(ticket_api) -> None:
    ticket_api.dated_deadlines = False
    result = file_order(_payload(), idempotency_key("c8", "order", 0))
    assert result.deadline is None
    assert "派单后3个工作日内办结答复" in filing_message(result)


def test_settings_follow_the_data_directory(tmp_path, monkeypatch) -> None:
    from bot.actions import settings

    monkeypatch.delenv("OUTBOX_DB", raising=False)
    monkeypatch.delenv("ASSISTANT_PASSWORD", raising=False)
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SECRETS_FILE", str(tmp_path / "missing.env"))
    (tmp_path / "secrets.env").write_text("ASSISTANT_USERNAME=assistant\nASSISTANT_PASSWORD=abc\n")
    assert settings.outbox_path() == tmp_path / "outbox.db"
    assert settings.assistant_credentials() == ("assistant", "abc")
    monkeypatch.setenv("ASSISTANT_PASSWORD", "from-env")
    assert settings.assistant_credentials() == ("assistant", "from-env")


def test_action_server_start_sends_orders_queued_before_a_restart(ticket_api, tmp_path) -> None:
    """A queued order and a fresh action server process (OUTBOX_WORKER=on, as `rasa run actions`)."""
    import os
    import subprocess
    import sys
    import time

    ticket_api.down = True
    key = idempotency_key("c9", "order", 0)
    file_order(_payload(), key)
    ticket_api.down = False
    env = {**os.environ, "OUTBOX_WORKER": "on", "OUTBOX_RETRY_SECONDS": "0.2"}
    code = "import bot.actions, time; time.sleep(3)"
    process = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not ticket_api.tickets:
            time.sleep(0.1)
    finally:
        process.wait(timeout=30)
    assert len(ticket_api.tickets) == 1
    assert Outbox(tmp_path / "outbox.db").get(key).status == "delivered"


class _OneOrderFails:
    """The API answers 500 for one order (its key) and creates the others."""

    def __init__(self, api: TicketApi, bad_key: str) -> None:
        self.api, self.bad_key = api, bad_key
        self.calls: list[str] = []

    def create_ticket(self, payload: dict, key: str) -> dict:
        from bot.actions.ticket_api import ApiUnavailable

        self.calls.append(key)
        if key == self.bad_key:
            raise ApiUnavailable("HTTP 500", reachable=True)
        return self.api.create_ticket(payload, key)


def test_an_order_that_keeps_failing_blocks_no_other(ticket_api, tmp_path) -> None:
    outbox = Outbox(tmp_path / "hol.db", backoff_base=60)
    keys = [idempotency_key("hol", "order", n) for n in range(3)]
    for key in keys:
        outbox.add(key, _payload())
    api = _OneOrderFails(
        TicketApi(base_url=ticket_api.url, username="assistant", password="s3cret"), keys[0]
    )
    assert outbox.deliver_pending(api) == 2  # the two after the failing one are delivered
    assert [outbox.get(k).status for k in keys] == ["pending", "delivered", "delivered"]
    # the failing one waits its own back-off: not tried again at once
    assert outbox.deliver_pending(api) == 0 and api.calls.count(keys[0]) == 1


def test_a_key_reused_with_another_order_never_hands_out_the_first(ticket_api, tmp_path) -> None:
    from bot.actions.outbox import KeyReused

    outbox = Outbox(tmp_path / "reuse.db")
    key = idempotency_key("reuse", "order", 0)
    outbox.add(key, _payload())
    outbox.add(key, _payload())  # the same order again: nothing happens
    with pytest.raises(KeyReused):
        outbox.add(key, {**_payload(), "text": "另一件事：老人摔倒了"})
    # through file_order the second order gets its own key and its own ticket
    first = file_order(_payload(), key)
    second = file_order({**_payload(), "text": "另一件事：老人摔倒了"}, key)
    assert first.number and second.number and first.number != second.number


def test_a_delivered_orders_personal_data_is_not_kept(ticket_api, tmp_path) -> None:
    key = idempotency_key("kept", "order", 0)
    file_order(_payload(), key)
    entry = Outbox(tmp_path / "outbox.db").get(key)
    assert entry.status == "delivered" and entry.payload == {}
    assert entry.ticket["number"]


def test_a_refused_order_is_filed_once_more_in_a_plain_form(ticket_api, tmp_path) -> None:
    key = idempotency_key("plain", "order", 0)
    too_big = {**_payload(), "household": {"members": "not a list"}}
    ticket_api.refuse_households = True
    result = file_order(too_big, key)
    assert result.number and result.degraded
    assert "工作人员会打电话跟您核实" in filing_message(result)
    plain = ticket_api.requests[-1]["body"]
    assert "household" not in plain and plain["text"].startswith("【系统降级登记】")
