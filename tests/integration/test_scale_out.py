"""Two app processes on one PostgreSQL database and one Redis: they share the work and the live events."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
import socketio
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from tests.conftest import skip_or_fail
from tests.support.process import AUTH_TOKEN, AppProcess, api_token
from tests.support.webhooks import execution_sid, signed_json
from voicedash.models import CallEvent

REDIS_URL = os.environ.get("VOICEDASH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
async def redis_url() -> str:
    client = aioredis.from_url(REDIS_URL)
    try:
        await client.ping()
    except (OSError, aioredis.RedisError) as exc:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    finally:
        await client.aclose()
    return REDIS_URL


async def role(app: AppProcess) -> str:
    async with httpx.AsyncClient(base_url=app.url, timeout=10) as client:
        return str((await client.get("/health")).json()["services"]["webhooks"]["processor"])


async def post(app: AppProcess, body: dict[str, Any], token: str) -> int:
    url, raw, headers = signed_json(app.url, AUTH_TOKEN, "/api/calls/webhooks/dtmf", body, token=token)
    async with httpx.AsyncClient(base_url=app.url, timeout=10) as client:
        return (await client.post(url, content=raw, headers=headers)).status_code


async def test_a_webhook_to_one_process_reaches_a_browser_on_the_other(
    postgres_url: str, redis_url: str, tmp_path: Path
) -> None:
    channel = f"voicedash-test-{uuid.uuid4().hex[:8]}"
    apps = [
        AppProcess(
            database_url=postgres_url, data_dir=tmp_path / name, redis_url=redis_url, redis_channel=channel
        )
        for name in ("a", "b")
    ]
    for app in apps:
        app.data_dir.mkdir()
        await app.start()
    # The browser connects to the process that does NOT process webhooks: only Redis can bring it events.
    roles = {}
    for _ in range(100):
        roles = {app.url: await role(app) for app in apps}
        if sorted(roles.values()) == ["leader", "standby"]:
            break
        await asyncio.sleep(0.1)
    assert sorted(roles.values()) == ["leader", "standby"], roles
    a, b = sorted(apps, key=lambda app: roles[app.url])  # a leads, b stands by
    received: list[dict[str, Any]] = []
    client = socketio.AsyncClient(reconnection=False)
    client.on("dtmfUpdate", lambda payload: received.append(payload))
    try:
        await client.connect(b.url, transports=["websocket"], auth={"token": await api_token(postgres_url)})
        sid = execution_sid(40_000)
        body = {"execution_sid": sid, "event": "dtmf_action", "action": "confirm_appointment", "digits": "1"}
        # The same delivery reaches both processes (a retry through the load balancer).
        assert await post(a, body, token="delivery-1") == 200
        assert await post(b, body, token="delivery-1") == 200
        for _ in range(100):
            if received:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        assert [(p["execution_sid"], p["action"]) for p in received] == [(sid, "confirm_appointment")]
        engine = create_async_engine(postgres_url)
        try:
            async with engine.connect() as connection:
                events = await connection.scalar(select(func.count()).where(CallEvent.execution_sid == sid))
        finally:
            await engine.dispose()
        assert events == 1, "processed once, by one of the two"
    finally:
        await client.disconnect()
        for app in apps:
            app.stop()
