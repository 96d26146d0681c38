"""Engine and sessions.

SQLite: WAL, busy_timeout, foreign keys on, and `BEGIN IMMEDIATE` for write sessions so two
writers never deadlock on a lock upgrade. Writers of one process queue on a lock of the engine
(the "write gate") before BEGIN IMMEDIATE, so they wake up the moment the previous writer
commits instead of polling in SQLite's busy handler (which sleeps up to 100 ms between tries);
the busy handler then only arbitrates between processes. A writer that waits longer than
WRITE_WAIT_SECONDS gets `Overloaded` (answered 503 with Retry-After).

PostgreSQL when DATABASE_URL says so. The pools hold as many connections as the thread pool has
threads (a request holds at most one connection at a time); a request that still waits
DB_POOL_TIMEOUT seconds for one is answered 503 too.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from api.core.config import get_settings
from api.core.errors import Overloaded
from api.core.sqlite_wal import connection_pragmas

T = TypeVar("T")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Applied to every new SQLite connection. WAL: readers never wait for the writer. NORMAL: a
# commit does not wait for the disk (WAL stays consistent; a power cut may lose the last
# commits, not corrupt the file). The page cache and temporary tables stay in memory.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=10000",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA cache_size=-32000",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA mmap_size=268435456",
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class WriteGate:
    """One SQLite writer at a time in this process, waiting in line rather than polling."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._holder: Any = None

    def enter(self, dbapi_connection: Any) -> None:
        if not self._lock.acquire(timeout=self.timeout):
            raise Overloaded("服务繁忙（写入排队超时），请稍后重试")
        self._holder = dbapi_connection

    def leave(self, dbapi_connection: Any) -> None:
        if self._holder is not None and self._holder is dbapi_connection:
            self._holder = None
            self._lock.release()


def _driver_connection(connection: Any) -> Any:
    return getattr(connection, "dbapi_connection", connection)


def _configure_sqlite(engine: Engine, gate: WriteGate) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - trivial
        # Let SQLAlchemy emit BEGIN itself (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # ... and the WAL kept small (api.core.sqlite_wal).
        for pragma in (*SQLITE_PRAGMAS, *connection_pragmas()):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("sqlite_immediate"):
            raw = _driver_connection(conn.connection)
            gate.enter(raw)
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                gate.leave(raw)
                raise
        else:
            conn.exec_driver_sql("BEGIN")

    # The gate opens once COMMIT or ROLLBACK has run (ConnectionEvents fire before them).
    dialect = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def do_commit(dbapi_connection):
        try:
            commit(dbapi_connection)
        finally:
            gate.leave(_driver_connection(dbapi_connection))

    def do_rollback(dbapi_connection):
        try:
            rollback(dbapi_connection)
        finally:
            gate.leave(_driver_connection(dbapi_connection))

    dialect.do_commit = do_commit  # type: ignore[method-assign]
    dialect.do_rollback = do_rollback  # type: ignore[method-assign]

    # A connection returned or dropped without COMMIT/ROLLBACK must not keep the gate.
    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(dbapi_connection, _record):
        if dbapi_connection is not None:
            gate.leave(dbapi_connection)

    @event.listens_for(engine.pool, "invalidate")
    def _on_invalidate(dbapi_connection, _record, _exception):
        if dbapi_connection is not None:
            gate.leave(dbapi_connection)


_GATES: weakref.WeakKeyDictionary[Engine, WriteGate] = weakref.WeakKeyDictionary()


def write_gate(engine: Engine) -> WriteGate | None:
    """The SQLite write gate of this engine (None on PostgreSQL)."""
    return _GATES.get(engine)


def make_engine(url: str) -> Engine:
    settings = get_settings()
    pool = {
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_pool_overflow,
        "pool_timeout": settings.db_pool_timeout,
    }
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": 10}
        if ":memory:" in url or url.rstrip("/") == "sqlite:":
            engine = create_engine(url, connect_args=connect_args)
        else:
            engine = create_engine(url, connect_args=connect_args, **pool)
        gate = _GATES[engine] = WriteGate(settings.write_wait_seconds)
        _configure_sqlite(engine, gate)
        return engine
    return create_engine(url, pool_pre_ping=settings.db_pool_pre_ping, **pool)


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


@contextlib.contextmanager
def read_connection() -> Iterator[Connection]:
    """A connection for a few reads in one transaction (plain BEGIN on the first statement,
    rolled back when done): what a read of one order needs, without a Session around it."""
    with get_engine().connect() as connection:
        yield connection


def reads_inline() -> bool:
    """Whether a short read runs on the event loop itself: SQLite in WAL mode answers a read
    from the page cache in tens of microseconds and never waits for the writer, so handing it
    to a worker thread (and the GIL back and forth) costs more than the read. A PostgreSQL read
    waits for the network and runs in the thread pool."""
    return get_engine().dialect.name == "sqlite"


async def run_read(function: Callable[..., T], *args: Any) -> T:
    """Run a short read (`function(*args)`) inline on SQLite, in the thread pool otherwise."""
    if reads_inline():
        return function(*args)
    return await run_in_threadpool(function, *args)


def read_session() -> Session:
    return _factories()[0]()


def write_session() -> Session:
    return _factories()[1]()


async def _close(session: Session) -> None:
    """Close the session; in a worker thread only when it still holds a connection (a
    ROLLBACK to run), so a request whose endpoint closed its session needs no extra hop."""
    if session.in_transaction():
        await run_in_threadpool(session.close)
    else:
        session.close()


async def get_db() -> AsyncIterator[Session]:
    """FastAPI dependency for read-only endpoints (the session connects on first use)."""
    session = read_session()
    try:
        yield session
    finally:
        await _close(session)


async def get_write_db() -> AsyncIterator[Session]:
    """FastAPI dependency for endpoints that write: one immediate transaction, all or nothing.

    The endpoint commits itself before answering (so a failed commit never follows a success
    reply); anything not committed is rolled back here.
    """
    session = write_session()
    try:
        yield session
    finally:
        await _close(session)


def reset_engine_cache() -> None:
    """Forget the engine (tests switch DATABASE_URL)."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    _factories.cache_clear()
