"""The automatic 派单 of a new order, written with Core statements in the creating transaction
(``flows.plan_dispatch`` / ``write_dispatch``), leaves exactly the rows the 派单 transition
writes on the ORM order (``flows.dispatch_at_once``): the same order, clocks, transfer, events
and notices, and the answer is what a read returns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.api.conftest import new_key, new_phone, ticket_body

# A working day in the morning, so every clock is the same for both orders.
AT = datetime(2026, 3, 11, 2, 0, tzinfo=UTC)
VOLATILE = {"id", "number", "ticket_id", "contact_phone", "text"}


def _rows(ticket_id: int) -> dict[str, list[dict]]:
    from api.core.database import read_session
    from api.events.models import TicketEvent
    from api.notifications.models import Notification
    from api.tickets.models import Ticket, TicketDeadline, TicketTransfer

    def strip(row) -> dict:
        return {k: v for k, v in dict(row._mapping).items() if k not in VOLATILE}

    out = {}
    with read_session() as session:
        for name, table, order in (
            ("ticket", Ticket.__table__, Ticket.__table__.c.id),
            ("deadlines", TicketDeadline.__table__, TicketDeadline.__table__.c.id),
            ("transfers", TicketTransfer.__table__, TicketTransfer.__table__.c.id),
            ("events", TicketEvent.__table__, TicketEvent.__table__.c.id),
            ("notices", Notification.__table__, Notification.__table__.c.id),
        ):
            key = table.c.id if name == "ticket" else table.c.ticket_id
            rows = session.execute(select(table).where(key == ticket_id).order_by(order))
            out[name] = [strip(r) for r in rows]
    for notice in out["notices"]:
        notice["message"] = notice["message"].split("工单")[0]  # names the order's number
    for row in out["ticket"]:
        row.pop("phone_hash", None)
        row.pop("phone_last4", None)
    return out


@pytest.mark.parametrize("category", ["request_dibao", "request_temporary"])
def test_core_dispatch_writes_what_the_transition_writes(
    client, tokens, frozen_time, monkeypatch, category
):
    from api.tickets import flows

    frozen_time(AT)
    body_category = {"category": category}
    fast = client.post(
        "/api/v1/tickets",
        headers={**tokens["assistant"], "Idempotency-Key": new_key()},
        json=ticket_body(channel="chat", contact_phone=new_phone(), **body_category),
    )
    monkeypatch.setattr(flows, "plan_dispatch", lambda *_args, **_kwargs: None)
    slow = client.post(
        "/api/v1/tickets",
        headers={**tokens["assistant"], "Idempotency-Key": new_key()},
        json=ticket_body(channel="chat", contact_phone=new_phone(), **body_category),
    )
    assert fast.status_code == slow.status_code == 201, (fast.text, slow.text)
    fast_answer, slow_answer = fast.json(), slow.json()
    assert fast_answer["status"] == "dispatched" and fast_answer["version"] == 2
    for answer in (fast_answer, slow_answer):
        for field in VOLATILE:
            answer.pop(field, None)
    assert fast_answer == slow_answer
    assert _rows(fast.json()["id"]) == _rows(slow.json()["id"])
    # The answer is what a read returns.
    read = client.get(f"/api/v1/tickets/{fast.json()['id']}", headers=tokens["supervisor"])
    assert read.json() == fast.json()


def test_one_batch_keeps_keys_and_merges_and_answers_what_is_stored(client, tokens):
    """Creations written in one transaction by the create writer, their clocks, history and
    notices in one INSERT per table: a repeated key and a repeat of the same matter inside the
    batch see what the batch wrote before them, and every answer is what a read returns."""
    from api.auth.deps import principal_for_token
    from api.tickets.presenters import ticket_out
    from api.tickets.schemas import TicketCreate
    from api.tickets.writer import Job, writer

    assistant = principal_for_token(tokens["assistant"]["Authorization"].split()[1])
    phone, key = new_phone(), new_key()
    same_key = TicketCreate(**ticket_body(channel="chat", contact_phone=new_phone()))
    jobs = [
        Job(assistant, TicketCreate(**ticket_body(channel="chat", contact_phone=phone)), None),
        Job(assistant, same_key, key),
        Job(assistant, TicketCreate(**ticket_body(channel="chat", contact_phone=phone)), None),
        Job(assistant, same_key, key),
    ]
    writer._write(jobs)
    first, keyed, merged, again = (job.future.result(timeout=60) for job in jobs)
    assert first.result.created and keyed.result.created
    assert merged.result.merged and merged.result.ticket.id == first.result.ticket.id
    assert not again.result.created and again.result.ticket.id == keyed.result.ticket.id
    for written in (keyed, again):  # (the first one was merged into since it was answered)
        answer = ticket_out(written.result.ticket, written.names)
        read = client.get(f"/api/v1/tickets/{answer.id}", headers=tokens["supervisor"]).json()
        assert answer.model_dump(mode="json") == read
        assert [e["action"] for e in read["events"]] == ["create", "dispatch"]
    read = client.get(f"/api/v1/tickets/{first.result.ticket.id}", headers=tokens["supervisor"])
    merged_answer = ticket_out(merged.result.ticket, merged.names, merged=True)
    assert [e.action for e in merged_answer.events] == ["create", "dispatch", "merge"]
    assert [e["action"] for e in read.json()["events"]] == ["create", "dispatch", "merge"]


def test_numbers_of_a_batch_are_gapless_and_the_counter_follows(client, tokens):
    """The batch counts its numbers on in memory from the day's counter and writes the counter
    once: the new orders' numbers follow each other (a merged request takes none), and the next
    order after the batch takes the next number."""
    from api.auth.deps import principal_for_token
    from api.tickets.schemas import TicketCreate
    from api.tickets.writer import Job, writer

    assistant = principal_for_token(tokens["assistant"]["Authorization"].split()[1])
    phone = new_phone()
    bodies = [ticket_body(channel="chat", contact_phone=p) for p in (phone, phone, new_phone())]
    jobs = [Job(assistant, TicketCreate(**body), new_key()) for body in bodies]
    writer._write(jobs)
    first, merged, third = (job.future.result(timeout=60).result for job in jobs)
    assert merged.merged

    def seq(number: str) -> int:
        return int(number.rsplit("-", 1)[1])

    assert seq(third.ticket.number) == seq(first.ticket.number) + 1
    after = client.post(
        "/api/v1/tickets",
        headers={**tokens["operator"], "Idempotency-Key": new_key()},
        json=ticket_body(),
    )
    assert seq(after.json()["number"]) == seq(third.ticket.number) + 1


def test_a_batch_numbers_its_orders_at_the_end_and_every_row_names_the_number(client, tokens):
    """On PostgreSQL a batch gives placeholders and takes the day's counter only when its rows
    are written (``creation.Numbers(deferred=True)``): orders of two days in one batch are
    numbered per day without a gap, the answers, the stored orders and the notices that name
    them carry the real numbers, and no placeholder is stored anywhere."""
    from sqlalchemy import select

    from api.auth.deps import principal_for_token
    from api.core.database import read_session
    from api.core.timeutil import SHANGHAI, utcnow
    from api.notifications.models import Notification
    from api.tickets.models import Ticket
    from api.tickets.schemas import TicketCreate
    from api.tickets.writer import Job, writer

    assistant = principal_for_token(tokens["assistant"]["Authorization"].split()[1])
    operator = principal_for_token(tokens["operator"]["Authorization"].split()[1])
    yesterday = (utcnow() - timedelta(days=1)).isoformat()
    # Imported with a sure category: dispatched at once too, so nothing is written before the end.
    backdated = ticket_body(channel="import", routing_confidence=0.95, received_at=yesterday)
    jobs = [
        Job(
            assistant, TicketCreate(**ticket_body(channel="chat", contact_phone=new_phone())), None
        ),
        Job(operator, TicketCreate(**{**backdated, "contact_phone": new_phone()}), new_key()),
        Job(
            assistant, TicketCreate(**ticket_body(channel="chat", contact_phone=new_phone())), None
        ),
        Job(operator, TicketCreate(**{**backdated, "contact_phone": new_phone()}), new_key()),
        Job(
            assistant, TicketCreate(**ticket_body(channel="chat", contact_phone=new_phone())), None
        ),
    ]
    writer._write(jobs)
    tickets = [job.future.result(timeout=60).result.ticket for job in jobs]
    assert all(t.status == "dispatched" for t in tickets)
    today = f"12345-{utcnow().astimezone(SHANGHAI):%Y%m%d}-"
    numbers = [t.number for t in tickets]
    assert all(n.startswith(today) for n in numbers[0::2])
    assert not any(n.startswith(today) for n in numbers[1::2])

    def seq(number: str) -> int:
        return int(number.rsplit("-", 1)[1])

    for same_day in (numbers[0::2], numbers[1::2]):
        assert [seq(n) for n in same_day] == list(
            range(seq(same_day[0]), seq(same_day[0]) + len(same_day))
        )
    ids = [t.id for t in tickets]
    with read_session() as session:
        stored = dict(
            session.execute(select(Ticket.id, Ticket.number).where(Ticket.id.in_(ids))).all()
        )
        messages = session.execute(
            select(Notification.ticket_id, Notification.message).where(
                Notification.ticket_id.in_(ids)
            )
        ).all()
    assert stored == dict(zip(ids, numbers, strict=True))
    assert messages and all("\x1f" not in message for _, message in messages)
    for ticket_id, message in messages:
        if "工单" in message:
            assert stored[ticket_id] in message, message
