"""One loaded Rasa model per process: the evaluations share it (loading costs ~40-70 s on 2 cores)."""

from __future__ import annotations

from typing import Any

_AGENTS: dict[str, Any] = {}


def agent(model: str) -> Any:
    """Rasa's Agent for the model archive, loaded once per process."""
    if model not in _AGENTS:
        from rasa.core.agent import Agent

        _AGENTS[model] = Agent.load(model)
    return _AGENTS[model]
