"""The structural checks every definition must pass before anything else can be said about it."""

from __future__ import annotations

from typing import Any

Problem = tuple[str, str]
MAX_STATES = 1000


def structural_problems(raw: dict[str, Any]) -> list[Problem]:
    """Problems that make a definition unusable: no states, widgets without name or type, duplicates."""
    states = raw.get("states")
    if not isinstance(states, list) or not 1 <= len(states) <= MAX_STATES:
        return [("#/states", f"states must be a list of 1 to {MAX_STATES} widgets")]
    problems: list[Problem] = []
    names: set[str] = set()
    for index, item in enumerate(states):
        path = f"#/states/{index}"
        if not isinstance(item, dict):
            problems.append((path, "a widget must be an object"))
            continue
        name, kind = item.get("name"), item.get("type")
        if not isinstance(name, str) or not name:
            problems.append((f"{path}/name", "name is required"))
        elif name in names:
            problems.append((f"{path}/name", f"widget names must be unique: {name!r} is used twice"))
        else:
            names.add(name)
        if not isinstance(kind, str) or not kind:
            problems.append((f"{path}/type", "type is required"))
        if not isinstance(item.get("transitions", []), list):
            problems.append((f"{path}/transitions", "transitions must be a list"))
        if not isinstance(item.get("properties", {}), dict):
            problems.append((f"{path}/properties", "properties must be an object"))
    initial = raw.get("initial_state", "Trigger")
    if not problems and initial not in names:
        problems.append(("#/initial_state", f"initial_state {initial!r} is not a widget of this flow"))
    return problems
