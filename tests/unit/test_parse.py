import json
from urllib.parse import urlencode

import pytest

from voicedash.errors import AppError, ValidationError
from voicedash.models import CallStatus
from voicedash.webhooks.parse import WebhookKind, parse_webhook

FN = "FN" + "a" * 32
FW = "FW" + "b" * 32
CA = "CA" + "c" * 32
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def studio(kind: WebhookKind, **body: object):
    return parse_webhook(kind, JSON, json.dumps(body).encode())


def test_studio_status_body() -> None:
    event = studio(
        WebhookKind.status,
        flow_sid=FW,
        execution_sid=FN,
        event="initiated",
        widget_name="call_user",
        to="+14155550101",
        call_hash=f"{FN}_1700000000",
        call_status="in-progress",
        answeredby="human",
    )
    assert (event.event, event.execution_sid, event.flow_sid) == ("initiated", FN, FW)
    assert event.call_status is CallStatus.in_progress
    assert event.answered_by == "human"
    assert event.fields()["call_hash"] == f"{FN}_1700000000"


@pytest.mark.parametrize(
    ("body", "expected_event", "expected_status"),
    [
        (
            {"ExecutionSid": FN, "Event": "no-answer", "CallStatus": "no-answer"},
            "no_answer",
            CallStatus.no_answer,
        ),
        (
            {"executionSid": FN, "event": "noAnswer", "callStatus": "no_answer"},
            "no_answer",
            CallStatus.no_answer,
        ),
        ({"execution_sid": FN, "event": "BUSY", "call_status": "Busy"}, "busy", CallStatus.busy),
        (
            {"execution_sid": FN, "event": "initiated", "call_status": "in_progress"},
            "initiated",
            CallStatus.in_progress,
        ),
        (
            {"execution_sid": FN, "event": "machine", "CallStatus": "answered"},
            "machine",
            CallStatus.in_progress,
        ),
    ],
)
def test_case_and_separator_variants_mean_the_same(
    body: dict, expected_event: str, expected_status: CallStatus
) -> None:
    event = parse_webhook(WebhookKind.status, JSON, json.dumps(body).encode())
    assert event.event == expected_event
    assert event.call_status is expected_status


def test_execution_sid_comes_from_call_hash_when_absent() -> None:
    event = studio(WebhookKind.dtmf, call_hash=f"{FN}_1700000000_x", event="dtmf", digits="1")
    assert event.execution_sid == FN
    assert event.digits == "1"


def test_dtmf_action_carries_action() -> None:
    event = studio(
        WebhookKind.dtmf, execution_sid=FN, event="dtmf_action", action="confirm_appointment", digits=1
    )
    assert (event.action, event.digits) == ("confirm_appointment", "1")


def test_empty_liquid_values_count_as_absent() -> None:
    event = studio(WebhookKind.status, execution_sid=FN, event="busy", call_sid="", answeredby="", to="")
    assert event.call_sid is None and event.answered_by is None and event.to is None


def test_twilio_form_status_callback() -> None:
    body = urlencode(
        {
            "AccountSid": "AC" + "d" * 32,
            "ApiVersion": "2010-04-01",
            "CallSid": CA,
            "CallStatus": "completed",
            "CallbackSource": "call-progress-events",
            "To": "+14155550101",
            "From": "+15005550006",
            "Direction": "outbound-api",
            "Timestamp": "Tue, 01 Dec 2026 10:00:05 +0000",
            "SequenceNumber": "3",
            "CallDuration": "42",
            "AnsweredBy": "human",
        }
    ).encode()
    event = parse_webhook(WebhookKind.status, f"{FORM}; charset=utf-8", body)
    assert (event.call_sid, event.event, event.call_status) == (CA, "completed", CallStatus.completed)
    assert (event.sequence_number, event.duration, event.answered_by) == (3, 42, "human")
    assert event.timestamp is not None and event.timestamp.year == 2026


@pytest.mark.parametrize(
    ("content_type", "body", "fields"),
    [
        (JSON, {"execution_sid": FN}, ["event"]),
        (JSON, {"event": "initiated"}, ["execution_sid"]),
        (JSON, {}, ["event", "execution_sid"]),
        (JSON, {"execution_sid": FN, "event": "dtmf"}, ["digits"]),
        (JSON, {"execution_sid": FN, "event": "dtmf_action", "digits": "1"}, ["action"]),
        (FORM, {"CallStatus": "ringing"}, ["call_sid"]),
        (FORM, {"CallSid": CA}, ["call_status"]),
    ],
)
def test_missing_required_fields_are_listed(content_type: str, body: dict, fields: list[str]) -> None:
    raw = json.dumps(body) if content_type == JSON else urlencode(body)
    with pytest.raises(ValidationError) as caught:
        parse_webhook(WebhookKind.status, content_type, raw.encode())
    assert caught.value.details["missing"] == fields
    assert all(name in caught.value.message for name in fields)


@pytest.mark.parametrize(
    ("content_type", "body", "field"),
    [
        (JSON, b"{not json", "body"),
        (JSON, b"[1, 2]", "body"),
        (JSON, b"\xff\xfe", "body"),
        (JSON, json.dumps({"execution_sid": "FN123", "event": "x"}).encode(), "execution_sid"),
        (JSON, json.dumps({"execution_sid": FN, "event": "x", "call_sid": "nope"}).encode(), "call_sid"),
        (FORM, b"CallSid=" + CA.encode() + b"&CallStatus=exploded", "CallStatus"),
        (FORM, b"CallSid=" + CA.encode() + b"&CallStatus=ringing&SequenceNumber=x", "sequence_number"),
        (FORM, b"CallSid=" + CA.encode() + b"&CallStatus=ringing&Timestamp=yesterday", "timestamp"),
    ],
)
def test_malformed_bodies_get_a_400_naming_the_field(content_type: str, body: bytes, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_webhook(WebhookKind.status, content_type, body)
    assert caught.value.details["field"] == field


def test_other_content_types_are_415() -> None:
    with pytest.raises(AppError) as caught:
        parse_webhook(WebhookKind.flow, "text/plain", b"hello")
    assert caught.value.status_code == 415
