"""Fixtures for end-to-end tests: the whole system, started once per test session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.e2e.servers import ROOT, System, build_system, ensure_model


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    if not (ROOT / "bot" / "domain.yml").exists():
        pytest.fail("bot/domain.yml is missing: the assistant is not there to test")
    ensure_model()
    system = build_system(tmp_path_factory.mktemp("system"))
    try:
        for name in ("api", "actions", "rasa"):
            system.start(name)
        yield system
    finally:
        for process in system.processes.values():
            process.stop()
        shutil.rmtree(system.data_dir, ignore_errors=True)
