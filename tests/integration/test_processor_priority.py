"""The processor steps aside during a burst of webhooks, and catches up at full speed once it is over."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from tests.support.stack import Stack, running_stack
from tests.support.webhooks import execution_sid, signed_json
from voicedash.models import WebhookInbox
from voicedash.webhooks.inbox import IngestLoad
from voicedash.webhooks.processor import YIELD_SECONDS

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
BURST = 600


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


async def unprocessed(stack: Stack) -> int:
    async with stack.api.state.sessions() as session:
        query = select(func.count()).select_from(WebhookInbox).where(WebhookInbox.processed_at.is_(None))
        return int(await session.scalar(query) or 0)


async def test_after_a_burst_the_backlog_is_processed_at_full_speed(stack: Stack) -> None:
    writer = stack.api.state.inbox_writer
    requests = []
    for n in range(BURST):
        body = {"execution_sid": execution_sid(80_000 + n), "event": "busy", "call_status": "busy"}
        requests.append(
            signed_json(
                stack.settings.public_url or "", stack.settings.auth_token, "/api/calls/webhooks/status", body
            )
        )
    loads: set[IngestLoad] = set()

    async def watch() -> None:
        while True:
            loads.add(writer.load())
            await asyncio.sleep(0.001)

    watcher = asyncio.create_task(watch())
    async with stack.client() as twilio:
        answers = await asyncio.gather(
            *(twilio.post(url, content=raw, headers=headers) for url, raw, headers in requests)
        )
    watcher.cancel()
    assert [a.status_code for a in answers] == [200] * BURST
    assert IngestLoad.saturated in loads, "hundreds of webhooks at once queue up behind the writer"
    # Stepping aside, the processor would take 20 rows per YIELD_SECONDS: far slower than this.
    deadline = asyncio.get_running_loop().time() + BURST / 20 * YIELD_SECONDS / 3
    while await unprocessed(stack) and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    assert await unprocessed(stack) == 0
    assert writer.load() is IngestLoad.idle
