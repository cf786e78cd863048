"""Bad input gets a 4xx envelope naming the field; forged webhooks get a 403 and store nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from tests.support.stack import Stack, running_stack
from tests.support.webhooks import signed_json as sign
from voicedash.models import CallEvent, WebhookInbox

FN = "FN" + "e" * 32


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


def signed_json(stack: Stack, path: str, body: dict[str, object]) -> tuple[str, bytes, dict[str, str]]:
    return sign(stack.settings.public_url or "", stack.settings.auth_token, path, body)


async def stored_count(stack: Stack) -> int:
    """Webhooks stored (inbox) plus events made from them: a refused webhook adds to neither."""
    async with stack.api.state.sessions() as session:
        inbox = await session.scalar(select(func.count()).select_from(WebhookInbox)) or 0
        events = await session.scalar(select(func.count()).select_from(CallEvent)) or 0
        return int(inbox) + int(events)


@pytest.mark.parametrize(
    "to",
    ["", "   ", "call me", "+1 415", "4155550101", "+1 415 555 0101 0101 0101", ["+14155550101"], 42, None],
)
async def test_bad_numbers_get_400_naming_to(stack: Stack, to: object) -> None:
    response = await stack.start_call(to)
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False and body["details"]["field"] == "to" and body["error"]


async def test_a_body_without_to_names_it(stack: Stack) -> None:
    for payload in ({}, {"number": "+14155550101"}):
        response = await stack.http.post("/api/calls/start", json=payload)
        assert response.status_code == 400
        assert response.json()["details"]["field"] == "to"
    response = await stack.http.post(
        "/api/calls/start", content=b"not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


async def test_unknown_call_is_404(stack: Stack) -> None:
    response = await stack.http.get(f"/api/calls/history/{FN}")
    assert response.status_code == 404 and response.json()["code"] == "NOT_FOUND"


async def test_signed_webhook_is_stored(stack: Stack) -> None:
    before = await stored_count(stack)
    url, raw, headers = signed_json(
        stack, "/api/calls/webhooks/status", {"execution_sid": FN, "event": "busy", "to": "+14155550103"}
    )
    response = await stack.http.post(url, content=raw, headers=headers)
    assert response.status_code == 200, response.text
    detail = await stack.wait_for(FN, lambda d: d["call"]["outcome"] == "busy")
    assert [e["event"] for e in detail["events"]] == ["busy"]
    assert await stored_count(stack) == before + 2


@pytest.mark.parametrize("forgery", ["missing", "wrong", "tampered", "no_body_hash", "other_path"])
async def test_forged_webhooks_are_403_and_store_nothing(stack: Stack, forgery: str) -> None:
    before = await stored_count(stack)
    body = {"execution_sid": FN, "event": "dtmf_action", "action": "cancel_appointment", "digits": "2"}
    url, raw, headers = signed_json(stack, "/api/calls/webhooks/dtmf", body)
    if forgery == "missing":
        del headers["X-Twilio-Signature"]
    elif forgery == "wrong":
        headers["X-Twilio-Signature"] = "bm90IGEgc2lnbmF0dXJl"
    elif forgery == "tampered":
        raw = raw.replace(b"cancel", b"confirm")
    elif forgery == "no_body_hash":
        url = url.split("?")[0]
    elif forgery == "other_path":
        url = url.replace("/dtmf", "/status")
    response = await stack.http.post(url, content=raw, headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "INVALID_SIGNATURE"
    assert await stored_count(stack) == before


async def test_signed_but_incomplete_webhook_is_400_listing_fields(stack: Stack) -> None:
    url, raw, headers = signed_json(stack, "/api/calls/webhooks/dtmf", {"event": "dtmf"})
    response = await stack.http.post(url, content=raw, headers=headers)
    assert response.status_code == 400
    assert response.json()["details"]["missing"] == ["execution_sid", "digits"]


async def test_oversized_webhook_is_413(stack: Stack) -> None:
    url, raw, headers = signed_json(
        stack, "/api/calls/webhooks/flow", {"execution_sid": FN, "event": "x" * 70_000}
    )
    response = await stack.http.post(url, content=raw, headers=headers)
    assert response.status_code == 413


async def test_health_reports_every_service(stack: Stack) -> None:
    response = await stack.http.get("/health")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert {k: v["status"] for k, v in body["services"].items()} == {
        "database": "up",
        "twilio": "up",
        "socketio": "up",
        "webhooks": "up",
    }
    assert body["services"]["webhooks"] == {"status": "up", "spool_depth": 0, "processor": "leader"}
    assert body["environment"] == "test" and body["uptime"] >= 0 and body["memory"]["rss"] > 0


async def test_public_health_does_not_say_where_twilio_traffic_goes(stack: Stack) -> None:
    async with stack.client() as anonymous:
        body = (await anonymous.get("/health")).json()
    assert stack.sandbox_url not in str(body)
