"""Studio's Liquid: undefined renders empty, and a broken template renders what it can instead of failing."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from liquid import Environment
from liquid.exceptions import LiquidError
from liquid.mode import Mode

_OUTPUT = re.compile(r"\{\{.*?\}\}", re.DOTALL)


def to_json(value: object) -> str:
    """The `to_json` filter Studio flows use; python-liquid has no such built-in."""
    return json.dumps(_plain(value), ensure_ascii=False, default=str)


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared, lenient Liquid environment."""
    env = Environment(tolerance=Mode.LAX)
    env.filters["to_json"] = to_json
    return env


@lru_cache(maxsize=512)
def _compile(source: str) -> Any:
    return environment().from_string(source)


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render `source` against an execution context; never raises."""
    if "{" not in source:
        return source
    try:
        return str(_compile(source).render(**context))
    except (LiquidError, RecursionError):
        return _render_piecewise(source, context)


def _render_piecewise(source: str, context: Mapping[str, Any]) -> str:
    """Render each `{{ … }}` on its own, leaving text and anything unrenderable as it was written."""

    def one(match: re.Match[str]) -> str:
        try:
            return str(_compile(match.group(0)).render(**context))
        except (LiquidError, RecursionError):
            return match.group(0)

    return _OUTPUT.sub(one, source)


def render_value(value: object, context: Mapping[str, Any]) -> str:
    """Render a widget property that may not be a string (numbers and booleans are used as written)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return render(value if isinstance(value, str) else str(value), context)
