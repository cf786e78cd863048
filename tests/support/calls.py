"""Calls stored straight into a running stack's database, with the times and states a test needs."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.stack import Stack
from voicedash.models import Call, CallEvent

# The columns of GET /api/calls/export, as a booking system reading the file relies on them.
EXPORT_HEADER = [
    "execution_sid",
    "to",
    "status",
    "outcome",
    "digits",
    "answered_by",
    "duration",
    "created_at",
    "answered_at",
    "ended_at",
    "recording_url",
]


def utc(text: str) -> datetime:
    """`2025-01-02 10:00` (or with seconds) as a UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def add_calls(stack: Stack, specs: Iterable[dict[str, Any]]) -> list[Call]:
    """Insert one call per spec (through the ORM, so numbers are encrypted and hashed as in production).

    A spec names `created_at` and whatever else matters; the rest gets a plausible default."""
    made = []
    async with stack.api.state.sessions() as session:
        for n, spec in enumerate(specs):
            created = spec.pop("created_at")
            call = Call(
                execution_sid=spec.pop("execution_sid", f"FN{uuid.uuid4().hex}"),
                to_number=spec.pop("to", f"+14155550{n % 1000:03d}"),
                from_number="+15005550006",
                status=spec.pop("status", "completed"),
                outcome=spec.pop("outcome", "confirmed"),
                created_at=created,
                updated_at=spec.pop("updated_at", created + timedelta(minutes=1)),
                **spec,
            )
            session.add(call)
            made.append(call)
        await session.commit()
    return made


async def add_events(stack: Stack, call: Call, events: list[str]) -> list[CallEvent]:
    """Timeline rows for `call`, one per event name, as ingest would store a Studio JSON webhook."""
    rows = []
    async with stack.api.state.sessions() as session:
        for event in events:
            row = CallEvent(
                call_id=call.id,
                execution_sid=call.execution_sid,
                call_sid=call.call_sid,
                kind="status",
                event=event,
                fields={"event": event, "to": call.to_number},
                payload=f'{{"event": "{event}", "to": "{call.to_number}"}}',
                content_type="application/json",
                received_at=call.created_at,
            )
            session.add(row)
            rows.append(row)
        await session.commit()
    return rows
