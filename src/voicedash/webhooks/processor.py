"""Turns inbox rows into call events and call updates, off the request path, in arrival order.

One process at a time processes (on PostgreSQL, the holder of an advisory lock), so each webhook has one
effect and event ids grow in the order clients receive them. Rows left unprocessed by a crash are picked
up when the processor starts again.

Acknowledging comes first: Twilio gives up after 15 s, a dashboard can wait. While webhooks arrive the
processor works in small batches (it holds SQLite's write lock, which the inbox writer needs too) and
pauses after each as long as it took; when webhooks queue up faster than they are acknowledged it
takes one small batch per YIELD_SECONDS, leaving the CPU to the request path, and catches up once the
burst is over.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from voicedash.background import cancel_and_wait
from voicedash.db.base import utcnow
from voicedash.db.engine import WriteGate
from voicedash.db.leadership import leadership
from voicedash.errors import AppError
from voicedash.logs import get_logger
from voicedash.models import WebhookInbox
from voicedash.realtime.server import Realtime, discard
from voicedash.webhooks.batches import TRANSIENT, BatchFailedError, SQLiteBatches, parsed, pending_rows
from voicedash.webhooks.inbox import IngestLoad
from voicedash.webhooks.ingest import apply_batch, apply_webhook
from voicedash.webhooks.parse import WebhookKind, parse_webhook

log = get_logger(__name__)
# Small enough that the inbox writer, queued behind a batch, still acknowledges within milliseconds.
BATCH_SIZE = 50
ACTIVE_BATCH_SIZE = 20
IDLE_BATCH_SIZE = 100
YIELD_SECONDS = 0.2
_LEADER_LOCK_KEY = 7_405_212
LOCK_CHECK_SECONDS = 1.0


class InboxProcessor:
    def __init__(
        self,
        engine: AsyncEngine,
        gate: WriteGate,
        sessions: async_sessionmaker[AsyncSession],
        realtime: Realtime,
        ingest_load: Callable[[], IngestLoad] = lambda: IngestLoad.idle,
    ) -> None:
        self.engine = engine
        self.ingest_load = ingest_load
        self._sqlite = SQLiteBatches(engine) if SQLiteBatches.serves(engine) else None
        self.gate = gate
        self.sessions = sessions
        self.realtime = realtime
        # SQLite has one process, whose writer wakes us: polling is only a safety net. On PostgreSQL
        # other processes' writers cannot wake us, so look often.
        self.poll_seconds = 0.05 if engine.dialect.name == "postgresql" else 1.0
        self.is_leader = False
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """New rows are in the inbox: process them now rather than at the next poll."""
        self._wake.set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        if self._sqlite is not None:
            await self._sqlite.close()

    async def _run(self) -> None:
        while True:
            try:
                async with self._leadership() as (leading, lock_connection):
                    if leading:
                        await self._process_forever(lock_connection)
            except (SQLAlchemyError, OSError) as exc:
                log.warning("processor_database_error", error=type(exc).__name__)
            self.is_leader = False
            await asyncio.sleep(1.0)

    @contextlib.asynccontextmanager
    async def _leadership(self) -> AsyncIterator[tuple[bool, AsyncConnection | None]]:
        async with leadership(self.engine, _LEADER_LOCK_KEY) as (leading, connection):
            self.is_leader = leading
            yield leading, connection

    async def _process_forever(self, lock_connection: AsyncConnection | None) -> None:
        loop = asyncio.get_running_loop()
        checked_at = loop.time()
        while True:
            self._wake.clear()  # before looking, so a wake-up that comes while we process is kept
            limit = await self._batch_size()
            started = loop.time()
            if await self.process_pending(limit) == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
            elif self.ingest_load() is not IngestLoad.idle:
                # Webhooks are arriving: leave them at least as much time as this batch took.
                await asyncio.sleep(min(loop.time() - started, YIELD_SECONDS))
            if lock_connection is not None and loop.time() - checked_at > LOCK_CHECK_SECONDS:
                # The lock lives as long as its connection: if that is gone, so is our leadership.
                await lock_connection.execute(text("SELECT 1"))
                checked_at = loop.time()

    async def _batch_size(self) -> int:
        """How much to take now: step aside first while webhooks queue up (see the module's note)."""
        load = self.ingest_load()
        if load is IngestLoad.saturated:
            await asyncio.sleep(YIELD_SECONDS)
            return ACTIVE_BATCH_SIZE
        await asyncio.sleep(0)  # acknowledgements that are ready go first
        return IDLE_BATCH_SIZE if load is IngestLoad.idle else ACTIVE_BATCH_SIZE

    async def process_pending(self, limit: int = BATCH_SIZE) -> int:
        """Process up to `limit` unprocessed rows in one transaction; returns how many were processed."""
        if self._sqlite is not None:
            return await self._process_in_thread(self._sqlite, limit)
        async with self.gate(), self.sessions() as session:
            # Belt and braces during a leader hand-over: never two processors on one row.
            skip_locked = self.engine.dialect.name == "postgresql"
            rows = list(await session.scalars(pending_rows(limit, skip_locked=skip_locked)))
            if not rows:
                return 0
            ids = [row.id for row in rows]  # a failed flush or the rollback expires the rows
            try:
                await session.run_sync(apply_batch, parsed(rows))
                await self.realtime.commit_and_flush(session)
            except TRANSIENT:
                discard(session)
                raise  # the database is away: retry the same rows once it is back
            except Exception:
                discard(session)
                await session.rollback()
                log.exception("inbox_batch_failed", rows=len(ids))
                return await self._process_one_by_one(ids)
        return len(rows)

    async def _process_in_thread(self, batches: SQLiteBatches, limit: int) -> int:
        try:
            # The seam: a replaying client joins before or after this commit and its events, not between.
            async with self.gate(), self.realtime.seam():
                count, pending = await batches.process(limit)
                await self.realtime.send(pending)
        except BatchFailedError as failed:
            return await self._process_one_by_one(failed.ids)
        return count

    async def _process_one_by_one(self, ids: list[int]) -> int:
        """After a failed batch: isolate the row that fails, record its error, keep the others."""
        for row_id in ids:
            async with self.gate(), self.sessions() as session:
                row = await session.get(WebhookInbox, row_id)
                if row is None or row.processed_at is not None:
                    continue
                try:
                    await _process_row(session, row)
                    await self.realtime.commit_and_flush(session)
                except TRANSIENT:
                    discard(session)
                    raise
                except Exception as exc:
                    discard(session)
                    await session.rollback()
                    log.exception("inbox_row_failed", inbox_id=row_id)
                    row = await session.get(WebhookInbox, row_id)
                    if row is not None:
                        row.processed_at, row.error = utcnow(), f"{type(exc).__name__}: {exc}"[:2000]
                        await session.commit()
        return len(ids)


async def _process_row(session: AsyncSession, row: WebhookInbox) -> None:
    try:
        event = parse_webhook(WebhookKind(row.kind), row.content_type, row.body.encode("utf-8"))
    except AppError as exc:  # it parsed when it arrived; kept for the record if it no longer does
        row.processed_at, row.error = utcnow(), exc.message
        return
    await apply_webhook(session, event, row)
    row.processed_at = utcnow()
