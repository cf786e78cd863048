"""The hardened surface: login brute force, CORS, security headers, the security log, socket auth."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import httpx
import pytest
import socketio

from tests.integration.conftest import LogLines
from tests.support.stack import ADMIN_PASSWORD, Stack, running_stack
from voicedash.auth.ratelimit import SlidingWindowLimiter
from voicedash.models import Role

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
PARTNER = "https://booking.example.org"
EVIL = "https://evil.example"


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url, cors_origins=PARTNER) as running:
        yield running


@pytest.fixture
def clock(stack: Stack) -> Iterator[list[float]]:
    """A fresh login limiter on a clock the test moves; another fresh one afterwards."""
    now = [1000.0]
    stack.api.state.login_limiter = SlidingWindowLimiter(limit=5, window=60, clock=lambda: now[0])
    yield now
    stack.api.state.login_limiter = SlidingWindowLimiter(limit=5, window=60)


def from_address(stack: Stack, address: str) -> httpx.AsyncClient:
    """A client whose requests come from another loopback address: another IP to the server."""
    return stack.client(transport=httpx.AsyncHTTPTransport(local_address=address))


async def login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post("/api/auth/login", json={"username": username, "password": password})


async def test_five_failures_per_ip_then_429_with_retry_after(stack: Stack, clock: list[float]) -> None:
    async with stack.client() as client:
        for attempt in range(5):
            assert (await login(client, f"nobody{attempt}", "wrong password")).status_code == 401
        limited = await login(client, "admin", ADMIN_PASSWORD)
        assert limited.status_code == 429 and limited.json()["code"] == "RATE_LIMITED"
        assert 1 <= int(limited.headers["Retry-After"]) <= 60
        clock[0] += 61
        assert (await login(client, "admin", ADMIN_PASSWORD)).status_code == 200


async def test_five_failures_per_username_from_any_ip_then_429(stack: Stack, clock: list[float]) -> None:
    for attempt in range(5):
        async with from_address(stack, f"127.0.0.{10 + attempt}") as client:
            assert (await login(client, "admin", "wrong password")).status_code == 401
    async with from_address(stack, "127.0.0.20") as fresh_ip:
        assert (await login(fresh_ip, "admin", ADMIN_PASSWORD)).status_code == 429
        assert (await login(fresh_ip, "someone-else", "wrong password")).status_code == 401


async def test_security_log_lines_carry_who_and_where(
    stack: Stack, clock: list[float], json_logs: LogLines
) -> None:
    async with stack.client(headers={"User-Agent": "brute/1.0"}) as client:
        for _ in range(6):
            await login(client, "admin", "wrong password")
        await client.get("/api/calls/history?to=%2B14155550199")
    async with stack.client(headers={"Origin": EVIL}) as cross_site:
        await cross_site.get("/health")
    leaked = "vd_this-token-must-never-be-logged"
    async with stack.client(headers={"Authorization": f"Bearer {leaked}"}) as bad_token:
        await bad_token.get("/api/calls/history")
    async with stack.client(cookies={"voicedash_session": leaked}) as bad_cookie:
        await bad_cookie.get("/api/calls/history")
    lines = json_logs()
    events = {line["event"]: line for line in lines if line.get("logger") == "voicedash.security"}
    assert {"LOGIN_FAILED", "RATE_LIMITED", "UNAUTHORIZED_ACCESS", "FAILED_REQUEST", "CORS_REJECTED"} <= set(
        events
    )
    for line in events.values():
        assert line["timestamp"] and line["severity"] and line["ip"] == "127.0.0.1" and line["method"]
    assert (
        events["LOGIN_FAILED"]["user_agent"] == "brute/1.0"
        and events["LOGIN_FAILED"]["url"] == "/api/auth/login"
    )
    assert events["CORS_REJECTED"]["origin"] == EVIL
    failed = [line for line in lines if line["event"] == "FAILED_REQUEST" and line["status"] == 401]
    assert any(line["url"] == "/api/calls/history" for line in failed), "the path, without the query"
    written = "\n".join(map(str, lines))
    assert "wrong password" not in written and "4155550199" not in written and leaked not in written


@pytest.mark.parametrize("origin", ["http://localhost:3000", PARTNER, "PUBLIC_URL"])
async def test_allowed_origins_get_cors_headers(stack: Stack, origin: str) -> None:
    origin = stack.settings.public_url or "" if origin == "PUBLIC_URL" else origin
    async with stack.client(Role.viewer, headers={"Origin": origin}) as client:
        response = await client.get("/api/calls/history")
        assert response.headers["access-control-allow-origin"] == origin
        assert response.headers["access-control-allow-credentials"] == "true"
        preflight = await client.options(
            "/api/calls/start",
            headers={
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == origin
        for method in ("GET", "POST", "PUT", "DELETE", "OPTIONS"):
            assert method in preflight.headers["access-control-allow-methods"]


async def test_a_rejected_origin_gets_no_cors_headers(stack: Stack, json_logs: LogLines) -> None:
    async with stack.client(Role.viewer, headers={"Origin": EVIL}) as client:
        response = await client.get("/api/calls/history")
        assert "access-control-allow-origin" not in response.headers
        preflight = await client.options(
            "/api/calls/start", headers={"Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in preflight.headers
    assert any(line["event"] == "CORS_REJECTED" and line["origin"] == EVIL for line in json_logs())


@pytest.mark.parametrize("path", ["/api/calls/history", "/", "/login", "/api/nothing-here", "/health"])
async def test_security_headers_on_every_response(stack: Stack, path: str) -> None:
    async with stack.client(Role.viewer) as client:
        headers = (await client.get(path)).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in headers, "HSTS only over https"
    if path.startswith("/api/"):
        assert headers["cache-control"] == "no-store"


class SocketProbe:
    """Tries one Socket.IO connection; its own HTTP session, so a refused attempt leaves nothing open."""

    async def connect(self, stack: Stack, **kwargs: Any) -> bool:
        async with aiohttp.ClientSession() as http:
            client = socketio.AsyncClient(reconnection=False, http_session=http)
            try:
                await client.connect(
                    stack.app_url, socketio_path="socket.io", transports=["websocket"], **kwargs
                )
            except socketio.exceptions.ConnectionError:
                return False
            await client.disconnect()
            return True


async def test_sockets_are_refused_without_auth_and_accepted_with_it(stack: Stack) -> None:
    assert not await SocketProbe().connect(stack)
    assert not await SocketProbe().connect(stack, auth={"token": "vd_nonsense"})
    assert not await SocketProbe().connect(stack, auth={"last_event_id": 5})
    token = stack.tokens[Role.viewer]
    assert await SocketProbe().connect(stack, auth={"token": token, "last_event_id": 5})
    async with stack.login() as browser:
        cookie = f"voicedash_session={browser.cookies['voicedash_session']}"
        assert await SocketProbe().connect(stack, headers={"Cookie": cookie})
        await browser.post("/api/auth/logout")
    assert not await SocketProbe().connect(stack, headers={"Cookie": cookie}), "signed out"


async def test_sockets_from_a_rejected_origin_are_refused(stack: Stack, json_logs: LogLines) -> None:
    token = stack.tokens[Role.viewer]
    assert not await SocketProbe().connect(stack, auth={"token": token}, headers={"Origin": EVIL})
    assert await SocketProbe().connect(stack, auth={"token": token}, headers={"Origin": PARTNER})
    assert any(line["event"] == "CORS_REJECTED" and line["url"] == "/socket.io/" for line in json_logs())
