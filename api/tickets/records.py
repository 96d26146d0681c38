"""A work order as plain rows: read with five indexed Core statements (the ORM's identity map,
relationship loaders and change tracking cost ten times more for an order that is only shown),
or assembled from what a creation just wrote. `presenters.ticket_out` and `access.can_see`
take a record wherever they take an ORM `Ticket` (same attribute names)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Table,
    bindparam,
    func,
    insert,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from api.core.timeutil import UTCDateTime
from api.events.models import TicketEvent
from api.tickets.models import AssistingDepartment, Ticket, TicketDeadline, TicketTransfer

TICKETS = Ticket.__table__
EVENTS = TicketEvent.__table__
DEADLINES = TicketDeadline.__table__
TRANSFERS = TicketTransfer.__table__
ASSISTING = AssistingDepartment.__table__


class Row:
    """An attribute bag (a row written by this request, in the shape of a read one)."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class Inserts:
    """Rows that nothing reads back by id in the transaction that writes them (a new order's
    clocks, history, transfer and notices; on PostgreSQL the orders of a batch too, their ids
    taken from the sequence beforehand), gathered and written with one executemany per table
    (psycopg sends the rows in one pipeline) when flushed — once per creation, or once per batch
    of creations (api.tickets.writer). Orders are written first (the other rows refer to them).
    Whoever reads those tables in the same transaction flushes first."""

    def __init__(self, numbers: Any = None) -> None:
        self._rows: dict[Table, list[dict[str, Any]]] = {}
        # The batch's ``creation.Numbers``: numbers given as placeholders are settled (the day's
        # counter taken) right before the rows are written.
        self.numbers = numbers

    def add(self, table: Table, values: dict[str, Any]) -> None:
        self._rows.setdefault(table, []).append(values)

    def flush(self, connection: Connection) -> None:
        if self.numbers is not None:
            self.numbers.settle(connection, list(self._rows.values()))
        rows, self._rows = self._rows, {}
        orders = rows.pop(TICKETS, None)
        if orders:
            connection.execute(_insert(TICKETS), orders)
        for table, values in rows.items():
            connection.execute(_insert(table), values)


_INSERTS: dict[Table, Any] = {}


def _insert(table: Table) -> Any:
    stmt = _INSERTS.get(table)
    if stmt is None:
        stmt = _INSERTS[table] = insert(table)
    return stmt


class TicketRecord:
    """The columns of `tickets` as attributes, with its events, deadlines, transfers and
    co-handling departments in id order."""

    def __init__(
        self,
        columns: dict[str, Any],
        *,
        events: list[Any],
        deadlines: list[Any],
        transfers: list[Any],
        assisting: list[Any],
    ) -> None:
        self.__dict__.update(columns)
        self.events = events
        self.deadlines = deadlines
        self.transfers = transfers
        self.assisting = assisting


# Built once, with bound parameters: building a statement per call costs more than running it.
_ID = bindparam("ticket_id")
_TICKET = select(TICKETS).where(TICKETS.c.id == _ID)
_EVENTS = (
    select(
        EVENTS.c.id,
        EVENTS.c.at,
        EVENTS.c.actor,
        EVENTS.c.role,
        EVENTS.c.action,
        EVENTS.c.from_status,
        EVENTS.c.to_status,
        EVENTS.c.department,
        EVENTS.c.note,
    )
    .where(EVENTS.c.ticket_id == _ID)
    .order_by(EVENTS.c.id)
)
_DEADLINES = select(DEADLINES).where(DEADLINES.c.ticket_id == _ID).order_by(DEADLINES.c.id)
_TRANSFERS = select(TRANSFERS).where(TRANSFERS.c.ticket_id == _ID).order_by(TRANSFERS.c.id)
_ASSISTING = select(ASSISTING).where(ASSISTING.c.ticket_id == _ID).order_by(ASSISTING.c.id)


# PostgreSQL answers over the network: the order with its parts as JSON arrays in one statement
# (one round trip instead of five), each part in id order through the same `ticket_id` indexes.
_PARTS = {
    "events": (EVENTS, _EVENTS.selected_columns),
    "deadlines": (DEADLINES, list(DEADLINES.c)),
    "transfers": (TRANSFERS, list(TRANSFERS.c)),
    "assisting": (ASSISTING, list(ASSISTING.c)),
}
_TIMES = {
    name: frozenset(c.name for c in columns if isinstance(c.type, UTCDateTime))
    for name, (_table, columns) in _PARTS.items()
}


def _json_part(table: Table, columns: Any) -> Any:
    pairs = []
    for column in columns:
        pairs += [literal_column(f"'{column.name}'"), column]
    rows = func.json_agg(aggregate_order_by(func.json_build_object(*pairs), table.c.id))
    return (
        select(func.coalesce(rows, literal_column("'[]'::json")))
        .where(table.c.ticket_id == TICKETS.c.id)
        .scalar_subquery()
    )


_TICKET_WITH_PARTS = select(
    TICKETS,
    *(
        type_coerce(_json_part(table, columns), JSON).label(f"_{name}")
        for name, (table, columns) in _PARTS.items()
    ),
).where(TICKETS.c.id == _ID)
_AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}


def _rows_of(name: str, items: list[dict[str, Any]]) -> list[Row]:
    times = _TIMES[name]
    for item in items:
        for key in times:
            if item[key] is not None:
                item[key] = datetime.fromisoformat(item[key]).replace(tzinfo=UTC)
    return [Row(**item) for item in items]


