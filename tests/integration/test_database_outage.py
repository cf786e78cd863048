"""The database goes away for 10 s during a stream of webhooks: all are acknowledged, none is lost."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.engine import make_url

from tests.support.proxy import OutageProxy
from tests.support.stack import Stack, running_stack
from tests.support.webhooks import execution_sid, signed_json

OUTAGE_SECONDS = 10


async def send(stack: Stack, n: int) -> int:
    body = {"execution_sid": execution_sid(20_000 + n), "event": "no_answer", "call_status": "no-answer"}
    url, raw, headers = signed_json(
        stack.settings.public_url or "", stack.settings.auth_token, "/api/calls/webhooks/status", body
    )
    return (await stack.http.post(url, content=raw, headers=headers)).status_code


async def test_webhooks_during_a_database_outage_are_spooled_and_replayed(postgres_url: str) -> None:
    target = make_url(postgres_url)
    proxy = OutageProxy(target.host or "127.0.0.1", target.port or 5432)
    await proxy.start()
    through_proxy = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    async with running_stack(through_proxy) as stack:
        statuses = [await send(stack, n) for n in range(20)]
        await proxy.cut()
        loop = asyncio.get_running_loop()
        outage_ends = loop.time() + OUTAGE_SECONDS
        n = 20
        while loop.time() < outage_ends:
            statuses.append(await send(stack, n))
            n += 1
            await asyncio.sleep(0.05)
        health = (await stack.http.get("/health")).json()
        assert health["services"]["webhooks"]["spool_depth"] > 0
        assert health["services"]["database"]["status"] == "down"
        await proxy.restore()
        statuses += [await send(stack, m) for m in range(n, n + 20)]
        total = n + 20
        assert statuses == [200] * total, "every webhook is acknowledged, outage or not"
        for m in range(total):
            await stack.wait_for(
                execution_sid(20_000 + m), lambda d: d["call"]["outcome"] == "no_answer", timeout=30
            )
        health = (await stack.http.get("/health")).json()
        assert health["services"]["webhooks"]["spool_depth"] == 0
    await proxy.cut()


@pytest.fixture(autouse=True)
def _needs_postgres(postgres_url: str) -> None:
    """The outage is cut in the network path, which SQLite does not have."""
