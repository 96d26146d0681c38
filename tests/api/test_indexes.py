"""The hot statements (reading one order, the checks of 受理) are answered from indexes:
EXPLAIN QUERY PLAN on SQLite shows no full scan of a table."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from api.core.database import get_engine, read_session


def _plans(statement, params) -> str:
    with read_session() as session:
        conn = session.connection()
        if conn.dialect.name != "sqlite":
            pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans by its statistics")
        bound = statement.params(params)
        sql = str(bound.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
        return " | ".join(str(row[-1]) for row in rows)


def test_reading_one_order_uses_the_key_and_the_ticket_id_indexes(database) -> None:
    from api.tickets import records

    params = {"ticket_id": 1}
    assert "SEARCH tickets USING INTEGER PRIMARY KEY" in _plans(records._TICKET, params)
    for statement, index in (
        (records._EVENTS, "ix_ticket_events_ticket_id"),
        (records._DEADLINES, "ix_ticket_deadlines_ticket_id"),
        (records._TRANSFERS, "ix_ticket_transfers_ticket_id"),
        (records._ASSISTING, "ix_ticket_assisting_departments_ticket_id"),
    ):
        plan = _plans(statement, params)
        assert f"USING INDEX {index}" in plan, plan
        assert "SCAN" not in plan.replace("SCAN CONSTANT", ""), plan


def test_the_checks_of_a_creation_use_indexes(database) -> None:
    from api.tickets import creation, flows

    plan = _plans(flows._KNOWN_KEYS, {"keys": ["k1", "k2"]})
    assert "USING INDEX sqlite_autoindex_idempotency_keys_1" in plan or "PRIMARY KEY" in plan, plan
    params = {"phones": ["a", "b"], "households": ["c"]}
    for key, statement in creation.OPEN_ORDERS.items():
        plan = _plans(statement, params)
        assert "SCAN tickets" not in plan, (key, plan)
        if key[0]:
            assert "ix_tickets_phone_hash" in plan, plan
        if key[1]:
            assert "ix_tickets_household_hash" in plan, plan


def test_reading_one_order_is_five_statements(client, tokens, create_ticket) -> None:
    """No ORM lazy loads behind the read: exactly the five statements of records.py on SQLite,
    one on PostgreSQL (`records.load_record_pg`: the statement of `load_record_at_once`)."""
    ticket = create_ticket()
    url = f"/api/v1/tickets/{ticket['id']}"
    assert client.get(url, headers=tokens["supervisor"]).status_code == 200  # caller now known
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.split()[0].upper() == "SELECT":
            seen.append(statement)

    from api.tickets import records

    engine = get_engine()
    compiled = records._Compiled.rows

    def run(self, cursor, values):  # SQLite: the compiled statements on the driver's cursor
        seen.append(self.sql)
        return compiled(self, cursor, values)

    processed = records._CompiledPg.process

    def process(self, cursor, row):  # PostgreSQL: its one statement, on the driver's cursor
        seen.append(self.sql)
        return processed(self, cursor, row)

    event.listen(engine, "before_cursor_execute", count)
    records._Compiled.rows = run  # type: ignore[method-assign]
    records._CompiledPg.process = process  # type: ignore[method-assign]
    try:
        answer = client.get(url, headers=tokens["supervisor"])
    finally:
        records._Compiled.rows = compiled  # type: ignore[method-assign]
        records._CompiledPg.process = processed  # type: ignore[method-assign]
        event.remove(engine, "before_cursor_execute", count)
    assert answer.status_code == 200
    assert len(seen) == (1 if engine.dialect.name == "postgresql" else 5), seen


def test_the_one_statement_read_of_postgresql_uses_the_key_and_the_ticket_id_indexes(
    database,
) -> None:
    """With sequential scans priced out, the plan reaches the order by its key and each part by
    its `ticket_id` index (on a small table PostgreSQL may rightly prefer a scan)."""
    from api.tickets import records

    engine = get_engine()
    if engine.dialect.name != "postgresql":
        pytest.skip("the one-statement read is PostgreSQL's")
    with engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        compiled = records._TICKET_WITH_PARTS.compile(dialect=conn.dialect)
        sql = str(compiled) % {"ticket_id": 1}
        plan = "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
    assert "Seq Scan" not in plan, plan
    assert "tickets_pkey" in plan or "pk_tickets" in plan, plan
    for index in (
        "ix_ticket_events_ticket_id",
        "ix_ticket_deadlines_ticket_id",
        "ix_ticket_transfers_ticket_id",
        "ix_ticket_assisting_departments_ticket_id",
    ):
        assert index in plan, plan


def test_the_read_on_the_drivers_connection_answers_what_the_orm_reads(
    client, tokens, create_ticket, act
) -> None:
    """PostgreSQL's read of one order on the driver's connection (``records.load_record_pg``)
    renders the same answer as the five ORM-free Core statements of ``records.load_record``,
    for a dispatched order (events, clocks, a transfer)."""
    from api.tickets import records
    from api.tickets.presenters import current_department_names, ticket_out

    engine = get_engine()
    if engine.dialect.name != "postgresql":
        pytest.skip("the driver's read is PostgreSQL's")
    ticket = create_ticket()
    assert act(ticket, "operator", "dispatch").status_code == 200
    names = current_department_names()
    with engine.connect() as conn:
        expected = ticket_out(records.load_record(conn, ticket["id"]), names).model_dump_json()
    raw = engine.raw_connection()
    try:
        record = records.load_record_pg(raw.driver_connection, engine.dialect, ticket["id"])
        missing = records.load_record_pg(raw.driver_connection, engine.dialect, 2_000_000_000)
    finally:
        raw.close()
    assert record is not None and missing is None
    assert ticket_out(record, names).model_dump_json() == expected
