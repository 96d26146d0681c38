"""Engine and sessions.

SQLite: WAL, busy_timeout, foreign keys on, and `BEGIN IMMEDIATE` for write sessions so two
writers never deadlock on a lock upgrade. PostgreSQL when DATABASE_URL says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from api.core.config import get_settings
from api.core.sqlite_wal import connection_pragmas

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - trivial
        # Let SQLAlchemy emit BEGIN itself (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        for pragma in connection_pragmas():  # the WAL kept small (api.core.sqlite_wal)
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def _factories() -> tuple[sessionmaker, sessionmaker]:
    engine = get_engine()
    read = sessionmaker(bind=engine, expire_on_commit=False)
    write = sessionmaker(
        bind=engine.execution_options(sqlite_immediate=True), expire_on_commit=False
    )
    return read, write


def read_session() -> Session:
    return _factories()[0]()


def write_session() -> Session:
    return _factories()[1]()


def get_db() -> Iterator[Session]:
    """FastAPI dependency for read-only endpoints."""
    with read_session() as session:
        yield session


def get_write_db() -> Iterator[Session]:
    """FastAPI dependency for endpoints that write: one immediate transaction, all or nothing.

    The endpoint commits itself before answering (so a failed commit never follows a success
    reply); anything not committed is rolled back here.
    """
    with write_session() as session:
        try:
            yield session
        finally:
            session.rollback()


def reset_engine_cache() -> None:
    """Forget the engine (tests switch DATABASE_URL)."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    _factories.cache_clear()
