"""The system as it runs when it outgrows one machine: the ticket API with two workers on PostgreSQL,
two Rasa servers sharing a PostgreSQL tracker store and a Redis lock store.

One conversation alternates between the two Rasa servers turn by turn and still ends in a filed
work order: every turn finds the conversation where the other server left it. Needs the servers that
`scripts/services.sh` starts (CI does): TEST_DATABASE_URL_PG and REDIS_URL_TEST.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

from tests.e2e.servers import System, build_system, ensure_model

PG_URL = os.environ.get("TEST_DATABASE_URL_PG", "")
REDIS_URL = os.environ.get("REDIS_URL_TEST", "")
NUMBER_RE = re.compile(r"工单号 (12345-\d{8}-\d{6})")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not (PG_URL and REDIS_URL),
        reason='needs PostgreSQL and Redis (eval "$(make -s services)")',
    ),
]


def _admin_url() -> str:
    """A libpq URL to the server's maintenance database."""
    parts = urlsplit(PG_URL.replace("postgresql+psycopg://", "postgresql://"))
    return f"postgresql://{parts.netloc}/postgres"


def _server_url(database: str, driver: str = "postgresql") -> str:
    parts = urlsplit(PG_URL.replace("postgresql+psycopg://", "postgresql://"))
    return f"{driver}://{parts.netloc}/{database}"


@pytest.fixture(scope="module")
def databases() -> Iterator[tuple[str, str]]:
    suffix = uuid.uuid4().hex[:8]
    names = (f"hotline_e2e_{suffix}", f"rasa_e2e_{suffix}")
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        for name in names:
            conn.execute(f"CREATE DATABASE {name}")
    yield names
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        for name in names:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def scaled(
    tmp_path_factory: pytest.TempPathFactory, databases: tuple[str, str]
) -> Iterator[System]:
    ensure_model()
    api_db, tracker_db = databases
    redis = urlsplit(REDIS_URL)
    system = build_system(
        tmp_path_factory.mktemp("scaled"),
        {
            "DATABASE_URL": _server_url(api_db, "postgresql+psycopg"),
            "TRACKER_URL": _server_url(tracker_db),
            "TRACKER_DB": tracker_db,
            "REDIS_HOST": redis.hostname or "127.0.0.1",
            "REDIS_PORT": str(redis.port or 6379),
            "REDIS_DB": "3",
        },
        api_workers=2,
        rasa_servers=2,
        endpoints="bot/endpoints.postgres.yml",
    )
    try:
        # The second Rasa server starts once the first has created the shared tracker tables (Rasa
        # creates them before it loads the model, so the two model loads still overlap).
        for name in ("api", "actions", "rasa"):
            system.processes[name].start()
        _wait_for_tracker_tables(system)
        system.processes["rasa2"].start()
        for name in ("api", "actions", "rasa", "rasa2"):
            system.wait_up(name)
        yield system
    finally:
        for process in system.processes.values():
            process.stop()


def _wait_for_tracker_tables(system: System, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rasa = system.processes["rasa"].popen
        if rasa is not None and rasa.poll() is not None:
            raise RuntimeError(f"rasa exited early:\n{system.processes['rasa'].log_tail()}")
        with psycopg.connect(_server_url(system.env["TRACKER_DB"])) as conn:
            found = conn.execute("SELECT to_regclass('public.events')").fetchone()
        if found and found[0] is not None:
            return
        time.sleep(1)
    raise RuntimeError("the first Rasa server never created the tracker tables")


def _texts(system: System, sender: str, text: str, server: int) -> str:
    return "\n".join(reply.get("text") or "" for reply in system.say(sender, text, server))


def test_one_conversation_across_two_rasa_servers_files_one_order(scaled: System) -> None:
    sender = f"scaled-{time.time()}"
    turn = 0

    def say(text: str) -> str:
        nonlocal turn
        said = _texts(scaled, sender, text, server=turn % 2)
        turn += 1
        return said

    said = say("我家3口人，住会宁县，丈夫二级残疾，每月就600元，想问问能不能吃低保")
    assert "同意" in said, said  # consent asked first
    said = say("同意")  # answered by the other server: it must know the consent question
    questions = 0
    while "提交成工单" not in said:
        questions += 1
        assert questions <= 9, said
        said = say("不知道")
    assert "可能符合" in said
    assert "手机号" in say("好")
    said = say("13700001234")
    assert "137****1234" in said
    match = NUMBER_RE.search(say("确认"))
    assert match, said

    username, password = scaled.assistant_credentials()
    token = httpx.post(
        f"{scaled.api_url}/api/v1/auth/token", data={"username": username, "password": password}
    ).json()["access_token"]
    found = httpx.get(
        f"{scaled.api_url}/api/v1/tickets",
        params={"number": match.group(1)},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert found["total"] == 1
    assert found["items"][0]["category"] == "request_dibao"

    # The conversation lives in PostgreSQL, written by both servers.
    with psycopg.connect(_server_url(scaled.env["TRACKER_DB"])) as conn:
        events = conn.execute(
            "SELECT count(*) FROM events WHERE sender_id = %s AND type_name = 'user'", (sender,)
        ).fetchone()[0]
    assert events == turn
