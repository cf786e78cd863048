"""Outbound HTTP from widgets and call status callbacks, sent and signed the way Twilio sends webhooks."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import parse_qsl, urldefrag, urlencode

import aiohttp
from yarl import URL

from studio_sandbox.faults import NO_FAULTS, FaultPlan
from studio_sandbox.signing import Signer, with_body_hash

USER_AGENT = "TwilioProxy/1.1"
MAX_BODY_BYTES = 64 * 1024
DEFAULT_CONNECT_SECONDS = 5.0
DEFAULT_RETRIES = 1


@dataclass(frozen=True)
class OutboundRequest:
    """What a widget asks for; `json_body` xor `form` carries the payload."""

    method: str
    url: str
    content_type: str
    json_body: str | None = None
    form: tuple[tuple[str, str], ...] = ()
    basic_auth: tuple[str, str] | None = None

    def body_text(self) -> str:
        """The payload as it goes on the wire (GET parameters go in the query)."""
        if self.json_body is not None:
            return self.json_body
        return "" if self.method == "GET" else urlencode(self.form)


@dataclass(frozen=True)
class DeliveryResult:
    """What came back; `error` is set when no usable response arrived, `faults` lists injected faults."""

    status_code: int
    body: str = ""
    content_type: str = ""
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    retryable: bool = False
    faults: tuple[str, ...] = ()

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


def prepare(request: OutboundRequest, signer: Signer | str) -> tuple[PreparedRequest, str]:
    """Encode the payload and sign it; the URL fragment is split off (it is never sent) and returned."""
    signer = signer if isinstance(signer, Signer) else Signer(signer)
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
        headers |= signer.headers(url)
    elif request.json_body is not None:
        body = request.json_body.encode()
        url = with_body_hash(url, body)
        headers |= signer.headers(url)
        headers["Content-Type"] = request.content_type
    else:
        body = urlencode(request.form).encode()
        headers |= signer.headers(url, request.form)
        headers["Content-Type"] = request.content_type
    if request.basic_auth is not None:
        headers["Authorization"] = aiohttp.BasicAuth(*request.basic_auth).encode()
    return PreparedRequest(request.method, url, body, headers), fragment


class Transport(Protocol):
    """Puts one prepared request on the wire (or pretends to)."""

    async def attempt(self, prepared: PreparedRequest, connect: float, total: float) -> DeliveryResult:
        """One try; transport trouble comes back as `error` (with `retryable` for connection failures)."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


class HttpTransport:
    """The real thing: one aiohttp session, no proxies."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(trust_env=False)
        return self._session

    async def attempt(self, prepared: PreparedRequest, connect: float, total: float) -> DeliveryResult:
        """Send once; 3xx are followed, the body is cut at 64 kB."""
        limits = aiohttp.ClientTimeout(total=total, connect=min(connect, total))
        try:
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
        except aiohttp.ClientConnectionError as exc:
            return DeliveryResult(0, error=f"connection failed: {exc}", retryable=True)
        except (aiohttp.ClientError, ValueError) as exc:
            return DeliveryResult(0, error=f"request failed: {exc}")
        except TimeoutError:
            return DeliveryResult(0, error=f"no response within {total:g} s")

    async def aclose(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            await asyncio.sleep(0)  # aiohttp recommends a pause so the transports finish closing
            self._session = None


Sleep = Callable[[float], Awaitable[None]]


async def _no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


class WebhookSender:
    """Signs and sends requests, retrying connection failures with the same token, injecting faults."""

    def __init__(
        self,
        signer: Signer | str,
        timeout_seconds: float,
        transport: Transport | None = None,
        sleep: Sleep = _no_wait,
    ) -> None:
        self._signer = signer if isinstance(signer, Signer) else Signer(signer)
        self._timeout_seconds = timeout_seconds
        self._transport: Transport = transport or HttpTransport()
        self._sleep = sleep

    async def send(
        self, request: OutboundRequest, plan: FaultPlan = NO_FAULTS, sleep: Sleep | None = None
    ) -> DeliveryResult:
        """Deliver one request; never raises for network trouble, it comes back as `error`."""
        prepared, fragment = prepare(request, self._signer)
        overrides = ConnectionOverrides.parse(fragment, self._timeout_seconds)
        connect, total = overrides.connect_seconds, overrides.total_seconds
        faults: list[str] = []
        if plan.delay > 0:
            await (sleep or self._sleep)(plan.delay)
            faults.append(f"delayed {plan.delay:g} s")
        result = DeliveryResult(0, error="not sent")
        for attempt in range(overrides.retries + 1):
            if attempt == 0 and plan.drop_first:
                faults.append("first attempt dropped")
                result = DeliveryResult(0, error="connection failed: first attempt dropped", retryable=True)
                continue
            result = await self._transport.attempt(prepared, connect, total)
            if not result.retryable:
                break
        if plan.duplicate and result.status_code:
            await self._transport.attempt(prepared, connect, total)
            faults.append("delivered twice")
        return replace(result, faults=tuple(faults)) if faults else result

    async def aclose(self) -> None:
        """Close the transport."""
        await self._transport.aclose()


def parse_json_reply(result: DeliveryResult) -> Any:
    """The decoded body when the reply is JSON, else None."""
    if "json" not in result.content_type.lower():
        return None
    try:
        return json.loads(result.body)
    except ValueError:
        return None
