"""Fixtures of the web page tests: a live API with the pages, and headless Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.servers import WebServer, start_web_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    data_dir = tmp_path_factory.mktemp("web")
    server = start_web_server(data_dir)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def http(web: WebServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=web.url, timeout=30, follow_redirects=False) as client:
        yield client


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def web_nlu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """The pages with a stand-in NLU (tests/web/fake_nlu.py): intake and import classify."""
    from tests.web.fake_nlu import FakeNlu

    data_dir = tmp_path_factory.mktemp("web-nlu")
    with FakeNlu() as nlu:
        server = start_web_server(data_dir, rasa_url=nlu.url)
        try:
            yield server
        finally:
            server.stop()
            shutil.rmtree(data_dir, ignore_errors=True)
