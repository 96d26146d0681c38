"""Issue #12, items 7, 9 and 10 of the probe: bodies judged before they are read (401/413 at
once, streamed bodies cut off), tokens without `exp` refused, security headers on every answer,
login CSRF and the Secure cookie option, `version` required, SQLite's WAL kept small, uploaded
imports private and not kept."""

from __future__ import annotations

import asyncio
import os
import re
import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from api.core.config import get_settings
from api.core.database import get_engine, make_engine, read_session
from tests.api.conftest import PASSWORD, new_key, ticket_body

SIXTY_MB = 60 * 1024 * 1024


def _asgi(app, method: str, path: str, headers: dict[str, str], chunks: list[bytes]):
    """Call the ASGI app directly; returns (status, headers, body, chunks read by the app)."""
    read = 0
    messages: list[dict] = []

    async def receive() -> dict:
        nonlocal read
        if read < len(chunks):
            read += 1
            return {
                "type": "http.request",
                "body": chunks[read - 1],
                "more_body": read < len(chunks),
            }
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    head = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], head, body.decode("utf-8", "replace"), read


@pytest.fixture
def app(client):
    from api.main import app

    return app


# ---------------------------------------------------------------- bodies


def test_a_huge_json_without_a_token_is_401_unread(app):
    status, _, body, read = _asgi(
        app,
        "POST",
        "/api/v1/tickets",
        {"content-type": "application/json", "content-length": str(SIXTY_MB)},
        [b"{" * 1024] * 4,
    )
    assert status == 401 and "需要登录" in body
    assert read == 0


def test_a_huge_upload_without_a_session_is_refused_unread(app):
    status, head, _, read = _asgi(
        app,
        "POST",
        "/operator/import",
        {"content-type": "multipart/form-data; boundary=x", "content-length": str(SIXTY_MB)},
        [b"x" * 1024] * 4,
    )
    assert status == 303 and head["location"] == "/login"
    assert read == 0


def test_a_declared_length_over_the_limit_is_413_unread(app, tokens):
    status, _, body, read = _asgi(
        app,
        "POST",
        "/api/v1/tickets",
        {
            **{k.lower(): v for k, v in tokens["operator"].items()},
            "content-type": "application/json",
            "content-length": str(SIXTY_MB),
        },
        [b"{" * 1024] * 4,
    )
    assert status == 413 and "请求内容过大" in body
    assert read == 0


def test_a_streamed_body_is_cut_off_at_the_limit(app, tokens):
    limit = get_settings().max_body_bytes
    chunk = b" " * 65536
    chunks = [chunk] * (SIXTY_MB // len(chunk))
    status, _, body, read = _asgi(
        app,
        "POST",
        "/api/v1/tickets",
        {
            **{k.lower(): v for k, v in tokens["operator"].items()},
            "content-type": "application/json",
        },
        chunks,
    )
    assert status == 413 and "请求内容过大" in body
    assert read <= limit // len(chunk) + 1  # stopped at the limit, not at 60 MB


def test_an_upload_under_its_own_limit_is_read(client):
    """The import's upload has the larger limit: a 1 MB file is not refused as too large."""
    assert get_settings().max_upload_bytes > 1024 * 1024 > get_settings().max_body_bytes


def test_a_forged_or_expired_token_is_401_before_the_body(app):
    expired = jwt.encode(
        {"sub": "operator", "role": "operator", "exp": int(time.time()) - 60},
        get_settings().jwt_secret,
        algorithm="HS256",
    )
    for token in ("x.y.z", expired):
        status, _, body, read = _asgi(
            app,
            "POST",
            "/api/v1/tickets",
            {"authorization": f"Bearer {token}", "content-length": str(SIXTY_MB)},
            [b"{"],
        )
        assert status == 401 and "无效或已过期" in body and read == 0


# ---------------------------------------------------------------- tokens


def test_a_token_without_exp_is_refused(client):
    forever = jwt.encode(
        {"sub": "supervisor", "role": "supervisor"}, get_settings().jwt_secret, algorithm="HS256"
    )
    response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {forever}"})
    assert response.status_code == 401
    with_exp = jwt.encode(
        {
            "sub": "supervisor",
            "role": "supervisor",
            "exp": datetime.now(UTC) + timedelta(minutes=5),
        },
        get_settings().jwt_secret,
        algorithm="HS256",
    )
    ok = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {with_exp}"})
    assert ok.status_code == 200


# ---------------------------------------------------------------- headers


@pytest.mark.parametrize(
    "path", ["/api/v1/health", "/chat", "/login", "/static/web.css", "/no-such-page"]
)
def test_security_headers_on_every_answer(client, path):
    response = client.get(path)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy
    assert "object-src 'none'" in policy


def test_the_pages_policy_lets_the_chat_reach_rasa_only(client):
    policy = client.get("/chat").headers["content-security-policy"]
    rasa = get_settings().browser_rasa_url
    host = re.sub(r"^https?://", "", rasa)
    connect = next(p for p in policy.split("; ") if p.startswith("connect-src"))
    assert connect.split()[1:] == ["'self'", f"http://{host}", f"ws://{host}"]
    assert "unsafe-eval" not in policy


def test_refusals_carry_the_headers_too(client):
    response = client.post("/api/v1/tickets", json={})
    assert response.status_code == 401
    assert response.headers["x-frame-options"] == "DENY"


# ---------------------------------------------------------------- login form


def _login_form(client) -> str:
    page = client.get("/login")
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


def test_login_without_its_csrf_token_is_refused(client):
    client.cookies.clear()
    forged = client.post("/login", data={"username": "operator", "password": PASSWORD})
    assert forged.status_code == 403 and "hotline_session" not in forged.headers.get(
        "set-cookie", ""
    )
    _login_form(client)  # the nonce cookie, but a token made up by another site
    forged = client.post(
        "/login", data={"username": "operator", "password": PASSWORD, "csrf": "0" * 40}
    )
    assert forged.status_code == 403
    client.cookies.clear()


def test_login_with_its_csrf_token_and_the_secure_option(client, monkeypatch):
    client.cookies.clear()
    csrf = _login_form(client)
    plain = client.post(
        "/login",
        data={"username": "operator", "password": PASSWORD, "csrf": csrf},
        follow_redirects=False,
    )
    assert plain.status_code == 303
    assert "secure" not in plain.headers["set-cookie"].lower().split("hotline_session")[1]
    client.cookies.clear()
    monkeypatch.setattr(get_settings(), "cookie_secure", True)
    page = client.get("/login")  # over plain http: the cookies are Secure all the same
    nonce_cookie = page.headers["set-cookie"]
    assert "secure" in nonce_cookie.lower()
    nonce = re.search(r"hotline_login_csrf=([0-9a-f]+)", nonce_cookie).group(1)
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    client.cookies.clear()
    secure = client.post(
        "/login",
        data={"username": "operator", "password": PASSWORD, "csrf": csrf},
        headers={"Cookie": f"hotline_login_csrf={nonce}"},
        follow_redirects=False,
    )
    assert secure.status_code == 303
    cookies = [v for k, v in secure.headers.multi_items() if k == "set-cookie"]
    session_cookie = next(c for c in cookies if c.startswith("hotline_session="))
    assert "secure" in session_cookie.lower() and "httponly" in session_cookie.lower()
    assert "strict-transport-security" in secure.headers
    client.cookies.clear()


# ---------------------------------------------------------------- version


def test_a_transition_without_version_is_422_and_changes_nothing(client, tokens, create_ticket):
    ticket = create_ticket()
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/transitions",
        headers=tokens["operator"],
        json={"action": "dispatch"},
    )
    assert response.status_code == 422
    after = client.get(f"/api/v1/tickets/{ticket['id']}", headers=tokens["operator"]).json()
    assert after["status"] == "registered" and after["version"] == ticket["version"]


