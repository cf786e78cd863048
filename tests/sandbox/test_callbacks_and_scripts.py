"""Call status callbacks, the HMAC-SHA256 signature variant, script files and the seeded random mode."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
from collections import Counter
from pathlib import Path

import httpx
import pytest

from studio_sandbox.callee import RandomCallees
from studio_sandbox.delivery import OutboundRequest, prepare
from studio_sandbox.scripts import ScriptFileError, load_script_file
from studio_sandbox.signing import SHA256, Signer, signed_string
from tests.sandbox.conftest import ACCOUNT_SID, AUTH_TOKEN, Running
from tests.sandbox.support import FROM_NUMBER, Receiver, flow_of, state, wait_ended
from tests.sandbox.tester_support import load, path, run


async def test_status_callbacks_are_signed_forms_for_the_events_asked(
    instant: Running, receiver: tuple[Receiver, str]
) -> None:
    inbox, url = receiver
    events = ["initiated", "ringing", "answered", "completed"]
    placed = await instant.client.calls.create_async(
        to="+15550710006",
        from_=FROM_NUMBER,
        url="https://x.example/twiml",
        status_callback=f"{url}/call-status?tenant=7",
        status_callback_event=events,
        machine_detection="Enable",
    )
    for _ in range(200):
        callbacks = [
            d for d in inbox.received if d.path == "/call-status" and placed.sid in d.form.get("CallSid", "")
        ]
        if len(callbacks) == 4:
            break
        await asyncio.sleep(0.01)
    forms = [d.form for d in callbacks]
    assert [f["CallStatus"] for f in forms] == ["initiated", "ringing", "in-progress", "completed"]
    assert [f["SequenceNumber"] for f in forms] == ["0", "1", "2", "3"]
    assert all(
        d.signature_valid and d.headers["content-type"].startswith("application/x-www-form")
        for d in callbacks
    )
    last = forms[-1]
    assert (last["AccountSid"], last["To"], last["From"], last["Direction"]) == (
        ACCOUNT_SID,
        "+15550710006",
        FROM_NUMBER,
        "outbound-api",
    )
    assert (last["CallDuration"], last["Duration"], last["AnsweredBy"]) == ("30", "1", "machine_start")
    assert last["CallbackSource"] == "call-progress-events" and last["Timestamp"].endswith("+0000")

    quiet = await instant.client.calls.create_async(
        to="+15550710003", from_=FROM_NUMBER, twiml="<Response/>", status_callback=f"{url}/call-status"
    )
    for _ in range(200):
        only = [d.form for d in inbox.received if d.form.get("CallSid") == quiet.sid]
        if only:
            break
        await asyncio.sleep(0.01)
    assert [(f["CallStatus"], f["SipResponseCode"]) for f in only] == [
        ("busy", "486")
    ]  # default: completed only


def test_sha256_signature_variant() -> None:
    signer = Signer(AUTH_TOKEN, SHA256, "k1")
    form = (("Digits", "1"), ("CallSid", "CA1"))
    prepared, _ = prepare(
        OutboundRequest("POST", "https://x.example/h", "application/x-www-form-urlencoded", form=form), signer
    )
    expected = hmac.new(
        AUTH_TOKEN.encode(), signed_string("https://x.example/h", form).encode(), hashlib.sha256
    )
    assert prepared.headers["X-Twilio-Signature"] == base64.b64encode(expected.digest()).decode()
    assert prepared.headers["X-Twilio-Webhooks-Signature-Settings"] == "key=k1,algorithm=HMAC_SHA256"
    plain, _ = prepare(OutboundRequest("GET", "https://x.example/h", ""), AUTH_TOKEN)
    assert "X-Twilio-Webhooks-Signature-Settings" not in plain.headers
    with pytest.raises(ValueError, match="algorithm"):
        Signer(AUTH_TOKEN, "MD5")


def test_random_callees_are_seeded_and_follow_the_rates() -> None:
    mode = RandomCallees(seed=7, answer_rate=0.7, busy_rate=0.1, failed_rate=0.05, keys={"1": 3, "2": 1})
    numbers = [f"+1555080{i:04d}" for i in range(2000)]
    scripts = [mode.script_for(n) for n in numbers]
    assert scripts == [
        RandomCallees(
            seed=7, answer_rate=0.7, busy_rate=0.1, failed_rate=0.05, keys={"1": 3, "2": 1}
        ).script_for(n)
        for n in numbers
    ]
    assert scripts != [RandomCallees(seed=8).script_for(n) for n in numbers]
    kinds = Counter(
        "failed" if s.failed else "busy" if s.busy else "silent" if s.answer_after is None else "answered"
        for s in scripts
    )
    assert abs(kinds["answered"] / 2000 - 0.7) < 0.04 and abs(kinds["busy"] / 2000 - 0.1) < 0.03
    first_keys = Counter(s.keys[0] for s in scripts if s.keys)
    assert 2.4 < first_keys["1"] / first_keys["2"] < 3.8
    assert all(1.0 <= s.answer_after <= 8.0 for s in scripts if s.answer_after is not None)


async def test_random_mode_through_the_api(instant: Running) -> None:
    async with httpx.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as http:
        assert (
            await http.put(f"{instant.url}/sandbox/random", json={"seed": 3, "answer_rate": 0})
        ).is_success
        try:
            assert instant.sandbox.core.callees.script_for("+15550000001").answer_after is None
        finally:
            assert (await http.delete(f"{instant.url}/sandbox/random")).status_code == 204
        assert instant.sandbox.core.callees.script_for("+15550000001").keys == ("1",)
        bad = await http.put(f"{instant.url}/sandbox/random", json={"answer_rate": 2})
    assert (bad.status_code, bad.json()["code"]) == (400, 20001)


def test_script_files_yaml_and_json(tmp_path: Path) -> None:
    book = tmp_path / "book.yaml"
    book.write_text(
        "callees:\n  '+15550001111': {keys: ['2'], answered_by: machine_end_beep}\n"
        "random: {seed: 5}\nfaults: {duplicate: true, widgets: [notify]}\n"
        "http:\n  - {match: /lookup, status: 404, body: nope}\n"
    )
    loaded = load_script_file(book)
    assert loaded.callees["+15550001111"].to_script().keys == ("2",)
    assert loaded.random is not None and loaded.random.to_random().seed == 5
    assert loaded.faults is not None and loaded.faults.to_plan().widgets == ("notify",)
    single = tmp_path / "one.json"
    single.write_text('{"keys": ["1", "0"], "voicemail_seconds": 4}')
    assert load_script_file(single, "+15550002222").callees["+15550002222"].voicemail_seconds == 4
    for text, problem in (("keys: 5", "keys"), ("[1, 2]", "mapping"), ("{", "one.yaml")):
        (tmp_path / "one.yaml").write_text(text)
        with pytest.raises(ScriptFileError, match=problem):
            load_script_file(tmp_path / "one.yaml", "+1")


async def test_incoming_call_trigger_gives_the_caller_a_live_call() -> None:
    definition = load("matches_any_of_menu")
    definition["states"][0]["transitions"] = [{"event": "incomingCall", "next": "menu"}]
    report = await run(definition, script={"keys": ["2"]})
    assert report["trigger"] == "incomingCall"
    assert path(report) == [
        ("Trigger", "incomingCall"),
        ("menu", "keypress"),
        ("route", "match"),
        ("say_valid", "audioComplete"),
    ]
    assert report["calls"][0]["direction"] == "inbound" and report["calls"][0]["status"] == "completed"


async def test_incoming_call_and_message_through_the_api(instant: Running) -> None:
    menu = load("matches_any_of_menu")
    menu["states"][0]["transitions"] = [{"event": "incomingCall", "next": "menu"}]
    texted = flow_of(
        state("echo", "send-message", [{"event": "sent"}], body="You said {{trigger.message.Body}}"),
        first="echo",
    )
    texted["states"][0]["transitions"] = [{"event": "incomingMessage", "next": "echo"}]
    flows = instant.client.studio.v2.flows
    call_flow = await flows.create_async(friendly_name="in", status="published", definition=menu)
    text_flow = await flows.create_async(friendly_name="sms", status="published", definition=texted)
    async with httpx.AsyncClient(auth=(ACCOUNT_SID, AUTH_TOKEN)) as http:
        called = await http.post(
            f"{instant.url}/sandbox/incoming", json={"flow_sid": call_flow.sid, "from": "+15550720002"}
        )
        sms = await http.post(
            f"{instant.url}/sandbox/incoming",
            json={
                "flow_sid": text_flow.sid,
                "from": "+15550720003",
                "event": "incomingMessage",
                "body": "hi",
            },
        )
        bad = await http.post(
            f"{instant.url}/sandbox/incoming", json={"flow_sid": call_flow.sid, "from": "nobody"}
        )
    assert called.status_code == 201 and sms.status_code == 201
    assert (bad.status_code, bad.json()["code"]) == (400, 21212)
    ended = await wait_ended(instant.client, call_flow.sid, called.json()["sid"])
    assert ended.context["widgets"]["menu"]["Digits"] == "2"
    assert ended.context["contact"]["channel"]["address"] == "+15550720002"
    texted_back = await wait_ended(instant.client, text_flow.sid, sms.json()["sid"])
    assert texted_back.context["widgets"]["echo"]["Body"] == "You said hi"
    inbound = await instant.client.calls.list_async(from_="+15550720002")
    assert [(c.direction, c.status) for c in inbound] == [("inbound", "completed")]


async def test_calls_placed_by_flows_are_in_the_calls_resource(instant: Running) -> None:
    flow = await instant.client.studio.v2.flows.create_async(
        friendly_name="calls", status="published", definition=load("voicemail_path")
    )
    execution = await instant.client.studio.v2.flows(flow.sid).executions.create_async(
        to="+15550730000", from_=FROM_NUMBER
    )
    ended = await wait_ended(instant.client, flow.sid, execution.sid)
    call_sid = ended.context["widgets"]["call"]["CallSid"]
    placed = await instant.client.calls(call_sid).fetch_async()
    assert (placed.to, placed.status, placed.direction) == ("+15550730000", "completed", "outbound-api")
    assert int(placed.duration) > 8  # the prompt, the beep and an 8 s voicemail, on the simulated clock
