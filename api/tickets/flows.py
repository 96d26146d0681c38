"""The flows of a work order (after Netflix Dispatch's ``flows.py``): each request that changes a
ticket, with the side effects that reach beyond the order itself — its clocks
(``api.tickets.deadlines``), its history (``api.events``) and the people told
(``api.tickets.notices``). The services (``creation``, ``transitions``) only shape the order.

Everything here runs inside the caller's write transaction and is flushed, not committed: the
endpoint commits once, so a refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from api.auth.deps import Principal
from api.auth.models import Role
from api.calendar.time_limits import limit_text
from api.core.errors import Unprocessable
from api.core.timeutil import SHANGHAI, utcnow
from api.departments.service import department_info, route
from api.events.models import TicketEvent
from api.events.service import EVENTS, append_event, event_values
from api.tickets import creation, deadlines, dispatching, handoff, notices
from api.tickets.access import can_see, get_visible_ticket, load_ticket
from api.tickets.idempotency import KEY_REUSED, check_same_request, request_hash
from api.tickets.lifecycle import Action, Status
from api.tickets.models import IdempotencyKey, Ticket
from api.tickets.records import DEADLINES, TRANSFERS, Inserts, Row, TicketRecord, load_record
from api.tickets.schemas import TicketCreate, TransitionIn
from api.tickets.transitions import HANDLERS, check_allowed, target_status
from zhtext.masking import mask_text
from zhtext.safety import detect_life_safety, urgency_of

# ---------------------------------------------------------------- history


def record_event(
    session: Session, principal: Principal, ticket: Ticket, action: str, **details: Any
) -> TicketEvent:
    """Append an event of this ticket done by the caller (details: append_event's fields)."""
    return append_event(
        session,
        ticket_id=ticket.id,
        actor=principal.username,
        role=principal.role.value,
        action=action,
        **details,
    )


def record_event_keeping_status(
    session: Session, principal: Principal, ticket: Ticket, action: str, **details: Any
) -> TicketEvent:
    """An event that leaves the ticket's status as it is (并单, revealing the contact)."""
    return record_event(
        session,
        principal,
        ticket,
        action,
        from_status=ticket.status,
        to_status=ticket.status,
        **details,
    )


def show_with(ticket: Ticket, event: TicketEvent) -> None:
    """Let the loaded ticket's (read-only) history include an event just appended, so that the
    answer is rendered from what was written, without reading the order again."""
    set_committed_value(ticket, "events", [*ticket.events, event])


# ---------------------------------------------------------------- create (受理) and 并单


@dataclass
class CreateResult:
    """The order answered: a new one (a `TicketRecord` of what was written), the open one a
    repeat was merged into (ORM `Ticket`), or the one an idempotency key already named."""

    ticket: Ticket | TicketRecord
    created: bool
    merged: bool


_IDEMPOTENCY = IdempotencyKey.__table__
_KNOWN_KEYS = select(
    _IDEMPOTENCY.c.key, _IDEMPOTENCY.c.ticket_id, _IDEMPOTENCY.c.merged, _IDEMPOTENCY.c.request_hash
).where(_IDEMPOTENCY.c.key.in_(bindparam("keys", expanding=True)))


class Batch:
    """What the creations of one write transaction share (one creation, or the create writer's
    batch), read once for all of them and kept up to date in memory as they go: the advisory
    locks of all their callers and households (PostgreSQL), the Idempotency-Keys already stored,
    the open orders of those callers and households; and the Core INSERTs of their clocks,
    history, notices and keys (``records.Inserts``) and the numbers it gives
    (``creation.Numbers``), written at the end (``flush``)."""

    def __init__(self, session: Session, items: list[tuple[TicketCreate, str | None]]) -> None:
        phones = {creation.phone_key(data.contact_phone) for data, _ in items}
        households = {creation.household_key(data) for data, _ in items}
        keys = sorted({key for _, key in items if key})
        by_phone, by_household = sorted(h for h in phones if h), sorted(h for h in households if h)
        if session.get_bind().dialect.name == "postgresql":
            # Two round trips: the advisory locks of all callers and households (in one order,
            # so two batches cannot deadlock) with the ids of the batch's orders, taken from the
            # sequence before any row is locked — they are written with one executemany at the
            # end; then the keys and open orders. Numbers are given as placeholders and the
            # day's counter taken only when the rows are written (``creation.Numbers``): every
            # moment the counter row is locked, the other workers' batches wait.
            conn = session.connection()  # the write transaction begins here
            self.ids = creation.lock_and_take_ids(
                conn, [*by_phone, *by_household], len(items) if len(items) > 1 else 0
            )
            self.keys, self.open_orders = creation.keys_and_open_orders(
                conn, keys, by_phone, by_household
            )
        else:
            conn = session.connection()  # SQLite: BEGIN IMMEDIATE, one writer at a time
            self.keys = (
                {row.key: row for row in conn.execute(_KNOWN_KEYS, {"keys": keys})} if keys else {}
            )
            self.open_orders = creation.open_orders_of(conn, by_phone, by_household)
            self.ids = []
        self.numbers = creation.Numbers(deferred=bool(self.ids))
        self.inserts = Inserts(self.numbers)

    def flush(self, connection: Connection) -> None:
        """Write what the creations left for the end: their rows and the day's counter."""
        self.inserts.flush(connection)
        self.numbers.flush(connection)

    def duplicate_of(self, category: str, phone: str | None, household: str | None) -> int | None:
        """The oldest open order of the same category and caller or household."""
        same = [
            order_id
            for order_id, order_category, order_phone, order_household in self.open_orders
            if (order_category or "") == category
            and (
                (phone is not None and order_phone == phone)
                or (household is not None and order_household == household)
            )
        ]
        return min(same) if same else None

    def keep_key(
        self, key: str, ticket_id: int, merged: bool, digest: str | None, now: datetime
    ) -> None:
        row = {
            "key": key,
            "ticket_id": ticket_id,
            "merged": merged,
            "request_hash": digest,
            "created_at": now,
        }
        self.inserts.add(_IDEMPOTENCY, row)
        self.keys[key] = Row(**row)


def create_ticket(
    session: Session,
    principal: Principal,
    data: TicketCreate,
    idempotency_key: str | None,
    batch: Batch | None = None,
) -> CreateResult:
    """受理 (`_create_ticket`) in the caller's batch, which the caller prepared before the first
    creation and flushes after the last, or in a batch of its own."""
    if batch is not None:
        return _create_ticket(session, principal, data, idempotency_key, batch)
    own = Batch(session, [(data, idempotency_key)])
    result = _create_ticket(session, principal, data, idempotency_key, own)
    own.flush(session.connection())
    return result


def _create_ticket(
    session: Session,
    principal: Principal,
    data: TicketCreate,
    idempotency_key: str | None,
    batch: Batch,
) -> CreateResult:
    """受理: the same key answers its ticket; the same open matter is merged (并单); otherwise a
    new order with its first responder, its 派单 clock (and 临时救助 clock), a `create` event and a
    notice; then dispatched at once when the rules of ``api.tickets.dispatching`` say so.

    What needs no lock is computed first; then, in the write transaction (on SQLite: the write
    gate and BEGIN IMMEDIATE), the batch's look-ups and two statements (the number, the row).
    The new order's clocks, history, notices and key go to the batch's INSERTs, flushed before
    anything reads those tables."""
    principal.require(Role.assistant, Role.operator, Role.supervisor)
    digest = request_hash(principal, data) if idempotency_key else None
    now = utcnow()
    registered = received_time(principal, data, now)
    phone_hash = creation.phone_key(data.contact_phone)
    hh_hash = creation.household_key(data)
    routing = route(session, data.locality, data.category.value)
    fr_user, fr_dept = creation.first_responder(
        session, principal, routing.intake_department_code, routing.department_code
    )
    values = creation.new_ticket_values(
        principal, data, routing, (fr_user, fr_dept), (phone_hash, hh_hash), registered
    )
    values.update(marks(principal, data, values["urgency"]))
    values["updated_at"] = now
    hotline = dispatching.hotline_department(session, routing.locality_used)
    clocks = [
        deadlines.due_values("dispatch", values["category"], values["urgency"], registered, hotline)
    ]
    if values["category"] == "request_temporary":
        clocks.append(
            deadlines.due_values(
                "temporary_decision",
                values["category"],
                values["urgency"],
                registered,
                routing.department_code,
            )
        )

    # An order the rules send on at once (and that needs no urgent notices) is written already
    # dispatched, with the same rows the 派单 transition writes (``at_once``); the rest as before.
    at_once = plan_dispatch(session, principal, values, clocks, now)

    conn = session.connection()  # the write transaction began with the batch
    inserts = batch.inserts
    if idempotency_key:
        known = batch.keys.get(idempotency_key)
        if known is not None:
            inserts.flush(conn)  # the order may be one of the batch
            # Another body or another caller: 422, and never the order the key names.
            check_same_request(known, digest)
            record = load_record(session, known.ticket_id)
            # The same visibility as GET (keys stored before the hash existed); a merged request
            # is answered without the order (``merged_view``).
            if not known.merged and not can_see(principal, record):
                raise Unprocessable(KEY_REUSED, code="idempotency_key_reused")
            return CreateResult(record, False, bool(known.merged))
    duplicate_id = batch.duplicate_of(values["category"], phone_hash, hh_hash)
    if duplicate_id is not None:
        inserts.flush(conn)  # the open order may be one of the batch
        duplicate = load_ticket(session, duplicate_id)
        merge_into(session, principal, duplicate, data, now)
        if idempotency_key:
            batch.keep_key(idempotency_key, duplicate.id, True, digest, now)
        session.flush()
        return CreateResult(duplicate, False, True)

    if at_once is not None:
        values = {**values, **at_once.columns}
        clocks = at_once.clocks
    columns = creation.insert_ticket(conn, values, registered, batch.numbers, batch.ids, inserts)
    ticket_id = columns["id"]
    batch.open_orders.append((ticket_id, values["category"], phone_hash, hh_hash))
    written_deadlines = []
    for clock in clocks:
        row = {**clock, "ticket_id": ticket_id}
        inserts.add(DEADLINES, row)
        written_deadlines.append(Row(**row))
    note = f"渠道：{data.channel}；首问负责人：{fr_user}"
    if registered != now:
        note += f"；按来电时间登记，录入于 {now.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
    if data.review_note:
        note += f"；{data.review_note}"
    event = event_values(
        ticket_id=ticket_id,
        actor=principal.username,
        role=principal.role.value,
        action="create",
        to_status=Status.registered.value,
        department=routing.department_code,
        note=note,
        data={"routing_locality": routing.locality_used, "first_responder": fr_user},
        at=registered,
    )
    inserts.add(EVENTS, event)
    if fr_user != principal.username:
        notices.first_responder_assigned_row(inserts, ticket_id, columns["number"], fr_user)
    if idempotency_key:
        batch.keep_key(idempotency_key, ticket_id, False, digest, now)
    record = TicketRecord(
        columns, events=[Row(**event)], deadlines=written_deadlines, transfers=[], assisting=[]
    )
    batch.numbers.track(record.__dict__)  # its number may be a placeholder until the flush
    if at_once is not None:
        write_dispatch(inserts, principal, record, at_once, now)
        return CreateResult(record, True, False)
    inserts.flush(conn)  # the ORM reads and writes the order from here on
    reason = dispatching.auto_dispatch_reason(principal, record)
    if reason is not None:
        # The dispatch runs the transition's own code on the ORM order (clocks, transfer, notices).
        ticket = load_ticket(session, ticket_id)
        dispatch_at_once(session, principal, ticket, reason, now)
        session.flush()
        return CreateResult(ticket, True, False)
    if record.handoff:
        notices.handoff_waiting(session, record, hotline)
    return CreateResult(record, True, False)


# A registration time may be this far in the future (clocks of two machines) or in the past.
RECEIVED_SLACK = timedelta(minutes=5)
RECEIVED_MAX_AGE = timedelta(days=366)


def received_time(principal: Principal, data: TicketCreate, now: datetime) -> datetime:
    """When the order counts as registered: the 来电时间 an operator gives (import, a call
    taken down later), else now."""
    if data.received_at is None:
        return now
    if principal.role == Role.assistant:
        raise Unprocessable("智能助手的工单以提交时间为受理时间，不能指定来电时间（received_at）")
    at = data.received_at
    if at.tzinfo is None:
        at = at.replace(tzinfo=SHANGHAI)
    at = at.astimezone(timezone.utc)
    if at > now + RECEIVED_SLACK:
        raise Unprocessable("来电时间晚于当前时间")
    if at < now - RECEIVED_MAX_AGE:
        raise Unprocessable("来电时间早于一年前，请按历史工单另行处理")
    return min(at, now)


def marks(principal: Principal, data: TicketCreate, urgency: str) -> dict[str, Any]:
    """The columns that say what kind of order it is: 转人工, life-safety, the urgency the
    citizen's own words call for (an assistant's order; an operator's choice stands), the
    category's confidence and the questions left open."""
    from_assistant = principal.role == Role.assistant
    said = handoff.citizen_words(data.text)
    life_safety = bool(detect_life_safety(said))
    if from_assistant and (life_safety or urgency_of(said) == "urgent"):
        urgency = "urgent"
    return {
        "handoff": bool(data.handoff) or (from_assistant and handoff.marked_as_handoff(data.text)),
        "handoff_taken_by": None,
        "handoff_taken_at": None,
        "life_safety": life_safety,
        "urgency": urgency,
        "routing_confidence": dispatching.confidence(principal, data),
        "open_questions": data.open_questions or None,
    }


@dataclass
class AtOnce:
    """The 派单 right after 受理, planned before the write transaction: the order's columns once
    dispatched, every clock it has then, and the rows of the transition."""

    reason: str
    department: str
    on_duty: str | None
    columns: dict[str, Any]
    clocks: list[dict[str, Any]]


def plan_dispatch(
    session: Session,
    principal: Principal,
    values: dict[str, Any],
    clocks: list[dict[str, Any]],
    now: datetime,
) -> AtOnce | None:
    """The automatic 派单 of a new order as `dispatch_at_once` would do it on the ORM order, or
    None: not dispatched at once, or urgent (its notices to on-duty officers and supervisors go
    through ``dispatch_at_once``), or a department the in-memory table does not know as active.

    The same rows: the 派单 clock finished now, the department's 签收, 退单 and 办结 clocks started
    now, status 已派单 at version 2 (the ORM's INSERT then UPDATE), a transfer, an event and the
    department's notice (``write_dispatch``)."""
    reason = dispatching.auto_dispatch_reason(principal, Row(**values))
    if reason is None or values["urgency"] == "urgent":
        return None
    code = values["department_code"]
    dept = department_info(session, code)
    if dept is None or not dept.active:
        return None
    finished = [dict(c) for c in clocks]
    for dl in finished:
        if dl["step"] == "dispatch" and dl["state"] == "open":
            deadlines.finish_values(dl, now)
    started = [
        deadlines.due_values(step, values["category"], values["urgency"], now, code)
        for step in ("accept", "return", "close")
    ]
    columns = {
        "status": target_status(Action.dispatch).value,  # type: ignore[union-attr]
        "department_code": code,
        "handler_username": None,
        "updated_at": now,
        "version": 2,
    }
    return AtOnce(reason, code, dept.on_duty_username, columns, finished + started)


def write_dispatch(
    inserts: Inserts, principal: Principal, record: TicketRecord, plan: AtOnce, now: datetime
) -> None:
    """The rows of the automatic 派单 of a new order (Core INSERTs), added to its record."""
    note = mask_text(plan.reason)
    transfer = {
        "ticket_id": record.id,
        "at": now,
        "actor": principal.username,
        "kind": "dispatch",
        "from_department": plan.department,
        "to_department": plan.department,
        "note": note,
    }
    inserts.add(TRANSFERS, transfer)
    record.transfers.append(Row(**transfer))
    event = event_values(
        ticket_id=record.id,
        actor=principal.username,
        role=principal.role.value,
        action=Action.dispatch.value,
        from_status=Status.registered.value,
        to_status=record.status,
        department=plan.department,
        note=plan.reason,
        data={"automatic": True},
        at=now,
    )
    inserts.add(EVENTS, event)
    record.events.append(Row(**event))
    notices.dispatched_row(inserts, record.id, record.number, plan.on_duty)


def dispatch_at_once(
    session: Session, principal: Principal, ticket: Ticket, reason: str, now: datetime
) -> None:
    """派单 right after 受理, by the rules (no role check: the rules decided, the caller filed)."""
    request = TransitionIn(action=Action.dispatch, note=reason, version=ticket.version or 1)
    from_status = ticket.status
    with session.no_autoflush:
        done = HANDLERS[Action.dispatch](session, principal, ticket, request, now) or {}
        _after_dispatch(session, principal, ticket, request, now, done)
    ticket.status = target_status(Action.dispatch).value
    ticket.updated_at = now
    event = record_event(
        session,
        principal,
        ticket,
        Action.dispatch.value,
        from_status=from_status,
        to_status=ticket.status,
        department=ticket.department_code,
        note=reason,
        data={**done, "automatic": True},
        at=now,
    )
    show_with(ticket, event)


def merge_into(
    session: Session, principal: Principal, ticket: Ticket, data: TicketCreate, now: datetime
) -> None:
    """并单: the request joins the open ticket of the same matter as a `merge` event of its own
    (append-only history, the text masked); the open order's text is never changed."""
    creation.count_merge(ticket, now)
    event = append_event(
        session,
        ticket_id=ticket.id,
        actor=principal.username,
        role=principal.role.value,
        action="merge",
        from_status=ticket.status,
        to_status=ticket.status,
        department=ticket.department_code,
        note=mask_text(data.text),
        data={"channel": data.channel, "urgency": data.urgency},
        at=now,
    )
    show_with(ticket, event)
    notices.merged(session, ticket)


def merged_view(principal: Principal, ticket: Ticket | TicketRecord) -> bool:
    """Whether the answer to a merging request may show the open order: only to a caller who
    may see it by its own rights and speaks for one citizen. The assistant speaks for every chat
    citizen — the caller may be a stranger who knows a phone number — so it is told only that a
    same-matter order exists (``merged: true``), never its number or content."""
    return principal.role != Role.assistant and can_see(principal, ticket)


# ---------------------------------------------------------------- transitions


def apply_transition(
    session: Session, principal: Principal, ticket_id: int, data: TransitionIn
) -> Ticket:
    """One action on one ticket: checks, the change, its clocks and notices, one event; one
    UPDATE of the ticket, so one version step."""
    ticket = get_visible_ticket(
        session, principal, ticket_id, for_update=True, refusal="无权操作其他部门的工单"
    )
    check_allowed(principal, ticket, data)
    action = data.action
    now = utcnow()
    from_status = ticket.status
    with session.no_autoflush:
        event_data = HANDLERS[action](session, principal, ticket, data, now) or {}
        effects = EFFECTS.get(action)
        if effects is not None:
            event_data = {
                **event_data,
                **(effects(session, principal, ticket, data, now, event_data) or {}),
            }
    target = target_status(action)
    if target is not None:
        ticket.status = target.value
    ticket.updated_at = now
    event = record_event(
        session,
        principal,
        ticket,
        action.value,
        from_status=from_status,
        to_status=ticket.status,
        department=ticket.department_code,
        note=data.note,
        data=event_data or None,
        at=now,
    )
    session.flush()
    show_with(ticket, event)
    return ticket


Effects = Callable[
    [Session, Principal, Ticket, TransitionIn, datetime, dict], dict[str, Any] | None
]


def _department_takes_over(session: Session, ticket: Ticket, now: datetime) -> None:
    deadlines.start_department_clocks(session, ticket, ticket.department_code, now)


def _tell_department(session: Session, ticket: Ticket, code: str) -> bool:
    """An urgent order's notice to the department (and supervisors); False for a normal one."""
    if ticket.urgency != "urgent":
        return False
    limit = limit_text("accept", category=ticket.category, urgency=ticket.urgency)
    notices.urgent_dispatched(session, ticket, code, limit)
    return True


def _after_dispatch(session, principal, ticket, data, now, done):
    deadlines.finish_step(ticket, "dispatch", now)
    _department_takes_over(session, ticket, now)
    if not _tell_department(session, ticket, ticket.department_code):
        notices.dispatched(session, ticket, ticket.department_code)


def _after_accept(session, principal, ticket, data, now, done):
    deadlines.finish_step(ticket, "accept", now)


def _after_return(session, principal, ticket, data, now, done):
    deadlines.finish_step(ticket, "return", now)
    deadlines.finish_step(ticket, "accept", now, cancelled=True)
    # Back with the hotline (待改派): its 派单 clock runs again.
    hotline = dispatching.hotline_department(session, ticket.locality)
    deadlines.start_deadline(session, ticket, "dispatch", now, hotline)
    notices.returned(session, ticket, done["returned_from"])


def _after_transfer(session, principal, ticket, data, now, done):
    deadlines.finish_step(ticket, "dispatch", now)  # a transfer from 待派单 is its 派单
    _department_takes_over(session, ticket, now)
    notices.transferred(session, ticket, done["from_department"], done["to_department"])
    if ticket.urgency == "urgent":
        _tell_department(session, ticket, done["to_department"])


def _after_dispute(session, principal, ticket, data, now, done):
    deadlines.finish_step(ticket, "accept", now, cancelled=True)
    deadlines.finish_step(ticket, "return", now)


def _after_resolve_dispute(session, principal, ticket, data, now, done):
    if done["decided_department"] != done["previous_department"]:
        notices.dispute_decided(session, ticket, done["decided_department"])
    _department_takes_over(session, ticket, now)


def _after_request_extension(session, principal, ticket, data, now, done):
    deadlines.pause_close(deadlines.open_deadline(ticket, "close"), now)


def _after_approve_extension(session, principal, ticket, data, now, done):
    close = deadlines.resume_close(ticket, now)
    if close is None:
        return None
    days = ticket.extension_days or deadlines.extension_cap(ticket)
    return deadlines.extend_close(close, days, ticket)


def _after_reject_extension(session, principal, ticket, data, now, done):
    close = deadlines.resume_close(ticket, now)
    return {"close_due": close.due_at.isoformat()} if close else None


def _after_reply(session, principal, ticket, data, now, done):
    deadlines.finish_step(ticket, "close", now)
    deadlines.finish_step(ticket, "temporary_decision", now)
    deadlines.start_deadline(session, ticket, "callback", now, ticket.department_code)
    notices.replied(session, ticket)


def _after_answer(session, principal, ticket, data, now, done):
    deadlines.finish_step(ticket, "dispatch", now)  # answered within the hotline: its step done
    deadlines.finish_step(ticket, "temporary_decision", now)
    deadlines.start_deadline(session, ticket, "callback", now, ticket.department_code)
    notices.replied(session, ticket)


def _after_callback(session, principal, ticket, data, now, done):
    deadlines.finish_step(ticket, "callback", now)


def _after_close(session, principal, ticket, data, now, done):
    deadlines.finish_all(ticket, now)


def _after_reopen(session, principal, ticket, data, now, done):
    deadlines.finish_step(ticket, "close", now, cancelled=True)
    _department_takes_over(session, ticket, now)
    notices.reopened(session, ticket, ticket.department_code)


def _after_escalate(session, principal, ticket, data, now, done):
    notices.escalated(session, ticket, data.note)


def _after_add_assisting(session, principal, ticket, data, now, done):
    notices.assisting_asked(session, ticket, done["assisting"])


EFFECTS: dict[Action, Effects] = {
    Action.dispatch: _after_dispatch,
    Action.accept: _after_accept,
    Action.return_: _after_return,
    Action.transfer: _after_transfer,
    Action.dispute: _after_dispute,
    Action.resolve_dispute: _after_resolve_dispute,
    Action.request_extension: _after_request_extension,
    Action.approve_extension: _after_approve_extension,
    Action.reject_extension: _after_reject_extension,
    Action.reply: _after_reply,
    Action.answer: _after_answer,
    Action.callback: _after_callback,
    Action.close: _after_close,
    Action.reopen: _after_reopen,
    Action.escalate: _after_escalate,
    Action.add_assisting: _after_add_assisting,
}


# ---------------------------------------------------------------- personal data


def reveal_contact(session: Session, principal: Principal, ticket_id: int, reason: str) -> Ticket:
    """The raw contact phone for 回访, with a `reveal_contact` event naming the reason."""
    principal.require(Role.operator, Role.handler, Role.supervisor)
    ticket = get_visible_ticket(session, principal, ticket_id)
    event = record_event_keeping_status(
        session, principal, ticket, "reveal_contact", department=principal.department, note=reason
    )
    show_with(ticket, event)
    session.flush()
    return ticket
