"""The definitions behind the golden tests."""

from __future__ import annotations

from typing import Any

from tests.sandbox.support import flow_of, state

CALL = {"to": "{{contact.channel.address}}", "from": "{{flow.channel.address}}", "timeout": 30}
VOICE_TO = "+15555550101"


def _after_call(widget: dict[str, Any], **call: Any) -> dict[str, Any]:
    placed = state(
        "call", "make-outgoing-call-v2", [{"event": "answered", "next": widget["name"]}], **(CALL | call)
    )
    return flow_of(placed, widget, first="call")


def _alone(widget: dict[str, Any]) -> dict[str, Any]:
    return flow_of(widget, first=widget["name"])


def _texted(widget: dict[str, Any]) -> dict[str, Any]:
    """A flow started by an incoming text message."""
    definition = _alone(widget)
    definition["states"][0]["transitions"] = [{"event": "incomingMessage", "next": widget["name"]}]
    return definition


def _ends(*events: str) -> list[dict[str, Any]]:
    return [{"event": event} for event in events]


Case = tuple[dict[str, Any], str, dict[str, Any] | None, str | None]

WIDGET_CASES: dict[str, Case] = {
    "trigger": (flow_of(state("noop", "set-variables", _ends("next")), first="noop"), VOICE_TO, None, None),
    "set-variables": (
        _alone(
            state(
                "vars",
                "set-variables",
                _ends("next"),
                variables=[
                    {"key": "count", "value": "{{flow.data.n | default: 2}}", "type": "number"},
                    {"key": "twice", "value": "{{flow.variables.count | plus: flow.variables.count}}"},
                    {"key": "flag", "value": "true", "type": "boolean"},
                ],
            )
        ),
        VOICE_TO,
        None,
        None,
    ),
    "split-based-on": (
        _alone(
            state(
                "split",
                "split-based-on",
                [
                    {"event": "noMatch"},
                    {
                        "event": "match",
                        "next": "",
                        "conditions": [{"type": "is_not_blank", "value": "x", "arguments": ["{{flow.sid}}"]}],
                    },
                ],
                input="{{flow.sid}}",
            )
        ),
        VOICE_TO,
        None,
        None,
    ),
    "make-http-request": (
        _alone(
            state(
                "post",
                "make-http-request",
                _ends("success", "failed"),
                method="POST",
                content_type="application/json",
                url="https://hooks.example/json#rc=0",
                body='{"to": "{{contact.channel.address}}", "data": {{flow.data | to_json}}}',
            )
        ),
        VOICE_TO,
        None,
        None,
    ),
    "run-function": (
        _alone(
            state(
                "fn",
                "run-function",
                _ends("success", "fail"),
                url="https://demo-1234.twil.io/json",
                parameters=[{"key": "who", "value": "{{contact.channel.address}}"}],
            )
        ),
        VOICE_TO,
        None,
        None,
    ),
    "make-outgoing-call-v2": (
        flow_of(
            state(
                "call",
                "make-outgoing-call-v2",
                _ends("answered", "busy", "noAnswer", "failed"),
                machine_detection="Enable",
                **CALL,
            ),
            first="call",
        ),
        "+15555550106",
        None,
        None,
    ),
    "gather-input-on-call": (
        _after_call(
            state(
                "ask",
                "gather-input-on-call",
                _ends("keypress", "speech", "timeout"),
                say="Enter your code, then hash.",
                finish_on_key="#",
                timeout=5,
            )
        ),
        VOICE_TO,
        {"keys": ["42#7"]},
        None,
    ),
    "say-play": (
        _after_call(
            state("hello", "say-play", _ends("audioComplete"), say="Hello there.", loop=2, digits="ww1")
        ),
        VOICE_TO,
        None,
        None,
    ),
    "record-voicemail": (
        _after_call(
            state(
                "record", "record-voicemail", _ends("recordingComplete", "noAudio", "hangup"), max_length=30
            )
        ),
        VOICE_TO,
        {"voicemail_seconds": 45},
        None,
    ),
    "connect-call-to": (
        _after_call(
            state(
                "dial",
                "connect-call-to",
                _ends("callCompleted", "hangup"),
                noun="number",
                to="+15555550201",
                timeout=20,
            )
        ),
        VOICE_TO,
        None,
        None,
    ),
    "send-to-flex": (
        _after_call(
            state(
                "flex",
                "send-to-flex",
                _ends("callComplete", "failedToEnqueue", "callFailure"),
                workflow="WW1",
                channel="TC1",
            )
        ),
        VOICE_TO,
        None,
        None,
    ),
    "enqueue-call": (
        _after_call(
            state(
                "queue",
                "enqueue-call",
                _ends("callComplete", "failedToEnqueue", "callFailure"),
                queue_name="support",
            )
        ),
        VOICE_TO,
        {"events": {"queue": "failedToEnqueue"}},
        None,
    ),
    "add-twiml-redirect": (
        _after_call(
            state(
                "redirect",
                "add-twiml-redirect",
                _ends("return", "timeout", "fail"),
                url="https://twiml.example/menu",
            )
        ),
        VOICE_TO,
        {"outputs": {"add-twiml-redirect": {"choice": "billing"}}},
        None,
    ),
    "connect-virtual-agent-v2": (
        _after_call(
            state(
                "agent",
                "connect-virtual-agent-v2",
                _ends("completed", "hangup", "failed", "live-agent-handoff"),
            )
        ),
        VOICE_TO,
        None,
        None,
    ),
    "capture-payments": (
        _after_call(
            state(
                "pay", "capture-payments", _ends("success", "hangup"), payment_amount="12.50", currency="usd"
            )
        ),
        VOICE_TO,
        None,
        None,
    ),
    "send-message": (
        _texted(
            state(
                "sms",
                "send-message",
                _ends("sent", "failed"),
                to="{{contact.channel.address}}",
                body="Hi {{trigger.message.Body}}",
            )
        ),
        VOICE_TO,
        None,
        "incomingMessage",
    ),
    "send-and-wait-for-reply": (
        _texted(
            state(
                "ask",
                "send-and-wait-for-reply",
                _ends("incomingMessage", "timeout"),
                body="Reply YES",
                timeout="60",
            )
        ),
        VOICE_TO,
        {"replies": ["yes"]},
        "incomingMessage",
    ),
    "run-subflow": (
        _alone(
            state(
                "sub",
                "run-subflow",
                _ends("completed", "failed"),
                flow_sid="FW123",
                flow_revision="LatestPublished",
            )
        ),
        VOICE_TO,
        {"outputs": {"sub": {"name": "Ayşe"}}},
        None,
    ),
}

