"""Helpers for tests that run definitions through the in-process flow tester."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from studio_sandbox.scripts import CalleeScriptBody, HttpReply, ScriptBook
from studio_sandbox.tester import FlowTest, run_flow_test

FLOWS = Path(__file__).with_name("flows")
SID = re.compile(r"\b[A-Z]{2}[0-9a-f]{32}\b")


def load(name: str) -> dict[str, Any]:
    definition: dict[str, Any] = json.loads((FLOWS / f"{name}.json").read_text())
    return definition


async def run(
    definition: dict[str, Any],
    to: str = "+15555550107",
    script: dict[str, Any] | None = None,
    http: list[dict[str, Any]] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Run `definition` for `to`, whose behaviour is `script` (else the last-digit default)."""
    callees = {to: CalleeScriptBody.model_validate(script)} if script is not None else {}
    book = ScriptBook(callees=callees, http=[HttpReply.model_validate(h) for h in http or []])
    return await run_flow_test(definition, FlowTest(to=to, book=book, **options))


def path(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(widget, event) for every step."""
    return [(step["widget"], step["event"]) for step in report["steps"]]


def normalized(value: Any) -> Any:
    """`value` with SIDs replaced by `<SID>`, for golden comparisons."""
    return json.loads(SID.sub("<SID>", json.dumps(value)))