def load_record_at_once(connection: Connection, ticket_id: int) -> TicketRecord | None:
    """`load_record` in one statement on PostgreSQL (outside a transaction: one statement sees
    one snapshot), five on SQLite."""
    if connection.dialect.name != "postgresql":
        return load_record(connection, ticket_id)
    if not connection.in_transaction():
        connection = connection.execution_options(**_AUTOCOMMIT)
    row = connection.execute(_TICKET_WITH_PARTS, {"ticket_id": ticket_id}).first()
    if row is None:
        return None
    columns = dict(row._mapping)
    parts = {name: _rows_of(name, columns.pop(f"_{name}")) for name in _PARTS}
    return TicketRecord(columns, **parts)


class _Compiled:
    """A prebuilt statement compiled once for SQLite, run on the driver's own cursor with the
    columns' own result processors (datetimes, JSON, booleans), as SQLAlchemy would run it."""

    def __init__(self, statement: Any, dialect: Any) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.params = list(compiled.positiontup or [])
        columns = list(statement.selected_columns)
        self.names = [c.key for c in columns]
        self.processors = [
            c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns
        ]

    def rows(self, cursor: Any, values: dict[str, Any]) -> list[dict[str, Any]]:
        cursor.execute(self.sql, [values[name] for name in self.params])
        names, processors = self.names, self.processors
        return [
            {
                name: (process(value) if process is not None else value)
                for name, process, value in zip(names, processors, row, strict=True)
            }
            for row in cursor.fetchall()
        ]


_SQLITE: list[_Compiled] = []


class _CompiledPg:
    """`_TICKET_WITH_PARTS` compiled once for psycopg, run on the driver's cursor (prepared
    server-side) with the columns' own result processors: SQLAlchemy's per-execution work
    (context, result metadata, row objects) cost more than the read itself."""

    def __init__(self, dialect: Any) -> None:
        compiled = _TICKET_WITH_PARTS.compile(dialect=dialect)
        self.sql = str(compiled)
        self.dialect = dialect
        self.columns = list(_TICKET_WITH_PARTS.selected_columns)
        self.names = [c.key for c in self.columns]
        self.processors: list[Any] | None = None  # from the first answer's column types

    def process(self, cursor: Any, row: Any) -> dict[str, Any]:
        if self.processors is None:
            dialect = self.dialect
            self.processors = [
                c.type.dialect_impl(dialect).result_processor(dialect, d.type_code)
                for c, d in zip(self.columns, cursor.description, strict=True)
            ]
        return {
            name: (process(value) if process is not None else value)
            for name, process, value in zip(self.names, self.processors, row, strict=True)
        }


_PG: list[_CompiledPg] = []


def load_record_pg(dbapi_connection: Any, dialect: Any, ticket_id: int) -> TicketRecord | None:
    """`load_record_at_once` on the driver's connection (``Engine.raw_connection()``): one
    prepared statement in autocommit (one statement sees one snapshot; no BEGIN, no ROLLBACK)."""
    if not _PG:
        _PG.append(_CompiledPg(dialect))
    compiled = _PG[0]
    autocommit = dbapi_connection.autocommit
    if not autocommit:
        dbapi_connection.autocommit = True
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(compiled.sql, {"ticket_id": ticket_id}, prepare=True)
            row = cursor.fetchone()
            columns = compiled.process(cursor, row) if row is not None else None
    finally:
        if not autocommit:
            dbapi_connection.autocommit = False
    if columns is None:
        return None
    parts = {name: _rows_of(name, columns.pop(f"_{name}")) for name in _PARTS}
    return TicketRecord(columns, **parts)


def load_record_sqlite(dbapi_connection: Any, dialect: Any, ticket_id: int) -> TicketRecord | None:
    """`load_record` on SQLite without SQLAlchemy's per-execution bookkeeping (which costs more
    than SQLite answering): the same five statements, compiled once, in one read transaction on
    the driver's connection (``Engine.raw_connection()``)."""
    if not _SQLITE:
        _SQLITE.extend(
            _Compiled(stmt, dialect)
            for stmt in (_TICKET, _EVENTS, _DEADLINES, _TRANSFERS, _ASSISTING)
        )
    ticket, events, deadlines, transfers, assisting = _SQLITE
    values = {"ticket_id": ticket_id}
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("BEGIN")
        try:
            found = ticket.rows(cursor, values)
            if not found:
                return None
            return TicketRecord(
                found[0],
                events=[Row(**r) for r in events.rows(cursor, values)],
                deadlines=[Row(**r) for r in deadlines.rows(cursor, values)],
                transfers=[Row(**r) for r in transfers.rows(cursor, values)],
                assisting=[Row(**r) for r in assisting.rows(cursor, values)],
            )
        finally:
            cursor.execute("ROLLBACK")
    finally:
        cursor.close()


def load_record(session: Session | Connection, ticket_id: int) -> TicketRecord | None:
    """The order and everything shown with it, or None. Five statements on the primary key and
    the `ticket_id` indexes (tests/api/test_indexes.py checks the plans)."""
    conn = session.connection() if isinstance(session, Session) else session
    params = {"ticket_id": ticket_id}
    row = conn.execute(_TICKET, params).first()
    if row is None:
        return None
    return TicketRecord(
        dict(row._mapping),
        events=list(conn.execute(_EVENTS, params)),
        deadlines=list(conn.execute(_DEADLINES, params)),
        transfers=list(conn.execute(_TRANSFERS, params)),
        assisting=list(conn.execute(_ASSISTING, params)),
    )
