"""The one Settings object of the ticket service (pydantic-settings): environment first, then
var/secrets.env, then defaults. Every module of api/ reads its configuration from
``get_settings()``; only the location of the secrets file itself is read here, before Settings
exists (tests/api/test_settings.py checks that nothing else reads the environment)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = REPO_ROOT / "var"
# Local settings written by `python -m api.cli init`; SECRETS_FILE moves it (tests, several data dirs).
SECRETS_FILE = Path(os.environ.get("SECRETS_FILE") or VAR_DIR / "secrets.env")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=str(SECRETS_FILE), env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(default=f"sqlite:///{VAR_DIR / 'hotline.db'}")
    api_port: int = 8000
    cors_origins: list[str] = ["http://127.0.0.1:8000", "http://localhost:8000"]

    jwt_secret: str = ""
    jwt_algorithm: str = "HS256"
    access_token_minutes: int = 12 * 60

    assistant_username: str = "assistant"
    assistant_password: str = ""

    # Limits on what a request may carry.
    max_text_chars: int = 4000
    max_json_bytes: int = 32_000
    # Whole bodies, enforced before they are read (api.core.middleware): every request, and the
    # bulk import's upload (a 5 MB export plus the form around it). 413 beyond.
    max_body_bytes: int = 256 * 1024
    max_upload_bytes: int = 6 * 1024 * 1024

    # The session cookie of the pages: `Secure` (sent over HTTPS only) when COOKIE_SECURE is
    # true — set it whenever the pages are served over HTTPS (a proxy in front); requests that
    # arrive as https get it anyway. Also turns on Strict-Transport-Security.
    cookie_secure: bool = False

    # SQLite's write-ahead log: checkpointed automatically every this many pages, truncated to at
    # most this many bytes after a checkpoint, and truncated to zero by every deadline sweep.
    sqlite_wal_autocheckpoint: int = 1000
    sqlite_journal_size_limit: int = 16 * 1024 * 1024

    # Uploaded imports not finished within this many hours are deleted by the sweep.
    import_retention_hours: int = 24

    # How long before a deadline its first responder and handler are warned.
    warn_before_minutes: int = 4 * 60

    # Salt for the hashes used to recognise the same caller (并单) without storing the
    # phone a second time. Defaults to the JWT secret.
    match_salt: str = ""

    # The app sweeps deadlines (warnings, breaches) this often; 0 turns the loop off
    # (then run `python -m api.cli sweep` from cron).
    sweep_interval_seconds: int = 300

    # At start-up the app computes the supervisor dashboard's per-day figures of this many
    # past days in the background, so that the first dashboard request is as fast as the
    # next ones; 0 turns it off.
    dashboard_warm_days: int = 366

    log_level: str = "INFO"

    # Load: connections per worker (a request holds at most one; the thread pool has
    # THREADPOOL_SIZE threads), seconds to wait for a connection or, on SQLite, for the write
    # gate, and requests in progress per worker before new ones are answered 503 at once.
    # Waiting longer than these also answers 503 with Retry-After.
    # PostgreSQL: test each pooled connection with a round trip before using it (off: a
    # connection the server dropped fails one request with 503 + Retry-After, and the pool is
    # renewed at once; on: every request pays the extra round trip).
    db_pool_pre_ping: bool = False
    db_pool_size: int = 20
    db_pool_overflow: int = 10
    db_pool_timeout: float = 10.0
    write_wait_seconds: float = 10.0
    threadpool_size: int = 20
    max_requests_in_progress: int = 256
    retry_after_seconds: int = 2

    # Bulk import: rows of a chunk triaged at once (NLU parse, estimate and write overlapped).
    import_concurrency: int = 8
    # An import is a batch job: its NLU calls may wait longer than the intake form's 5 s.
    import_nlu_timeout_seconds: float = 30.0

    # A verified access token is remembered this many seconds (and never beyond its expiry):
    # a deactivated account or a changed role takes effect in every worker within this time.
    auth_cache_seconds: float = 30.0
    # Departments and routing rules are read from memory, re-read after this many seconds and
    # at once in the worker that changed them.
    reference_cache_seconds: float = 30.0

    # Rasa: the NLU the intake and the bulk import call server-side (RASA_URL), and where the
    # citizen's browser reaches its socket.io channel (RASA_PUBLIC_URL; default RASA_URL).
    # RASA_TOKEN: the token Rasa's HTTP API was started with (`--auth-token`; api.cli init).
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_public_url: str = ""
    rasa_token: str = ""

    # Where uploaded exports wait between upload and import (HOTLINE_DATA_DIR; default var/).
    hotline_data_dir: str = ""

    # The demo accounts' password (`python -m api.cli seed-demo`), demo12345 when unset.
    demo_password: str = ""

    # Orders of the assistant and of the import whose category is at least this sure (0..1)
    # are dispatched at once to the routed department; the rest wait in the 待派单 queue.
    auto_dispatch_confidence: float = 0.8

    # The working-day calendar's configuration files (default: the shipped ones in api/calendar).
    time_limits_file: str = ""
    holiday_overrides_file: str = ""

    @property
    def data_dir(self) -> Path:
        return Path(self.hotline_data_dir) if self.hotline_data_dir else VAR_DIR

    @property
    def nlu_url(self) -> str:
        return (self.rasa_url or "http://127.0.0.1:5005").rstrip("/")

    @property
    def browser_rasa_url(self) -> str:
        return (self.rasa_public_url or self.nlu_url).rstrip("/")

    @property
    def demo_accounts_password(self) -> str:
        return self.demo_password or "demo12345"


@lru_cache
def get_settings() -> Settings:
    """The settings in force (cached; ``get_settings.cache_clear()`` after changing the env)."""
    return Settings()
