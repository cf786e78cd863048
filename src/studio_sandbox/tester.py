"""The flow tester: run one flow definition fully offline and report what happened, step by step.

Nothing leaves the process: the sandbox runs in-process with `time_scale` 0 and its HTTP transport is
replaced by one that records every request and answers from canned replies (default `200 {}`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from studio_sandbox.config import SandboxConfig
from studio_sandbox.contexts import initial_context, trigger_event_for
from studio_sandbox.core import SandboxCore
from studio_sandbox.definition import compile_definition
from studio_sandbox.delivery import DeliveryResult, PreparedRequest
from studio_sandbox.errors import SandboxApiError
from studio_sandbox.models import Execution, Flow
from studio_sandbox.runtime import ExecutionRuntime, Trigger
from studio_sandbox.scripts import HttpReply, ScriptBook
from studio_sandbox.sids import new_sid, stable_sid, utcnow
from studio_sandbox.tester_report import build_report
from studio_sandbox.validation import definition_problems

DEFAULT_FROM = "+15005550006"
SANDBOX_URL = "http://studio-sandbox.invalid"
PRESSING_VOICEMAIL_SECONDS = 8


@dataclass
class CaptureTransport:
    """Records each request that would go on the wire and answers from canned replies."""

    replies: list[HttpReply] = field(default_factory=list)
    sent: list[PreparedRequest] = field(default_factory=list)

    async def attempt(self, prepared: PreparedRequest, connect: float, total: float) -> DeliveryResult:
        """Answer with the first reply whose `match` is in the URL, else `200 {}`."""
        self.sent.append(prepared)
        reply = next((r for r in self.replies if r.match in prepared.url), HttpReply())
        if isinstance(reply.body, str):
            body, content_type = reply.body, reply.content_type or "text/plain"
        else:
            body, content_type = json.dumps(reply.body), reply.content_type or "application/json"
        return DeliveryResult(reply.status, body, content_type, headers={"Content-Type": content_type})

    async def aclose(self) -> None:
        """Nothing to close."""


@dataclass(frozen=True)
class FlowTest:
    """What to run: the contact (`to`), the Twilio side (`from_`), keys the contact presses (None: the
    number's own script decides), a script book, the trigger event (None: what the flow is wired for),
    REST `parameters`, and the first message of a messaging trigger."""

    to: str
    from_: str = DEFAULT_FROM
    presses: tuple[str, ...] | None = None
    book: ScriptBook = field(default_factory=ScriptBook)
    trigger: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    message: str = "hello"


def _core(test: FlowTest) -> tuple[SandboxCore, CaptureTransport]:
    transport = CaptureTransport(list(test.book.http))
    faults = test.book.faults.to_plan() if test.book.faults else None
    config = SandboxConfig(
        time_scale=0,
        calls_per_second=0,
        executions_per_second=0,
        public_base_url=SANDBOX_URL,
        faults=faults,
    )
    core = SandboxCore.build(config, transport)
    for number, body in test.book.callees.items():
        core.callees.register(number, body.to_script())
    if test.book.random is not None:
        core.callees.random = test.book.random.to_random()
    if test.presses is not None:
        # Pressed keys replace the number's own; someone asked to leave a voicemail leaves one.
        pressed = tuple("" if key.lower() == "none" else key for key in test.presses)
        own = core.callees.script_for(test.to)
        message = own.voicemail_seconds or PRESSING_VOICEMAIL_SECONDS
        core.callees.register(test.to, replace(own, keys=pressed, voicemail_seconds=message))
    return core, transport


def _execution(core: SandboxCore, raw: dict[str, Any], test: FlowTest, event: str) -> Execution:
    definition = compile_definition(raw)
    now = utcnow()
    flow = Flow(new_sid("FW"), "flow test", "published", definition, None, now, now, base_url=SANDBOX_URL)
    core.store.add_flow(flow)
    sid = new_sid("FN")
    context = initial_context(flow.sid, sid, test.to, test.from_, test.parameters, event, test.message)
    execution = Execution(
        sid, flow.sid, test.to, test.from_, stable_sid("FC", test.to), context, 1, now, now, SANDBOX_URL
    )
    return core.store.add_execution(execution)


async def run_flow_test(raw: dict[str, Any], test: FlowTest) -> dict[str, Any]:
    """Run `raw` (a definition as exported from the console) for one contact; returns the report."""
    problems = [{"property_path": p, "message": m} for p, m in definition_problems(raw)]
    event = trigger_event_for(raw.get("states") or [], test.trigger)
    core, transport = _core(test)
    try:
        execution = _execution(core, raw, test, event)
    except SandboxApiError as exc:
        return build_report(raw, test.to, test.from_, event, problems, None, exc.details)
    runtime: ExecutionRuntime = core.engine.runtime_for(execution, Trigger(event))
    try:
        await core.engine.run(runtime, core.store.flow(execution.flow_sid).definition)
    finally:
        await core.engine.aclose()
    report = build_report(raw, test.to, test.from_, event, problems, runtime, None)
    report["requests_sent"] = len(transport.sent)
    return report
