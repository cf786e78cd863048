"""Twilio's webhooks served straight from ASGI: the same checks, without the general request stack.

A webhook is the request that arrives thousands of times a second, and FastAPI's routing, dependency
injection and six middlewares (each wrapping `send` and `receive`) cost more than the checks themselves.
What those layers do for a webhook is done here too: the body limit, the request timeout, the security
headers and Cache-Control, the FAILED_REQUEST security log line, the envelope for every error, and a
request log (aggregated, see `AckLog`). A request with an Origin header comes from a browser, never from
Twilio: it takes the general path, which owns CORS.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from typing import Any

from fastapi import FastAPI
from starlette.requests import Request

from voicedash.config import Settings
from voicedash.errors import AppError, PayloadTooLargeError, error_body
from voicedash.logs import get_logger
from voicedash.ops.timing import log_request
from voicedash.security_log import scope_fields, security_event
from voicedash.webhooks.identity import TOKEN_HEADER
from voicedash.webhooks.parse import WebhookKind
from voicedash.webhooks.router import (
    MAX_BODY_BYTES,
    WebhookRequest,
    accept_webhook,
    body_incomplete,
    body_too_large,
)

log = get_logger("voicedash.http")
errors_log = get_logger("voicedash.errors")
WEBHOOK_PATHS = {f"/api/calls/webhooks/{kind.value}": kind for kind in WebhookKind}
_HEADERS = frozenset(
    {
        b"content-type",
        b"content-length",
        b"x-twilio-signature",
        b"x-twilio-webhooks-signature-settings",
        TOKEN_HEADER.encode(),
        b"user-agent",
        b"origin",
    }
)
_JSON = (b"content-type", b"application/json")
LOG_INTERVAL_SECONDS = 10.0


class AckLog:
    """The request log for webhooks: a failed or slow request gets its own line, as any request does;
    the acknowledged ones are counted into one `webhooks_acknowledged` line per interval (per kind,
    with mean and max duration). Thousands of identical lines a second would cost more CPU than the
    webhooks themselves and tell nobody more."""

    def __init__(self, slow_seconds: float, interval: float = LOG_INTERVAL_SECONDS) -> None:
        self.slow_seconds = slow_seconds
        self.interval = interval
        self._kinds: Counter[str] = Counter()
        self._total_seconds = 0.0
        self._max_seconds = 0.0
        self._since = time.monotonic()

    def record(self, scope: dict[str, Any], kind: WebhookKind, status: int, seconds: float) -> None:
        if status >= 400 or seconds > self.slow_seconds:
            log_request(scope, status, seconds, self.slow_seconds)
        if status < 400:
            self._kinds[kind.value] += 1
            self._total_seconds += seconds
            self._max_seconds = max(self._max_seconds, seconds)
        now = time.monotonic()
        if now - self._since >= self.interval:
            self.flush(now)

    def flush(self, now: float | None = None) -> None:
        """Write the line for the interval so far (if anything was acknowledged) and start a new one."""
        now = time.monotonic() if now is None else now
        count = sum(self._kinds.values())
        if count:
            log.info(
                "webhooks_acknowledged",
                count=count,
                kinds=dict(self._kinds),
                seconds=round(now - self._since, 1),
                mean_ms=round(self._total_seconds / count * 1000, 2),
                max_ms=round(self._max_seconds * 1000, 1),
            )
        self._kinds.clear()
        self._total_seconds = self._max_seconds = 0.0
        self._since = now


def _headers_of(scope: dict[str, Any]) -> dict[bytes, str]:
    """The headers a webhook needs, first occurrence of each, in one pass."""
    found: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        if name in _HEADERS and name not in found:
            found[name] = value.decode("latin-1")
    return found


async def _read_body(receive: Any, declared: str | None, limit: int) -> bytes:
    if declared and declared.isdigit() and int(declared) > limit:
        raise body_too_large() if limit == MAX_BODY_BYTES else _over(limit)
    body = b""
    while True:
        message: dict[str, Any] = await receive()
        if message["type"] == "http.disconnect":
            raise body_incomplete()
        chunk: bytes = message.get("body", b"")
        body += chunk
        if len(body) > limit:
            raise body_too_large() if limit == MAX_BODY_BYTES else _over(limit)
        if not message.get("more_body", False):
            return body


def _over(limit: int) -> PayloadTooLargeError:
    return PayloadTooLargeError(f"request body is larger than {limit} bytes", details={"field": "body"})


class WebhookFastPath:
    """ASGI: the three webhook paths are answered here; every other request goes on to `app`."""

    def __init__(self, app: Any, api: FastAPI, *, headers: list[tuple[bytes, bytes]]) -> None:
        self.app = app
        # The FastAPI application, as socketio.ASGIApp names it: tests and tools reach its state here.
        self.other_asgi_app = api
        self.settings: Settings = api.state.settings
        self.state = api.state
        self.body_limit = min(MAX_BODY_BYTES, self.settings.max_body_bytes)
        self.response_headers = [*headers, (b"cache-control", b"no-store")]
        self.ack_log = AckLog(self.settings.slow_request_seconds)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        kind = WEBHOOK_PATHS.get(scope["path"]) if scope["type"] == "http" else None
        if kind is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = _headers_of(scope)
        if b"origin" in headers:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status, envelope, extra = await self._answer(kind, scope, headers, receive)
        body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        response_headers = [_JSON, (b"content-length", str(len(body)).encode("ascii"))]
        response_headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in extra.items()]
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": response_headers + self.response_headers,
            }
        )
        await send({"type": "http.response.body", "body": body})
        if status >= 400:
            severity = "high" if status >= 500 else "low"
            security_event("FAILED_REQUEST", scope_fields(scope), severity=severity, status=status)
        self.ack_log.record(scope, kind, status, time.perf_counter() - started)

    async def _answer(
        self, kind: WebhookKind, scope: dict[str, Any], headers: dict[bytes, str], receive: Any
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """(status, envelope, extra headers), whatever happens: errors become their envelope."""
        seconds = self.settings.request_timeout_seconds
        try:
            async with asyncio.timeout(seconds) as deadline:
                return 200, await self._accept(kind, scope, headers, receive), {}
        except AppError as exc:
            return exc.status_code, error_body(exc.message, exc.code, exc.details), exc.headers
        except TimeoutError:
            if not deadline.expired():
                raise
            message = f"the request took longer than {seconds:g} s and was stopped"
            return 504, error_body(message, "TIMEOUT"), {}
        except Exception as exc:  # a bug: logged for the developers, the envelope for the client
            errors_log.error("unhandled_error", method=scope["method"], path=scope["path"], exc_info=exc)
            return 500, error_body("internal error; it has been logged", "INTERNAL_ERROR"), {}

    async def _accept(
        self, kind: WebhookKind, scope: dict[str, Any], headers: dict[bytes, str], receive: Any
    ) -> dict[str, Any]:
        client = scope.get("client")
        webhook = WebhookRequest(
            kind=kind,
            path=scope["path"],
            query=scope["query_string"].decode("latin-1"),
            body=await _read_body(receive, headers.get(b"content-length"), self.body_limit),
            content_type=headers.get(b"content-type", ""),
            signature=headers.get(b"x-twilio-signature"),
            signature_settings=headers.get(b"x-twilio-webhooks-signature-settings"),
            idempotency_token=headers.get(TOKEN_HEADER.encode()),
            user_agent=headers.get(b"user-agent"),
            ip=client[0] if client else None,
        )
        base = self.settings.public_url or str(Request(scope).base_url).rstrip("/")
        return await accept_webhook(
            webhook, base_url=base, settings=self.settings, writer=self.state.inbox_writer
        )
