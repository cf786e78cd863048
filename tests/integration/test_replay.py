"""A dashboard that drops its connection gets every event it missed, exactly once, in order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import socketio
import sqlalchemy as sa
from sqlalchemy import select

from tests.support.stack import Stack, running_stack
from tests.support.webhooks import execution_sid, signed_json
from voicedash.models import CallEvent, Role
from voicedash.realtime.replay import missed_events
from voicedash.realtime.server import EVENT_NAMES

TOTAL = 500
# The calls the 500 events belong to.
OWN_CALLS = frozenset(execution_sid(30_000 + n) for n in range(TOTAL))


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


class Dashboard:
    """A Socket.IO client that remembers every event id it was sent, duplicates included."""

    def __init__(self, token: str, only: frozenset[str] | None = None) -> None:
        self.token = token
        self.only = only
        self.client = socketio.AsyncClient(reconnection=False)
        self.ids: list[int] = []
        self.replays: list[dict[str, Any]] = []
        for name in EVENT_NAMES:
            self.client.on(name, self._record)
        self.client.on("replayComplete", self._replayed)

    async def _record(self, payload: dict[str, Any]) -> None:
        if self.only is None or payload.get("execution_sid") in self.only:
            self.ids.append(payload["event_id"])

    async def _replayed(self, payload: dict[str, Any]) -> None:
        self.replays.append(payload)

    async def connect(self, url: str) -> None:
        last = max(self.ids, default=0)
        await self.client.connect(
            url, transports=["websocket"], auth={"token": self.token, "last_event_id": last}
        )


async def send_events(stack: Stack, first: int, count: int) -> None:
    for n in range(first, first + count):
        body = {"execution_sid": execution_sid(30_000 + n), "event": "busy", "call_status": "busy"}
        url, raw, headers = signed_json(
            stack.settings.public_url or "", stack.settings.auth_token, "/api/calls/webhooks/status", body
        )
        assert (await stack.http.post(url, content=raw, headers=headers)).status_code == 200


async def event_ids_since(stack: Stack, after: int, only: frozenset[str] | None = None) -> list[int]:
    """Ids of the events after `after`, or of those of the calls `only` names: the PostgreSQL database is
    shared, and a stack resumes the batches another module left running."""
    query = select(CallEvent.id).where(CallEvent.id > after)
    if only is not None:
        query = query.where(CallEvent.execution_sid.in_(only))
    async with stack.api.state.sessions() as session:
        return list(await session.scalars(query.order_by(CallEvent.id)))


async def test_a_client_disconnected_during_500_events_gets_each_exactly_once(stack: Stack) -> None:
    baseline = max(await event_ids_since(stack, 0), default=0)
    dashboard = Dashboard(stack.tokens[Role.viewer], only=OWN_CALLS)
    await dashboard.connect(stack.app_url)
    sender = asyncio.create_task(send_events(stack, 0, TOTAL))
    while len(dashboard.ids) < 100:
        await asyncio.sleep(0.01)
    await dashboard.client.disconnect()
    await asyncio.sleep(0.5)  # events keep coming while the dashboard is away
    await dashboard.connect(stack.app_url)
    await sender
    expected = await event_ids_since(stack, baseline, OWN_CALLS)
    for _ in range(200):
        if len(expected) == TOTAL and len(dashboard.ids) >= TOTAL:
            break
        await asyncio.sleep(0.05)
        expected = await event_ids_since(stack, baseline, OWN_CALLS)
    await dashboard.client.disconnect()
    assert len(expected) == TOTAL
    assert dashboard.ids == expected, "each event once, oldest first, none missing"
    assert dashboard.replays and dashboard.replays[0]["count"] > 0 and not dashboard.replays[0]["truncated"]


async def test_replay_is_bounded_and_says_so(stack: Stack) -> None:
    stack.api.state.realtime.limits = stack.api.state.realtime.limits.__class__(
        max_events=3, max_age_hours=24
    )
    try:
        dashboard = Dashboard(stack.tokens[Role.viewer])
        dashboard.ids.append(1)  # as if it had seen only the very first event
        await dashboard.connect(stack.app_url)
        for _ in range(100):
            if dashboard.replays:
                break
            await asyncio.sleep(0.02)
        await dashboard.client.disconnect()
        assert dashboard.replays == [{"count": 3, "truncated": True}]
        newest = (await event_ids_since(stack, 0))[-3:]
        assert dashboard.ids[1:] == newest, "the newest events, oldest of them first"
    finally:
        stack.api.state.realtime.limits = stack.api.state.realtime.limits.__class__()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_replay_reads_while_a_writer_holds_the_database(stack: Stack) -> None:
    # The processor commits (holding SQLite's write lock) and then waits for the replay seam; the replay
    # must therefore never queue for the write lock itself, or the two wait on each other.
    async with stack.api.state.engine.begin() as writer:
        await writer.execute(sa.text("UPDATE calls SET digits = digits WHERE 1 = 0"))
        batch, _ = await asyncio.wait_for(
            missed_events(stack.api.state.sessions, after=0, limits=stack.api.state.realtime.limits),
            timeout=2,
        )
    assert batch, "the events written earlier in this module are readable"
