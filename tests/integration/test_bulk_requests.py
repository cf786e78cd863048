"""Bulk-call requests: each row's verdict, bad bodies naming the field, who may do what, reading and
cancelling batches."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support.bulk import bulk_stack, number, setting, verdicts
from tests.support.sockets import EventRecorder
from tests.support.stack import Stack
from voicedash.models import Call, CallStatus, Role


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with bulk_stack(database_url) as running:
        yield running


@pytest.fixture
async def recorder(stack: Stack) -> AsyncIterator[EventRecorder]:
    recorder = await EventRecorder().connect(stack.app_url, {"token": stack.tokens[Role.viewer]})
    yield recorder
    await recorder.client.disconnect()


async def test_a_complete_batch_cannot_be_cancelled_and_unknown_ones_are_404(
    stack: Stack, recorder: EventRecorder
) -> None:
    batch_id = (await stack.http.post("/api/calls/start-bulk", json={"numbers": [number(750)]})).json()[
        "data"
    ]["batch_id"]
    await recorder.wait_for("bulkCallComplete", batch_id=batch_id)
    refused = await stack.http.post(f"/api/calls/batches/{batch_id}/cancel")
    assert refused.status_code == 409 and refused.json()["details"]["field"] == "batch_id"
    missing = await stack.http.get("/api/calls/batches/b_0000000000000000")
    assert missing.status_code == 404 and missing.json()["details"]["field"] == "batch_id"
    malformed = await stack.http.get("/api/calls/batches/not-a-batch")
    assert malformed.status_code == 400 and malformed.json()["details"]["field"] == "batch_id"
    listed = (await stack.http.get("/api/calls/batches?limit=1")).json()["data"]
    assert listed["items"][0]["batch_id"] == batch_id and listed["items"][0]["status"] == "complete"
    audit = await _audit(stack, "batch.started")
    assert batch_id in [entry["target"] for entry in audit]


async def _audit(stack: Stack, action: str) -> list[dict[str, Any]]:
    async with stack.client(Role.admin) as admin:
        response = await admin.get(f"/api/audit?action={action}")
    items: list[dict[str, Any]] = response.json()["data"]["items"]
    return items


async def test_national_numbers_without_a_region_and_calls_in_progress_are_rejected(stack: Stack) -> None:
    with setting(stack, "default_region", None):
        response = await stack.http.post(
            "/api/calls/start-bulk",
            json={"numbers": ["0532 123 45 67", "+90 532 123 45 67"], "dry_run": True},
        )
    assert verdicts(response.json()["data"]) == [(1, "NO_COUNTRY_CODE", None)]
    async with stack.api.state.sessions() as session:
        session.add(
            Call(
                execution_sid="FN" + "7" * 32,
                to_number=number(760),
                status=CallStatus.ringing,
                created_at=datetime.now(UTC),
            )
        )
        await session.commit()
    response = await stack.http.post(
        "/api/calls/start-bulk", json={"numbers": [number(760), number(761)], "dry_run": True}
    )
    data = response.json()["data"]
    assert verdicts(data) == [(1, "IN_PROGRESS", None)] and [a["row"] for a in data["accepted"]] == [2]
    nothing = await stack.http.post("/api/calls/start-bulk", json={"numbers": [number(760), "abc"]})
    assert nothing.status_code == 400 and nothing.json()["code"] == "NO_CALLABLE_NUMBERS"
    assert [r["code"] for r in nothing.json()["details"]["rejected"]] == ["IN_PROGRESS", "INVALID_NUMBER"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "numbers"),
        ({"numbers": []}, "numbers"),
        ({"numbers": "+14155550101"}, "numbers"),
        ({"numbers": [14155550101]}, "numbers.0"),
        ({"numbers": [None]}, "numbers.0"),
        ({"numbers": ["1" * 65]}, "numbers"),
        ({"numbers": ["+14155550101"], "dry_run": "yes"}, "dry_run"),
        ([], "body"),
    ],
)
async def test_bad_bodies_are_400_naming_the_field(stack: Stack, body: Any, field: str) -> None:
    response = await stack.http.post("/api/calls/start-bulk", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["details"]["field"] == field


async def test_a_row_too_long_to_be_a_number_is_rejected_alone(stack: Stack) -> None:
    junk = "x" * 65 + " pasted from the wrong column"
    response = await stack.http.post(
        "/api/calls/start-bulk", json={"numbers": [number(780), junk, number(781)], "dry_run": True}
    )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert verdicts(data) == [(2, "INVALID_NUMBER", None)] and [a["row"] for a in data["accepted"]] == [1, 3]
    assert "longer than 64 characters" in data["rejected"][0]["reason"]
    assert data["rejected"][0]["input"] == "x" * 64 + "…", "the row is shown, cut short"
    nothing = await stack.http.post("/api/calls/start-bulk", json={"numbers": [junk]})
    assert nothing.status_code == 400 and nothing.json()["details"]["field"] == "numbers"


async def test_an_entry_that_is_not_text_is_400_naming_numbers(stack: Stack) -> None:
    raw = b'{"numbers": ["+14155550101", "\\ud800"], "dry_run": true}'
    response = await stack.http.post(
        "/api/calls/start-bulk", content=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["details"]["field"] == "numbers" and "row 2" in response.json()["error"] + str(
        response.json()["details"]
    )


async def test_more_rows_than_bulk_max_numbers_is_400(stack: Stack) -> None:
    with setting(stack, "bulk_max_numbers", 3):
        response = await stack.http.post(
            "/api/calls/start-bulk", json={"numbers": ["1", "2", "3", "4"], "dry_run": True}
        )
    assert response.status_code == 400 and response.json()["details"]["field"] == "numbers"
    assert "BULK_MAX_NUMBERS" in response.json()["error"]


async def test_viewers_read_batches_but_cannot_start_or_cancel_them_and_strangers_get_401(
    stack: Stack,
) -> None:
    body = {"numbers": [number(790)], "dry_run": True}
    async with stack.client(Role.viewer) as viewer:
        assert (await viewer.post("/api/calls/start-bulk", json=body)).status_code == 403
        assert (await viewer.post("/api/calls/batches/b_0000000000000000/cancel")).status_code == 403
        assert (await viewer.get("/api/calls/batches")).status_code == 200
    async with stack.client() as stranger:
        for method, path in [
            ("POST", "/api/calls/start-bulk"),
            ("GET", "/api/calls/batches"),
            ("GET", "/api/calls/batches/b_0000000000000000"),
            ("POST", "/api/calls/batches/b_0000000000000000/cancel"),
        ]:
            response = await stranger.request(method, path, json=body)
            assert response.status_code == 401, (method, path)
