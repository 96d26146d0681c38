"""Time helpers: all datetimes are timezone-aware; the database stores UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

SHANGHAI = ZoneInfo("Asia/Shanghai")


_frozen_now: datetime | None = None


def utcnow() -> datetime:
    """The current time (UTC); tests and replays may pin it with `freeze_now`."""
    return _frozen_now if _frozen_now is not None else datetime.now(UTC)


def freeze_now(value: datetime | None) -> None:
    """Pin the service clock to `value` (aware), or release it with None."""
    global _frozen_now
    _frozen_now = as_utc(value) if value is not None else None


def as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (SQLite has no time zones) and always returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
