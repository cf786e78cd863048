"""Limits on one request: the size of its body and how long it may run."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from voicedash.errors import error_body


async def _send_error(
    send: Any, status: int, message: str, code: str, details: dict[str, Any] | None = None
) -> None:
    body = json.dumps(error_body(message, code, details)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _ResponseTracker:
    """Wraps `send` to know whether the response has started (after which no error can be sent)."""

    def __init__(self, send: Any) -> None:
        self._send = send
        self.started = False

    async def __call__(self, message: dict[str, Any]) -> None:
        self.started = self.started or message["type"] == "http.response.start"
        await self._send(message)


class BodyTooLargeError(Exception):
    pass


class BodySizeLimitMiddleware:
    """Refuse bodies over `max_bytes` with a 413: by Content-Length up front, or as the bytes arrive."""

    def __init__(self, app: Any, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        tracker = _ResponseTracker(send)

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError
            return message

        try:
            await self.app(scope, limited_receive, tracker)
        except BodyTooLargeError:
            if not tracker.started:
                await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        message = f"request body is larger than {self.max_bytes} bytes"
        await _send_error(send, 413, message, "PAYLOAD_TOO_LARGE", {"field": "body"})


class RequestTimeoutMiddleware:
    """A request still running after `seconds` gets a 504 envelope; its work is cancelled (its transaction
    rolls back). If the response had already started, the connection is closed instead.

    Downloads under `streaming_paths` (the CSV export) are limited only until their response starts:
    a large file takes as long as it takes to send."""

    def __init__(self, app: Any, *, seconds: float, streaming_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.seconds = seconds
        self.streaming_paths = streaming_paths

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        streaming = scope["path"] in self.streaming_paths
        try:
            async with asyncio.timeout(self.seconds) as deadline:

                async def tracked(message: dict[str, Any]) -> None:
                    if streaming and message["type"] == "http.response.start":
                        deadline.reschedule(None)
                    await tracker(message)

                tracker = _ResponseTracker(send)
                await self.app(scope, receive, tracked)
        except TimeoutError:
            if tracker.started:
                raise
            message = f"the request took longer than {self.seconds:g} s and was stopped"
            await _send_error(send, 504, message, "TIMEOUT")
