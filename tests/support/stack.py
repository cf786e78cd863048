"""The whole product on loopback: studio_sandbox and voicedash, each on a real port, the real SDK between."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from studio_sandbox.app import create_sandbox
from studio_sandbox.config import SandboxConfig
from tests.support.servers import listening_socket, port_of, serving
from voicedash.app import create_app
from voicedash.config import Environment, Settings
from voicedash.twilio_gateway.flow import FRIENDLY_NAME, FlowText, appointment_flow
from voicedash.twilio_gateway.gateway import TwilioGateway

FROM_NUMBER = "+15005550006"


@dataclass
class Stack:
    app_url: str
    sandbox_url: str
    settings: Settings
    api: FastAPI
    http: httpx.AsyncClient

    async def start_call(self, to: Any) -> httpx.Response:
        return await self.http.post("/api/calls/start", json={"to": to})

    async def detail(self, execution_sid: str) -> dict[str, Any]:
        response = await self.http.get(f"/api/calls/history/{execution_sid}")
        response.raise_for_status()
        data: dict[str, Any] = response.json()["data"]
        return data

    async def wait_for(
        self, execution_sid: str, done: Callable[[dict[str, Any]], bool], timeout: float = 15.0
    ) -> dict[str, Any]:
        """Poll the call's detail until `done(detail)` holds; fail with the last detail seen."""
        deadline = asyncio.get_running_loop().time() + timeout
        detail: dict[str, Any] = {}
        while True:
            response = await self.http.get(f"/api/calls/history/{execution_sid}")
            if response.status_code != 404:  # webhooks are processed just after they are acknowledged
                response.raise_for_status()
                detail = response.json()["data"]
                if done(detail):
                    return detail
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"call did not settle in {timeout} s: {detail.get('call')}")
            await asyncio.sleep(0.05)


@asynccontextmanager
async def running_stack(
    database_url: str, *, time_scale: float = 0.0, **overrides: Any
) -> AsyncIterator[Stack]:
    """Sandbox + app on free ports; the bundled flow deployed into the sandbox through the SDK."""
    sandbox_config = SandboxConfig(
        auth_token=secrets.token_hex(16), time_scale=time_scale, calls_per_second=0
    )
    sandbox = create_sandbox(sandbox_config)
    app_socket = listening_socket()
    app_port = port_of(app_socket)
    async with serving(sandbox.asgi) as sandbox_url:
        settings = Settings(
            environment=Environment.test,
            twilio_account_sid=sandbox_config.account_sid,
            twilio_auth_token=sandbox_config.auth_token,
            twilio_phone_number=FROM_NUMBER,
            twilio_api_base_url=sandbox_url,
            public_url=f"http://127.0.0.1:{app_port}",
            port=app_port,
            database_url=database_url,
            **overrides,
        )
        gateway = TwilioGateway(
            account_sid=sandbox_config.account_sid,
            auth_token=sandbox_config.auth_token,
            api_base_url=sandbox_url,
        )
        try:
            definition = appointment_flow(
                public_url=settings.public_url or "", text=FlowText(prompt="Press 1.")
            )
            settings.twilio_flow_sid = await gateway.deploy_flow(
                friendly_name=FRIENDLY_NAME, definition=definition
            )
        finally:
            await gateway.aclose()
        asgi = create_app(settings)
        async with (
            serving(asgi, app_socket) as app_url,
            httpx.AsyncClient(base_url=app_url, timeout=20) as http,
        ):
            yield Stack(app_url, sandbox_url, settings, asgi.other_asgi_app, http)
