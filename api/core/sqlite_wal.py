"""SQLite's write-ahead log kept small (issue #12: the WAL grew to 11 times the database).

Every connection checkpoints automatically every ``SQLITE_WAL_AUTOCHECKPOINT`` pages and lets
SQLite truncate the log file to ``SQLITE_JOURNAL_SIZE_LIMIT`` bytes after a checkpoint; the
deadline sweep (every few minutes) runs ``PRAGMA wal_checkpoint(TRUNCATE)``, which copies the
log back into the database and empties it whenever no reader still needs it.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from api.core.config import get_settings

log = logging.getLogger(__name__)


def connection_pragmas() -> list[str]:
    settings = get_settings()
    return [
        f"PRAGMA wal_autocheckpoint={int(settings.sqlite_wal_autocheckpoint)}",
        f"PRAGMA journal_size_limit={int(settings.sqlite_journal_size_limit)}",
    ]


def checkpoint(engine: Engine) -> tuple[int, int, int] | None:
    """Checkpoint and truncate the WAL: (busy, log pages, checkpointed pages), or None when the
    database is not SQLite. Outside any transaction (a raw connection in autocommit)."""
    if engine.dialect.name != "sqlite":
        return None
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        row = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
    finally:
        raw.close()
    result = tuple(int(v) for v in row) if row else (0, 0, 0)
    if result[0]:
        log.info("WAL checkpoint could not finish (a reader is active); the next sweep retries")
    return result  # type: ignore[return-value]
