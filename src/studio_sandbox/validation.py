"""Studio's checks on a flow definition, reported as 81022 `details.errors[]` with `property_path`s.

Paths are JSON pointers into the definition prefixed with `#` (as JSON-schema validators print them):
`#/states/3/properties/to`. The exact wording of Studio's messages is not documented; the paths and the
kinds of problems (unknown widget types, transitions to missing widgets, missing required properties,
wrong property types) are what tests and users rely on.
"""

from __future__ import annotations

from typing import Any

from studio_sandbox.catalog import BOOLEAN, CATALOG, LIST, NUMBER, OBJECT, SCALAR, STRING, WidgetSpec
from studio_sandbox.structure import Problem, structural_problems
from studio_sandbox.widgets.conditions import COMPARISONS


def definition_problems(raw: dict[str, Any]) -> list[Problem]:
    """Every problem Studio's validation would report, structural ones first."""
    problems = structural_problems(raw)
    if problems:
        return problems
    states: list[dict[str, Any]] = raw["states"]
    names = {str(state["name"]) for state in states}
    triggers = [i for i, state in enumerate(states) if state["type"] == "trigger"]
    if len(triggers) != 1:
        problems.append(("#/states", f"a flow needs exactly one trigger widget, found {len(triggers)}"))
    flags = raw.get("flags", {})
    if not isinstance(flags, dict):
        problems.append(("#/flags", "flags must be an object"))
    elif not isinstance(flags.get("allow_concurrent_calls", True), bool):
        problems.append(("#/flags/allow_concurrent_calls", "must be a boolean"))
    for index, state in enumerate(states):
        problems += _state_problems(f"#/states/{index}", state, names)
    return problems


def _state_problems(path: str, state: dict[str, Any], names: set[str]) -> list[Problem]:
    spec = CATALOG.get(state["type"])
    if spec is None:
        return [(f"{path}/type", f"unknown widget type {state['type']!r}")]
    properties: dict[str, Any] = state.get("properties") or {}
    problems = _transition_problems(path, state, spec, names)
    for key in spec.required:
        if key not in properties:
            problems.append((f"{path}/properties/{key}", f"{key} is required for a {state['type']} widget"))
    for group in spec.one_of:
        if not any(key in properties for key in group):
            problems.append((f"{path}/properties", f"one of {', '.join(group)} is required"))
    for key, value in properties.items():
        kind = spec.kinds.get(key)
        if kind is not None and value is not None and not _fits(value, kind):
            problems.append((f"{path}/properties/{key}", f"{key} must be a {kind}, not {_json_type(value)}"))
        elif key in spec.choices and isinstance(value, str) and not _allowed(value, spec.choices[key]):
            allowed = ", ".join(sorted(spec.choices[key]))
            problems.append((f"{path}/properties/{key}", f"{key} must be one of {allowed}, not {value!r}"))
    if state["type"] == "set-variables":
        problems += _variable_problems(f"{path}/properties/variables", properties.get("variables"))
    return problems


def _transition_problems(
    path: str, state: dict[str, Any], spec: WidgetSpec, names: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    for number, edge in enumerate(state.get("transitions") or []):
        where = f"{path}/transitions/{number}"
        if not isinstance(edge, dict) or not isinstance(edge.get("event"), str):
            problems.append((where, "a transition must be an object with an event"))
            continue
        if edge["event"] not in spec.events:
            events = ", ".join(sorted(spec.events))
            problems.append(
                (f"{where}/event", f"{edge['event']!r} is not an event of {state['type']} ({events})")
            )
        target = edge.get("next")
        if target not in (None, "") and target not in names:
            problems.append((f"{where}/next", f"transition to a widget that does not exist: {target!r}"))
        for index, condition in enumerate(edge.get("conditions") or []):
            kind = condition.get("type") if isinstance(condition, dict) else None
            if kind not in COMPARISONS:
                problems.append((f"{where}/conditions/{index}/type", f"unknown condition type {kind!r}"))
    return problems


def _variable_problems(path: str, variables: Any) -> list[Problem]:
    if not isinstance(variables, list):
        return []
    return [
        (f"{path}/{index}/key", "every variable needs a key")
        for index, entry in enumerate(variables)
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or not entry["key"]
    ]


def _is_template(value: str) -> bool:
    return "{{" in value or "{%" in value


def _fits(value: Any, kind: str) -> bool:
    """Studio's exports write numbers and booleans as strings too, and any string may be Liquid."""
    if kind == STRING:
        return isinstance(value, str)
    if kind == NUMBER:
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            return True
        return isinstance(value, str) and (value.strip() == "" or _is_template(value) or _numeric(value))
    if kind == BOOLEAN:
        return isinstance(value, bool) or (
            isinstance(value, str) and (value.lower() in ("true", "false") or _is_template(value))
        )
    if kind == LIST:
        return isinstance(value, list)
    if kind == OBJECT:
        return isinstance(value, dict)
    if kind == SCALAR:
        return isinstance(value, str | int | float | bool)
    return True


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _allowed(value: str, choices: frozenset[str]) -> bool:
    return _is_template(value) or value.strip().upper() in choices


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return f"string {value!r}" if len(value) < 40 else "string"
    if isinstance(value, list):
        return "list"
    return "object" if isinstance(value, dict) else "null"
