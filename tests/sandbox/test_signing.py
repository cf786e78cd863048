"""Signatures of delivered requests, checked with the SDK's own RequestValidator."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from studio_sandbox.delivery import ConnectionOverrides, OutboundRequest, WebhookSender, prepare
from studio_sandbox.signing import body_sha256, form_signature
from tests.sandbox.conftest import AUTH_TOKEN, Running
from tests.sandbox.support import Receiver, flow_of, run_flow, state


def test_twilio_form_vector() -> None:
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+14158675309",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert form_signature("12345", url, params.items()) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_twilio_json_body_hash_vector() -> None:
    body = b'{"property": "value", "boolean": true}'
    assert body_sha256(body) == "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"


@given(
    st.lists(st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=12)), max_size=6),
    st.sampled_from(["hook", "hook?foo=1&bar=2", "a/b?x=%20y", ""]),
)
def test_form_signatures_validate(params: list[tuple[str, str]], path: str) -> None:
    url = f"https://example.com/{path}"
    signature = form_signature(AUTH_TOKEN, url, params)
    as_dict: dict[str, Any] = {}
    for name, value in params:
        as_dict.setdefault(name, []).append(value)

    class Multi(dict[str, list[str]]):
        def getall(self, name: str) -> list[str]:
            return self[name]

    assert RequestValidator(AUTH_TOKEN).validate(url, Multi(as_dict), signature)


@given(st.text(max_size=200), st.sampled_from(["https://x.example/hook", "https://x.example/hook?a=1"]))
def test_json_requests_validate(body: str, url: str) -> None:
    prepared, _ = prepare(OutboundRequest("POST", url, "application/json", json_body=body), AUTH_TOKEN)
    assert "bodySHA256=" in prepared.url
    assert RequestValidator(AUTH_TOKEN).validate(prepared.url, body, prepared.headers["X-Twilio-Signature"])


def test_fragment_is_stripped_and_read_as_overrides() -> None:
    prepared, fragment = prepare(
        OutboundRequest(
            "POST", "https://x.example/h#rc=3&tt=2500&ct=100", "application/json", json_body="{}"
        ),
        AUTH_TOKEN,
    )
    assert "#" not in prepared.url
    overrides = ConnectionOverrides.parse(fragment, 10.0)
    assert (overrides.retries, overrides.total_seconds, overrides.connect_seconds) == (3, 2.5, 0.1)
    assert ConnectionOverrides.parse("rc=x&tt=y", 10.0) == ConnectionOverrides(5.0, 10.0, 1)


def _request(name: str, **properties: Any) -> dict[str, Any]:
    return state(name, "make-http-request", [{"event": "success"}, {"event": "failed"}], **properties)


def _three_hooks(url: str) -> dict[str, Any]:
    """JSON POST → form POST → GET, each to the receiver."""
    json_hook = _request(
        "json_hook",
        method="POST",
        content_type="application/json;charset=utf-8",
        url=f"{url}/hooks/json?source=studio#rc=2",
        body='{"execution_sid": "{{flow.sid}}", "name": "{{flow.data.name}}"}',
    )
    json_hook["transitions"] = [{"event": "success", "next": "form_hook"}]
    form_hook = _request(
        "form_hook",
        method="POST",
        content_type="application/x-www-form-urlencoded;charset=utf-8",
        url=f"{url}/hooks/form",
        parameters=[
            {"key": "execution_sid", "value": "{{flow.sid}}"},
            {"key": "who", "value": "{{flow.data.name}}"},
        ],
    )
    form_hook["transitions"] = [{"event": "success", "next": "get_hook"}]
    get_hook = _request(
        "get_hook",
        method="GET",
        url=f"{url}/hooks/get",
        parameters=[{"key": "execution_sid", "value": "{{flow.sid}}"}],
    )
    return flow_of(json_hook, form_hook, get_hook, first="json_hook")


async def test_delivered_json_and_form_requests_are_signed(
    instant: Running, receiver: tuple[Receiver, str]
) -> None:
    inbox, url = receiver
    _, execution = await run_flow(instant.client, _three_hooks(url), "+15550100001", {"name": "Zeke & Ayşe"})
    delivered = [d for d in inbox.received if execution.sid in d.url or execution.sid.encode() in d.body]
    assert [(d.method, d.path) for d in delivered] == [
        ("POST", "/hooks/json"),
        ("POST", "/hooks/form"),
        ("GET", "/hooks/get"),
    ]
    assert all(d.signature_valid for d in delivered)
    json_request, form_request, _get_request = delivered
    assert json_request.url.startswith(f"{url}/hooks/json?source=studio&bodySHA256=")
    assert json_request.json == {"execution_sid": execution.sid, "name": "Zeke & Ayşe"}
    assert json_request.headers["content-type"] == "application/json;charset=utf-8"
    assert form_request.form == {"execution_sid": execution.sid, "who": "Zeke & Ayşe"}
    for d in delivered:
        assert d.headers["user-agent"] == "TwilioProxy/1.1"
        assert len(d.headers["i-twilio-idempotency-token"]) >= 16
    assert len({d.headers["i-twilio-idempotency-token"] for d in delivered}) == 3
    assert (
        RequestValidator("wrong-token").validate(
            json_request.url, json_request.body.decode(), json_request.headers["x-twilio-signature"]
        )
        is False
    )


async def test_connection_failures_are_retried_with_the_same_idempotency_token() -> None:
    attempts: list[bytes] = []

    async def flaky(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        attempts.append(await reader.readuntil(b"\r\n\r\n"))
        if len(attempts) > 1:
            await reader.readexactly(2)
            writer.write(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(flaky, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    sender = WebhookSender(AUTH_TOKEN, timeout_seconds=5)
    try:
        request = OutboundRequest("POST", f"http://127.0.0.1:{port}/hook", "application/json", json_body="{}")
        result = await sender.send(request)
    finally:
        await sender.aclose()
        server.close()
        await server.wait_closed()
    assert result.ok and result.status_code == 204
    tokens = {
        line.split(b":", 1)[1].strip()
        for head in attempts
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"i-twilio-idempotency-token:")
    }
    assert len(attempts) == 2 and len(tokens) == 1
