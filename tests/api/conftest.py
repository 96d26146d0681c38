"""Fixtures of the ticket service tests (after the FastAPI full-stack template).

A fresh database per test session from TEST_DATABASE_URL (default: a temporary SQLite file;
CI also runs postgresql+psycopg://postgres@127.0.0.1:5432/hotline_test), migrated with alembic,
loaded with the department data files, and one account per role.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_tmpdir = tempfile.mkdtemp(prefix="hotline-api-test-")
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_tmpdir}/test.db"
os.environ["DATABASE_URL"] = TEST_DATABASE_URL
os.environ["JWT_SECRET"] = "test-secret-" + "x" * 32
os.environ["ASSISTANT_USERNAME"] = "assistant"
os.environ["ASSISTANT_PASSWORD"] = "assistant-test-password"
os.environ["SWEEP_INTERVAL_SECONDS"] = "0"  # tests sweep explicitly
os.environ["DASHBOARD_WARM_DAYS"] = "0"  # tests warm the dashboard explicitly

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from api.core.config import get_settings  # noqa: E402
from api.core.database import reset_engine_cache, write_session  # noqa: E402
from api.core.timeutil import freeze_now  # noqa: E402

PASSWORD = "test-password-1"

# username -> (role, department)
PEOPLE = {
    "assistant": ("assistant", None),
    "operator": ("operator", "620422-hotline"),
    "operator2": ("operator", "620422-hotline"),
    "supervisor": ("supervisor", "620422-hotline"),
    "minzheng": ("handler", "620422-minzheng"),
    "yibao": ("handler", "620422-yibao"),
    "jiaoyu": ("handler", "620422-jiaoyu"),
    "window": ("handler", "620422-window"),
}


def _wipe_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    get_settings.cache_clear()
    reset_engine_cache()
    if TEST_DATABASE_URL.startswith("postgresql"):
        _wipe_postgres(TEST_DATABASE_URL)
    from api.auth.models import Role
    from api.auth.service import ensure_user
    from api.cli import migrate
    from api.departments.service import load_data_files

    migrate()
    with write_session() as session:
        load_data_files(session)
        for username, (role, dept) in PEOPLE.items():
            ensure_user(session, username, PASSWORD, Role(role), dept, username)
        session.commit()
    yield TEST_DATABASE_URL
    reset_engine_cache()


@pytest.fixture(scope="session")
def client(database: str) -> Iterator[TestClient]:
    from api.main import app

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def tokens(client: TestClient) -> dict[str, dict[str, str]]:
    headers = {}
    for username in PEOPLE:
        response = client.post(
            "/api/v1/auth/token",
            data={"username": username, "password": PASSWORD},
        )
        assert response.status_code == 200, response.text
        headers[username] = {"Authorization": f"Bearer {response.json()['access_token']}"}
    return headers


@pytest.fixture
def fresh_lookup_counts():
    """The citizens' lookup guard without counts (the test client is one client for the whole
    session: other tests' wrong lookups would slow it down)."""
    from sqlalchemy import delete

    from api.tickets.models import LookupThrottle

    def wipe() -> None:
        with write_session() as session:
            session.execute(delete(LookupThrottle))
            session.commit()

    wipe()
    yield
    wipe()


@pytest.fixture
def frozen_time():
    """Pin the service clock: `frozen_time(datetime)`; released after the test."""
    yield freeze_now
    freeze_now(None)


_phones = itertools.count(1)


def new_phone() -> str:
    """A phone number no other test uses (so tickets are not merged across tests)."""
    return f"139{os.getpid() % 10000:04d}{next(_phones):04d}"


_keys = itertools.count(1)


def new_key() -> str:
    return f"test-{os.getpid()}-{next(_keys)}"


def ticket_body(**overrides) -> dict:
    body = {
        "channel": "phone",
        "text": "来电人反映：家中三口人，丈夫残疾，每月收入不足一千元，想申请低保。",
        "locality": "620422",
        "category": "request_dibao",
        "contact_phone": new_phone(),
        "urgency": "normal",
    }
    body.update(overrides)
    return body


@pytest.fixture
def create_ticket(client, tokens):
    def _create(who: str = "operator", key: str | None = None, **overrides) -> dict:
        headers = {**tokens[who], "Idempotency-Key": key or new_key()}
        response = client.post("/api/v1/tickets", headers=headers, json=ticket_body(**overrides))
        assert response.status_code == 201, response.text
        return response.json()

    return _create


@pytest.fixture
def act(client, tokens):
    """Run a transition and return the response (caller checks the status)."""

    def _act(ticket: dict | int, who: str, action: str, **fields):
        ticket_id = ticket if isinstance(ticket, int) else ticket["id"]
        if "version" not in fields:  # the version the caller sees now (required by the API)
            current = client.get(f"/api/v1/tickets/{ticket_id}", headers=tokens["supervisor"])
            fields["version"] = current.json()["version"]
        return client.post(
            f"/api/v1/tickets/{ticket_id}/transitions",
            headers=tokens[who],
            json={"action": action, **fields},
        )

    return _act


@pytest.fixture
def advance(act):
    """Run a transition that must succeed; returns the updated ticket."""

    def _advance(ticket: dict | int, who: str, action: str, **fields) -> dict:
        response = _act_checked(act, ticket, who, action, **fields)
        return response.json()

    return _advance


def _act_checked(act, ticket, who, action, **fields):
    response = act(ticket, who, action, **fields)
    assert response.status_code == 200, f"{action} by {who}: {response.text}"
    return response


REPO_ROOT = Path(__file__).resolve().parents[2]
