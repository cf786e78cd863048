"""The only code that talks to Twilio, through the official SDK and its async HTTP client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from voicedash.errors import ServiceUnavailableError, TwilioUnreachableError
from voicedash.twilio_gateway.breaker import CircuitBreaker
from voicedash.twilio_gateway.errors import counts_against_breaker, map_rest_error

REQUEST_TIMEOUT = 10.0
# Executions read when looking for one that a crash may have left unrecorded.
_FIND_LIMIT = 10_000


class BaseUrlHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]
    """Sends every SDK request, next-page links included, to `base_url` instead of *.twilio.com."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        target = urlsplit(base_url)
        self._scheme, self._netloc = target.scheme, target.netloc

    async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        parts = urlsplit(url)
        url = urlunsplit((self._scheme, self._netloc, parts.path, parts.query, parts.fragment))
        return await super().request(method, url, *args, **kwargs)


@dataclass(frozen=True)
class Execution:
    sid: str
    flow_sid: str
    status: str


@dataclass(frozen=True)
class ExecutionState:
    status: str  # "active" or "ended"
    context: dict[str, Any]


class TwilioGateway:
    """Starts Studio executions; maps Twilio's refusals; stops trying while Twilio keeps failing."""

    def __init__(self, *, account_sid: str, auth_token: str, api_base_url: str | None = None) -> None:
        http_client = (
            BaseUrlHttpClient(api_base_url, timeout=REQUEST_TIMEOUT)
            if api_base_url
            else AsyncTwilioHttpClient(timeout=REQUEST_TIMEOUT)
        )
        self._http = http_client
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.breaker = CircuitBreaker()

    async def aclose(self) -> None:
        await self._http.close()

    async def call(self, operation: Callable[[], Awaitable[Any]]) -> Any:
        """Run one SDK request through the breaker, mapping Twilio's refusals to voicedash errors."""
        if self.breaker.is_open:
            raise ServiceUnavailableError(
                "Twilio is failing repeatedly; new calls are paused for "
                f"{self.breaker.seconds_until_retry()} s",
                headers={"Retry-After": str(self.breaker.seconds_until_retry())},
            )
        try:
            result = await operation()
        except TwilioRestException as exc:
            if counts_against_breaker(exc):
                self.breaker.record_failure()
            raise map_rest_error(exc) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.breaker.record_failure()
            raise TwilioUnreachableError(
                "Twilio could not be reached; check the network and TWILIO_API_BASE_URL"
            ) from exc
        self.breaker.record_success()
        return result

    async def start_execution(
        self, *, flow_sid: str, to: str, from_: str, parameters: dict[str, Any]
    ) -> Execution:
        """Start one Studio Flow execution that calls `to`."""
        executions = self.client.studio.v2.flows(flow_sid).executions
        created = await self.call(lambda: executions.create_async(to=to, from_=from_, parameters=parameters))
        return Execution(sid=created.sid, flow_sid=created.flow_sid, status=created.status)

    async def find_execution(
        self, flow_sid: str, *, to: str, created_from: datetime, created_to: datetime
    ) -> Execution | None:
        """The flow's newest execution calling `to` created in the window, if Twilio has one."""
        executions = self.client.studio.v2.flows(flow_sid).executions
        found = await self.call(
            lambda: executions.list_async(
                date_created_from=created_from, date_created_to=created_to, limit=_FIND_LIMIT, page_size=1000
            )
        )
        for execution in found:  # newest first
            if execution.contact_channel_address == to:
                return Execution(sid=execution.sid, flow_sid=execution.flow_sid, status=execution.status)
        return None

    async def deploy_flow(self, *, friendly_name: str, definition: dict[str, Any]) -> str:
        """Create a published flow from `definition` and return its SID."""
        flows = self.client.studio.v2.flows
        flow = await self.call(
            lambda: flows.create_async(
                friendly_name=friendly_name, status="published", definition=json.dumps(definition)
            )
        )
        return str(flow.sid)

    async def check_flow(self, flow_sid: str) -> bool:
        """True when Twilio answers and knows the flow (used by /health)."""
        try:
            await asyncio.wait_for(self.client.studio.v2.flows(flow_sid).fetch_async(), timeout=5)
        except (TwilioRestException, aiohttp.ClientError, TimeoutError):
            return False
        return True

    async def fetch_execution_state(self, flow_sid: str, execution_sid: str) -> ExecutionState:
        """An execution's status and its context (what each widget reported), for the reconciler."""
        execution = self.client.studio.v2.flows(flow_sid).executions(execution_sid)
        fetched = await self.call(execution.fetch_async)
        context = await self.call(execution.execution_context().fetch_async)
        return ExecutionState(status=str(fetched.status), context=dict(context.context or {}))

    async def end_execution(self, flow_sid: str, execution_sid: str) -> None:
        """Stop an execution that has run past the flow's maximum length."""
        execution = self.client.studio.v2.flows(flow_sid).executions(execution_sid)
        await self.call(lambda: execution.update_async(status="ended"))
