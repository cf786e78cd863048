"""Whatever arrives at a webhook, parsing and signature checking raise only AppError subclasses."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicedash.errors import AppError
from voicedash.webhooks.parse import WebhookEvent, WebhookKind, parse_webhook
from voicedash.webhooks.signature import verify_signature

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = st.sampled_from(
    [
        "execution_sid",
        "ExecutionSid",
        "event",
        "Event",
        "digits",
        "action",
        "to",
        "From",
        "call_hash",
        "CallSid",
        "CallStatus",
        "call_status",
        "SequenceNumber",
        "Timestamp",
        "CallDuration",
        "answeredby",
        "RecordingUrl",
    ]
) | st.text(max_size=12)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
SID_LIKE = st.sampled_from(["FN" + "a" * 32, "CA" + "b" * 32, "FN123", ""]) | st.text(max_size=40)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "application/json; charset=utf-8",
        "text/plain",
        "",
    ]
) | st.text(max_size=30)


def parses_or_refuses(kind: WebhookKind, content_type: str, body: bytes) -> None:
    try:
        event = parse_webhook(kind, content_type, body)
    except AppError as error:
        assert 400 <= error.status_code < 500
        return
    assert isinstance(event, WebhookEvent)
    json.dumps(event.fields())  # the timeline stores these


@FUZZ
@given(st.sampled_from(list(WebhookKind)), CONTENT_TYPES, st.binary(max_size=512))
def test_any_bytes_with_any_content_type(kind: WebhookKind, content_type: str, body: bytes) -> None:
    parses_or_refuses(kind, content_type, body)


@FUZZ
@given(st.sampled_from(list(WebhookKind)), st.dictionaries(KEYS, JSON_VALUES | SID_LIKE, max_size=8))
def test_studio_like_json_objects(kind: WebhookKind, body: dict[str, Any]) -> None:
    parses_or_refuses(kind, "application/json", json.dumps(body).encode())


@FUZZ
@given(
    st.sampled_from(list(WebhookKind)), st.lists(st.tuples(KEYS, st.text(max_size=40) | SID_LIKE), max_size=8)
)
def test_twilio_like_forms(kind: WebhookKind, pairs: list[tuple[str, str]]) -> None:
    parses_or_refuses(kind, "application/x-www-form-urlencoded", urlencode(pairs).encode())


@FUZZ
@given(
    auth_token=st.text(max_size=40),
    url=st.text(max_size=80) | st.just("https://x.example/api/calls/webhooks/status?bodySHA256=00"),
    body=st.binary(max_size=256),
    media_type=st.sampled_from(["application/json", "application/x-www-form-urlencoded"])
    | st.text(max_size=20),
    signature=st.none() | st.text(max_size=60),
    signature_settings=st.none() | st.text(max_size=40),
)
def test_signature_checks_only_refuse(
    auth_token: str,
    url: str,
    body: bytes,
    media_type: str,
    signature: str | None,
    signature_settings: str | None,
) -> None:
    try:
        verify_signature(
            auth_token=auth_token,
            url=url,
            body=body,
            media_type=media_type,
            signature=signature,
            signature_settings=signature_settings,
        )
    except AppError as error:
        assert error.status_code == 403
