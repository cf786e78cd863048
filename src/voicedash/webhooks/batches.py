"""One batch of inbox rows turned into call events, and where it runs.

On a SQLite file a batch runs in one call on a thread of its own, with a plain (synchronous) session:
through the async engine each of its ~10 statements is two or three hand-overs between the event loop
and the driver's thread, each waiting for the GIL while the loop acknowledges webhooks, and the batch
held SQLite's write lock, which the inbox writer needs, for all that time. Elsewhere (PostgreSQL) the
same code runs through `AsyncSession.run_sync`.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import sessionmaker

from voicedash.db.base import utcnow
from voicedash.db.engine import sync_sqlite_engine
from voicedash.errors import AppError
from voicedash.logs import get_logger
from voicedash.models import WebhookInbox
from voicedash.realtime.server import take_pending
from voicedash.webhooks.ingest import apply_batch
from voicedash.webhooks.parse import WebhookEvent, WebhookKind, parse_webhook

log = get_logger("voicedash.webhooks.processor")
Pending = list[tuple[str, dict[str, Any]]]
# Errors that say the database is unreachable, not that a row is bad.
TRANSIENT = (OperationalError, InterfaceError, OSError, TimeoutError)


def pending_rows(limit: int, *, skip_locked: bool) -> Select[WebhookInbox]:
    """The oldest unprocessed rows; with `skip_locked` (PostgreSQL) never two processors on one row."""
    query = (
        select(WebhookInbox).where(WebhookInbox.processed_at.is_(None)).order_by(WebhookInbox.id).limit(limit)
    )
    return query.with_for_update(skip_locked=True) if skip_locked else query


def parsed(rows: list[WebhookInbox]) -> list[tuple[WebhookInbox, WebhookEvent]]:
    """Each row with its event; all are marked processed (a row that no longer parses, with its error)."""
    events = []
    for row in rows:
        row.processed_at = utcnow()
        try:
            events.append(
                (row, parse_webhook(WebhookKind(row.kind), row.content_type, row.body.encode("utf-8")))
            )
        except AppError as exc:  # it parsed when it arrived; kept for the record if it no longer does
            row.error = exc.message
    return events


class BatchFailedError(Exception):
    """A batch could not be applied (a bad row, not the database): the rows to retry one by one."""

    def __init__(self, ids: list[int]) -> None:
        super().__init__(f"{len(ids)} rows")
        self.ids = ids


class SQLiteBatches:
    """Runs batches on a SQLite file in a thread of its own; the caller commits nothing."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = sync_sqlite_engine(engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="inbox-processor")

    @staticmethod
    def serves(engine: AsyncEngine) -> bool:
        """A SQLite file (an in-memory database is private to its connection: it keeps the engine)."""
        database = engine.url.database
        return engine.dialect.name == "sqlite" and bool(database) and database != ":memory:"

    async def process(self, limit: int) -> tuple[int, Pending]:
        """Process and commit up to `limit` rows: (how many, the live events to send now)."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._process, limit)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._thread, self.engine.dispose)
        self._thread.shutdown(wait=False)

    def _process(self, limit: int) -> tuple[int, Pending]:
        with self.sessions() as session:
            rows = list(session.scalars(pending_rows(limit, skip_locked=False)))
            if not rows:
                return 0, []
            try:
                apply_batch(session, parsed(rows))
                session.commit()
            except Exception as exc:
                take_pending(session)
                session.rollback()
                if isinstance(exc, TRANSIENT):
                    raise  # the database is away: the same rows are retried once it is back
                log.exception("inbox_batch_failed", rows=len(rows))
                raise BatchFailedError([row.id for row in rows]) from exc
            return len(rows), take_pending(session)
