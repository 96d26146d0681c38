"""Health, docs, departments and routing, estimate, setup commands."""

from __future__ import annotations

import json

from api.cli import ensure_secrets
from tests.api.conftest import REPO_ROOT


def test_health_and_docs(client):
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/v1/tickets",
        "/api/v1/tickets/{ticket_id}/transitions",
        "/api/v1/public/tickets/{number}",
        "/api/v1/metrics/summary",
        "/api/v1/estimate",
        "/api/v1/departments",
        "/api/v1/auth/token",
    ):
        assert path in schema["paths"]
    assert client.get("/docs").status_code == 200


def test_departments_by_locality(client, tokens):
    deps = client.get("/api/v1/departments?locality=341824", headers=tokens["operator"]).json()
    names = {d["name"] for d in deps}
    assert {"绩溪县民政局", "绩溪县医疗保障局", "绩溪县残疾人联合会", "绩溪县总工会"} <= names
    assert all(d["locality"] == "341824" for d in deps)
    bad = client.get("/api/v1/departments?locality=abc", headers=tokens["operator"])
    assert bad.status_code == 422


def test_routing_admin(client, tokens):
    route = client.get(
        "/api/v1/routing/resolve?locality=341824&category=request_education",
        headers=tokens["operator"],
    ).json()
    assert route["department_code"] == "341824-jiaoyu"
    body = {
        "locality": "341824",
        "category": "request_education",
        "department_code": "341824-window",
    }
    assert client.put("/api/v1/routing", headers=tokens["operator"], json=body).status_code == 403
    assert client.put("/api/v1/routing", headers=tokens["supervisor"], json=body).status_code == 200
    route = client.get(
        "/api/v1/routing/resolve?locality=341824&category=request_education",
        headers=tokens["operator"],
    ).json()
    assert route["department_code"] == "341824-window"
    unknown = {**body, "department_code": "341824-nothing"}
    assert (
        client.put("/api/v1/routing", headers=tokens["supervisor"], json=unknown).status_code == 422
    )
    body["department_code"] = "341824-jiaoyu"
    client.put("/api/v1/routing", headers=tokens["supervisor"], json=body)


def test_on_duty_officer_is_configurable(client, tokens):
    url = "/api/v1/departments/341824-minzheng/on-duty"
    changed = client.put(url, headers=tokens["supervisor"], json={"on_duty_username": "window"})
    assert changed.json()["on_duty_username"] == "window"
    missing = client.put(
        "/api/v1/departments/nope/on-duty",
        headers=tokens["supervisor"],
        json={"on_duty_username": "x"},
    )
    assert missing.status_code == 404


def test_estimate_endpoint_uses_policies(client):
    household = json.loads((REPO_ROOT / "contracts/examples/household-full.json").read_text())
    response = client.post("/api/v1/estimate", json=household)
    assert response.status_code == 200, response.text
    ids = [p["id"] for p in response.json()["programs"]]
    assert "dibao" in ids and "medical" in ids
    invalid = client.post("/api/v1/estimate", json={"members": []})
    assert invalid.status_code == 422
    assert isinstance(invalid.json()["detail"], str) and invalid.json()["detail"]


def test_ensure_secrets_creates_once_and_keeps_existing(tmp_path):
    path = tmp_path / "secrets.env"
    path.write_text("OTHER=1\nJWT_SECRET=keep-me\n")
    first = ensure_secrets(path)
    second = ensure_secrets(path)
    assert first == second
    assert first["JWT_SECRET"] == "keep-me"
    assert first["ASSISTANT_USERNAME"] == "assistant" and len(first["ASSISTANT_PASSWORD"]) >= 24
    text = path.read_text()
    assert text.count("ASSISTANT_PASSWORD=") == 1 and "OTHER=1" in text
    assert oct(path.stat().st_mode & 0o777) == "0o600"
