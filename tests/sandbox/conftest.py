"""Fixtures: sandboxes and a webhook receiver served on loopback, and SDK clients pointed at them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from twilio.rest import Client

from studio_sandbox import Sandbox, SandboxConfig, create_sandbox
from studio_sandbox.sdk import sandbox_client
from tests.sandbox.support import Receiver
from tests.support.servers import serving

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-auth-token-0123456789abcdef"


@dataclass
class Running:
    """A sandbox being served, with an async SDK client pointed at it."""

    sandbox: Sandbox
    url: str
    client: Client


@pytest.fixture(scope="session")
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    """The stand-in for voicedash's webhook endpoints."""
    receiver = Receiver(AUTH_TOKEN)
    async with serving(receiver.app()) as url:
        yield receiver, url


async def _running(config: SandboxConfig) -> AsyncIterator[Running]:
    sandbox = create_sandbox(config)
    async with serving(sandbox.asgi) as url:
        client = sandbox_client(url, config.account_sid, config.auth_token, async_=True)
        try:
            yield Running(sandbox, url, client)
        finally:
            await client.http_client.close()


@pytest.fixture(scope="session")
async def instant() -> AsyncIterator[Running]:
    """A sandbox where simulated time takes no time (and the execution rate is not capped)."""
    config = SandboxConfig(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, time_scale=0, executions_per_second=0
    )
    async for running in _running(config):
        yield running


@pytest.fixture(scope="session")
async def realtime() -> AsyncIterator[Running]:
    """A sandbox running in real time, for executions that must stay active a while."""
    config = SandboxConfig(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, time_scale=1.0)
    async for running in _running(config):
        yield running
