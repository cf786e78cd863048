"""Runs executions: one asyncio task each, walking the flow's widgets by the events they fire."""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Coroutine
from typing import Any

from studio_sandbox.clock import Timeline
from studio_sandbox.courier import Courier
from studio_sandbox.definition import FlowDefinition, State
from studio_sandbox.models import Execution, Step
from studio_sandbox.runtime import (
    CallHungUp,
    CallLeg,
    ExecutionRuntime,
    Services,
    Trigger,
    WidgetFailure,
    WidgetResult,
    WidgetRun,
)
from studio_sandbox.sids import new_sid, utcnow
from studio_sandbox.store import Store
from studio_sandbox.widgets import handler_for

logger = logging.getLogger(__name__)

ENDED = "Ended"


class ExecutionRunner:
    """Walks one execution from the initial state until a branch ends, the call hangs up, or a limit hits."""

    def __init__(self, store: Store, runtime: ExecutionRuntime, definition: FlowDefinition) -> None:
        self._store = store
        self._runtime = runtime
        self._definition = definition
        self._config = runtime.services.config

    @property
    def execution(self) -> Execution:
        """The execution being run."""
        return self._runtime.execution

    async def run(self) -> None:
        """Run to the end; whatever happens, the execution ends up `ended`."""
        try:
            await self._walk()
            await self._runtime.courier.flush()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # The task boundary: a defect in one widget must end its execution, not the sandbox.
            logger.exception("execution %s stopped by an internal error", self.execution.sid)
            self._record("error", "", "", error={"reason": "internal_error", "message": repr(exc)})
        finally:
            self._finish()

    async def _walk(self) -> None:
        name, previous, repeats = self._definition.initial_state, "", 0
        while True:
            state = self._definition.state(name)
            if state is None:
                self._record(
                    "error", previous, "", error=_error("invalid_state", f"no widget named {name!r}")
                )
                return
            repeats = repeats + 1 if name == previous else 1
            if repeats > self._config.max_consecutive_runs:
                limit = self._config.max_consecutive_runs
                self._fail(state, "loop_limit", f"widget {name!r} ran more than {limit} times in a row")
                return
            next_name = await self._step(state)
            if next_name is None:
                return
            if self._store.step_count(self.execution.sid) >= self._config.max_steps:
                self._fail(state, "step_limit", f"execution reached {self._config.max_steps} steps")
                return
            previous, name = name, next_name

    async def _step(self, state: State) -> str | None:
        """Run one widget and record its transition; returns the next widget's name, None when it ended."""
        handler = handler_for(state.type)
        if handler is None:
            self._fail(state, "unknown_widget", f"the sandbox cannot run widgets of type {state.type!r}")
            return None
        try:
            result = await handler(WidgetRun(state, self._runtime))
        except WidgetFailure as failure:
            self._fail(state, failure.reason, failure.message)
            return None
        except CallHungUp:
            self._record("hangup", state.name, state.type)
            return None
        if result.outputs is not None:
            self.execution.context["widgets"][state.name] = result.outputs
        next_name = _next_state(state, result)
        self._record(result.event, state.name, state.type, next_name or ENDED)
        return next_name

    def _fail(self, state: State, reason: str, message: str) -> None:
        self._record("error", state.name, state.type, error=_error(reason, message))

    def _record(
        self,
        event: str,
        origin: str,
        widget_type: str,
        target: str = ENDED,
        error: dict[str, str] | None = None,
    ) -> None:
        execution = self.execution
        snapshot = copy.deepcopy(execution.context)
        if error is not None:
            snapshot["error"] = error
        now = utcnow()
        self._runtime.note(origin, "step", event=event, next=target, type=widget_type, error=error)
        step = Step(
            sid=new_sid("FT"),
            flow_sid=execution.flow_sid,
            execution_sid=execution.sid,
            name=event,
            transitioned_from=origin,
            transitioned_to=target,
            type=widget_type,
            context=snapshot,
            date_created=now,
        )
        self._store.add_step(step)
        execution.date_updated = now

    def _finish(self) -> None:
        if self.execution.status != "ended":
            self.execution.status = "ended"
            self.execution.date_updated = utcnow()
        call = self._runtime.call
        if call is not None and call.active:
            call.active = False
            call.record.move("completed", self._runtime.timeline.now())


def _next_state(state: State, result: WidgetResult) -> str | None:
    if result.chosen is not None:
        return result.chosen.next
    return state.next_for(result.event)


def _error(reason: str, message: str) -> dict[str, str]:
    return {"reason": reason, "message": message}


class Engine:
    """Starts and stops execution tasks."""

    def __init__(self, store: Store, services: Services) -> None:
        self._store = store
        self._services = services
        self._tasks: dict[str, asyncio.Task[None]] = {}

    @property
    def services(self) -> Services:
        """The collaborators every execution shares."""
        return self._services

    def runtime_for(self, execution: Execution, trigger: Trigger | None = None) -> ExecutionRuntime:
        """The state an execution runs with: its clock, its courier (with the contact's fault plan) and,
        for an incoming call, the caller's live call."""
        services, trigger = self._services, trigger or Trigger()
        timeline = Timeline(services.clock, execution.date_created)
        runtime = ExecutionRuntime(
            execution=execution,
            services=services,
            courier=Courier(services.sender, sleep=timeline.sleep),
            timeline=timeline,
            trigger=trigger,
        )
        runtime.courier.plan = services.faults.resolve(runtime.contact_script().faults)
        if trigger.event == "incomingCall":
            record = services.calls.place(execution.from_, execution.to, direction="inbound")
            record.move("in-progress", runtime.timeline.now())
            runtime.call = CallLeg(record=record, script=runtime.contact_script())
        return runtime

    async def run(self, runtime: ExecutionRuntime, definition: FlowDefinition) -> ExecutionRuntime:
        """Run an execution to its end in the caller's task (the flow tester does this)."""
        await ExecutionRunner(self._store, runtime, definition).run()
        return runtime

    def start(self, execution: Execution, definition: FlowDefinition, trigger: Trigger | None = None) -> None:
        """Begin running `execution` in the background."""
        runner = ExecutionRunner(self._store, self.runtime_for(execution, trigger), definition)
        task = asyncio.create_task(runner.run(), name=f"studio-sandbox execution {execution.sid}")
        self._tasks[execution.sid] = task
        task.add_done_callback(lambda _t: self._tasks.pop(execution.sid, None))

    def spawn(self, key: str, work: Coroutine[Any, Any, None]) -> None:
        """Run other background work (a call placed through the API) under the same shutdown."""
        task = asyncio.create_task(work, name=f"studio-sandbox {key}")
        self._tasks[key] = task
        task.add_done_callback(lambda _t: self._tasks.pop(key, None))

    def running(self) -> list[str]:
        """SIDs of executions whose task is still going."""
        return list(self._tasks)

    async def stop(self, execution_sid: str) -> None:
        """Cancel an execution's task and wait until it has wound down."""
        task = self._tasks.get(execution_sid)
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            await asyncio.wait([task])

    async def aclose(self) -> None:
        """Cancel every running execution and close outbound HTTP."""
        tasks: list[asyncio.Task[Any]] = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._services.sender.aclose()
