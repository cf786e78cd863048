"""Outbound HTTP from widgets, sent and signed the way Twilio sends webhooks."""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urlencode

import aiohttp
from yarl import URL

from studio_sandbox.signing import form_signature, with_body_hash

USER_AGENT = "TwilioProxy/1.1"
MAX_BODY_BYTES = 64 * 1024
DEFAULT_CONNECT_SECONDS = 5.0
DEFAULT_RETRIES = 1


@dataclass(frozen=True)
class OutboundRequest:
    """What a make-http-request widget asks for; `json_body` xor `form` carries the payload."""

    method: str
    url: str
    content_type: str
    json_body: str | None = None
    form: tuple[tuple[str, str], ...] = ()
    basic_auth: tuple[str, str] | None = None


@dataclass(frozen=True)
class DeliveryResult:
    """What came back; `error` is set when no usable response arrived."""

    status_code: int
    body: str = ""
    content_type: str = ""
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """2xx with a body Studio accepts."""
        return self.error is None and 200 <= self.status_code < 300


@dataclass(frozen=True)
class ConnectionOverrides:
    """Twilio's URL-fragment connection overrides (`#ct=…&tt=…&rc=…`)."""

    connect_seconds: float
    total_seconds: float
    retries: int

    @classmethod
    def parse(cls, fragment: str, total_default: float) -> ConnectionOverrides:
        """Read `ct`, `rt`/`tt` (milliseconds) and `rc` from a fragment; bad values keep the defaults."""
        values = dict(parse_qsl(fragment))

        def millis(key: str, default: float) -> float:
            try:
                return max(0.001, int(values[key]) / 1000)
            except (KeyError, ValueError):
                return default

        try:
            retries = min(5, max(0, int(values.get("rc", DEFAULT_RETRIES))))
        except ValueError:
            retries = DEFAULT_RETRIES
        total = millis("tt", millis("rt", total_default))
        return cls(millis("ct", DEFAULT_CONNECT_SECONDS), total, retries)


@dataclass(frozen=True)
class PreparedRequest:
    """A request ready to go: final URL, body bytes and headers (signature included)."""

    method: str
    url: str
    body: bytes | None
    headers: dict[str, str]


def prepare(request: OutboundRequest, auth_token: str) -> tuple[PreparedRequest, str]:
    """Encode the payload and sign it; the URL fragment is split off (it is never sent) and returned."""
    url, fragment = urldefrag(request.url)
    headers = {
        "User-Agent": USER_AGENT,
        "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
        "Accept": "*/*",
    }
    body: bytes | None = None
    if request.method == "GET":
        if request.form:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(request.form)}"
        signature = form_signature(auth_token, url)
    elif request.json_body is not None:
        body = request.json_body.encode()
        url = with_body_hash(url, body)
        signature = form_signature(auth_token, url)
        headers["Content-Type"] = request.content_type
    else:
        body = urlencode(request.form).encode()
        signature = form_signature(auth_token, url, request.form)
        headers["Content-Type"] = request.content_type
    headers["X-Twilio-Signature"] = signature
    if request.basic_auth is not None:
        headers["Authorization"] = aiohttp.BasicAuth(*request.basic_auth).encode()
    return PreparedRequest(request.method, url, body, headers), fragment


class WebhookSender:
    """Sends widget requests over one aiohttp session, retrying connection failures with the same token."""

    def __init__(self, auth_token: str, timeout_seconds: float) -> None:
        self._auth_token = auth_token
        self._timeout_seconds = timeout_seconds
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(trust_env=False)
        return self._session

    async def send(self, request: OutboundRequest) -> DeliveryResult:
        """Deliver one request; never raises for network trouble, it comes back as `error`."""
        prepared, fragment = prepare(request, self._auth_token)
        overrides = ConnectionOverrides.parse(fragment, self._timeout_seconds)
        total = overrides.total_seconds
        timeout = aiohttp.ClientTimeout(total=total, connect=min(overrides.connect_seconds, total))
        result = DeliveryResult(0, error="not sent")
        for _attempt in range(overrides.retries + 1):
            try:
                return await self._attempt(prepared, timeout)
            except aiohttp.ClientConnectionError as exc:
                result = DeliveryResult(0, error=f"connection failed: {exc}")
            except TimeoutError:
                return DeliveryResult(0, error=f"no response within {total:g} s")
        return result

    async def _attempt(self, prepared: PreparedRequest, limits: aiohttp.ClientTimeout) -> DeliveryResult:
        async with self._client().request(
            prepared.method,
            URL(prepared.url, encoded=True),
            data=prepared.body,
            headers=prepared.headers,
            timeout=limits,
            allow_redirects=True,
        ) as response:
            raw = await response.content.read(MAX_BODY_BYTES + 1)
            content_type = response.headers.get("Content-Type", "")
            text = raw[:MAX_BODY_BYTES].decode(response.charset or "utf-8", errors="replace")
            error = "response body over 64 kB" if len(raw) > MAX_BODY_BYTES else None
            return DeliveryResult(response.status, text, content_type, error, dict(response.headers))

    async def aclose(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            # aiohttp recommends a short pause so the transports finish closing.
            await asyncio.sleep(0)
            self._session = None


def parse_json_reply(result: DeliveryResult) -> Any:
    """The decoded body when the reply is JSON, else None."""
    if "json" not in result.content_type.lower():
        return None
    try:
        return json.loads(result.body)
    except ValueError:
        return None
