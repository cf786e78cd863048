"""Golden tests: one per widget type, per split condition type and per Liquid filter.

Each case runs through the flow tester and is compared with `golden/*.json` (SIDs replaced by `<SID>`).
After a deliberate change in behaviour, regenerate with `UPDATE_GOLDEN=1` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from studio_sandbox.catalog import CATALOG
from studio_sandbox.widgets.conditions import COMPARISONS
from tests.sandbox.golden_cases import (
    CONDITION_CASES,
    FILTER_CASES,
    WIDGET_CASES,
    condition_flow,
    filter_flow,
)
from tests.sandbox.tester_support import normalized, run

GOLDEN = Path(__file__).with_name("golden")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def check(name: str, key: str, actual: Any) -> None:
    path = GOLDEN / f"{name}.json"
    stored: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    if UPDATE:
        stored[key] = actual
        path.write_text(json.dumps(stored, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    assert key in stored, f"no golden value for {name}/{key}; run with UPDATE_GOLDEN=1"
    assert actual == stored[key]


def test_every_widget_type_and_condition_type_has_a_case() -> None:
    assert set(WIDGET_CASES) == set(CATALOG)
    assert set(CONDITION_CASES) == set(COMPARISONS)


@pytest.mark.parametrize("widget_type", sorted(WIDGET_CASES))
async def test_widget(widget_type: str) -> None:
    definition, to, script, trigger = WIDGET_CASES[widget_type]
    http = [{"match": "/json", "body": {"ok": True, "items": [1, 2]}}]
    report = await run(definition, to=to, script=script, http=http, trigger=trigger)
    summary = {
        "steps": [(s["widget"], s["type"], s["event"], s["next"], s["details"]) for s in report["steps"]],
        "widgets": report["widgets"],
        "variables": report["variables"],
        "end": report["end"],
    }
    check("widgets", widget_type, normalized(summary))


@pytest.mark.parametrize("condition_type", sorted(CONDITION_CASES))
async def test_split_condition(condition_type: str) -> None:
    outcomes = []
    for subject, value in CONDITION_CASES[condition_type]:
        report = await run(condition_flow(condition_type, subject, value))
        outcomes.append([subject, value, report["steps"][-1]["event"]])
    check("conditions", condition_type, outcomes)


@pytest.mark.parametrize("liquid_filter", sorted(FILTER_CASES))
async def test_liquid_filter(liquid_filter: str) -> None:
    report = await run(
        filter_flow(FILTER_CASES[liquid_filter]), parameters={"name": "Ayşe Yılmaz", "n": "41"}
    )
    check("filters", liquid_filter, report["variables"])
