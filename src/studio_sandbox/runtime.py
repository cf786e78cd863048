"""What a widget sees while it runs: the execution's context, its call, and the sandbox's services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from studio_sandbox.callee import CalleeBook, CalleeScript
from studio_sandbox.clock import Clock
from studio_sandbox.config import SandboxConfig
from studio_sandbox.definition import State, Transition
from studio_sandbox.delivery import WebhookSender
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


@dataclass
class CallLeg:
    """The simulated call an execution placed with make-outgoing-call-v2."""

    sid: str
    to: str
    from_: str
    script: CalleeScript
    answered_by: str | None = None
    gathers_heard: int = 0
    active: bool = True

    def next_gather_reply(self) -> tuple[str, str]:
        """The callee's (keys, speech) for the next gather it hears."""
        reply = self.script.gather_reply(self.gathers_heard)
        self.gathers_heard += 1
        return reply


@dataclass
class ExecutionRuntime:
    """The mutable state of one running execution."""

    execution: Execution
    services: Services
    call: CallLeg | None = None

    @property
    def context(self) -> dict[str, Any]:
        """The Liquid context (`flow`, `trigger`, `contact`, `widgets`)."""
        return self.execution.context


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

    def active_call(self) -> CallLeg:
        """The execution's live call; a voice widget without one cannot run."""
        call = self.runtime.call
        if call is None or not call.active:
            raise WidgetFailure("no_active_call", f"widget {self.state.name!r} needs a call in progress")
        return call


WidgetHandler = Callable[[WidgetRun], Awaitable[WidgetResult]]
