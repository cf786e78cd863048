"""How executions walk flows: widgets, limits, errors, callees."""

from __future__ import annotations

from typing import Any

import httpx

from studio_sandbox import SandboxConfig, create_sandbox
from studio_sandbox.sdk import sandbox_client
from tests.sandbox.conftest import ACCOUNT_SID, AUTH_TOKEN, Running
from tests.sandbox.support import Receiver, flow_of, run_flow, state, steps_of
from tests.support.servers import serving


def _setter(name: str, next_name: str | None, **variables: str) -> dict[str, Any]:
    transition = {"event": "next", "next": next_name} if next_name else {"event": "next"}
    pairs = [{"key": k, "value": v} for k, v in variables.items()]
    return state(name, "set-variables", [transition], variables=pairs)


def _call(name: str = "call", answered: str | None = None) -> dict[str, Any]:
    transitions = [{"event": "answered", "next": answered}] if answered else []
    properties = {"to": "{{contact.channel.address}}", "from": "{{flow.channel.address}}"}
    return state(name, "make-outgoing-call-v2", transitions, **properties)


async def test_unknown_widget_type_ends_with_an_error_step(instant: Running) -> None:
    definition = flow_of(state("mystery", "send-to-the-moon", []), first="mystery")
    flow_sid, execution = await run_flow(instant.client, definition, "+15550100001", status="draft")
    last = (await steps_of(instant.client, flow_sid, execution.sid))[-1]
    assert (last.name, last.transitioned_from, last.transitioned_to, last.type) == (
        "error",
        "mystery",
        "Ended",
        "send-to-the-moon",
    )
    assert last.context["error"]["reason"] == "unknown_widget"


async def test_a_widget_may_run_ten_times_in_a_row(instant: Running) -> None:
    loop = _setter("again", "again", count="{{flow.variables.count | plus: 1}}")
    flow_sid, execution = await run_flow(instant.client, flow_of(loop, first="again"), "+15550100001")
    steps = await steps_of(instant.client, flow_sid, execution.sid)
    assert [s.name for s in steps] == ["incomingRequest"] + ["next"] * 10 + ["error"]
    assert steps[-1].context["error"]["reason"] == "loop_limit"
    assert execution.context["flow"]["variables"]["count"] == "10"


async def test_executions_stop_at_a_thousand_steps(instant: Running) -> None:
    definition = flow_of(_setter("ping", "pong"), _setter("pong", "ping"), first="ping")
    flow_sid, execution = await run_flow(instant.client, definition, "+15550100001")
    steps = await instant.client.studio.v2.flows(flow_sid).executions(execution.sid).steps.list_async()
    assert len(steps) == 1001
    assert steps[0].name == "error" and steps[0].context["error"]["reason"] == "step_limit"


async def test_missing_next_widget_is_an_error_not_a_crash(instant: Running) -> None:
    definition = flow_of(_setter("a", "ghost"), first="a")
    flow_sid, execution = await run_flow(instant.client, definition, "+15550100001", status="draft")
    last = (await steps_of(instant.client, flow_sid, execution.sid))[-1]
    assert last.name == "error" and last.context["error"]["reason"] == "invalid_state"


async def test_voice_widget_without_a_call_is_an_error(instant: Running) -> None:
    definition = flow_of(state("say", "say-play", [{"event": "audioComplete"}], say="hi"), first="say")
    flow_sid, execution = await run_flow(instant.client, definition, "+15550100001")
    last = (await steps_of(instant.client, flow_sid, execution.sid))[-1]
    assert last.context["error"]["reason"] == "no_active_call"


async def test_outgoing_call_outputs(instant: Running) -> None:
    amd = _call()
    amd["properties"] |= {"machine_detection": "DetectMessageEnd", "from": "{{flow.channel.address}}"}
    _, machine = await run_flow(instant.client, flow_of(amd, first="call"), "+15550100006")
    outputs = machine.context["widgets"]["call"]
    assert outputs["CallSid"].startswith("CA") and len(outputs["CallSid"]) == 34
    assert (outputs["CallStatus"], outputs["AnsweredBy"]) == ("in-progress", "machine_end_beep")
    assert (outputs["To"], outputs["From"]) == ("+15550100006", "+15550009999")

    _, human = await run_flow(instant.client, flow_of(_call(), first="call"), "+15550100001")
    assert "AnsweredBy" not in human.context["widgets"]["call"]
    for digit, status in (("3", "busy"), ("4", "no-answer"), ("5", "failed")):
        _, execution = await run_flow(instant.client, flow_of(_call(), first="call"), f"+1555010000{digit}")
        assert execution.context["widgets"]["call"]["CallStatus"] == status


def _gather(**properties: Any) -> dict[str, Any]:
    transitions = [{"event": "keypress"}, {"event": "speech"}, {"event": "timeout"}]
    return state("ask", "gather-input-on-call", transitions, say="Tell me", **properties)


async def _register(running: Running, number: str, script: dict[str, Any]) -> httpx.Response:
    async with httpx.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as http:
        return await http.post(f"{running.url}/sandbox/callees", json={"number": number, "script": script})


