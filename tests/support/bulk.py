"""What the bulk-call tests share: a stack set up for batches, and ways to read what it did."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from tests.support.stack import Stack, running_stack

FAST = 30  # CALLS_PER_SECOND where pacing is not the point


def number(n: int) -> str:
    """A distinct valid number per n; the sandbox callee acts by its last digit."""
    return f"+1415555{n:04d}"


@asynccontextmanager
async def bulk_stack(database_url: str) -> AsyncIterator[Stack]:
    """Sandbox and app, US numbers typed nationally, fast batches, calls that end in silence settled fast."""
    async with running_stack(
        database_url,
        default_region="US",
        calls_per_second=FAST,
        reconcile_interval_seconds=0.2,
        reconcile_quiet_seconds=0.5,
    ) as running:
        yield running


@contextmanager
def setting(stack: Stack, name: str, value: Any) -> Iterator[None]:
    """Change one of the running app's settings for the duration of a block."""
    before = getattr(stack.settings, name)
    setattr(stack.settings, name, value)
    try:
        yield
    finally:
        setattr(stack.settings, name, before)


def executions_to(stack: Stack, numbers: set[str]) -> list[Any]:
    """What the sandbox was asked to run for these numbers, oldest first."""
    assert stack.sandbox is not None and stack.settings.twilio_flow_sid
    found = stack.sandbox.store.executions(stack.settings.twilio_flow_sid)
    return sorted((e for e in found if e.to in numbers), key=lambda e: e.date_created)


async def batch(stack: Stack, batch_id: str) -> dict[str, Any]:
    response = await stack.http.get(f"/api/calls/batches/{batch_id}")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def wait_batch(stack: Stack, batch_id: str, done: Any, timeout: float = 30.0) -> dict[str, Any]:
    """Poll the batch until `done(detail)` holds; fail with the last detail seen."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        detail = await batch(stack, batch_id)
        if done(detail):
            return detail
        assert asyncio.get_running_loop().time() < deadline, f"batch never got there: {detail}"
        await asyncio.sleep(0.05)


def verdicts(data: dict[str, Any]) -> list[tuple[int, str, int | None]]:
    """(row, code, duplicate_of) of each rejected row."""
    return [(r["row"], r["code"], r.get("duplicate_of")) for r in data["rejected"]]
