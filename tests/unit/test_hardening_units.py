"""Middleware on a bare ASGI app: security headers (HSTS over https), the request time limit."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from voicedash.config import ConfigurationError, Environment, Settings, ensure_complete
from voicedash.ops.headers import SecurityHeadersMiddleware, security_headers
from voicedash.ops.limits import RequestTimeoutMiddleware

TWILIO = {
    "twilio_account_sid": "AC" + "0" * 32,
    "twilio_auth_token": "t" * 32,
    "twilio_phone_number": "+15005550006",
    "twilio_flow_sid": "FW" + "0" * 32,
    "public_url": "https://clinic.example.org",
}


def slow_app(delay: float) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await asyncio.sleep(delay)
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"x-frame-options", b"SAMEORIGIN")]}
        )
        await send({"type": "http.response.body", "body": b"done"})

    return app


async def get(app: Any) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://test") as client:
        return await client.get("/api/calls/history?to=%2B1")


@pytest.mark.parametrize("https", [True, False])
async def test_security_headers_and_hsts_only_over_https(https: bool) -> None:
    app = SecurityHeadersMiddleware(
        slow_app(0), headers=security_headers(https=https, media_origin="http://127.0.0.1:8001/x")
    )
    response = await get(app)
    assert ("strict-transport-security" in response.headers) is https
    assert "media-src 'self' https: http://127.0.0.1:8001" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "SAMEORIGIN", "a header the app set is kept"


async def test_a_slow_request_gets_a_504_envelope() -> None:
    response = await get(RequestTimeoutMiddleware(slow_app(5), seconds=0.05))
    assert response.status_code == 504
    assert response.json()["code"] == "TIMEOUT" and response.json()["success"] is False
    assert (await get(RequestTimeoutMiddleware(slow_app(0), seconds=1))).status_code == 200


def slow_download(pause: float) -> Any:
    """Starts its response at once, then takes `pause` seconds before the last chunk."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"first,", "more_body": True})
        await asyncio.sleep(pause)
        await send({"type": "http.response.body", "body": b"last"})

    return app


async def test_a_streamed_download_is_limited_only_until_it_starts() -> None:
    streaming = RequestTimeoutMiddleware(
        slow_download(0.2), seconds=0.05, streaming_paths=("/api/calls/history",)
    )
    response = await get(streaming)
    assert response.status_code == 200 and response.text == "first,last"
    with pytest.raises(TimeoutError):  # any other path is cut: the response had started
        await get(RequestTimeoutMiddleware(slow_download(0.2), seconds=0.05))
    response = await get(
        RequestTimeoutMiddleware(slow_app(5), seconds=0.05, streaming_paths=("/api/calls/history",))
    )
    assert response.status_code == 504


@pytest.mark.parametrize(
    ("secrets", "named"),
    [
        ({}, ["JWT_SECRET", "DATABASE_ENCRYPTION_KEY"]),
        ({"jwt_secret": "change-me-please-this-is-a-placeholder"}, ["JWT_SECRET (a placeholder"]),
        ({"jwt_secret": "short"}, ["JWT_SECRET (a placeholder"]),
    ],
)
def test_production_refuses_missing_or_placeholder_secrets(secrets: dict[str, str], named: list[str]) -> None:
    settings = Settings(environment=Environment.production, **TWILIO, **secrets)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError) as refused:
        ensure_complete(settings)
    assert all(name in str(refused.value) for name in named)


def test_production_starts_with_real_secrets() -> None:
    from cryptography.fernet import Fernet

    settings = Settings(
        environment=Environment.production,
        jwt_secret="q8Vd1mZr0nXc4TgKpL2wYh7sE9uJfB3a",
        database_encryption_key=Fernet.generate_key().decode(),
        **TWILIO,  # type: ignore[arg-type]
    )
    ensure_complete(settings)


def test_empty_secrets_count_as_unset() -> None:
    settings = Settings(jwt_secret="", database_encryption_key=" ", admin_password="")
    assert settings.jwt_secret is None and settings.database_encryption_key is None
    assert settings.admin_password is None


def test_a_malformed_encryption_key_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="DATABASE_ENCRYPTION_KEY"):
        Settings(database_encryption_key="not-a-fernet-key")
