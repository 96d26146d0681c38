"""NUL bytes (which PostgreSQL text cannot hold) are refused cleanly everywhere."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tickets?status=%00",
        "/api/v1/tickets?number=1%002",
        "/api/v1/tickets?department=%00",
        "/api/v1/tickets?first_responder=a%00",
        "/api/v1/metrics/summary?department=%00",
    ],
)
def test_nul_in_query_is_422(client, tokens, url):
    assert client.get(url, headers=tokens["supervisor"]).status_code == 422


def test_nul_in_public_lookup_and_login(client):
    lookup = client.get("/api/v1/public/tickets/1%002?phone_last4=1234")
    assert lookup.status_code in (404, 422)
    login = client.post("/api/v1/auth/token", data={"username": "a\x00b", "password": "x"})
    assert login.status_code in (401, 422)
