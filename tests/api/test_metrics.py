"""Supervisor figures from stored deadlines and callbacks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")
DAY = "2026-06-15"  # a Monday no other test uses


def _at(hour: int, day: int = 15) -> dt.datetime:
    return dt.datetime(2026, 6, day, hour, 0, tzinfo=SH)


def test_summary_rates_medians_and_breakdown(frozen_time, client, tokens, create_ticket, advance):
    # Ticket A: accepted after 1 h, replied after 3 h, satisfied and resolved.
    frozen_time(_at(9))
    a = advance(create_ticket(locality="620422"), "operator", "dispatch")
    frozen_time(_at(10))
    a = advance(a, "minzheng", "accept")
    frozen_time(_at(12))
    a = advance(a, "minzheng", "reply", note="已答复")
    a = advance(a, "operator", "callback", satisfaction="satisfied", resolved=True)
    # Ticket B: accepted after 2 h, replied after 5 h, unsatisfied and unresolved.
    frozen_time(_at(9))
    b = advance(create_ticket(category="request_medical"), "operator", "dispatch")
    frozen_time(_at(11))
    b = advance(b, "yibao", "accept")
    frozen_time(_at(14))
    b = advance(b, "yibao", "reply", note="已答复")
    b = advance(b, "operator", "callback", satisfaction="unsatisfied", resolved=False)
    # Ticket C: dispatched, never accepted, now overdue.
    frozen_time(_at(9))
    advance(create_ticket(category="request_housing"), "operator", "dispatch")
    frozen_time(_at(9, day=18))

    summary = client.get(
        f"/api/v1/metrics/summary?from={DAY}&to={DAY}", headers=tokens["supervisor"]
    )
    assert summary.status_code == 200, summary.text
    s = summary.json()
    assert s["total"] == 3
    assert s["by_status"] == {"callback_done": 2, "dispatched": 1}
    assert s["median_accept_minutes"] == 90.0  # 60 and 120
    assert s["median_close_minutes"] == 240.0  # 180 and 300
    assert s["on_time_accept_rate"] == round(2 / 3, 4)  # C is open and late
    assert s["on_time_close_rate"] == 1.0  # C's 办结 clock (3 working days) still runs
    assert s["satisfaction_rate"] == 0.5
    assert s["resolution_rate"] == 0.5
    assert s["overdue"] == 1

    breakdown = client.get(
        f"/api/v1/metrics/breakdown?from={DAY}&to={DAY}", headers=tokens["supervisor"]
    ).json()
    assert breakdown["by_category"] == {
        "request_dibao": 1,
        "request_medical": 1,
        "request_housing": 1,
    }
    assert breakdown["by_department"]["620422-yibao"] == 1

    trend = client.get(
        f"/api/v1/metrics/trend?from={DAY}&to=2026-06-16", headers=tokens["supervisor"]
    ).json()
    assert trend[0] == {"date": DAY, "created": 3, "replied": 2, "closed": 0}
    assert trend[1]["created"] == 0

    # A handler sees only its own department's figures.
    mine = client.get(
        f"/api/v1/metrics/summary?from={DAY}&to={DAY}&department=620422-yibao",
        headers=tokens["minzheng"],
    ).json()
    assert mine["total"] == 1 and mine["by_status"] == {"callback_done": 1}


def test_metrics_refuse_bad_ranges_and_the_assistant(client, tokens):
    bad = client.get(
        "/api/v1/metrics/summary?from=2026-02-01&to=2026-01-01", headers=tokens["supervisor"]
    )
    assert bad.status_code == 422
    assert client.get("/api/v1/metrics/summary", headers=tokens["assistant"]).status_code == 403


def test_metric_endpoints_equal_the_reference_service(client, tokens, create_ticket, advance):
    """The endpoints answer from the dashboard's per-day cache; the plain service is the reference."""
    from datetime import date, timedelta

    from api.core.database import read_session
    from tests.api import metrics_reference as service

    ticket = advance(advance(create_ticket(), "operator", "dispatch"), "minzheng", "accept")
    advance(ticket, "minzheng", "reply", note="已答复")
    today = date.today()
    start, end = today - timedelta(days=30), today + timedelta(days=1)
    params = {"from": start.isoformat(), "to": end.isoformat()}
    headers = tokens["supervisor"]
    summary = client.get("/api/v1/metrics/summary", params=params, headers=headers).json()
    breakdown = client.get("/api/v1/metrics/breakdown", params=params, headers=headers).json()
    trend = client.get("/api/v1/metrics/trend", params=params, headers=headers).json()
    with read_session() as session:
        assert summary == service.summary(session, start, end, None)
        assert breakdown == service.breakdown(session, start, end, None)
        assert trend == service.trend(session, start, end, None)
    assert summary["total"] >= 1


def test_overdue_lists_equal_the_reference(frozen_time, client, tokens, create_ticket, advance):
    """/metrics/overdue answers from the dashboard code with the reference's items and order."""
    from api.core.database import read_session
    from tests.api import metrics_reference as reference

    frozen_time(_at(9, day=22))
    late = advance(create_ticket(), "operator", "dispatch")
    frozen_time(_at(9, day=29))  # a week on: the first one's 签收 is late
    soon = advance(create_ticket(category="request_medical"), "operator", "dispatch")
    frozen_time(_at(10, day=29))
    answer = client.get("/api/v1/metrics/overdue?within_hours=48", headers=tokens["supervisor"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    with read_session() as session:
        expected = reference.overdue_lists(session, 48, None)
    for key in ("overdue", "due_soon"):
        assert body[key] == expected[key], key
        assert body[f"{key}_count"] == len(expected[key])
    assert late["id"] in [i["ticket_id"] for i in body["overdue"]]
    assert soon["id"] in [i["ticket_id"] for i in body["due_soon"]]
    mine = client.get("/api/v1/metrics/overdue?department=620422-yibao", headers=tokens["yibao"])
    assert {i["department"] for i in mine.json()["due_soon"]} <= {"620422-yibao"}