# ---------------------------------------------------------------- SQLite's WAL


def test_the_wal_is_truncated_by_the_sweep(client, tokens):
    engine = get_engine()
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    from api.tickets.sweep import sweep_once

    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == (
            get_settings().sqlite_wal_autocheckpoint
        )
        assert conn.exec_driver_sql("PRAGMA journal_size_limit").scalar() == (
            get_settings().sqlite_journal_size_limit
        )
    for _ in range(5):
        client.post(
            "/api/v1/tickets",
            headers={**tokens["operator"], "Idempotency-Key": new_key()},
            json=ticket_body(),
        )
    wal = engine.url.database + "-wal"
    assert os.path.getsize(wal) > 0
    engine.pool.dispose()  # no idle reader holding an old snapshot
    sweep_once()
    assert os.path.getsize(wal) == 0


# ---------------------------------------------------------------- uploaded imports


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(get_settings(), "hotline_data_dir", str(tmp_path))
    return tmp_path


def test_uploads_are_private_and_abandoned_ones_are_deleted(data_dir):
    from api.web.bulk_import import purge_uploads, save_upload

    content = "诉求内容,来电号码\n家里断炊了,13912345678\n".encode()
    table = save_upload("export.csv", content)
    path = data_dir / "imports" / f"{table.token}.json"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (data_dir / "imports").stat().st_mode & 0o777 == 0o700
    assert purge_uploads() == 0  # fresh: kept for the operator to finish
    later = time.time() + get_settings().import_retention_hours * 3600 + 60
    assert purge_uploads(now=later) == 1
    assert not path.exists()


def test_a_finished_import_deletes_its_upload(client, data_dir):
    """The last chunk deletes the file (pages_import.import_rows → discard_upload)."""
    from api.web.bulk_import import discard_upload, save_upload

    table = save_upload("export.csv", "诉求内容\n想申请低保\n".encode())
    discard_upload(table.token)
    assert not (data_dir / "imports" / f"{table.token}.json").exists()


def test_the_import_waits_for_the_nlu_outside_the_write_lock(database, monkeypatch):
    """While a row waits on the NLU another writer gets the SQLite write lock at once."""
    if not database.startswith("sqlite"):
        pytest.skip("SQLite's database-wide write lock only")
    from api.auth.deps import Principal
    from api.auth.service import get_user
    from api.intake import triage
    from api.web.bulk_import import import_row

    other = make_engine(database)
    seen: list[str] = []

    def nlu(text, client=None):
        raw = other.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA busy_timeout=0")
            cursor.execute("BEGIN IMMEDIATE")  # fails at once if the import holds the write lock
            cursor.execute("ROLLBACK")
        finally:
            raw.close()
        seen.append(text)
        return {"intent": {"name": "request_dibao", "confidence": 0.9}, "entities": []}

    monkeypatch.setattr(triage, "parse_text", nlu)
    with read_session() as session:
        operator = Principal(get_user(session, "operator"))
    try:
        result = import_row(operator, 1, {"text": f"想申请低保 {new_key()}", "phone": ""}, "620422")
    finally:
        other.dispose()
    assert seen and result.outcome == "filed", result
