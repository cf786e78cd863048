"""Hostile or odd input gets a 4xx envelope naming what is wrong, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from tests.support.stack import Stack, running_stack
from tests.support.webhooks import execution_sid, signed_json


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url, time_scale=0.05) as running:
        yield running


async def post_signed(stack: Stack, path: str, body: dict[str, object], **headers: str):
    url, raw, signed = signed_json(stack.settings.public_url or "", stack.settings.auth_token, path, body)
    return await stack.http.post(url, content=raw, headers={**signed, **headers})


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("digits", "1" * 33, "digits"),
        ("event", "e" * 65, "event"),
        ("to", "+1" * 20, "to"),
        ("answeredby", "m" * 33, "answered_by"),
        ("recording_url", "http://x/" + "r" * 600, "recording_url"),
        ("duration", "3000000000", "duration"),
        ("duration", "-5", "duration"),
        ("call_hash", "h" * 65, "call_hash"),
        ("flow_sid", "FW123", "flow_sid"),
        ("digits", "1\x002", "digits"),
        ("event", "a\ud800b", "event"),
    ],
)
async def test_signed_webhooks_with_values_the_database_cannot_hold_are_400(
    stack: Stack, field: str, value: str, named: str
) -> None:
    body = {"execution_sid": execution_sid(900), "event": "dtmf", "digits": "1", field: value}
    response = await post_signed(stack, "/api/calls/webhooks/dtmf", body)
    assert response.status_code == 400, response.text
    assert response.json()["details"]["field"] == named


async def test_an_overlong_content_type_is_refused(stack: Stack) -> None:
    body = {"execution_sid": execution_sid(901), "event": "busy"}
    response = await post_signed(
        stack, "/api/calls/webhooks/status", body, **{"Content-Type": "application/json; x=" + "y" * 200}
    )
    assert response.status_code == 415


@pytest.mark.parametrize("sid", ["%00", "FN123", "x" * 300, "FN" + "g" * 32])
async def test_malformed_execution_sids_in_the_path_are_400(stack: Stack, sid: str) -> None:
    response = await stack.http.get(f"/api/calls/history/{sid}")
    assert response.status_code == 400
    assert response.json()["details"]["field"] == "execution_sid"


async def test_invalid_json_names_the_body(stack: Stack) -> None:
    response = await stack.http.post(
        "/api/calls/start", content=b'{"to": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["details"]["field"] == "body"


async def test_a_huge_body_is_refused_before_it_is_read(stack: Stack) -> None:
    huge = b'{"to": "' + b"1" * (2 * 1024 * 1024) + b'"}'
    response = await stack.http.post(
        "/api/calls/start", content=huge, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "PAYLOAD_TOO_LARGE"


async def test_methods_and_paths(stack: Stack) -> None:
    wrong_method = await stack.http.get("/api/calls/start")
    assert wrong_method.status_code == 405 and wrong_method.headers["Allow"] == "POST"
    missing = await stack.http.get("/api/nothing/here")
    assert missing.status_code == 404 and set(missing.json()) == {
        "success",
        "error",
        "code",
        "details",
        "timestamp",
    }
    assert (await stack.http.head("/health")).status_code == 200
    assert (await stack.http.head("/")).status_code == 200
    assert (
        (await stack.http.get("/docs")).headers["content-type"].startswith("text/html")
    )  # the SPA, not Swagger


async def test_a_number_already_being_called_is_not_called_again(stack: Stack) -> None:
    first = await stack.start_call("+1 415 555 0601")
    assert first.status_code == 201
    # Two tabs, a double click: the person is still on the line, so the second start is refused.
    again = await asyncio.gather(*(stack.start_call("+14155550601") for _ in range(3)))
    assert {r.status_code for r in again} == {409}
    assert again[0].json()["code"] == "CALL_IN_PROGRESS"
    assert again[0].json()["details"]["execution_sid"] == first.json()["data"]["execution_sid"]
    sid = first.json()["data"]["execution_sid"]
    await stack.wait_for(sid, lambda d: d["call"]["status"] == "completed")
    # Once that call is over, calling again is a deliberate choice and allowed (Studio ends the
    # execution a moment after its last webhook, so allow it that moment).
    for _ in range(40):
        response = await stack.start_call("+14155550601")
        if response.status_code != 409:
            break
        await asyncio.sleep(0.05)
    assert response.status_code == 201, response.text


async def test_concurrent_starts_to_one_number_place_one_call(stack: Stack) -> None:
    answers = await asyncio.gather(*(stack.start_call("+14155550602") for _ in range(5)))
    assert sorted(r.status_code for r in answers) == [201, 409, 409, 409, 409]
