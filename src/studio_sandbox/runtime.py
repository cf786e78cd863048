"""What a widget sees while it runs: the execution's context, its call, and the sandbox's services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from studio_sandbox.callee import CalleeBook, CalleeScript
from studio_sandbox.calls import CallRecord, CallStore
from studio_sandbox.clock import Clock, Timeline
from studio_sandbox.config import SandboxConfig
from studio_sandbox.courier import Courier
from studio_sandbox.definition import State, Transition
from studio_sandbox.delivery import WebhookSender
from studio_sandbox.faults import FaultSettings
from studio_sandbox.liquid import render_value
from studio_sandbox.models import Execution
from studio_sandbox.ratelimit import CallPacer
from studio_sandbox.recordings import RecordingStore


@dataclass(frozen=True)
class Services:
    """Sandbox-wide collaborators shared by every execution."""

    config: SandboxConfig
    clock: Clock
    callees: CalleeBook
    recordings: RecordingStore
    sender: WebhookSender
    pacer: CallPacer
    calls: CallStore = field(default_factory=CallStore)
    faults: FaultSettings = field(default_factory=FaultSettings)


@dataclass
class CallLeg:
    """The live call of an execution: placed by make-outgoing-call-v2, or the caller of an incoming call."""

    record: CallRecord
    script: CalleeScript
    gathers_heard: int = 0
    active: bool = True

    @property
    def sid(self) -> str:
        """The call's SID."""
        return self.record.sid

    def next_gather_reply(self) -> tuple[str, str]:
        """The callee's (keys, speech) for the next gather it hears."""
        reply = self.script.gather_reply(self.gathers_heard)
        self.gathers_heard += 1
        return reply


@dataclass
class Trigger:
    """How the execution started: the trigger widget's event and who the contact is."""

    event: str = "incomingRequest"
    script: CalleeScript | None = None


@dataclass
class ExecutionRuntime:
    """The mutable state of one running execution.

    `journal` records what happened beyond transitions (what was said, requests sent, messages, calls)
    for the flow tester; `timeline` is the execution's simulated clock.
    """

    execution: Execution
    services: Services
    courier: Courier
    timeline: Timeline
    trigger: Trigger = field(default_factory=Trigger)
    call: CallLeg | None = None
    replies_used: int = 0
    journal: list[dict[str, Any]] = field(default_factory=list)

    @property
    def context(self) -> dict[str, Any]:
        """The Liquid context (`flow`, `trigger`, `contact`, `widgets`)."""
        return self.execution.context

    def contact_script(self) -> CalleeScript:
        """The script of the person this execution is about (its contact)."""
        if self.trigger.script is not None:
            return self.trigger.script
        return self.services.callees.script_for(self.execution.to)

    def note(self, widget: str, kind: str, **details: Any) -> None:
        """Add a journal entry stamped with the simulated time."""
        self.journal.append(
            {"at": round(self.timeline.elapsed, 3), "widget": widget, "kind": kind, **details}
        )


@dataclass(frozen=True)
class WidgetResult:
    """The event a widget fired and the outputs it publishes as `widgets.NAME` (None publishes nothing).

    `chosen` names the exact transition when several share the event (split-based-on's `match`).
    """

    event: str
    outputs: dict[str, Any] | None = None
    chosen: Transition | None = None


class WidgetFailure(Exception):
    """The widget cannot run; the execution ends with an error step."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class CallHungUp(Exception):
    """The callee hung up during a voice widget with no hangup transition; the execution just ends."""


@dataclass(frozen=True)
class WidgetRun:
    """One run of one widget."""

    state: State
    runtime: ExecutionRuntime

    @property
    def services(self) -> Services:
        """Sandbox-wide collaborators."""
        return self.runtime.services

    def raw(self, key: str, default: Any = None) -> Any:
        """A property exactly as written in the definition."""
        value = self.state.properties.get(key)
        return default if value is None else value

    def render(self, key: str, default: str = "") -> str:
        """A property rendered with Liquid."""
        value = self.state.properties.get(key)
        return default if value is None else render_value(value, self.runtime.context)

    def number(self, key: str, default: float) -> float:
        """A numeric property (numbers are often written as strings); unusable values give `default`."""
        try:
            return float(self.render(key, str(default)))
        except ValueError:
            return default

    def flag(self, key: str, default: bool = False) -> bool:
        """A boolean property, written as a boolean or as "true"/"false"."""
        value = self.state.properties.get(key)
        return (
            default if value is None else render_value(value, self.runtime.context).strip().lower() == "true"
        )

    async def sleep(self, seconds: float) -> None:
        """Let simulated time pass for this execution."""
        await self.runtime.timeline.sleep(seconds)

    def note(self, kind: str, **details: Any) -> None:
        """Journal something this widget did."""
        self.runtime.note(self.state.name, kind, **details)

    def active_call(self) -> CallLeg:
        """The execution's live call; a voice widget without one cannot run."""
        call = self.runtime.call
        if call is None or not call.active:
            raise WidgetFailure("no_active_call", f"widget {self.state.name!r} needs a call in progress")
        return call

    def scripted(self, default_event: str) -> tuple[str, dict[str, Any]]:
        """The contact script's event and outputs for a simulated widget."""
        script = self.runtime.contact_script()
        name, kind = self.state.name, self.state.type
        return script.event_for(name, kind, default_event), script.outputs_for(name, kind)


WidgetHandler = Callable[[WidgetRun], Awaitable[WidgetResult]]
