"""Engine and session factory; one session per request is the unit of work."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from voicedash.db.encryption import Keyring, attach_keyring, keyring_of


def configure_sqlite_connection(dbapi_connection: Any, _: Any = None) -> None:
    """WAL, synchronous=FULL, foreign keys and a busy timeout: every SQLite connection the app opens."""
    # Let SQLAlchemy, not the driver, open transactions (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk before the webhook it holds is acknowledged (group commit pays for it).
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


READ_ONLY = "voicedash_read_only"


def _sqlite_begin(connection: Any) -> None:
    # Writers take the write lock up front: a deferred transaction that reads and then writes fails with
    # "database is locked" when another writer got in between, instead of waiting its turn. Readers
    # (marked with READ_ONLY) must not take it: in WAL mode they never wait for a writer.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def sync_sqlite_engine(engine: AsyncEngine) -> Engine:
    """A synchronous engine on the same SQLite file as `engine`, set up alike (pragmas, BEGIN
    IMMEDIATE for writers, the same keyring): for work done in a thread in one go."""
    sync_engine = sqlalchemy.create_engine(engine.url.set(drivername="sqlite+pysqlite"))
    event.listen(sync_engine, "connect", configure_sqlite_connection)
    event.listen(sync_engine, "begin", _sqlite_begin)
    attach_keyring(sync_engine, keyring_of(engine.sync_engine.dialect))
    return sync_engine


def create_engine(database_url: str, keyring: Keyring | None = None) -> AsyncEngine:
    """An async engine; SQLite files get WAL mode and their folder created. The keyring encrypts numbers."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", configure_sqlite_connection)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    else:
        engine = create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    if keyring is not None:
        attach_keyring(engine, keyring)
    return engine


async def reading(session: AsyncSession) -> None:
    """Mark `session`, before its first statement, as one that only reads."""
    await session.connection(execution_options={READ_ONLY: True})


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """Yield a session; commit when the work succeeds, roll back when it raises."""
    async with sessions() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


class WriteGate:
    """SQLite takes one writer at a time. Queue the app's background writers here, in order, instead of
    letting them spin in SQLite's busy handler (which sleeps in growing steps and wrecks latency).
    On PostgreSQL the gate is open: the server handles concurrent writers itself."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[None]:
        if self._lock is None:
            yield
            return
        async with self._lock:
            yield
