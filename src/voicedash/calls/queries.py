"""Reading calls: a history page, the event feed. Every query is bounded by a LIMIT and served by an index."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from typing import Any

from sqlalchemy import BigInteger, Select, String, Text, func, literal, literal_column, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import defer

from voicedash.calls.filters import CallFilter, Sort, after_cursor, encode_cursor
from voicedash.calls.report_schemas import CallEventFeed
from voicedash.calls.schemas import CallEventItem, CallList, CallPublic
from voicedash.db.engine import READ_ONLY
from voicedash.models import Call, CallEvent

# Counting stops here: past it `total` is a lower bound (`total_exact` false). Counting 10,000 index
# entries takes about a millisecond; counting a million would take most of a second.
COUNT_CAP = 10_000


async def count_calls(session: AsyncSession, call_filter: CallFilter, cap: int | None) -> int:
    """How many calls match, counting at most `cap` + 1 of them (None: all)."""
    matching: Select[Any] = select(literal_column("1")).select_from(Call).where(*call_filter.conditions())
    if cap is not None:
        matching = matching.limit(cap + 1)
    return await session.scalar(select(func.count()).select_from(matching.subquery())) or 0


async def history_page(
    session: AsyncSession,
    call_filter: CallFilter,
    sort: Sort,
    *,
    limit: int,
    offset: int,
    cursor: str | None,
) -> CallList:
    """One page of calls in `sort` order, after `cursor` (which wins over `offset`) or from `offset`."""
    query = select(Call).where(*call_filter.conditions())
    if cursor:
        query = query.where(after_cursor(sort, cursor))
        offset = 0
    # One row more than asked tells whether there is a next page without counting.
    rows = list(await session.scalars(query.order_by(*sort.order_by()).limit(limit + 1).offset(offset)))
    calls, more = rows[:limit], len(rows) > limit
    counted = await count_calls(session, call_filter, COUNT_CAP)
    exact = counted <= COUNT_CAP
    return CallList(
        items=[CallPublic.of(call) for call in calls],
        total=counted if exact else max(COUNT_CAP, offset + len(calls)),
        total_exact=exact,
        limit=limit,
        offset=offset,
        next_cursor=encode_cursor(sort, calls[-1]) if more else None,
    )


async def event_feed(
    session: AsyncSession, *, limit: int, before_id: int | None, execution_sid: str | None
) -> CallEventFeed:
    """Timeline events, newest first, older than `before_id`; the raw payload is not read."""
    query = select(CallEvent).options(defer(CallEvent.payload)).order_by(CallEvent.id.desc())
    if before_id is not None:
        # Bound as a 64-bit integer: PostgreSQL's INTEGER column would refuse a larger literal.
        query = query.where(CallEvent.id < literal(before_id, BigInteger))
    if execution_sid is not None:
        query = query.where(CallEvent.execution_sid == execution_sid)
    rows = list(await session.scalars(query.limit(limit + 1)))
    events, more = rows[:limit], len(rows) > limit
    return CallEventFeed(
        items=[CallEventItem.of(event) for event in events],
        next_before_id=events[-1].id if more else None,
    )


EXPORT_BATCH = 2000


async def export_batches(
    engine: AsyncEngine, call_filter: CallFilter, sort: Sort
) -> AsyncGenerator[Sequence[Sequence[Any]], None]:
    """Every matching call as raw columns (number still encrypted, times as stored), a batch at a time,
    from one streaming read: no ORM object per row, nothing decrypted that is not exported."""
    table = Call.__table__
    statement = (
        select(
            Call.execution_sid,
            type_coerce(table.c.to, Text),
            Call.status,
            Call.outcome,
            Call.digits,
            Call.answered_by,
            Call.duration,
            type_coerce(Call.created_at, String),
            type_coerce(Call.answered_at, String),
            type_coerce(Call.ended_at, String),
            Call.recording_url,
        )
        .where(*call_filter.conditions())
        .order_by(*sort.order_by())
        .execution_options(yield_per=EXPORT_BATCH)
    )
    async with engine.connect() as connection:
        await connection.execution_options(**{READ_ONLY: True})
        result = await connection.stream(statement)
        async for batch in result.partitions():
            yield batch
