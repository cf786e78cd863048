"""Helpers for sandbox tests: a webhook receiver, flow builders, waiting for executions."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator
from twilio.rest import Client

BUNDLED_FLOW = Path(__file__).parents[2] / "src/voicedash/twilio_gateway/appointment_flow.json"
FROM_NUMBER = "+15550009999"


@dataclass
class Delivered:
    """One request the receiver got."""

    method: str
    path: str
    url: str
    headers: dict[str, str]
    body: bytes
    signature_valid: bool

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode(), keep_blank_values=True))


@dataclass
class Receiver:
    """A tiny app standing in for voicedash: records every request and checks its Twilio signature."""

    auth_token: str
    received: list[Delivered] = field(default_factory=list)
    status_by_path: dict[str, int] = field(default_factory=dict)
    reply_by_path: dict[str, Any] = field(default_factory=dict)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self._handle, methods=["GET", "POST"])])

    async def _handle(self, request: Request) -> Response:
        body = await request.body()
        url = str(request.url)
        signature = request.headers.get("X-Twilio-Signature", "")
        validator = RequestValidator(self.auth_token)
        if "bodySHA256=" in url:
            valid = validator.validate(url, body.decode(), signature)
        else:
            valid = validator.validate(url, dict(parse_qsl(body.decode(), keep_blank_values=True)), signature)
        self.received.append(
            Delivered(request.method, request.url.path, url, dict(request.headers), body, valid)
        )
        path = request.url.path
        return JSONResponse(self.reply_by_path.get(path, {"ok": True}), self.status_by_path.get(path, 200))

    def for_execution(self, execution_sid: str) -> list[Delivered]:
        return [d for d in self.received if execution_sid.encode() in d.body]


def bundled_flow(public_url: str) -> dict[str, Any]:
    """voicedash's appointment flow with its placeholders filled the way voicedash fills them."""
    text = BUNDLED_FLOW.read_text()
    text = text.replace("__PUBLIC_URL__", public_url)
    text = text.replace("__PROMPT__", "Press 1 to confirm, 2 to cancel, or 0 to leave a message.")
    text = re.sub(r"__VOICE__", "Polly.Joanna", text)
    text = re.sub(r"__LANGUAGE__", "en-US", text)
    text = re.sub(r"__([A-Z_]+)__", lambda m: m.group(1).replace("_", " ").lower(), text)
    definition: dict[str, Any] = json.loads(text)
    return definition


def state(name: str, kind: str, transitions: list[dict[str, Any]], **properties: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "transitions": transitions, "properties": properties}


def flow_of(*states: dict[str, Any], first: str, concurrent: bool = True) -> dict[str, Any]:
    """A definition whose trigger leads to `first`."""
    trigger = state("Trigger", "trigger", [{"event": "incomingRequest", "next": first}])
    return {
        "description": "test flow",
        "states": [trigger, *states],
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": concurrent},
    }


def empty_flow(concurrent: bool = True) -> dict[str, Any]:
    """A flow whose trigger goes nowhere: executions end at once."""
    return {
        "states": [state("Trigger", "trigger", [{"event": "incomingRequest"}])],
        "initial_state": "Trigger",
        "flags": {"allow_concurrent_calls": concurrent},
    }


async def wait_ended(client: Client, flow_sid: str, execution_sid: str, seconds: float = 10.0) -> Any:
    """Poll until the execution has ended; returns it."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        execution = await client.studio.v2.flows(flow_sid).executions(execution_sid).fetch_async()
        if execution.status == "ended":
            return execution
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"execution {execution_sid} still {execution.status}")
        await asyncio.sleep(0.02)


async def run_flow(
    client: Client,
    definition: dict[str, Any],
    to: str,
    parameters: dict[str, Any] | None = None,
    status: str = "published",
) -> tuple[str, Any]:
    """Create a flow (a draft runs too), run one execution to its end; returns (flow_sid, ended execution)."""
    flow = await client.studio.v2.flows.create_async(
        friendly_name="test", status=status, definition=definition
    )
    execution = await client.studio.v2.flows(flow.sid).executions.create_async(
        to=to, from_=FROM_NUMBER, parameters=parameters or {}
    )
    return flow.sid, await wait_ended(client, flow.sid, execution.sid)


async def steps_of(client: Client, flow_sid: str, execution_sid: str) -> list[Any]:
    """The execution's steps in the order they happened."""
    steps = await client.studio.v2.flows(flow_sid).executions(execution_sid).steps.list_async()
    return list(reversed(steps))
