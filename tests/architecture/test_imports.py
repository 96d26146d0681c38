"""The one direction of the parts: who may import whom, walked over every module's imports.

    zhtext  <-  household  <-  policies  <-  api
                    ^                         (never bot)
                    '--------  bot  (never api)

The neutral packages (zhtext, household, policies) import no framework: they run on Python 3.10
inside Rasa and on 3.11 inside the ticket service.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = {"rasa", "rasa_sdk", "fastapi", "starlette", "sqlalchemy", "alembic", "pydantic"}
FORBIDDEN: dict[str, set[str]] = {
    "zhtext": FRAMEWORKS | {"api", "bot", "policies", "household", "nlu_data"},
    "household": FRAMEWORKS | {"api", "bot", "policies", "nlu_data"},
    "policies": FRAMEWORKS | {"api", "bot", "nlu_data"},
    "api": {"bot", "rasa", "rasa_sdk", "nlu_data"},
    "bot": {"api", "fastapi"},  # (SQLAlchemy 1.4 is Rasa's, for its tracker store: allowed)
}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports, wherever the import statement sits."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_lies_below_it(package: str) -> None:
    files = python_files(package)
    assert files, f"{package}/ has no Python files"
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & FORBIDDEN[package])
        for path in files
    }
    wrong = {path: names for path, names in wrong.items() if names}
    assert not wrong, f"{package}/ imports what it must not: {wrong}"


def test_the_walk_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from bot.actions import x\n    import sqlalchemy.orm\n")
    assert imported_modules(module) == {"bot", "sqlalchemy"}
