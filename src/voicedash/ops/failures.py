"""Security log lines for every failed request (FAILED_REQUEST) and every refused origin (CORS_REJECTED)."""

from __future__ import annotations

from typing import Any

from voicedash.ops.origins import OriginPolicy, own_origin
from voicedash.security_log import scope_fields, security_event


class SecurityLogMiddleware:
    """Pure ASGI, outermost, so it sees the status the client gets (timeouts and CORS refusals included)."""

    def __init__(self, app: Any, *, policy: OriginPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = next((bytes(v).decode("latin-1") for k, v in scope["headers"] if k == b"origin"), None)
        if origin and not self.policy.allows(origin, own_origin(scope)):
            security_event("CORS_REJECTED", scope_fields(scope), severity="medium", origin=origin)
        status = 500

        async def send_watching(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_watching)
        finally:
            if status >= 400:
                severity = "high" if status >= 500 else "low"
                security_event("FAILED_REQUEST", scope_fields(scope), severity=severity, status=status)
