"""python -m policies estimate FILE|-: prints JSON; invalid input exits non-zero, one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.policies.conftest import CONTRACTS

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policies", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_estimate_file_prints_the_result():
    done = run("estimate", str(CONTRACTS / "examples" / "household-full.json"))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [p["id"] for p in result["programs"]][:2] == ["dibao", "tekun"]
    assert "低保" in done.stdout  # UTF-8, not \\u escapes


def test_estimate_reads_stdin():
    done = run("estimate", "-", stdin='{"locality": "341824", "members": [{"age": 30}]}')
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["parameters_from"] == "341824"


@pytest.mark.parametrize(
    "text",
    [
        '{"locality": "12345", "members": [{}]}',
        '{"locality": "620422", "members": []}',
        '{"locality": "620422", "members": [{"monthly_income": -1}]}',
        '{"locality": "620422", "members": [{"age": "abc"}]}',
        "not json",
        "",
        "[]",
        "[" * 100_000,
    ],
)
def test_invalid_input_exits_non_zero_with_one_line_and_no_traceback(text):
    done = run("estimate", "-", stdin=text)
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert " / " in lines[0]


def test_missing_file_is_a_clean_error(tmp_path):
    done = run("estimate", str(tmp_path / "nope.json"))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_unknowns_and_changes_commands():
    minimal = str(CONTRACTS / "examples" / "household-minimal.json")
    unknowns = json.loads(run("unknowns", minimal).stdout)
    assert unknowns and all(u["question"] for u in unknowns)
    changes = json.loads(run("changes", minimal).stdout)
    assert all(c["becomes"] == "likely" for c in changes)
