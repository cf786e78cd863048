"""Log every request's method, path, status and duration; warn when one is slow."""

from __future__ import annotations

import time
from typing import Any

from voicedash.logs import get_logger

log = get_logger("voicedash.http")


class RequestTimingMiddleware:
    """Pure ASGI, so streaming responses are timed to their end. The query string is never logged."""

    def __init__(self, app: Any, *, slow_seconds: float) -> None:
        self.app = app
        self.slow_seconds = slow_seconds

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            log_request(scope, status, time.perf_counter() - started, self.slow_seconds)


def log_request(scope: dict[str, Any], status: int, seconds: float, slow_seconds: float) -> None:
    """One `request` line (a `slow_request` warning past `slow_seconds`): method, path, status, time."""
    fields = {
        "method": scope["method"],
        "path": scope["path"],
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
    }
    if seconds > slow_seconds:
        log.warning("slow_request", **fields)
    else:
        log.info("request", **fields)
