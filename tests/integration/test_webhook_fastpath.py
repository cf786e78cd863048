"""Webhooks answered ahead of the general stack keep what that stack gives every request."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.conftest import LogLines
from tests.support.stack import Stack, running_stack
from tests.support.webhooks import execution_sid, signed_json
from voicedash.webhooks.fastpath import AckLog
from voicedash.webhooks.parse import WebhookKind

on_sqlite = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
PATH = "/api/calls/webhooks/status"


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


def signed(stack: Stack, n: int) -> tuple[str, bytes, dict[str, str]]:
    body = {"execution_sid": execution_sid(70_000 + n), "event": "busy", "to": "+14155550142"}
    return signed_json(stack.settings.public_url or "", stack.settings.auth_token, PATH, body)


@on_sqlite
async def test_an_acknowledged_webhook_has_the_security_headers_and_the_envelope(stack: Stack) -> None:
    url, raw, headers = signed(stack, 1)
    async with stack.client() as twilio:
        first = await twilio.post(url, content=raw, headers=headers)
        again = await twilio.post(url, content=raw, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["success"] is True and first.json()["data"] == {"duplicate": False}
    assert again.json()["data"] == {"duplicate": True}
    assert first.headers["content-type"] == "application/json"
    assert first.headers["cache-control"] == "no-store"
    assert first.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in first.headers["content-security-policy"]
    assert "access-control-allow-origin" not in first.headers


@on_sqlite
async def test_a_forged_webhook_is_refused_and_logged(stack: Stack, json_logs: LogLines) -> None:
    url, raw, headers = signed(stack, 2)
    headers["X-Twilio-Signature"] = "bm90IGEgc2lnbmF0dXJl"
    async with stack.client(headers={"User-Agent": "forger/1.0"}) as forger:
        response = await forger.post(url, content=raw, headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "INVALID_SIGNATURE"
    assert response.headers["cache-control"] == "no-store"
    lines = json_logs()
    events = {line["event"]: line for line in lines}
    assert events["INVALID_SIGNATURE"]["user_agent"] == "forger/1.0"
    assert events["FAILED_REQUEST"]["url"] == PATH and events["FAILED_REQUEST"]["status"] == 403
    assert events["request"]["path"] == PATH and events["request"]["status"] == 403
    assert "4155550142" not in "\n".join(map(str, lines))


@on_sqlite
async def test_a_webhook_too_large_or_of_another_type_gets_its_envelope(stack: Stack) -> None:
    url, _, headers = signed(stack, 3)
    async with stack.client() as client:
        huge = await client.post(url, content=b"x" * (65 * 1024), headers=headers)
        form = await client.post(url, content=b"a=1", headers={**headers, "Content-Type": "text/plain"})
    assert huge.status_code == 413 and huge.json()["details"]["field"] == "body"
    assert form.status_code == 403  # the signature covers the body: checked before the type


@on_sqlite
async def test_a_webhook_from_a_browser_takes_the_path_with_cors(stack: Stack) -> None:
    origin = stack.settings.public_url or ""
    url, raw, headers = signed(stack, 4)
    async with stack.client(headers={"Origin": origin}) as browser:
        response = await browser.post(url, content=raw, headers=headers)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin


def test_acknowledged_webhooks_are_counted_into_one_line(json_logs: LogLines) -> None:
    ack_log = AckLog(slow_seconds=1.0, interval=3600)
    scope = {"method": "POST", "path": PATH}
    for _ in range(3):
        ack_log.record(scope, WebhookKind.status, 200, 0.002)
    ack_log.record(scope, WebhookKind.dtmf, 200, 0.004)
    ack_log.record(scope, WebhookKind.dtmf, 400, 0.001)
    ack_log.record(scope, WebhookKind.flow, 200, 1.5)
    assert [line["event"] for line in json_logs()] == ["request", "slow_request"]
    ack_log.flush()
    summary = json_logs()[-1]
    assert summary["event"] == "webhooks_acknowledged"
    assert summary["count"] == 5 and summary["kinds"] == {"status": 3, "dtmf": 1, "flow": 1}
    assert summary["max_ms"] == 1500.0
