"""The whole product on loopback: studio_sandbox and voicedash, each on a real port, the real SDK between."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography.fernet import Fernet
from fastapi import FastAPI

from studio_sandbox.app import Sandbox, create_sandbox
from studio_sandbox.config import SandboxConfig
from tests.support.servers import listening_socket, port_of, serving
from voicedash.app import create_app
from voicedash.auth import service as auth_service
from voicedash.auth.csrf import CSRF_COOKIE, CSRF_HEADER
from voicedash.config import Environment, Settings
from voicedash.models import Role
from voicedash.twilio_gateway.flow import FRIENDLY_NAME, FlowText, appointment_flow
from voicedash.twilio_gateway.gateway import TwilioGateway

FROM_NUMBER = "+15005550006"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "correct horse battery staple"
# One key for the whole test run: stacks that share a database file must read each other's rows.
TEST_ENCRYPTION_KEY = Fernet.generate_key().decode()


@dataclass
class Stack:
    app_url: str
    sandbox_url: str
    settings: Settings
    api: FastAPI
    http: httpx.AsyncClient
    """Authenticated as an operator (API token), like an automation client."""
    tokens: dict[Role, str]
    sandbox: Sandbox | None = None
    """The sandbox itself, to read what it was asked to do (executions and when they were created)."""

    def client(
        self, role: Role | None = None, *, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> httpx.AsyncClient:
        """A new client (use it in `async with`): anonymous, or with the API token of `role`."""
        token = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.AsyncClient(
            base_url=self.app_url, timeout=20, headers={**token, **(headers or {})}, **kwargs
        )

    async def create_user(self, username: str, password: str, role: Role = Role.operator) -> None:
        """Make an account straight through the service, as `voicedash users create` does."""
        async with self.api.state.sessions() as session:
            if await auth_service.find_user(session, username) is None:
                await auth_service.create_user(
                    session, username=username, password=password, role=role, actor="tests"
                )
                await session.commit()

    async def create_token(self, role: Role, name: str = "tests") -> str:
        async with self.api.state.sessions() as session:
            _, secret = await auth_service.create_token(session, name=name, role=role, actor="tests")
            await session.commit()
        return secret

    @asynccontextmanager
    async def login(
        self, username: str = ADMIN_USERNAME, password: str = ADMIN_PASSWORD
    ) -> AsyncIterator[httpx.AsyncClient]:
        """A client signed in like the browser: session cookie, CSRF header, same-origin Origin."""
        async with self.client(headers={"Origin": self.app_url}) as client:
            response = await client.post("/api/auth/login", json={"username": username, "password": password})
            assert response.status_code == 200, f"login failed: {response.status_code} {response.text}"
            client.headers[CSRF_HEADER] = client.cookies[CSRF_COOKIE]
            yield client

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
            **{"database_encryption_key": TEST_ENCRYPTION_KEY, **overrides},
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
        async with serving(asgi, app_socket) as app_url:
            stack = Stack(
                app_url, sandbox_url, settings, asgi.other_asgi_app, httpx.AsyncClient(), {}, sandbox
            )
            for role in Role:
                stack.tokens[role] = await stack.create_token(role, name=f"tests-{role.value}")
            await stack.create_user(ADMIN_USERNAME, ADMIN_PASSWORD, Role.admin)
            async with stack.client(Role.operator) as http:
                stack.http = http
                yield stack
