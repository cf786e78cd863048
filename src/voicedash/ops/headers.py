"""Security headers on every HTTP response: CSP without inline script, no framing, no sniffing, HSTS."""

from __future__ import annotations

from typing import Any

from voicedash.ops.origins import origin_of

# The built SPA has no inline script or style element; React's style props go through the CSSOM.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; media-src {media}; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def security_headers(*, https: bool, media_origin: str | None = None) -> list[tuple[bytes, bytes]]:
    """The headers to add; `media_origin` is where voicemail recordings play from (Twilio, the sandbox)."""
    media = " ".join(["'self'", "https:", *([origin_of(media_origin) or ""] if media_origin else [])]).strip()
    headers = {
        "content-security-policy": _CSP.format(media=media),
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "same-origin",
        "cross-origin-opener-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=()",
    }
    if https:
        headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"
    return [(name.encode(), value.encode()) for name, value in headers.items()]


# API answers carry patients' numbers: no browser or proxy keeps a copy.
_NO_STORE = [(b"cache-control", b"no-store")]


class SecurityHeadersMiddleware:
    """Pure ASGI: adds the headers to each response start, leaving any the app set itself."""

    def __init__(self, app: Any, *, headers: list[tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = self.headers + (_NO_STORE if scope["path"].startswith("/api/") else [])

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in wanted if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
