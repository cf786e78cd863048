"""`voicedash demo seed`: fill a database with made-up calls and timelines, fast.

Chunks are made (and encrypted) in worker processes while the database takes the previous one: each
chunk is two executemany INSERTs of ready values in one transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from voicedash.calls.seed_data import SEED_FLOW_SID, SeedChunk, SeedPlan, make_chunk
from voicedash.db.base import UTCDateTime
from voicedash.errors import ConflictError
from voicedash.models import Call, CallEvent

CHUNK_CALLS = 5000
BULK_LOAD_CALLS = 50_000
# Columns as stored: the values are already encrypted, so the ORM's encrypting types are bypassed.
_CALLS = sa.table(
    "calls",
    *(sa.column(name) for name in ("id", "execution_sid", "call_sid", "flow_sid", "to", "from", "to_hash")),
    *(sa.column(name) for name in ("to_tail_hash", "status", "outcome", "digits", "answered_by", "duration")),
    *(sa.column(name) for name in ("recording_url", "batch_id")),
    *(sa.column(name, UTCDateTime()) for name in ("created_at", "updated_at", "answered_at", "ended_at")),
)
_EVENTS = sa.table(
    "call_events",
    *(sa.column(name) for name in ("call_id", "execution_sid", "call_sid", "kind", "event", "fields")),
    *(sa.column(name) for name in ("payload", "content_type")),
    sa.column("received_at", UTCDateTime()),
)


async def real_calls_present(engine: AsyncEngine) -> bool:
    """Whether the database holds any call that `demo seed` did not make."""
    async with engine.connect() as connection:
        found = await connection.scalar(
            sa.select(_CALLS.c.id)
            .where(sa.or_(_CALLS.c.flow_sid.is_(None), _CALLS.c.flow_sid != SEED_FLOW_SID))
            .limit(1)
        )
    return found is not None


async def _next_id(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(sa.select(sa.func.coalesce(sa.func.max(_CALLS.c.id), 0))) or 0) + 1


async def _write(engine: AsyncEngine, chunk: SeedChunk) -> None:
    async with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            # Random SIDs land all over their indexes: a big page cache keeps them off the disk.
            await connection.exec_driver_sql("PRAGMA cache_size=-262144")
        await connection.execute(_CALLS.insert(), chunk.calls)
        await connection.execute(_EVENTS.insert(), chunk.events)


def _set_indexes(connection: sa.Connection, present: bool) -> None:
    for model in (Call, CallEvent):
        table: sa.Table = model.__table__  # type: ignore[assignment]
        for index in table.indexes:
            if present:
                index.create(connection)
            else:  # IF EXISTS in SQL: the inspector does not see SQLite's expression indexes
                connection.execute(sa.text(f'DROP INDEX IF EXISTS "{index.name}"'))


async def _secondary_indexes(engine: AsyncEngine, *, present: bool) -> None:
    """Drop (or build again) the secondary indexes of calls and call_events. Building an index once
    over sorted rows is far cheaper than millions of random inserts into it."""
    async with engine.begin() as connection:
        await connection.run_sync(_set_indexes, present)


async def _advance_sequence(engine: AsyncEngine) -> None:
    """PostgreSQL: ids were given explicitly, so move the id sequence past them."""
    if engine.dialect.name != "postgresql":
        return
    async with engine.begin() as connection:
        await connection.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('calls', 'id'), (SELECT max(id) FROM calls))")
        )


async def seed_calls(
    engine: AsyncEngine,
    keys: list[str],
    plan: SeedPlan,
    *,
    force: bool = False,
    workers: int = 0,
    progress: Callable[[int], None] = lambda _: None,
) -> int:
    """Add `plan.calls` seeded calls with their timelines; refuses a database with real calls
    unless `force`. `workers` processes make the chunks (0: this process). Returns the calls added."""
    if not force and await real_calls_present(engine):
        raise ConflictError(
            "this database holds real calls: seed an empty or demo database, or pass --force",
            code="REAL_CALLS_PRESENT",
        )
    first_id = await _next_id(engine)
    # An empty database (a fresh demo or benchmark) is loaded without indexes, which are built at the end.
    bulk = first_id == 1 and plan.calls >= BULK_LOAD_CALLS
    # A seed of its own for every run: another run adds other SIDs, not the same ones again.
    plan = replace(plan, first_id=first_id, seed=plan.seed * 7919 + first_id)
    starts = list(range(0, plan.calls, CHUNK_CALLS))
    loop = asyncio.get_running_loop()
    pool: Executor | None = ProcessPoolExecutor(max_workers=workers) if workers > 0 else None
    # A few chunks in flight: the workers stay busy while the database writes, memory stays bounded.
    window = max(2, 2 * workers)
    pending: list[asyncio.Future[SeedChunk]] = []

    async def write_oldest() -> None:
        chunk = await pending.pop(0)
        await _write(engine, chunk)
        progress(len(chunk.calls))

    try:
        if bulk:
            await _secondary_indexes(engine, present=False)
        for start in starts:
            count = min(CHUNK_CALLS, plan.calls - start)
            pending.append(loop.run_in_executor(pool, make_chunk, keys, plan, start, count))
            if len(pending) >= window:
                await write_oldest()
        while pending:
            await write_oldest()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if bulk:
            await _secondary_indexes(engine, present=True)
    await _advance_sequence(engine)
    return plan.calls