async def test_registered_callee_scripts_drive_gathers(instant: Running) -> None:
    keys = await _register(instant, "+15550700001", {"keys": ["12#9"], "answer_after": 1})
    assert keys.status_code == 201
    speech = await _register(instant, "+15550700002", {"keys": [""], "speech": ["yes please"]})
    assert speech.status_code == 201
    definition = flow_of(_call(answered="ask"), _gather(number_of_digits=3, finish_on_key="#"), first="call")

    flow_sid, pressed = await run_flow(instant.client, definition, "+15550700001")
    assert pressed.context["widgets"]["ask"]["Digits"] == "12"
    assert (await steps_of(instant.client, flow_sid, pressed.sid))[-1].name == "keypress"

    flow_sid, spoke = await run_flow(instant.client, definition, "+15550700002")
    assert spoke.context["widgets"]["ask"]["SpeechResult"] == "yes please"
    assert (await steps_of(instant.client, flow_sid, spoke.sid))[-1].name == "speech"

    async with httpx.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as http:
        listed = (await http.get(f"{instant.url}/sandbox/callees")).json()["callees"]
        assert {c["number"] for c in listed} >= {"+15550700001", "+15550700002"}
        assert (await http.delete(f"{instant.url}/sandbox/callees/+15550700001")).status_code == 204
        assert (await http.delete(f"{instant.url}/sandbox/callees/+15550700001")).json()["code"] == 20404
        invalid = await http.post(
            f"{instant.url}/sandbox/callees", json={"number": "+1", "script": {"keys": 5}}
        )
    async with httpx.AsyncClient() as http:
        anonymous = await http.post(f"{instant.url}/sandbox/callees", json={"number": "+1"})
    assert (invalid.status_code, invalid.json()["code"]) == (400, 20001)
    assert anonymous.status_code == 401


async def test_record_voicemail_events(instant: Running) -> None:
    record = state(
        "record",
        "record-voicemail",
        [{"event": "recordingComplete"}, {"event": "noAudio"}, {"event": "hangup"}],
        max_length=5,
    )
    definition = flow_of(_call(answered="record"), record, first="call")
    await _register(instant, "+15550800001", {"voicemail_seconds": 30})
    await _register(instant, "+15550800002", {"voicemail_seconds": 3, "hang_up_at": "record"})
    expectations = {"+15550800001": "recordingComplete", "+15550800002": "hangup", "+15550800007": "noAudio"}
    for number, event in expectations.items():
        flow_sid, execution = await run_flow(instant.client, definition, number)
        assert (await steps_of(instant.client, flow_sid, execution.sid))[-1].name == event
    _, capped = await run_flow(instant.client, definition, "+15550800001")
    assert capped.context["widgets"]["record"]["RecordingDuration"] == "5"


async def test_http_request_outcomes(instant: Running, receiver: tuple[Receiver, str]) -> None:
    inbox, url = receiver
    inbox.reply_by_path["/lookup"] = {"patient": {"name": "Ayşe"}}
    inbox.status_by_path["/broken"] = 500

    def request(name: str, target: str, next_name: str | None = None) -> dict[str, Any]:
        transitions = [{"event": "success", "next": next_name}, {"event": "failed", "next": next_name}]
        if next_name is None:
            transitions = [{"event": "success"}, {"event": "failed"}]
        return state(name, "make-http-request", transitions, method="GET", url=target)

    definition = flow_of(
        request("lookup", f"{url}/lookup", "broken"),
        request("broken", f"{url}/broken", "nowhere"),
        request("nowhere", "http://127.0.0.1:9/closed#rc=0&ct=200"),
        first="lookup",
    )
    flow_sid, execution = await run_flow(instant.client, definition, "+15550100001")
    widgets = execution.context["widgets"]
    assert widgets["lookup"]["status_code"] == 200
    assert widgets["lookup"]["parsed"] == {"patient": {"name": "Ayşe"}}
    assert widgets["lookup"]["content_type"] == "application/json"
    assert widgets["broken"]["status_code"] == 500
    assert widgets["nowhere"]["error"]["code"] == 81016
    steps = await steps_of(instant.client, flow_sid, execution.sid)
    assert [s.name for s in steps[1:]] == ["success", "failed", "failed"]


async def test_split_takes_the_first_matching_branch(instant: Running) -> None:
    split = state(
        "route",
        "split-based-on",
        [
            {"event": "noMatch", "next": "none"},
            {
                "event": "match",
                "next": "small",
                "conditions": [{"type": "less_than", "value": "10", "arguments": ["{{flow.data.n}}"]}],
            },
            {
                "event": "match",
                "next": "big",
                "conditions": [{"type": "greater_than", "value": "5", "arguments": ["{{flow.data.n}}"]}],
            },
        ],
        input="{{flow.data.n}}",
    )
    definition = flow_of(
        split,
        _setter("small", None, size="small"),
        _setter("big", None, size="big"),
        _setter("none", None, size="?"),
        first="route",
    )
    for n, size in ((7, "small"), (50, "big"), ("x", "?")):
        _, execution = await run_flow(instant.client, definition, "+15550100001", {"n": n})
        assert execution.context["flow"]["variables"]["size"] == size


async def test_aclose_ends_running_executions() -> None:
    sandbox = create_sandbox(SandboxConfig(time_scale=1.0))
    async with serving(sandbox.asgi) as url:
        client = sandbox_client(url, sandbox.config.account_sid, sandbox.config.auth_token, async_=True)
        try:
            flow = await client.studio.v2.flows.create_async(
                friendly_name="slow", status="published", definition=flow_of(_call(), first="call")
            )
            execution = await client.studio.v2.flows(flow.sid).executions.create_async(
                to="+15550100004", from_="+15550009999"
            )
            assert sandbox.engine.running() == [execution.sid]
            await sandbox.aclose()
            assert sandbox.engine.running() == []
            fetched = await client.studio.v2.flows(flow.sid).executions(execution.sid).fetch_async()
            assert fetched.status == "ended"
        finally:
            await client.http_client.close()
