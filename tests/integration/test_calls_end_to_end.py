"""A call started through the API, run by the sandbox, reported by signed webhooks, seen on a socket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import socketio

from tests.support.stack import Stack, running_stack
from voicedash.models import Role

TERMINAL = {"completed", "busy", "no-answer", "failed", "canceled"}
# DESIGN.md: the sandbox callee by last digit, and where the bundled flow leaves each call.
EXPECTED = {
    "1": ("completed", "confirmed"),
    "2": ("completed", "cancelled"),
    "0": ("completed", "voicemail"),
    "3": ("busy", "busy"),
    "4": ("no-answer", "no_answer"),
    "5": ("failed", "failed"),
    "6": ("completed", "machine"),
    "7": ("completed", "no_input"),
    "8": ("completed", "confirmed"),
    "9": ("completed", "hung_up"),
}


class SocketRecorder:
    """A real Socket.IO client that keeps every event it receives."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: list[tuple[str, dict[str, Any]]] = []
        for name in ("statusUpdate", "dtmfUpdate", "flowUpdate"):
            self.client.on(name, self._recorder(name))

    def _recorder(self, name: str) -> Any:
        async def record(payload: dict[str, Any]) -> None:
            self.events.append((name, payload))

        return record

    def for_call(self, execution_sid: str) -> list[tuple[str, dict[str, Any]]]:
        return [(n, p) for n, p in self.events if p["execution_sid"] == execution_sid]


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    # The reconciler checks calls quiet for half a second, several times a second.
    async with running_stack(
        database_url, reconcile_interval_seconds=0.2, reconcile_quiet_seconds=0.5
    ) as running:
        yield running


@pytest.fixture(scope="module")
async def recorder(stack: Stack) -> AsyncIterator[SocketRecorder]:
    recorder = SocketRecorder()
    await recorder.client.connect(
        stack.app_url,
        socketio_path="socket.io",
        transports=["websocket"],
        auth={"token": stack.tokens[Role.viewer]},
    )
    yield recorder
    await recorder.client.disconnect()


async def test_every_callee_ends_with_the_designed_status_and_outcome(
    stack: Stack, recorder: SocketRecorder
) -> None:
    started = {}
    for digit in EXPECTED:
        response = await stack.start_call(f"+1 415 555 010{digit}")
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["success"] is True and body["data"]["to"] == f"+1415555010{digit}"
        started[digit] = body["data"]["execution_sid"]

    settled = await asyncio.gather(
        *(stack.wait_for(sid, lambda d: d["call"]["status"] in TERMINAL) for sid in started.values())
    )
    for (digit, sid), detail in zip(started.items(), settled, strict=True):
        call = detail["call"]
        assert (call["status"], call["outcome"]) == EXPECTED[digit], f"last digit {digit}: {call}"
        assert call["execution_sid"] == sid
        # Each webhook is in the timeline, raw payload kept.
        assert detail["events"], digit
        assert all(json.loads(e["payload"])["execution_sid"] == sid for e in detail["events"])

    await _assert_socket_saw_every_event(stack, recorder, started)


async def _assert_socket_saw_every_event(
    stack: Stack, recorder: SocketRecorder, started: dict[str, str]
) -> None:
    for sid in started.values():
        timeline = (await stack.detail(sid))["events"]
        for _ in range(100):
            if len(recorder.for_call(sid)) >= len(timeline):
                break
            await asyncio.sleep(0.05)
        seen = recorder.for_call(sid)
        assert [p["event_id"] for _, p in seen] == [e["event_id"] for e in timeline]
        names = {"status": "statusUpdate", "dtmf": "dtmfUpdate", "flow": "flowUpdate"}
        assert [n for n, _ in seen] == [names[e["kind"]] for e in timeline]
    ids = [p["event_id"] for _, p in recorder.events]
    assert len(ids) == len(set(ids)), "an event reached the socket twice"


async def test_details_of_each_path(stack: Stack, recorder: SocketRecorder) -> None:
    sids = {}
    for digit in ("0", "8", "6"):
        sids[digit] = (await stack.start_call(f"+1 415 555 020{digit}")).json()["data"]["execution_sid"]
    details = {d: await stack.wait_for(s, lambda x: x["call"]["status"] in TERMINAL) for d, s in sids.items()}

    voicemail = details["0"]
    assert voicemail["call"]["recording_url"], "the voicemail's RecordingUrl is reported"
    assert [e["event"] for e in voicemail["events"]] == [
        "initiated",
        "dtmf",
        "dtmf_action",
        "voicemail_recorded",
        "completed",
    ]
    retried = details["8"]
    assert [e["fields"].get("digits") for e in retried["events"] if e["event"] == "dtmf"] == ["9", "1"]
    assert retried["call"]["digits"] == "1"
    machine = details["6"]
    assert machine["call"]["answered_by"].startswith("machine")

    actions = [p for n, p in recorder.for_call(sids["8"]) if n == "dtmfUpdate" and p["is_action"]]
    assert [p["action"] for p in actions] == ["confirm_appointment"]
    assert actions[0]["call"]["outcome"] == "confirmed"


async def test_hang_up_during_the_prompt_is_finalised_by_the_reconciler(stack: Stack) -> None:
    sid = (await stack.start_call("+1 415 555 0109")).json()["data"]["execution_sid"]
    # Studio sends nothing when the person hangs up; the reconciler asks it what happened.
    detail = await stack.wait_for(sid, lambda d: d["call"]["outcome"] != "pending")
    assert (detail["call"]["status"], detail["call"]["outcome"]) == ("completed", "hung_up")
    assert [e["event"] for e in detail["events"]] == ["initiated", "hung_up"]
    assert json.loads(detail["events"][-1]["payload"])["source"] == "reconciler"


async def test_history_is_newest_first_and_paged(stack: Stack) -> None:
    first = (await stack.http.get("/api/calls/history", params={"limit": 2})).json()["data"]
    assert first["limit"] == 2 and len(first["items"]) == 2 and first["total"] >= 10
    second = (await stack.http.get("/api/calls/history", params={"limit": 2, "offset": 2})).json()["data"]
    assert {c["execution_sid"] for c in first["items"]}.isdisjoint(
        c["execution_sid"] for c in second["items"]
    )
    stamps = [c["created_at"] for c in first["items"] + second["items"]]
    assert stamps == sorted(stamps, reverse=True)
    capped = (await stack.http.get("/api/calls/history", params={"limit": 100_000})).json()["data"]
    assert capped["limit"] == stack.settings.history_max_limit
