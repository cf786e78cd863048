"""In-memory storage of flows, executions and steps. Everything runs on one event loop, so no locks."""

from __future__ import annotations

import itertools
from datetime import datetime

from studio_sandbox.errors import not_found
from studio_sandbox.models import Execution, Flow, Step


class Store:
    """Flows, their executions and the executions' steps; lists come back newest first."""

    def __init__(self) -> None:
        self._flows: dict[str, Flow] = {}
        self._executions: dict[str, Execution] = {}
        self._steps: dict[str, list[Step]] = {}
        self._sequence = itertools.count(1)

    def next_seq(self) -> int:
        """A number that orders everything by creation."""
        return next(self._sequence)

    def add_flow(self, flow: Flow) -> Flow:
        """Keep a new flow."""
        flow.seq = self.next_seq()
        self._flows[flow.sid] = flow
        return flow

    def flow(self, flow_sid: str) -> Flow:
        """The flow, or a 404."""
        found = self._flows.get(flow_sid)
        if found is None:
            raise not_found("Flows", flow_sid)
        return found

    def flows(self) -> list[Flow]:
        """Every flow, newest first."""
        return sorted(self._flows.values(), key=lambda f: f.seq, reverse=True)

    def delete_flow(self, flow_sid: str) -> list[Execution]:
        """Forget a flow and its executions; returns the executions so their runs can be stopped."""
        self.flow(flow_sid)
        doomed = [e for e in self._executions.values() if e.flow_sid == flow_sid]
        for execution in doomed:  # while the flow still exists: deleting an execution looks it up
            self.delete_execution(flow_sid, execution.sid)
        del self._flows[flow_sid]
        return doomed

    def add_execution(self, execution: Execution) -> Execution:
        """Keep a new execution."""
        execution.seq = self.next_seq()
        self._executions[execution.sid] = execution
        self._steps[execution.sid] = []
        return execution

    def execution(self, flow_sid: str, execution_sid: str) -> Execution:
        """The execution of that flow, or a 404."""
        self.flow(flow_sid)
        found = self._executions.get(execution_sid)
        if found is None or found.flow_sid != flow_sid:
            raise not_found(f"Flows/{flow_sid}/Executions", execution_sid)
        return found

    def executions(
        self, flow_sid: str, created_from: datetime | None = None, created_to: datetime | None = None
    ) -> list[Execution]:
        """The flow's executions created within the bounds (inclusive), newest first."""
        self.flow(flow_sid)
        found = [
            e
            for e in self._executions.values()
            if e.flow_sid == flow_sid
            and (created_from is None or e.date_created >= created_from)
            and (created_to is None or e.date_created <= created_to)
        ]
        return sorted(found, key=lambda e: e.seq, reverse=True)

    def active_execution(self, flow_sid: str, to: str, from_: str) -> Execution | None:
        """The flow's active execution for this To/From pair, if any."""
        for execution in self._executions.values():
            if (execution.flow_sid, execution.to, execution.from_, execution.status) == (
                flow_sid,
                to,
                from_,
                "active",
            ):
                return execution
        return None

    def delete_execution(self, flow_sid: str, execution_sid: str) -> Execution:
        """Forget an execution and its steps."""
        execution = self.execution(flow_sid, execution_sid)
        del self._executions[execution_sid]
        self._steps.pop(execution_sid, None)
        return execution

    def add_step(self, step: Step) -> Step:
        """Record a step; dropped silently if the execution was deleted meanwhile."""
        steps = self._steps.get(step.execution_sid)
        if steps is not None:
            step.seq = self.next_seq()
            steps.append(step)
        return step

    def step_count(self, execution_sid: str) -> int:
        """How many steps the execution has taken."""
        return len(self._steps.get(execution_sid, ()))

    def steps(self, flow_sid: str, execution_sid: str) -> list[Step]:
        """The execution's steps, newest first."""
        self.execution(flow_sid, execution_sid)
        return list(reversed(self._steps[execution_sid]))

    def step(self, flow_sid: str, execution_sid: str, step_sid: str) -> Step:
        """One step, or a 404."""
        for step in self._steps.get(self.execution(flow_sid, execution_sid).sid, ()):
            if step.sid == step_sid:
                return step
        raise not_found(f"Flows/{flow_sid}/Executions/{execution_sid}/Steps", step_sid)
