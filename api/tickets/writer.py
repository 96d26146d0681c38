"""Group commit of 受理: the creations of all requests of a worker, written in batches.

Creations are serialised anyway — SQLite has one writer, and the day's counter row makes
PostgreSQL transactions that number a ticket wait for each other until they commit (fsync
included). So rather than one transaction per request, one thread per worker process takes every
creation waiting and writes them in one transaction: one BEGIN, one COMMIT (one WAL write, one
fsync) for the batch. Each request gets its answer only after that COMMIT, exactly as before.

Every guarantee holds inside a batch, because each creation runs the same `flows.create_ticket`
in order in one transaction: a repeated Idempotency-Key sees the first one's key, a repeat of the
same matter is merged (并单) into the ticket created just before it, numbers stay gapless. The
new orders' clocks, history and notices are written with one executemany per table for the batch
(``records.Inserts``; flushed earlier whenever a creation reads them). If one
creation fails, the batch is rolled back and each creation is written alone, so only that one
fails. On PostgreSQL the batch takes the advisory locks of all its callers/households at once, in
one order, so that two workers' batches cannot deadlock on them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from api.auth.deps import Principal
from api.core.config import get_settings
from api.core.database import write_session
from api.core.errors import Conflict, Overloaded
from api.tickets.flows import Batch, CreateResult, create_ticket
from api.tickets.presenters import department_names
from api.tickets.schemas import TicketCreate

log = logging.getLogger(__name__)

MAX_BATCH = 64


@dataclass
class Written:
    """A creation once committed: its result and the department names to render it with."""

    result: CreateResult
    names: dict[str, str]


@dataclass
class Job:
    principal: Principal
    data: TicketCreate
    key: str | None
    future: Future[Written] = field(default_factory=Future)
    # A request on an event loop waits here instead (``CreateWriter.write``): the writer wakes
    # each loop once per batch, not once per creation.
    loop: asyncio.AbstractEventLoop | None = None
    waiter: asyncio.Future[Written] | None = None


def _deliver(jobs: list[Job]) -> None:
    """On the loop: hand each finished creation to the request waiting for it."""
    for job in jobs:
        waiter = job.waiter
        if waiter is None or waiter.done():
            continue  # the request went away
        error = job.future.exception()
        if error is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result(job.future.result())


def _wake(batch: list[Job]) -> None:
    loops: dict[asyncio.AbstractEventLoop, list[Job]] = {}
    for job in batch:
        if job.loop is not None:
            loops.setdefault(job.loop, []).append(job)
    for loop, jobs in loops.items():
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
            loop.call_soon_threadsafe(_deliver, jobs)


class CreateWriter:
    def __init__(self, max_batch: int = MAX_BATCH) -> None:
        self.max_batch = max_batch
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def submit(self, principal: Principal, data: TicketCreate, key: str | None) -> Future[Written]:
        """Queue a creation; the future completes once it is committed (or failed)."""
        return self._queue(Job(principal, data, key)).future

    async def write(self, principal: Principal, data: TicketCreate, key: str | None) -> Written:
        """Queue a creation from a request and wait for its COMMIT without blocking the loop."""
        loop = asyncio.get_running_loop()
        job = self._queue(Job(principal, data, key, loop=loop, waiter=loop.create_future()))
        assert job.waiter is not None
        return await job.waiter

    def _queue(self, job: Job) -> Job:
        if self._jobs.qsize() >= get_settings().max_requests_in_progress:
            raise Overloaded("服务繁忙（受理排队已满），请稍后重试")
        self._jobs.put(job)
        self._ensure_thread()
        return job

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._start:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="create-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            batch = [self._jobs.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._jobs.get_nowait())
                except queue.Empty:
                    break
            try:
                self._write(batch)
            except BaseException:  # noqa: BLE001 - never let the writer die with jobs waiting
                log.exception("create writer failed on a batch of %d", len(batch))
                for job in batch:
                    if not job.future.done():
                        job.future.set_exception(Overloaded("服务暂时不可用，请稍后重试"))
            finally:
                _wake(batch)

    def _write(self, batch: list[Job]) -> None:
        if len(batch) == 1:
            self._write_alone(batch[0])
            return
        try:
            with write_session() as session:
                # The locks, keys and open orders of all callers at once; their clocks, history,
                # notices and keys written with one INSERT per table.
                shared = Batch(session, [(j.data, j.key) for j in batch])
                results = [
                    create_ticket(session, j.principal, j.data, j.key, shared) for j in batch
                ]
                shared.flush(session.connection())
                names = department_names(session)
                session.commit()
        except (Overloaded, OperationalError, PoolTimeout) as exc:
            # The database cannot take writes now: every creation of the batch is told so.
            for job in batch:
                job.future.set_exception(exc)
            return
        except Exception:  # noqa: BLE001 - one of them failed: each alone, only it fails
            log.info("a batch of %d creations failed; writing them one by one", len(batch))
            for job in batch:
                self._write_alone(job)
            return
        for job, result in zip(batch, results, strict=True):
            job.future.set_result(Written(result, names))

    def _write_alone(self, job: Job) -> None:
        try:
            job.future.set_result(write_one(job.principal, job.data, job.key))
        except BaseException as exc:  # noqa: BLE001 - handed to the request that waits
            job.future.set_exception(exc)


def write_one(principal: Principal, data: TicketCreate, key: str | None) -> Written:
    """One creation in its own transaction (the request's thread or the writer's)."""
    with write_session() as session:
        try:
            result = create_ticket(session, principal, data, key)
            names = department_names(session)
            session.commit()
        except IntegrityError as exc:
            # A concurrent request with the same key (another worker) won the race: answer
            # with its ticket.
            session.rollback()
            if not key:
                raise Conflict("并发写入冲突，请重试") from exc
            result = create_ticket(session, principal, data, key)
            names = department_names(session)
            session.commit()
    return Written(result, names)


writer = CreateWriter()
