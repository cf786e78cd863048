"""Reading back the events a reconnecting client missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from voicedash.db.base import utcnow
from voicedash.db.engine import reading
from voicedash.models import Call, CallEvent
from voicedash.realtime.payloads import socket_event


@dataclass(frozen=True)
class ReplayLimits:
    max_events: int = 10_000
    max_age_hours: float = 24.0


async def missed_events(
    sessions: async_sessionmaker[AsyncSession], *, after: int, limits: ReplayLimits
) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
    """Events with id > `after`, oldest first, within the limits; and whether older ones were left out."""
    if limits.max_events == 0:
        return [], True
    since = utcnow() - timedelta(hours=limits.max_age_hours)
    query = (
        select(CallEvent, Call)
        .outerjoin(Call, CallEvent.call_id == Call.id)
        .where(CallEvent.id > after, CallEvent.received_at >= since)
        .order_by(CallEvent.id.desc())
        .limit(limits.max_events + 1)
    )
    async with sessions() as session:
        # A reader: it must not queue for the write lock (the processor may hold it, waiting for us).
        await reading(session)
        rows = [(event, call) for event, call in (await session.execute(query)).all()]
    truncated = len(rows) > limits.max_events
    newest_first = rows[: limits.max_events]
    return [socket_event(e, c) for e, c in reversed(newest_first)], truncated
