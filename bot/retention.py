"""Retention of the conversations Rasa keeps (its SQL tracker store).

Rasa stores every message as said, phones and ID numbers included. Once a conversation is
older than ``TRACKER_MASK_AFTER_HOURS`` (default 24: long enough for the assistant to use what
it was told), the phone and ID numbers in its stored events are masked; after
``TRACKER_RETENTION_DAYS`` (default 30) its events are deleted. The action server runs this
every few hours; `python -m bot.retention` runs it once.
"""

from __future__ import annotations

import logging
import os
import threading
import time

import sqlalchemy as sa

from zhtext.masking import mask_text

logger = logging.getLogger(__name__)
RUN_EVERY_SECONDS = 6 * 3600
_BATCH = 500


def tracker_engine() -> sa.engine.Engine | None:
    """The tracker store's database, from the same settings as bot/endpoints*.yml."""
    url = os.environ.get("TRACKER_URL")
    if not url:
        db = os.environ.get("TRACKER_DB")
        if not db:
            return None
        url = f"sqlite:///{db}"
    return sa.create_engine(url)


def apply_retention(
    engine: sa.engine.Engine, mask_after_hours: float, keep_days: float
) -> tuple[int, int]:
    """(events masked, events deleted)."""
    now = time.time()
    events = sa.table("events", sa.column("id"), sa.column("timestamp"), sa.column("data"))
    with engine.begin() as conn:
        if not sa.inspect(conn).has_table("events"):
            return 0, 0
        deleted = conn.execute(
            sa.delete(events).where(events.c.timestamp < now - keep_days * 86400)
        ).rowcount
    masked = 0
    last_id = 0
    cutoff = now - mask_after_hours * 3600
    while True:
        with engine.begin() as conn:
            rows = conn.execute(
                sa.select(events.c.id, events.c.data)
                .where(events.c.timestamp < cutoff, events.c.id > last_id)
                .order_by(events.c.id)
                .limit(_BATCH)
            ).fetchall()
            for row_id, data in rows:
                clean = mask_text(data or "")
                if clean != data:
                    conn.execute(sa.update(events).where(events.c.id == row_id).values(data=clean))
                    masked += 1
        if len(rows) < _BATCH:
            break
        last_id = rows[-1][0]
    return masked, deleted


def settings() -> tuple[float, float]:
    return (
        float(os.environ.get("TRACKER_MASK_AFTER_HOURS", "24")),
        float(os.environ.get("TRACKER_RETENTION_DAYS", "30")),
    )


def run_once() -> tuple[int, int]:
    engine = tracker_engine()
    if engine is None:
        return 0, 0
    masked, deleted = apply_retention(engine, *settings())
    logger.info("tracker retention: %d events masked, %d deleted", masked, deleted)
    return masked, deleted


def start_background() -> threading.Thread:
    """Run the retention now and every few hours, in a daemon thread."""

    def loop() -> None:
        while True:
            try:
                run_once()
            except Exception:  # the next round tries again; the assistant keeps serving
                logger.exception("tracker retention failed")
            time.sleep(RUN_EVERY_SECONDS)

    thread = threading.Thread(target=loop, name="tracker-retention", daemon=True)
    thread.start()
    return thread


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(run_once())
