"""Re-encrypt every stored phone number under a new key (`voicedash keys rotate`).

Rows are rewritten in batches, each its own transaction, reading with both the old and the new keys:
an interrupted rotation is simply run again. A process still running with the old key list may write
a few rows under the old key meanwhile; keep the old key in DATABASE_ENCRYPTION_KEY (after the new one)
until every process has restarted, then rotate once more if in doubt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from voicedash.db.encryption import Keyring

# Plain column views of the tables: values are moved as stored text, the ORM's column types bypassed.
_CALLS = sa.table(
    "calls",
    sa.column("id"),
    sa.column("to"),
    sa.column("from"),
    sa.column("to_hash"),
    sa.column("to_tail_hash"),
)
_EVENTS = sa.table("call_events", sa.column("id"), sa.column("payload"), sa.column("fields"))


def _text(value: Any) -> str:
    # A JSON column read without its type gives text on SQLite, a dict on PostgreSQL before 0002.
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


async def count_rows(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        calls = await connection.scalar(sa.select(sa.func.count()).select_from(_CALLS)) or 0
        events = await connection.scalar(sa.select(sa.func.count()).select_from(_EVENTS)) or 0
    return int(calls) + int(events)


async def _rotate_table(
    engine: AsyncEngine,
    table: sa.TableClause,
    rewrite: Callable[[Any], dict[str, Any]],
    batch: int,
    progress: Callable[[int], None],
) -> None:
    last_id = 0
    while True:
        async with engine.begin() as connection:
            rows = (
                await connection.execute(
                    sa.select(table).where(table.c.id > last_id).order_by(table.c.id).limit(batch)
                )
            ).all()
            if not rows:
                return
            # Bind names must differ from column names in an UPDATE's SET clause.
            updates = [{"row_id": row.id, **{f"new_{k}": v for k, v in rewrite(row).items()}} for row in rows]
            values: dict[str, Any] = {name[4:]: sa.bindparam(name) for name in updates[0] if name != "row_id"}
            statement = table.update().where(table.c.id == sa.bindparam("row_id")).values(values)
            await connection.execute(statement, updates)
        last_id = rows[-1].id
        progress(len(rows))


async def rotate_keys(
    engine: AsyncEngine,
    *,
    old: Keyring,
    new: Keyring,
    batch: int = 500,
    progress: Callable[[int], None] = lambda _: None,
) -> None:
    """Rewrite calls.to/from/to_hash/to_tail_hash and call_events.payload/fields under `new`'s first key."""
    reader = Keyring(list(dict.fromkeys([*new.keys, *old.keys])))

    def again(value: Any) -> str | None:
        return None if value is None else new.encrypt(reader.decrypt(_text(value)))

    def call(row: Any) -> dict[str, Any]:
        to = reader.decrypt(row.to) if row.to is not None else None
        return {
            "to": None if to is None else new.encrypt(to),
            "from": again(row._mapping["from"]),
            "to_hash": new.keyed_hash(to) if to else None,
            "to_tail_hash": new.tail_hash(to) if to else None,
        }

    def event(row: Any) -> dict[str, Any]:
        return {"payload": again(row.payload), "fields": again(row.fields)}

    await _rotate_table(engine, _CALLS, call, batch, progress)
    await _rotate_table(engine, _EVENTS, event, batch, progress)
