"""Turns inbox rows into call events and call updates, off the request path, in arrival order.

One process at a time processes (on PostgreSQL, the holder of an advisory lock), so each webhook has one
effect and event ids grow in the order clients receive them. Rows left unprocessed by a crash are picked
up when the processor starts again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sqlalchemy import select, text
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from voicedash.background import cancel_and_wait
from voicedash.db.base import utcnow
from voicedash.db.engine import WriteGate
from voicedash.errors import AppError
from voicedash.logs import get_logger
from voicedash.models import WebhookInbox
from voicedash.realtime.server import Realtime, discard
from voicedash.webhooks.ingest import apply_batch, apply_webhook
from voicedash.webhooks.parse import WebhookEvent, WebhookKind, parse_webhook

log = get_logger(__name__)
# Small enough that the inbox writer, queued behind a batch, still acknowledges within milliseconds.
BATCH_SIZE = 50
_LEADER_LOCK_KEY = 7_405_212
LOCK_CHECK_SECONDS = 1.0
# Errors that say the database is unreachable, not that a row is bad.
_TRANSIENT = (OperationalError, InterfaceError, OSError, TimeoutError)


class InboxProcessor:
    def __init__(
        self,
        engine: AsyncEngine,
        gate: WriteGate,
        sessions: async_sessionmaker[AsyncSession],
        realtime: Realtime,
    ) -> None:
        self.engine = engine
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
        """Whether this process leads, and the connection holding the lock (none on SQLite: one process)."""
        if self.engine.dialect.name != "postgresql":
            self.is_leader = True
            yield True, None
            return
        async with self.engine.connect() as connection:
            leading = bool(
                await connection.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": _LEADER_LOCK_KEY})
            )
            await connection.commit()
            self.is_leader = leading
            try:
                yield leading, connection
            finally:
                if leading:
                    await _release(connection)

    async def _process_forever(self, lock_connection: AsyncConnection | None) -> None:
        loop = asyncio.get_running_loop()
        checked_at = loop.time()
        while True:
            self._wake.clear()  # before looking, so a wake-up that comes while we process is kept
            if await self.process_pending() == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
            if lock_connection is not None and loop.time() - checked_at > LOCK_CHECK_SECONDS:
                # The lock lives as long as its connection: if that is gone, so is our leadership.
                await lock_connection.execute(text("SELECT 1"))
                checked_at = loop.time()

    async def process_pending(self, limit: int = BATCH_SIZE) -> int:
        """Process up to `limit` unprocessed rows in one transaction; returns how many were processed."""
        async with self.gate(), self.sessions() as session:
            pending = (
                select(WebhookInbox)
                .where(WebhookInbox.processed_at.is_(None))
                .order_by(WebhookInbox.id)
                .limit(limit)
            )
            if self.engine.dialect.name == "postgresql":
                # Belt and braces during a leader hand-over: never two processors on one row.
                pending = pending.with_for_update(skip_locked=True)
            rows = list(await session.scalars(pending))
            if not rows:
                return 0
            ids = [row.id for row in rows]  # a failed flush or the rollback expires the rows
            try:
                await apply_batch(session, _parsed(rows))
                await self.realtime.commit_and_flush(session)
            except _TRANSIENT:
                discard(session)
                raise  # the database is away: retry the same rows once it is back
            except Exception:
                discard(session)
                await session.rollback()
                log.exception("inbox_batch_failed", rows=len(ids))
                return await self._process_one_by_one(ids)
        return len(rows)

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
                except _TRANSIENT:
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


def _parsed(rows: list[WebhookInbox]) -> list[tuple[WebhookInbox, WebhookEvent]]:
    """Each row with its event; all are marked processed (a row that no longer parses, with its error)."""
    parsed = []
    for row in rows:
        row.processed_at = utcnow()
        try:
            parsed.append(
                (row, parse_webhook(WebhookKind(row.kind), row.content_type, row.body.encode("utf-8")))
            )
        except AppError as exc:  # it parsed when it arrived; kept for the record if it no longer does
            row.error = exc.message
    return parsed


async def _process_row(session: AsyncSession, row: WebhookInbox) -> None:
    try:
        event = parse_webhook(WebhookKind(row.kind), row.content_type, row.body.encode("utf-8"))
    except AppError as exc:  # it parsed when it arrived; kept for the record if it no longer does
        row.processed_at, row.error = utcnow(), exc.message
        return
    await apply_webhook(session, event, row)
    row.processed_at = utcnow()


async def _release(connection: AsyncConnection) -> None:
    with contextlib.suppress(SQLAlchemyError, OSError):
        await connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LEADER_LOCK_KEY})
        await connection.commit()
