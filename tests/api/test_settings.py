"""One Settings object for all configuration of the ticket service."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from api.core.config import get_settings

API = Path(__file__).resolve().parents[2] / "api"
# Only the settings module may look at the environment (for the location of the secrets file).
ALLOWED = {API / "core" / "config.py"}


def _reads_environment(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        attribute = (
            isinstance(node, ast.Attribute)
            and node.attr in ("environ", "getenv", "environb")
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        )
        imported = (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(a.name in ("environ", "getenv") for a in node.names)
        )
        if attribute or imported:
            lines.append(node.lineno)
    return lines


def test_no_module_reads_the_environment_around_the_settings() -> None:
    offenders = {
        str(path.relative_to(API.parent)): lines
        for path in sorted(API.rglob("*.py"))
        if path not in ALLOWED
        and (lines := _reads_environment(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


@pytest.fixture
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_rasa_data_dir_and_demo_password_come_from_the_settings(
    monkeypatch, tmp_path, fresh_settings
) -> None:
    from api.intake.triage import rasa_url
    from api.web.bulk_import import imports_dir
    from api.web.pages_public import rasa_public_url

    monkeypatch.setenv("RASA_URL", "http://10.0.0.9:5005/")
    monkeypatch.delenv("RASA_PUBLIC_URL", raising=False)
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    get_settings.cache_clear()
    assert rasa_url() == "http://10.0.0.9:5005"
    assert rasa_public_url() == "http://10.0.0.9:5005"  # defaults to the NLU's address
    assert imports_dir() == tmp_path / "imports" and imports_dir().is_dir()
    assert get_settings().demo_accounts_password == "demo12345"

    monkeypatch.setenv("RASA_PUBLIC_URL", "https://hotline.example.cn/rasa")
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret")
    get_settings.cache_clear()
    assert rasa_public_url() == "https://hotline.example.cn/rasa"
    assert get_settings().demo_accounts_password == "another-secret"
