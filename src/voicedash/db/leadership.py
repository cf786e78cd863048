"""One process at a time: a PostgreSQL advisory lock held for as long as its connection lives.

SQLite serves one process, which always leads.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


@contextlib.asynccontextmanager
async def leadership(engine: AsyncEngine, key: int) -> AsyncIterator[tuple[bool, AsyncConnection | None]]:
    """Whether this process leads for `key`, and the connection holding the lock (none on SQLite)."""
    if engine.dialect.name != "postgresql":
        yield True, None
        return
    async with engine.connect() as connection:
        leading = bool(await connection.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}))
        await connection.commit()
        try:
            yield leading, connection
        finally:
            if leading:
                await release(connection, key)


async def release(connection: AsyncConnection, key: int) -> None:
    with contextlib.suppress(SQLAlchemyError, OSError):
        await connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        await connection.commit()
