"""Kill -9 amid a stream of webhooks: every one that was acknowledged survives and is processed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support.process import AUTH_TOKEN, AppProcess
from tests.support.webhooks import execution_sid, signed_json
from voicedash.models import CallEvent, WebhookInbox

TOTAL = 1000
KILL_AFTER = 300


async def send_until_killed(app: AppProcess) -> set[str]:
    """Send TOTAL distinct webhooks, 20 at a time; SIGKILL the server after KILL_AFTER acks."""
    acked: set[str] = set()
    gate = asyncio.Semaphore(20)

    async def send(client: httpx.AsyncClient, n: int) -> None:
        sid = execution_sid(10_000 + n)
        body = {"execution_sid": sid, "event": "busy", "call_status": "busy"}
        url, raw, headers = signed_json(app.url, AUTH_TOKEN, "/api/calls/webhooks/status", body)
        async with gate:
            try:
                response = await client.post(url, content=raw, headers=headers)
            except httpx.TransportError:
                return  # never acknowledged: Twilio would retry it
        if response.status_code == 200:
            acked.add(sid)
            if len(acked) == KILL_AFTER:
                app.kill()

    async with httpx.AsyncClient(base_url=app.url, timeout=10) as client:
        await asyncio.gather(*(send(client, n) for n in range(TOTAL)))
    return acked


async def test_sigkill_mid_stream_loses_nothing_that_was_acknowledged(
    database_url: str, tmp_path: Path
) -> None:
    app = AppProcess(database_url=database_url, data_dir=tmp_path)
    await app.start()
    try:
        acked = await send_until_killed(app)
        assert KILL_AFTER <= len(acked) < TOTAL, "the kill must land mid-stream"
        await app.start()  # same database, same data directory
        engine = create_async_engine(database_url)
        try:
            for _ in range(200):
                async with engine.connect() as connection:
                    pending = await connection.scalar(
                        select(func.count())
                        .select_from(WebhookInbox)
                        .where(WebhookInbox.processed_at.is_(None))
                    )
                    stored = set(await connection.scalars(select(CallEvent.execution_sid)))
                if pending == 0 and acked <= stored:
                    break
                await asyncio.sleep(0.1)
            assert acked - stored == set(), f"{len(acked - stored)} acknowledged webhooks were lost"
            assert pending == 0
        finally:
            await engine.dispose()
    finally:
        app.stop()
