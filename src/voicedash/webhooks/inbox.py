"""Durable before acknowledged: verified webhooks go into the inbox table in group commits.

Requests hand their webhook to one writer task and wait; the writer inserts everything that queued up
meanwhile in a single transaction (one commit, one fsync for many webhooks), then answers them all.
If the database cannot be written, the batch goes to the spool file instead and is still acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import sqlite3
from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from voicedash.background import cancel_and_wait
from voicedash.db.engine import WriteGate
from voicedash.errors import ServiceUnavailableError
from voicedash.logs import get_logger
from voicedash.models import WebhookInbox
from voicedash.webhooks.spool import InboxItem, Spool, SpoolFullError
from voicedash.webhooks.sqlite_inbox import SQLiteInbox

log = get_logger(__name__)
MAX_BATCH = 500
# A batch this large means requests queued while the last one was written: the path is saturated.
SATURATED_BATCH = 16
# Webhooks stored within this long count as ongoing ingest.
ACTIVE_SECONDS = 0.05
SPOOL_RETRY_SECONDS = 1.0
# Twilio waits 15 s for an answer; past this the batch goes to the spool rather than keep it waiting.
WRITE_TIMEOUT_SECONDS = 5.0


def _insert_statement(engine: AsyncEngine) -> Any:
    # One statement for any number of rows (executemany): compiled once and cached, where a multi-row
    # VALUES would be compiled anew for every batch size.
    dialect = sqlite if engine.dialect.name == "sqlite" else postgresql
    return (
        dialect.insert(WebhookInbox)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(WebhookInbox.idempotency_key)
    )


def _rows(items: list[InboxItem]) -> list[dict[str, Any]]:
    return [
        {
            "idempotency_key": i.idempotency_key,
            "kind": i.kind,
            "content_type": i.content_type,
            "body": i.body.decode("utf-8"),
            "headers": i.headers,
            "received_at": i.received_at,
        }
        for i in items
    ]


async def insert_items(engine: AsyncEngine, gate: WriteGate, items: list[InboxItem]) -> set[str]:
    """Insert in one transaction; return the keys that were new (duplicates are skipped by the database)."""
    async with gate(), engine.begin() as connection:
        result = await connection.execute(_insert_statement(engine), _rows(items))
        return set(result.scalars())


class IngestLoad(enum.Enum):
    """How busy the request path is, for the processor to know when to step aside."""

    idle = "idle"
    active = "active"
    saturated = "saturated"


class InboxWriter:
    """The single writer of the inbox table; `store()` returns once the webhook is durable."""

    def __init__(
        self,
        engine: AsyncEngine,
        gate: WriteGate,
        spool: Spool,
        on_stored: Callable[[], None] = lambda: None,
    ) -> None:
        self.engine = engine
        self.gate = gate
        self.spool = spool
        self.on_stored = on_stored  # told after each write, to wake the processor
        self._queue: asyncio.Queue[tuple[InboxItem, asyncio.Future[bool]]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._sqlite = SQLiteInbox(engine) if SQLiteInbox.serves(engine) else None
        self._last_batch = 0
        self._writing = False
        self._last_batch_at = -ACTIVE_SECONDS

    def load(self) -> IngestLoad:
        """Idle, active, or saturated (webhooks queue up behind the writer)."""
        recent = self._writing or asyncio.get_running_loop().time() - self._last_batch_at < ACTIVE_SECONDS
        if self._queue.qsize() >= SATURATED_BATCH or (recent and self._last_batch >= SATURATED_BATCH):
            return IngestLoad.saturated
        return IngestLoad.active if recent or not self._queue.empty() else IngestLoad.idle

    async def start(self) -> None:
        with contextlib.suppress(SQLAlchemyError, sqlite3.Error, OSError):
            await self.replay_spool()
        self._tasks = [asyncio.create_task(self._run()), asyncio.create_task(self._drain_spool())]

    async def stop(self) -> None:
        await cancel_and_wait(*self._tasks)
        if self._sqlite is not None:
            await self._sqlite.close()

    async def _insert(self, items: list[InboxItem]) -> set[str]:
        if self._sqlite is None:
            return await insert_items(self.engine, self.gate, items)
        async with self.gate():
            return await self._sqlite.insert(items)

    async def store(self, item: InboxItem) -> bool:
        """Durably store `item`; True if it is new, False if the same event was stored before."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((item, future))  # unbounded: never waits
        return await future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            self._last_batch, self._writing = len(batch), True
            try:
                await self._write(batch)
            finally:
                self._writing, self._last_batch_at = False, asyncio.get_running_loop().time()

    async def _write(self, batch: list[tuple[InboxItem, asyncio.Future[bool]]]) -> None:
        items = [item for item, _ in batch]
        try:
            new_keys = await asyncio.wait_for(self._insert(items), WRITE_TIMEOUT_SECONDS)
        except (SQLAlchemyError, sqlite3.Error, OSError, TimeoutError) as exc:
            log.error("inbox_write_failed", error=type(exc).__name__, spooled=len(items))
            await self._spool(batch)
            return
        answered: set[str] = set()
        for item, future in batch:
            # The first of several copies in one batch is the new one; the database skipped the rest.
            is_new = item.idempotency_key in new_keys and item.idempotency_key not in answered
            answered.add(item.idempotency_key)
            if not future.done():
                future.set_result(is_new)
        self.on_stored()

    async def _spool(self, batch: list[tuple[InboxItem, asyncio.Future[bool]]]) -> None:
        try:
            await asyncio.to_thread(self.spool.append, [item for item, _ in batch])
        except (SpoolFullError, OSError) as exc:
            error = ServiceUnavailableError(f"webhooks cannot be stored right now: {exc}")
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for _, future in batch:
            if not future.done():
                future.set_result(True)

    async def replay_spool(self) -> int:
        """Move spooled webhooks into the database; returns how many were moved."""
        items = await asyncio.to_thread(self.spool.read)
        if not items:
            return 0
        for start in range(0, len(items), MAX_BATCH):
            await self._insert(items[start : start + MAX_BATCH])
        await asyncio.to_thread(self.spool.remove, len(items))
        log.info("spool_replayed", webhooks=len(items))
        self.on_stored()
        return len(items)

    async def _drain_spool(self) -> None:
        while True:
            await asyncio.sleep(SPOOL_RETRY_SECONDS)
            if self.spool.depth:
                with contextlib.suppress(SQLAlchemyError, sqlite3.Error, OSError):
                    await self.replay_spool()
