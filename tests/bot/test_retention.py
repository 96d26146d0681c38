"""Rasa's stored conversations: phones and ID numbers masked after a day, events deleted later."""

from __future__ import annotations

import json
import time

import sqlalchemy as sa

from bot.retention import apply_retention


def _store(tmp_path, rows: list[tuple[float, str]]) -> sa.engine.Engine:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.begin() as conn:
        conn.execute(
            sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY, timestamp REAL, data TEXT)")
        )
        for stamp, text in rows:
            conn.execute(
                sa.text("INSERT INTO events (timestamp, data) VALUES (:t, :d)"),
                {"t": stamp, "d": json.dumps({"text": text}, ensure_ascii=False)},
            )
    return engine


def _texts(engine: sa.engine.Engine) -> list[str]:
    with engine.begin() as conn:
        rows = conn.execute(sa.text("SELECT data FROM events ORDER BY id")).fetchall()
    return [json.loads(row[0])["text"] for row in rows]


def test_old_conversations_are_masked_and_older_ones_deleted(tmp_path) -> None:
    now = time.time()
    engine = _store(
        tmp_path,
        [
            (now - 40 * 86400, "很久以前：电话13912345678"),
            (now - 2 * 86400, "前天：电话13912345678，身份证620422198001011234"),
            (now - 60, "刚才：电话13912345678"),
        ],
    )
    masked, deleted = apply_retention(engine, mask_after_hours=24, keep_days=30)
    assert (masked, deleted) == (1, 1)
    texts = _texts(engine)
    assert texts == [
        "前天：电话139****5678，身份证620422********1234",
        "刚才：电话13912345678",  # still in use by the conversation
    ]
    assert apply_retention(engine, mask_after_hours=24, keep_days=30) == (0, 0)


def test_a_store_without_events_is_left_alone(tmp_path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert apply_retention(engine, 24, 30) == (0, 0)
