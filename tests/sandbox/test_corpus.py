"""20 real Studio flows exported from the console by other people (../shared/studio-flows, see its
SOURCES.md): each passes Flows/Validate, and each runs in the flow tester to an end state Studio would reach.

The files are read in place, never copied into this repository. Without them the tests skip, or fail
when VOICEDASH_TEST_REQUIRE_ALL=1 (CI).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from studio_sandbox.sdk import sandbox_client
from tests.conftest import skip_or_fail
from tests.sandbox.conftest import ACCOUNT_SID, AUTH_TOKEN, Running
from tests.sandbox.tester_support import path, run

CORPUS = Path(
    os.environ.get("STUDIO_FLOWS_DIR", Path(__file__).resolve().parents[2] / ".." / "shared" / "studio-flows")
)
NAMES = [f"{n:02d}" for n in range(1, 21)]
# Studio's own limits end the unbounded loops in 07, 09 and 11 (timeout → the same gather, or
# gather → http → say → gather): those executions end with an error step, as they do on Twilio.
LIMITS = {"loop_limit", "step_limit"}
PRESSING = {"keys": ["1", "1", "1", "1"], "speech": ["yes"] * 4, "replies": ["1", "yes", "2"]}
SILENT: dict[str, Any] = {"keys": [], "replies": []}


def corpus_file(number: str) -> dict[str, Any]:
    if not CORPUS.is_dir():
        skip_or_fail(f"the Studio flow corpus is not at {CORPUS} (set STUDIO_FLOWS_DIR)")
    found = sorted(CORPUS.glob(f"{number}-*.json"))
    if not found:
        skip_or_fail(f"no corpus file {number}-*.json in {CORPUS}")
    definition: dict[str, Any] = json.loads(found[0].read_text(encoding="utf-8"))
    return definition


@pytest.mark.parametrize("number", NAMES)
async def test_corpus_flow_passes_validate(number: str, instant: Running) -> None:
    definition = corpus_file(number)
    validate = instant.client.studio.v2.flow_validate
    result = await validate.update_async(friendly_name=number, status="published", definition=definition)
    assert result.valid is True
    flow = await instant.client.studio.v2.flows.create_async(
        friendly_name=number, status="published", definition=definition
    )
    assert flow.valid is True and flow.errors == []


@pytest.mark.parametrize("script", [PRESSING, SILENT], ids=["pressing", "silent"])
@pytest.mark.parametrize("number", NAMES)
async def test_corpus_flow_runs_to_an_end_state(number: str, script: dict[str, Any]) -> None:
    report = await run(corpus_file(number), script=script)
    end = report["end"]
    assert end["state"] in ("ended", "hung up") or end.get("reason") in LIMITS, end
    assert report["problems"] == []
    for step in report["steps"]:
        assert step["error"] is None or step["error"]["reason"] in LIMITS, step


async def test_corpus_outbound_autodialer_takes_the_amd_and_busy_branches() -> None:
    definition = corpus_file("01")
    machine = await run(definition, script={"answered_by": "machine_start"})
    assert ("initate_call", "answered") in path(machine)
    busy = await run(definition, to="+15555550103")
    assert path(busy)[1][1] == "busy" and report_messages(busy)


def report_messages(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in report["messages"] if m["kind"] == "message"]


async def test_corpus_voicemail_and_call_forwarding_flows() -> None:
    joke = await run(corpus_file("05"), script={"keys": ["1", "2"], "voicemail_seconds": 9})
    assert "record-voicemail" in {s["type"] for s in joke["steps"]}
    forward = await run(corpus_file("10"), to="+15555550107")
    dial = next(s for s in forward["steps"] if s["type"] == "connect-call-to")
    assert dial["event"] == "callCompleted"
    assert forward["widgets"][dial["widget"]]["DialCallStatus"] in ("completed", "failed")


async def test_corpus_validate_through_the_sync_sdk(instant: Running) -> None:
    import asyncio

    client = sandbox_client(instant.url, ACCOUNT_SID, AUTH_TOKEN)
    definition = corpus_file("09")
    result = await asyncio.to_thread(
        client.studio.v2.flow_validate.update, friendly_name="09", status="draft", definition=definition
    )
    assert result.valid is True
