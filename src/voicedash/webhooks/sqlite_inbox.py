"""The inbox insert on SQLite: a whole group commit in one hand-over to a thread of its own.

Through SQLAlchemy and aiosqlite one batch costs about ten hand-overs between the event loop and the
driver's thread (cursor, BEGIN, execute, fetch, commit, reset), and under load each waits for the GIL
while the loop acknowledges other webhooks: that, not SQLite, was most of a batch's time. Here one call
runs BEGIN IMMEDIATE, the inserts and COMMIT on a connection of its own, set up like the engine's (WAL,
synchronous=FULL: the commit is on disk before anything is acknowledged). Values are converted by the
columns' own SQLAlchemy types (the body encrypted, the headers as JSON), so the rows read back alike.
"""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from voicedash.db.engine import configure_sqlite_connection
from voicedash.models import WebhookInbox
from voicedash.webhooks.spool import InboxItem

_COLUMNS = ("idempotency_key", "kind", "content_type", "body", "headers", "received_at")
_INSERT = (
    "INSERT INTO webhook_inbox (idempotency_key, kind, content_type, body, headers, received_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING"
)


class SQLiteInbox:
    """Inserts batches of webhooks into a SQLite file's inbox table; one connection, one thread."""

    def __init__(self, engine: AsyncEngine) -> None:
        assert engine.url.database
        self.database = engine.url.database
        dialect = engine.sync_engine.dialect
        table = WebhookInbox.__table__.c
        # dialect_impl: the type as this dialect stores it (a bare TypeDecorator would hand sqlite3 the
        # datetime itself, which it writes in a format of its own).
        self._convert = [table[name].type.dialect_impl(dialect).bind_processor(dialect) for name in _COLUMNS]
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="inbox-writer")
        self._connection: sqlite3.Connection | None = None

    @staticmethod
    def serves(engine: AsyncEngine) -> bool:
        """A SQLite file (an in-memory database is private to its connection: it keeps the engine)."""
        database = engine.url.database
        return engine.dialect.name == "sqlite" and bool(database) and database != ":memory:"

    async def insert(self, items: list[InboxItem]) -> set[str]:
        """Insert in one transaction; return the keys that were new (the database skips duplicates)."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._insert, items)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._thread, self._close)
        self._thread.shutdown(wait=False)

    def _row(self, item: InboxItem) -> tuple[Any, ...]:
        values = (
            item.idempotency_key,
            item.kind,
            item.content_type,
            item.body.decode("utf-8"),
            item.headers,
            item.received_at,
        )
        return tuple(
            value if convert is None else convert(value)
            for convert, value in zip(self._convert, values, strict=True)
        )

    def _insert(self, items: list[InboxItem]) -> set[str]:
        if self._connection is None:
            self._connection = sqlite3.connect(self.database, check_same_thread=False)
            configure_sqlite_connection(self._connection)
        connection = self._connection
        rows = [self._row(item) for item in items]
        connection.execute("BEGIN IMMEDIATE")
        try:
            new = {row[0] for row in rows if connection.execute(_INSERT, row).rowcount == 1}
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return new

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
