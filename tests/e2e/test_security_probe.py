"""The fast reproductions of issue #12 (bench/security_probe.py) against the real system: each
must come out refused or handled. The slow ones (a 40,000-character chat message, 60 MB bodies,
killing Rasa, the outbox and retention replays) run with `python bench/security_probe.py`."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.e2e.servers import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

_spec = importlib.util.spec_from_file_location(
    "security_probe", ROOT / "bench" / "security_probe.py"
)
security_probe = importlib.util.module_from_spec(_spec)
sys.modules["security_probe"] = security_probe  # its dataclasses look their module up
_spec.loader.exec_module(security_probe)


@pytest.fixture(scope="module")
def probe(system) -> object:
    """The probes against the shared system (tests/conftest.py)."""
    return security_probe.Probe(system)


@pytest.mark.parametrize("name", security_probe.FAST)
def test_reproduction_is_refused_or_handled(probe, name: str) -> None:
    before = len(probe.results)
    getattr(probe, name)()
    outcomes = probe.results[before:]
    assert outcomes, f"{name} reported nothing"
    assert all(o.handled for o in outcomes), [o for o in outcomes if not o.handled]
