"""voicedash's appointment flow, run end to end for every callee in the last-digit table."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.conftest import Running
from tests.sandbox.support import FROM_NUMBER, Delivered, Receiver, bundled_flow, steps_of, wait_ended

INITIATED = ("status", "initiated", "")
COMPLETED = ("flow", "completed", "")


def dtmf(digit: str) -> tuple[str, str, str]:
    return ("dtmf", "dtmf", digit)


def action(name: str) -> tuple[str, str, str]:
    return ("dtmf", "dtmf_action", name)


EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "1": [INITIATED, dtmf("1"), action("confirm_appointment"), COMPLETED],
    "2": [INITIATED, dtmf("2"), action("cancel_appointment"), COMPLETED],
    "0": [
        INITIATED,
        dtmf("0"),
        action("connect_to_representative"),
        ("flow", "voicemail_recorded", ""),
        COMPLETED,
    ],
    "3": [("status", "busy", "")],
    "4": [("status", "no_answer", "")],
    "5": [("status", "call_failed", "")],
    "6": [("status", "machine", ""), COMPLETED],
    "7": [INITIATED, ("status", "no_input", ""), COMPLETED],
    "8": [INITIATED, dtmf("9"), dtmf("1"), action("confirm_appointment"), COMPLETED],
    "9": [INITIATED],
}


def summary(delivered: Delivered) -> tuple[str, str, str]:
    body = delivered.json
    detail = body.get("action") or (body.get("digits", "") if body["event"] == "dtmf" else "")
    return delivered.path.rsplit("/", 1)[-1], body["event"], detail


@pytest.fixture(scope="module")
async def appointment_flow(instant: Running) -> str:
    flow = await instant.client.studio.v2.flows.create_async(
        friendly_name="voicedash appointment confirmation",
        status="published",
        definition=bundled_flow("http://127.0.0.1:9"),  # unused: webhook_base overrides it
    )
    return str(flow.sid)


@pytest.mark.parametrize("last_digit", sorted(EXPECTED))
async def test_webhook_sequence_per_last_digit(
    last_digit: str, instant: Running, receiver: tuple[Receiver, str], appointment_flow: str
) -> None:
    inbox, receiver_url = receiver
    execution = await instant.client.studio.v2.flows(appointment_flow).executions.create_async(
        to=f"+1555010000{last_digit}", from_=FROM_NUMBER, parameters={"webhook_base": receiver_url}
    )
    assert execution.status == "active"
    await wait_ended(instant.client, appointment_flow, execution.sid)

    delivered = inbox.for_execution(execution.sid)
    assert [summary(d) for d in delivered] == EXPECTED[last_digit]
    assert all(d.signature_valid for d in delivered)
    for d in delivered:
        body = d.json
        assert body["flow_sid"] == appointment_flow
        assert body["to"] == f"+1555010000{last_digit}"
        assert body["call_hash"].startswith(execution.sid + "_")


async def test_voicemail_recording_is_served(
    instant: Running, receiver: tuple[Receiver, str], appointment_flow: str
) -> None:
    inbox, receiver_url = receiver
    execution = await instant.client.studio.v2.flows(appointment_flow).executions.create_async(
        to="+15550100010", from_=FROM_NUMBER, parameters={"webhook_base": receiver_url}
    )
    await wait_ended(instant.client, appointment_flow, execution.sid)
    recorded = next(
        d.json for d in inbox.for_execution(execution.sid) if d.json["event"] == "voicemail_recorded"
    )
    assert recorded["recording_url"].startswith(instant.url + "/sandbox/recordings/RE")
    assert recorded["recording_sid"].startswith("RE")
    assert recorded["recording_duration"] == "8"
    async with httpx.AsyncClient() as http:
        audio = await http.get(recorded["recording_url"])
    assert audio.status_code == 200
    assert audio.headers["content-type"] == "audio/wav"
    assert audio.content[:4] == b"RIFF" and audio.content[8:12] == b"WAVE"


async def test_default_public_url_is_used_without_webhook_base(
    instant: Running, receiver: tuple[Receiver, str]
) -> None:
    inbox, receiver_url = receiver
    flow = await instant.client.studio.v2.flows.create_async(
        friendly_name="no webhook_base", status="published", definition=bundled_flow(receiver_url)
    )
    execution = await instant.client.studio.v2.flows(flow.sid).executions.create_async(
        to="+15550100003", from_=FROM_NUMBER
    )
    await wait_ended(instant.client, flow.sid, execution.sid)
    assert [summary(d) for d in inbox.for_execution(execution.sid)] == EXPECTED["3"]


async def test_hang_up_during_prompt_ends_the_execution_quietly(
    instant: Running, receiver: tuple[Receiver, str], appointment_flow: str
) -> None:
    _, receiver_url = receiver
    execution = await instant.client.studio.v2.flows(appointment_flow).executions.create_async(
        to="+15550100009", from_=FROM_NUMBER, parameters={"webhook_base": receiver_url}
    )
    await wait_ended(instant.client, appointment_flow, execution.sid)
    steps = await steps_of(instant.client, appointment_flow, execution.sid)
    assert [(s.name, s.transitioned_from, s.transitioned_to) for s in steps][-1] == (
        "hangup",
        "gather_response",
        "Ended",
    )
    assert steps[0].name == "incomingRequest" and steps[0].type == "trigger"