CONDITION_CASES: dict[str, list[tuple[str, str]]] = {
    "equal_to": [("1", "1"), ("Yes", "yes"), ("1", "2")],
    "not_equal_to": [("1", "2"), ("1", "1")],
    "matches_any_of": [("machine_start", "human, machine_start"), ("fax", "human,machine_start")],
    "does_not_match_any_of": [("human", "fax, machine_start"), ("fax", "fax, machine_start")],
    "contains": [("I want pizza", "pizza"), ("salad", "pizza")],
    "does_not_contain": [("salad", "pizza"), ("pizza!", "pizza")],
    "starts_with": [("+90532", "+90"), ("+1555", "+90")],
    "does_not_start_with": [("+1555", "+90"), ("+90532", "+90")],
    "is_blank": [("", "Is Blank"), ("x", "Is Blank")],
    "is_not_blank": [("x", ""), ("", "")],
    "regex": [("sí señor", ".*s(i|í).*"), ("no", "^\\d+$")],
    "less_than": [(" 3 ", "10"), ("12", "10"), ("abc", "10")],
    "greater_than": [("10.5", "10"), ("9", "10")],
    "is_before_date": [("2024-01-01", "2024-06-01"), ("2025-01-01", "2024-06-01")],
    "is_after_date": [("2025-01-01T10:00:00Z", "2024-06-01"), ("2023-01-01", "2024-06-01")],
    "is_before_time": [("08:30", "09:00"), ("18:30", "09:00")],
    "is_after_time": [("18:30", "09:00"), ("08:00", "09:00")],
}


def condition_flow(kind: str, subject: str, value: str) -> dict[str, Any]:
    """A split on `subject` whose only match branch is one condition."""
    match = {
        "event": "match",
        "conditions": [{"friendly_name": kind, "type": kind, "value": value, "arguments": [subject]}],
    }
    return _alone(state("split", "split-based-on", [{"event": "noMatch"}, match], input=subject))


FILTER_CASES: dict[str, str] = {
    "replace": "{{ flow.data.name | replace: ' ', '_' }}",
    "date": "{{ '2024-03-05T14:30:00Z' | date: '%Y-%m-%d %H:%M' }}",
    "plus": "{{ flow.data.n | plus: 1 }}",
    "default": "{{ flow.data.missing | default: 'nobody' }}/{{ flow.data.name | default: 'nobody' }}",
    "size": "{{ flow.data.name | size }}",
    "to_json": "{{ flow.data | to_json }}",
}


def filter_flow(template: str) -> dict[str, Any]:
    """A set-variables widget that renders `template` into `flow.variables.out`."""
    return _alone(
        state("render", "set-variables", _ends("next"), variables=[{"key": "out", "value": template}])
    )
