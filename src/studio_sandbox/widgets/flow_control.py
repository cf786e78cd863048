"""Widgets that steer an execution without touching a call: trigger, set-variables, split-based-on."""

from __future__ import annotations

import json
from typing import Any

from studio_sandbox.liquid import render_value
from studio_sandbox.runtime import WidgetResult, WidgetRun
from studio_sandbox.widgets.conditions import condition_holds


async def trigger(run: WidgetRun) -> WidgetResult:
    """The trigger fires the event the execution started with (`incomingRequest` through the REST API)."""
    return WidgetResult(run.runtime.trigger.event)


def _typed(value: str, kind: str) -> Any:
    """Convert a rendered variable to its declared type; values that do not convert stay strings."""
    try:
        if kind == "number":
            number = float(value)
            return int(number) if number.is_integer() else number
        if kind == "boolean":
            return value.strip().lower() == "true"
        if kind in ("json", "object", "array"):
            return json.loads(value)
    except ValueError:
        return value
    return value


async def set_variables(run: WidgetRun) -> WidgetResult:
    """Render each variable in order (later ones can use earlier ones) into `flow.variables`."""
    variables = run.runtime.context["flow"].setdefault("variables", {})
    for entry in run.raw("variables", []):
        if isinstance(entry, dict) and entry.get("key"):
            rendered = render_value(entry.get("value", ""), run.runtime.context)
            variables[str(entry["key"])] = _typed(rendered, str(entry.get("type") or "string"))
    return WidgetResult("next")


def _subject(run: WidgetRun, condition: dict[str, Any]) -> str:
    """What a condition tests: the widget's `input`, or the condition's own first argument without one."""
    if "input" in run.state.properties:
        return run.render("input")
    arguments = condition.get("arguments") or [""]
    return render_value(arguments[0], run.runtime.context)


async def split_based_on(run: WidgetRun) -> WidgetResult:
    """The first `match` transition whose conditions all hold wins; otherwise `noMatch`."""
    context = run.runtime.context
    case_sensitive = run.services.config.split_case_sensitive
    for transition in run.state.transitions:
        if transition.event != "match" or not transition.conditions:
            continue
        if all(
            condition_holds(
                str(condition.get("type", "")),
                _subject(run, condition),
                render_value(condition.get("value", ""), context),
                case_sensitive,
            )
            for condition in transition.conditions
        ):
            return WidgetResult("match", chosen=transition)
    return WidgetResult("noMatch")
