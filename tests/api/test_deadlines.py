"""Working-day clocks of tickets: holidays, 调休, 2027, extension pauses, sweeps, breaches."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import chinese_calendar

SH = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


def parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def nth_working_day_end(start: dt.date, n: int) -> dt.datetime:
    """24:00 of the n-th working day after `start` (start day excluded), by chinesecalendar."""
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        counted += chinese_calendar.is_workday(day)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=SH)


def _deadline(ticket: dict, step: str) -> dict:
    return [d for d in ticket["deadline_details"] if d["step"] == step][-1]


def test_close_deadline_across_national_day_and_a_tiaoxiu_saturday(
    frozen_time, create_ticket, advance
):
    frozen_time(at(2026, 9, 30, 10, 0))
    ticket = advance(create_ticket(), "operator", "dispatch")
    close = parse(ticket["deadlines"]["close"])
    expected = nth_working_day_end(dt.date(2026, 9, 30), 3)
    # Oct 1-7 off; Oct 8 (Thu), Oct 9 (Fri) and the 调休 Saturday Oct 10 are working days.
    assert expected == at(2026, 10, 11, 0, 0)
    assert close == expected
    assert parse(ticket["deadlines"]["accept"]) == at(2026, 10, 9, 0, 0)
    assert _deadline(ticket, "close")["provisional"] is False
    assert "工作日" in _deadline(ticket, "close")["rule"]


def test_deadline_for_a_ticket_filed_late_december_2026(frozen_time, create_ticket, advance):
    frozen_time(at(2026, 12, 30, 10, 0))
    ticket = create_ticket(category="request_temporary", text="家中失火，急需临时救助。")
    assert ticket["number"].startswith("12345-20261230-")
    ticket = advance(ticket, "operator", "dispatch")
    close = parse(ticket["deadlines"]["close"]).astimezone(SH)
    # Dec 31 (1), Jan 1 元旦 off, Jan 2-3 weekend, Jan 4 (2), Jan 5 (3) -> 24:00 of Jan 5.
    assert close == at(2027, 1, 6, 0, 0)
    assert _deadline(ticket, "close")["provisional"] is True
    assert ticket["provisional_deadlines"] is True
    decision = parse(ticket["deadlines"]["temporary_decision"]).astimezone(SH)
    assert decision.year == 2027 and decision.date() > dt.date(2027, 1, 15)


def test_urgent_ticket_must_be_accepted_within_two_hours(frozen_time, create_ticket, advance):
    frozen_time(at(2026, 11, 21, 22, 0))  # a Saturday night: the hour limit ignores the calendar
    ticket = advance(
        create_ticket(urgency="urgent", category="request_temporary"), "operator", "dispatch"
    )
    assert parse(ticket["deadlines"]["accept"]) == at(2026, 11, 22, 0, 0)


def test_extension_pauses_the_clock_then_extends_it(
    frozen_time, client, tokens, create_ticket, advance, act
):
    frozen_time(at(2026, 11, 23, 10, 0))  # Monday
    ticket = advance(advance(create_ticket(), "operator", "dispatch"), "minzheng", "accept")
    original = parse(ticket["deadlines"]["close"])
    assert original == at(2026, 11, 27, 0, 0)

    frozen_time(at(2026, 11, 24, 10, 0))
    ticket = advance(ticket, "minzheng", "request_extension", note="需入户调查核实收入")
    assert _deadline(ticket, "close")["paused"] is True

    # Past the original deadline, but the clock is paused: not overdue, no breach.
    frozen_time(at(2026, 11, 27, 10, 0))
    now_ticket = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["supervisor"]).json()
    assert now_ticket["overdue"] is False
    sweep = client.post("/api/v1/admin/sweep", headers=tokens["supervisor"]).json()
    after = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["supervisor"]).json()
    assert not _deadline(after, "close")["breached"]

    # Refused after three working days of pause (Tue 10:00 -> Fri 10:00): the deadline moves
    # by those three working days: Fri, Mon, Tue -> 24:00 of Tue Dec 1.
    ticket = advance(after, "supervisor", "reject_extension", note="材料齐全，无需延期")
    assert parse(ticket["deadlines"]["close"]) == at(2026, 12, 2, 0, 0)
    assert _deadline(ticket, "close")["paused"] is False
    assert sweep["breached"] >= 0


def test_approved_extension_adds_at_most_ten_working_days_once(
    frozen_time, create_ticket, advance, act
):
    frozen_time(at(2026, 11, 23, 10, 0))
    ticket = advance(advance(create_ticket(), "operator", "dispatch"), "minzheng", "accept")
    ticket = advance(ticket, "minzheng", "request_extension", note="需入户调查")
    ticket = advance(ticket, "supervisor", "approve_extension")  # approved the same moment
    extended = parse(ticket["deadlines"]["close"])
    base = dt.date(2026, 11, 26)  # the original deadline's last day
    assert extended == nth_working_day_end(base, 10)
    assert "延期" in _deadline(ticket, "close")["rule"]
    again = act(ticket, "minzheng", "request_extension", note="还要再延期")
    assert again.status_code == 409


def test_approved_extension_grants_the_working_days_asked_for(
    frozen_time, create_ticket, advance, act
):
    frozen_time(at(2026, 11, 23, 10, 0))
    ticket = advance(advance(create_ticket(), "operator", "dispatch"), "minzheng", "accept")
    too_long = act(ticket, "minzheng", "request_extension", note="需入户调查", extension_days=11)
    assert too_long.status_code == 422
    assert "10个工作日" in too_long.json()["detail"]
    ticket = advance(ticket, "minzheng", "request_extension", note="需入户调查", extension_days=3)
    ticket = advance(ticket, "supervisor", "approve_extension")
    extended = parse(ticket["deadlines"]["close"])
    assert extended == nth_working_day_end(dt.date(2026, 11, 26), 3)
    assert "延期3个工作日" in _deadline(ticket, "close")["rule"]


def test_extension_must_be_asked_before_the_deadline(frozen_time, create_ticket, advance, act):
    frozen_time(at(2026, 11, 23, 10, 0))
    ticket = advance(advance(create_ticket(), "operator", "dispatch"), "minzheng", "accept")
    frozen_time(at(2026, 11, 27, 9, 0))  # the deadline was 24:00 of Nov 26
    response = act(ticket, "minzheng", "request_extension", note="来不及了")
    assert response.status_code == 422
    assert "届满前" in response.json()["detail"]


def test_return_window_is_one_working_day(frozen_time, create_ticket, advance, act):
    frozen_time(at(2026, 11, 23, 10, 0))
    ticket = advance(create_ticket(), "operator", "dispatch")
    frozen_time(at(2026, 11, 25, 9, 0))
    response = act(ticket, "minzheng", "return", note="不属于本部门")
    assert response.status_code == 422
    assert "退单" in response.json()["detail"]


def test_sweep_warns_then_records_breach_and_metrics_see_it(
    frozen_time, client, tokens, create_ticket, advance
):
    frozen_time(at(2026, 11, 23, 10, 0))
    ticket = advance(create_ticket(who="operator2"), "operator", "dispatch")
    accept_due = parse(ticket["deadlines"]["accept"])

    frozen_time(accept_due - dt.timedelta(minutes=30))
    assert client.post("/api/v1/admin/sweep", headers=tokens["supervisor"]).json()["warned"] >= 1
    soon = client.get("/api/v1/metrics/overdue?within_hours=2", headers=tokens["supervisor"])
    assert ticket["id"] in [i["ticket_id"] for i in soon.json()["due_soon"]]

    frozen_time(accept_due + dt.timedelta(hours=1))
    assert client.post("/api/v1/admin/sweep", headers=tokens["supervisor"]).json()["breached"] >= 1
    # A second sweep does not repeat the breach.
    client.post("/api/v1/admin/sweep", headers=tokens["supervisor"])
    after = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["supervisor"]).json()
    actions = [e["action"] for e in after["events"]]
    assert actions.count("deadline_warning") == 1 and actions.count("deadline_breach") == 1
    assert after["overdue"] is True
    notes = client.get("/api/v1/notifications", headers=tokens["operator2"]).json()
    kinds = {n["kind"] for n in notes if n["ticket_id"] == ticket["id"]}
    assert {"deadline_warning", "breach"} <= kinds

    overdue = client.get("/api/v1/tickets?overdue=true&limit=200", headers=tokens["supervisor"])
    assert ticket["id"] in [t["id"] for t in overdue.json()["items"]]
    lists = client.get("/api/v1/metrics/overdue", headers=tokens["supervisor"]).json()
    item = next(i for i in lists["overdue"] if i["ticket_id"] == ticket["id"])
    assert item["first_responder"] == {"user": "operator2", "department": "620422-hotline"}

    # Accepting late stores the breach with its minutes.
    after = advance(after, "minzheng", "accept")
    accept = _deadline(after, "accept")
    assert accept["state"] == "breached" and accept["minutes_late"] == 60


def test_background_sweep_loop_runs(monkeypatch):
    """The loop keeps sweeping, round after round (a failing round does not stop it)."""
    import asyncio

    from api import main

    calls = []

    async def run_until_three_rounds():
        loop = asyncio.get_running_loop()
        three = asyncio.Event()

        def fake_sweep():
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("one failing round")
            if len(calls) == 3:
                loop.call_soon_threadsafe(three.set)
            return type("R", (), {"warned": 0, "breached": 0})()

        monkeypatch.setattr(main, "sweep_once", fake_sweep)
        task = asyncio.create_task(main._sweep_loop(0))
        try:
            await asyncio.wait_for(three.wait(), timeout=120)  # a hang guard, not a timing
        finally:
            task.cancel()

    asyncio.run(run_until_three_rounds())
    assert len(calls) >= 3
