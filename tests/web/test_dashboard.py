"""The dashboard's SQL figures agree with the plain reference definitions on the same data."""

from __future__ import annotations

from datetime import timedelta

import httpx

from api.core.timeutil import SHANGHAI, utcnow
from tests.web.servers import PASSWORD, transition


def _token(web, username: str) -> str:
    response = httpx.post(
        f"{web.url}/api/v1/auth/token", data={"username": username, "password": PASSWORD}
    )
    return response.json()["access_token"]


def test_dashboard_figures_match_the_metrics_endpoint(web) -> None:
    api = httpx.Client(
        base_url=web.url, headers={"Authorization": f"Bearer {_token(web, 'operator')}"}
    )
    handler = httpx.Client(
        base_url=web.url, headers={"Authorization": f"Bearer {_token(web, 'minzheng')}"}
    )
    # A few orders through the closed loop, so rates, times and 满意率 are not empty.
    for i in range(4):
        created = api.post(
            "/api/v1/tickets",
            json={
                "channel": "phone",
                "text": f"测试第{i}件：想申请低保",
                "locality": "620422",
                "category": "request_dibao",
                "contact_phone": f"1370000{i:04d}",
            },
        ).json()
        tid = created["id"]
        assert transition(api, tid, "dispatch").is_success
        if i == 3:
            continue
        assert transition(handler, tid, "accept").is_success
        assert transition(handler, tid, "reply", note="已办理").is_success
        assert transition(
            api,
            tid,
            "callback",
            satisfaction=["satisfied", "basically", "unsatisfied"][i],
            resolved=i != 2,
        ).is_success

    today = utcnow().astimezone(SHANGHAI).date()
    start = today - timedelta(days=29)
    params = {"from": start.isoformat(), "to": today.isoformat()}
    expected = api.get("/api/v1/metrics/summary", params=params).json()
    breakdown = api.get("/api/v1/metrics/breakdown", params=params).json()
    trend = api.get("/api/v1/metrics/trend", params=params).json()

    import os

    from api.core.config import get_settings
    from api.core.database import read_session, reset_engine_cache
    from tests.api import metrics_reference as service  # plain reference, on the server's database

    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = web.env["DATABASE_URL"]
    get_settings.cache_clear()
    reset_engine_cache()
    try:
        with read_session() as session:
            figures = service.summary(session, start, today, None)
            assert service.breakdown(session, start, today, None) == breakdown
            assert service.trend(session, start, today, None) == trend
    finally:
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved
        get_settings.cache_clear()
        reset_engine_cache()
    for key, value in figures.items():
        assert value == expected[key], key
    assert figures["callbacks"] >= 3
    assert figures["satisfaction_rate"] is not None and figures["satisfaction_rate"] < 1
    assert figures["median_accept_minutes"] is not None
