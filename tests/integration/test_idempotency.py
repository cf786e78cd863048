"""Twilio retries and duplicates: one real event is one row and one effect."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from tests.support.stack import Stack, running_stack
from tests.support.webhooks import execution_sid, signed_json
from voicedash.models import CallEvent, WebhookInbox


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


async def rows_for(stack: Stack, sid: str) -> tuple[int, int]:
    """(inbox rows, timeline events) for one execution."""
    async with stack.api.state.sessions() as session:
        events = await session.scalar(select(func.count()).where(CallEvent.execution_sid == sid)) or 0
        bodies = await session.scalars(select(WebhookInbox.body))
        inbox = sum(sid in body for body in bodies)
    return int(inbox), int(events)


async def post(
    stack: Stack, body: dict[str, object], path: str = "/api/calls/webhooks/dtmf", token: str | None = None
):
    url, raw, headers = signed_json(
        stack.settings.public_url or "", stack.settings.auth_token, path, body, token=token
    )
    return await stack.http.post(url, content=raw, headers=headers)


@pytest.mark.parametrize("token", ["retry-token-1", None], ids=["idempotency-token", "event-identity"])
async def test_a_webhook_delivered_three_times_has_one_effect(stack: Stack, token: str | None) -> None:
    sid = execution_sid(1 if token else 2)
    body = {"execution_sid": sid, "event": "dtmf_action", "action": "confirm_appointment", "digits": "1"}
    answers = [await post(stack, body, token=token) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json()["data"]["duplicate"] for a in answers] == [False, True, True]
    await stack.wait_for(sid, lambda d: d["call"]["outcome"] == "confirmed")
    await asyncio.sleep(0.2)  # would a second copy be processed, it would be by now
    assert await rows_for(stack, sid) == (1, 1)


async def test_the_same_token_on_a_different_event_is_still_one_delivery(stack: Stack) -> None:
    # Twilio reuses a token only for retries of one delivery; the token, not the body, decides.
    sid = execution_sid(3)
    first = await post(stack, {"execution_sid": sid, "event": "dtmf", "digits": "9"}, token="tok-3")
    again = await post(stack, {"execution_sid": sid, "event": "dtmf", "digits": "9"}, token="tok-3")
    other = await post(stack, {"execution_sid": sid, "event": "dtmf", "digits": "9"}, token="tok-4")
    assert [r.json()["data"]["duplicate"] for r in (first, again, other)] == [False, True, False]


async def test_a_thousand_concurrent_duplicates_make_one_row(stack: Stack) -> None:
    sid = execution_sid(4)
    body = {"execution_sid": sid, "event": "busy", "call_status": "busy"}
    answers = await asyncio.gather(
        *(post(stack, body, path="/api/calls/webhooks/status") for _ in range(1000))
    )
    assert {a.status_code for a in answers} == {200}
    assert sum(not a.json()["data"]["duplicate"] for a in answers) == 1
    await stack.wait_for(sid, lambda d: d["call"]["outcome"] == "busy")
    await asyncio.sleep(0.2)
    assert await rows_for(stack, sid) == (1, 1)


async def test_distinct_keypresses_are_not_mistaken_for_duplicates(stack: Stack) -> None:
    sid = execution_sid(5)
    for digits in ("9", "7", "1"):
        assert (
            await post(stack, {"execution_sid": sid, "event": "dtmf", "digits": digits})
        ).status_code == 200
    detail = await stack.wait_for(sid, lambda d: len(d["events"]) == 3)
    assert sorted(e["fields"]["digits"] for e in detail["events"]) == ["1", "7", "9"]
