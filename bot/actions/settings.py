"""Runtime settings of the action server, read from the environment and var/secrets.env."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_API_URL = "http://127.0.0.1:8000"


def api_url() -> str:
    return os.environ.get("API_URL", DEFAULT_API_URL).rstrip("/")


def data_dir() -> Path:
    return Path(os.environ.get("HOTLINE_DATA_DIR", "var"))


def secrets_paths() -> list[Path]:
    """Where the service account may be written, first match wins: SECRETS_FILE, the data
    directory's secrets.env, then var/secrets.env (where `api.cli init` writes it)."""
    paths = [Path(os.environ["SECRETS_FILE"])] if os.environ.get("SECRETS_FILE") else []
    paths += [data_dir() / "secrets.env", Path("var/secrets.env")]
    return list(dict.fromkeys(paths))


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and # comments ignored; quotes around values stripped."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


def assistant_credentials() -> tuple[str, str]:
    """The assistant's service account: env vars override var/secrets.env."""
    stored: dict[str, str] = {}
    for path in secrets_paths():
        stored = read_env_file(path)
        if stored.get("ASSISTANT_PASSWORD"):
            break
    username = os.environ.get("ASSISTANT_USERNAME") or stored.get("ASSISTANT_USERNAME", "assistant")
    password = os.environ.get("ASSISTANT_PASSWORD") or stored.get("ASSISTANT_PASSWORD", "")
    return username, password


def outbox_path() -> Path:
    return Path(os.environ.get("OUTBOX_DB") or data_dir() / "outbox.db")


def outbox_retry_seconds() -> float:
    return float(os.environ.get("OUTBOX_RETRY_SECONDS", "15"))


def hotline_locality() -> str:
    """The hotline's own division code: used to route orders whose place is not known."""
    return os.environ.get("HOTLINE_LOCALITY", "620422")


def api_timeout_seconds() -> float:
    return float(os.environ.get("API_TIMEOUT_SECONDS", "5"))


def outbox_retention_days() -> float:
    """How long a delivered (payload already deleted) or refused order's row is kept."""
    return float(os.environ.get("OUTBOX_RETENTION_DAYS", "7"))
