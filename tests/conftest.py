"""The one whole system the end-to-end, security-probe and browser tests share (started at most once
per test session, on first use): ticket API, action server and Rasa with the trained model, the API
asking this Rasa, the staff people of tests/web seeded. Starting Rasa costs a minute or two, so the
suites that can share it do; the scaled system (PostgreSQL, Redis, two Rasa servers) and the journeys
start their own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    # Imported here: the Python 3.10 suite collects this file too and needs none of it.
    from tests.e2e.servers import ROOT, build_system, ensure_model
    from tests.web.servers import PASSWORD, PEOPLE, seed_people

    if not (ROOT / "bot" / "domain.yml").exists():
        pytest.fail("bot/domain.yml is missing: the assistant is not there to test")
    ensure_model()
    system = build_system(
        tmp_path_factory.mktemp("system"),
        {
            "OUTBOX_RETRY_SECONDS": "1",  # an order waiting in the outbox is retried at once
            "SWEEP_INTERVAL_SECONDS": "0",  # the probes sweep by hand (python -m api.cli sweep)
            "DEMO_PASSWORD": PASSWORD,
        },
    )
    # The pages call Rasa's NLU server-side, and the chat page's browser reaches Rasa's
    # socket.io channel from the API's origin.
    system.env["RASA_URL"] = system.rasa_url
    system.env["RASA_PUBLIC_URL"] = system.rasa_url
    try:
        system.start_all(["api", "actions", "rasa"])
        # Not the assistant: its password is the generated one the action server reads.
        seed_people(system.env, {k: v for k, v in PEOPLE.items() if k != "assistant"})
        yield system
    finally:
        for process in system.processes.values():
            process.stop()
        shutil.rmtree(system.data_dir, ignore_errors=True)
