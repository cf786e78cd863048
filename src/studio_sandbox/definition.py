"""Flow definitions: parsing, the structural checks Studio applies on save, and lookups the engine needs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from studio_sandbox.errors import FLOW_VALIDATION_FAILED, SandboxApiError
from studio_sandbox.structure import Problem, structural_problems


@dataclass(frozen=True)
class Transition:
    """One outgoing edge of a widget; `next` is None when the branch ends there."""

    event: str
    next: str | None
    conditions: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class State:
    """One widget of a flow."""

    name: str
    type: str
    properties: dict[str, Any]
    transitions: tuple[Transition, ...] = field(default=())

    def next_for(self, event: str) -> str | None:
        """The widget the first transition for `event` leads to, or None (the execution ends)."""
        for transition in self.transitions:
            if transition.event == event:
                return transition.next
        return None


@dataclass(frozen=True)
class FlowDefinition:
    """A parsed definition; `raw` is what the API hands back unchanged."""

    raw: dict[str, Any]
    initial_state: str
    states: dict[str, State]
    allow_concurrent_calls: bool

    def state(self, name: str) -> State | None:
        """The widget called `name`, if the definition has one."""
        return self.states.get(name)


def load_definition_text(text: str) -> dict[str, Any]:
    """Decode the `Definition` form parameter, answering Studio's validation error when it is not JSON."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise invalid_definition([("#", f"Definition is not valid JSON: {exc.msg}")]) from exc
    if not isinstance(raw, dict):
        raise invalid_definition([("#", "Definition must be a JSON object")])
    return raw


def compile_definition(raw: dict[str, Any]) -> FlowDefinition:
    """Check the structure of a definition and index its states; raises 400 (81022) listing every problem."""
    problems = structural_problems(raw)
    if problems:
        raise invalid_definition(problems)
    states = {item["name"]: _state(item) for item in raw["states"]}
    flags = raw.get("flags")
    if not isinstance(flags, dict):
        flags = {}
    return FlowDefinition(
        raw=raw,
        initial_state=str(raw.get("initial_state") or "Trigger"),
        states=states,
        allow_concurrent_calls=bool(flags.get("allow_concurrent_calls", False)),
    )


def _state(item: dict[str, Any]) -> State:
    transitions = tuple(
        Transition(
            event=str(edge.get("event", "")),
            next=str(edge["next"]) if edge.get("next") else None,
            conditions=tuple(c for c in edge.get("conditions") or () if isinstance(c, dict)),
        )
        for edge in item.get("transitions") or ()
        if isinstance(edge, dict)
    )
    properties = item.get("properties")
    return State(
        name=str(item["name"]),
        type=str(item["type"]),
        properties=properties if isinstance(properties, dict) else {},
        transitions=transitions,
    )


def invalid_definition(problems: list[Problem]) -> SandboxApiError:
    """Studio's 400 (81022) listing every problem."""
    errors = [{"property_path": path, "message": message} for path, message in problems]
    return SandboxApiError(400, FLOW_VALIDATION_FAILED, "Invalid Flow Definition", {"errors": errors})
