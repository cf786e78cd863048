"""Request time limit: a request still running after REQUEST_TIMEOUT_SECONDS gets a 504 envelope."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from voicedash.errors import error_body


class RequestTimeoutMiddleware:
    """Pure ASGI. The request's work is cancelled (its transaction rolls back); if the response had
    already started, the connection is closed instead, as nothing else can be said."""

    def __init__(self, app: Any, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, send_tracking)
        except TimeoutError:
            if started:
                raise
            await self._send_timeout(send)

    async def _send_timeout(self, send: Any) -> None:
        body = json.dumps(
            error_body(f"the request took longer than {self.seconds:g} s and was stopped", "TIMEOUT")
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 504,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
