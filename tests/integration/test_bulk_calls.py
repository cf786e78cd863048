"""Bulk calls run: a validated list started at a pace through the real SDK and sandbox, progress seen on
a real Socket.IO client and replayed on reconnect, Twilio's refusals, cancel, rows a crash left behind."""

from __future__ import annotations

import asyncio
import itertools
import statistics
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from studio_sandbox.ratelimit import SlidingWindowLimiter
from tests.integration.test_calls_end_to_end import EXPECTED, TERMINAL
from tests.support.bulk import batch, bulk_stack, executions_to, number, setting, verdicts, wait_batch
from tests.support.servers import free_port
from tests.support.sockets import EventRecorder
from tests.support.stack import Stack
from voicedash.campaigns.service import new_batch_id
from voicedash.db.encryption import keyring_of
from voicedash.models import Call, CallBatch, CallBatchRow, CallStatus, Role, RowStatus
from voicedash.twilio_gateway.gateway import TwilioGateway

# 20 rows: 17 callable (one typed the national way), a missing one, an invalid one, a duplicate of row 3.
ROWS = [f"+1 415 555 {710 + i:04d}" for i in range(17)]
ROWS[1] = "(415) 555-0711"
ROWS.insert(4, "")  # row 5
ROWS.insert(8, "abc")  # row 9
ROWS.insert(13, "+1 (415) 555-0712")  # row 14, the number of row 3
EXPECTED_REJECTED = [(5, "MISSING_NUMBER", None), (9, "INVALID_NUMBER", None), (14, "DUPLICATE", 3)]


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with bulk_stack(database_url) as running:
        yield running


@pytest.fixture
async def recorder(stack: Stack) -> AsyncIterator[EventRecorder]:
    recorder = await EventRecorder().connect(stack.app_url, {"token": stack.tokens[Role.viewer]})
    yield recorder
    await recorder.client.disconnect()


async def test_a_list_is_validated_called_reported_live_and_replayed(
    stack: Stack, recorder: EventRecorder
) -> None:
    batches_before = (await stack.http.get("/api/calls/batches")).json()["data"]["total"]
    dry = await stack.http.post("/api/calls/start-bulk", json={"numbers": ROWS, "dry_run": True})
    assert dry.status_code == 200, dry.text
    assert dry.json()["data"]["batch_id"] is None
    assert verdicts(dry.json()["data"]) == EXPECTED_REJECTED
    assert dry.json()["data"]["rejected"][0]["reason"] == "row 5 has no number"
    assert dry.json()["data"]["rejected"][2]["reason"] == "same number as row 3"
    assert (await stack.http.get("/api/calls/batches")).json()["data"]["total"] == batches_before
    assert executions_to(stack, {number(710 + i) for i in range(17)}) == []

    response = await stack.http.post("/api/calls/start-bulk", json={"numbers": ROWS})
    assert response.status_code == 202, response.text
    data = response.json()["data"]
    batch_id = data["batch_id"]
    assert batch_id.startswith("b_") and data["total_rows"] == 20
    assert verdicts(data) == EXPECTED_REJECTED
    assert [a["to"] for a in data["accepted"]] == [number(710 + i) for i in range(17)]
    assert data["accepted"][1] == {"row": 2, "input": "(415) 555-0711", "to": number(711)}

    complete = await recorder.wait_for("bulkCallComplete", batch_id=batch_id)
    assert (complete["total"], complete["started"], complete["failed"]) == (17, 17, 0)
    assert complete["status"] == "complete"
    detail = await batch(stack, batch_id)
    assert (detail["status"], detail["started"], detail["failed"], detail["remaining"]) == (
        "complete",
        17,
        0,
        0,
    )
    assert detail["failed_rows"] == [] and detail["rejected"] == 3

    await _calls_carry_the_batch_and_settle(stack, batch_id)
    live = _batch_events_in_order(recorder, batch_id)
    await _replayed_on_reconnect(stack, batch_id, live)


async def _calls_carry_the_batch_and_settle(stack: Stack, batch_id: str) -> None:
    async with stack.api.state.sessions() as session:
        calls = list(await session.scalars(select(Call).where(Call.batch_id == batch_id)))
        raw = await session.scalar(
            text('SELECT "to" FROM call_batch_rows WHERE batch_id = :b LIMIT 1'), {"b": batch_id}
        )
    assert sorted(c.to_number for c in calls) == [number(710 + i) for i in range(17)]
    assert str(raw).startswith("gAAAAA"), "numbers of a batch are encrypted at rest"
    settled = await asyncio.gather(
        *(stack.wait_for(c.execution_sid, lambda d: d["call"]["status"] in TERMINAL) for c in calls)
    )
    for detail in settled:
        call = detail["call"]
        assert (call["status"], call["outcome"]) == EXPECTED[call["to"][-1]], call


def _batch_events_in_order(recorder: EventRecorder, batch_id: str) -> list[tuple[str, int]]:
    ids = [p["event_id"] for _, p in recorder.events]
    assert ids == sorted(ids) and len(ids) == len(set(ids)), "every event id is unique and increasing"
    events = recorder.of_batch(batch_id)
    names = [n for n, _ in events]
    assert names[-1] == "bulkCallComplete" and names.count("bulkCallComplete") == 1
    progress = [p for n, p in events if n == "bulkCallProgress"]
    assert progress, "progress is reported while the batch runs"
    assert all(p["total"] == 17 and p["started"] + p["failed"] + p["remaining"] == 17 for p in progress)
    started = [p["started"] for p in progress]
    assert started == sorted(started)
    assert set(progress[0]) == {"event_id", "batch_id", "total", "started", "failed", "remaining"}
    return [(n, p["event_id"]) for n, p in events]


async def _replayed_on_reconnect(stack: Stack, batch_id: str, live: list[tuple[str, int]]) -> None:
    """A client that saw only the batch's first event gets the rest again when it reconnects, same ids."""
    auth = {"token": stack.tokens[Role.viewer], "last_event_id": live[0][1]}
    again = await EventRecorder().connect(stack.app_url, auth)
    try:
        await again.wait_for("replayComplete")
        replayed = again.of_batch(batch_id)
        assert [(n, p["event_id"]) for n, p in replayed] == live[1:]
        assert all(p["replayed"] for _, p in replayed)
    finally:
        await again.client.disconnect()


async def test_starts_are_paced_at_calls_per_second(stack: Stack, recorder: EventRecorder) -> None:
    numbers = [number(730 + i) for i in range(6)]
    with setting(stack, "calls_per_second", 4):
        response = await stack.http.post("/api/calls/start-bulk", json={"numbers": numbers})
        batch_id = response.json()["data"]["batch_id"]
        await recorder.wait_for("bulkCallComplete", batch_id=batch_id)
    created = [e.date_created for e in executions_to(stack, set(numbers))]
    assert len(created) == 6
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(created)]
    # 1 / CALLS_PER_SECOND less timer jitter; the first request may also open the HTTP connection to
    # Twilio and land late, which shortens the gap after it.
    assert gaps[0] >= 0.25 / 2 and min(gaps[1:]) >= 0.25 - 0.04, gaps
    # And not much slower either (a gap may stretch while the test's event loop is busy elsewhere).
    assert statistics.median(gaps) < 0.25 + 0.1, gaps


async def test_cancel_stops_the_rows_not_yet_started(stack: Stack, recorder: EventRecorder) -> None:
    numbers = [number(740 + i) for i in range(10)]
    with setting(stack, "calls_per_second", 2):
        batch_id = (await stack.http.post("/api/calls/start-bulk", json={"numbers": numbers})).json()["data"][
            "batch_id"
        ]
        await wait_batch(stack, batch_id, lambda d: d["started"] >= 1)
        # The same list again meanwhile: the rows still waiting in the first batch are not queued twice.
        again = await stack.http.post("/api/calls/start-bulk", json={"numbers": numbers, "dry_run": True})
        waiting = [r for r in again.json()["data"]["rejected"] if batch_id in r["reason"]]
        assert len(waiting) >= 5 and {r["code"] for r in waiting} == {"IN_PROGRESS"}
        response = await stack.http.post(f"/api/calls/batches/{batch_id}/cancel")
        assert response.status_code == 200, response.text
        assert response.json()["data"]["status"] == "cancelled"
        complete = await recorder.wait_for("bulkCallComplete", batch_id=batch_id)
    detail = await batch(stack, batch_id)
    assert complete["status"] == "cancelled" and detail["status"] == "cancelled"
    assert detail["started"] + detail["failed"] + detail["cancelled"] == 10
    assert detail["cancelled"] >= 5 and detail["remaining"] == 0
    placed = len(executions_to(stack, set(numbers)))
    assert placed == detail["started"]
    await asyncio.sleep(1.5)
    assert len(executions_to(stack, set(numbers))) == placed, "nothing is called after the cancel"
    again = await stack.http.post(f"/api/calls/batches/{batch_id}/cancel")
    assert again.status_code == 200 and again.json()["data"]["cancelled"] == detail["cancelled"]


async def test_a_batch_is_complete_once_its_rows_are_started_whatever_others_still_hold(
    stack: Stack, recorder: EventRecorder
) -> None:
    first, second = [number(760)], [number(761 + i) for i in range(8)]
    with setting(stack, "calls_per_second", 2):
        first_id = (await stack.http.post("/api/calls/start-bulk", json={"numbers": first})).json()["data"][
            "batch_id"
        ]
        second_id = (await stack.http.post("/api/calls/start-bulk", json={"numbers": second})).json()["data"][
            "batch_id"
        ]
        await recorder.wait_for("bulkCallComplete", batch_id=first_id)
        # Announced while the other batch still has rows to start (8 rows at 2 a second take 3.5 s).
        other = await batch(stack, second_id)
        assert other["status"] == "running" and other["remaining"] > 0, other
        await recorder.wait_for("bulkCallComplete", batch_id=second_id)
    assert (await batch(stack, first_id))["status"] == "complete"


async def test_a_batch_with_every_row_started_cannot_be_cancelled(stack: Stack) -> None:
    """Between its last start and its announcement a batch is still `running`: cancelling it then would
    record a fully called batch as cancelled."""
    runner = stack.api.state.batch_runner
    await runner.stop()  # it would announce the batch complete within a second
    try:
        batch_id = new_batch_id()
        async with stack.api.state.sessions() as session:
            session.add(CallBatch(batch_id=batch_id, total_rows=1, total=1, created_by="test"))
            await session.flush()
            to_hash = keyring_of(session.get_bind().dialect).keyed_hash(number(770))
            row = CallBatchRow(batch_id=batch_id, row=1, to_number=number(770), to_hash=to_hash)
            row.status = RowStatus.started
            session.add(row)
            await session.commit()
        refused = await stack.http.post(f"/api/calls/batches/{batch_id}/cancel")
        assert refused.status_code == 409, refused.text
        assert refused.json()["details"]["field"] == "batch_id"
        assert (await batch(stack, batch_id))["status"] == "running"
    finally:
        await runner.start()
    await wait_batch(stack, batch_id, lambda d: d["status"] == "complete")


async def test_twilio_rate_limits_delay_rows_and_never_fail_them(stack: Stack) -> None:
    # The sandbox admits 3 executions a second; the runner tries 30: Twilio answers 429 (20429) often.
    assert stack.sandbox is not None
    core = stack.sandbox.core
    limiter, core.execution_limiter = core.execution_limiter, SlidingWindowLimiter(3)
    try:
        numbers = [number(770 + i) for i in range(8)]
        response = await stack.http.post("/api/calls/start-bulk", json={"numbers": numbers})
        batch_id = response.json()["data"]["batch_id"]
        detail = await wait_batch(stack, batch_id, lambda d: d["status"] == "complete")
    finally:
        core.execution_limiter = limiter
    assert (detail["started"], detail["failed"]) == (8, 0)
    async with stack.api.state.sessions() as session:
        attempts = await session.scalar(
            select(func.sum(CallBatchRow.attempts)).where(CallBatchRow.batch_id == batch_id)
        )
    assert attempts is not None and attempts > 8, "some rows were refused with 429 and tried again"
    assert len(executions_to(stack, set(numbers))) == 8


async def test_rows_a_crash_left_starting_are_settled_without_calling_again(stack: Stack) -> None:
    """One row's call was placed but never recorded (and its webhooks went nowhere); the other's never was."""
    runner = stack.api.state.batch_runner
    assert stack.settings.twilio_flow_sid and stack.settings.twilio_phone_number
    placed = await stack.api.state.gateway.start_execution(
        flow_sid=stack.settings.twilio_flow_sid,
        to=number(780),
        from_=stack.settings.twilio_phone_number,
        parameters={"webhook_base": f"http://127.0.0.1:{free_port()}"},
    )
    batch_id = new_batch_id()
    claimed_at = datetime.now(UTC) - timedelta(seconds=5)
    grace, runner.claim_grace = runner.claim_grace, timedelta(0)
    try:
        async with stack.api.state.sessions() as session:
            keyring = keyring_of(session.get_bind().dialect)
            session.add(
                CallBatch(
                    batch_id=batch_id,
                    total_rows=2,
                    total=2,
                    rejected=0,
                    started=0,
                    failed=0,
                    cancelled=0,
                    created_by="tests",
                )
            )
            await session.flush()
            for row, to in enumerate((number(780), number(781)), start=1):
                session.add(
                    CallBatchRow(
                        batch_id=batch_id,
                        row=row,
                        to_number=to,
                        to_hash=keyring.keyed_hash(to),
                        status=RowStatus.starting,
                        attempts=1,
                        claimed_at=claimed_at,
                    )
                )
            await session.commit()
        detail = await wait_batch(stack, batch_id, lambda d: d["status"] == "complete", timeout=20)
    finally:
        runner.claim_grace = grace
    assert (detail["started"], detail["failed"]) == (1, 1)
    assert [(r["row"], r["code"]) for r in detail["failed_rows"]] == [(2, "INTERRUPTED")]
    assert [e.sid for e in executions_to(stack, {number(780), number(781)})] == [placed.sid]
    async with stack.api.state.sessions() as session:
        call = await session.scalar(select(Call).where(Call.execution_sid == placed.sid))
    assert call is not None and call.batch_id == batch_id


async def test_a_row_refused_when_its_turn_comes_fails_with_the_reason(
    stack: Stack, recorder: EventRecorder
) -> None:
    first, second = number(757), number(758)
    with setting(stack, "calls_per_second", 1):
        response = await stack.http.post("/api/calls/start-bulk", json={"numbers": [first, second]})
        batch_id = response.json()["data"]["batch_id"]
        await wait_batch(stack, batch_id, lambda d: d["started"] == 1)
        # Between the two starts someone calls the second number by hand; it is still ringing.
        async with stack.api.state.sessions() as session:
            session.add(Call(execution_sid="FN" + "5" * 32, to_number=second, status=CallStatus.ringing))
            await session.commit()
        complete = await recorder.wait_for("bulkCallComplete", batch_id=batch_id)
    assert (complete["started"], complete["failed"]) == (1, 1)
    detail = await batch(stack, batch_id)
    assert detail["failed_rows"] == [
        {
            "row": 2,
            "to": second,
            "code": "CALL_IN_PROGRESS",
            "reason": "a call to this number is already in progress",
        }
    ]


async def test_a_start_twilio_never_answered_is_settled_from_what_twilio_lists(stack: Stack) -> None:
    """No answer is no verdict: the row is neither failed nor retried until Twilio says what it placed."""
    state, runner = stack.api.state, stack.api.state.batch_runner
    real = state.gateway
    silent = TwilioGateway(
        account_sid=stack.settings.twilio_account_sid or "",
        auth_token=stack.settings.auth_token,
        api_base_url=f"http://127.0.0.1:{free_port()}",
    )
    grace, runner.claim_grace = runner.claim_grace, timedelta(0)
    state.gateway = silent
    try:
        response = await stack.http.post("/api/calls/start-bulk", json={"numbers": [number(785)]})
        batch_id = response.json()["data"]["batch_id"]
        for _ in range(100):
            async with state.sessions() as session:
                row = await session.scalar(select(CallBatchRow).where(CallBatchRow.batch_id == batch_id))
            if row is not None and row.attempts == 1:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # its request is refused at once; the row must still be starting
        async with state.sessions() as session:
            row = await session.scalar(select(CallBatchRow).where(CallBatchRow.batch_id == batch_id))
        assert row is not None and row.status == RowStatus.starting
        state.gateway = real
        detail = await wait_batch(stack, batch_id, lambda d: d["status"] == "complete", timeout=20)
    finally:
        state.gateway, runner.claim_grace = real, grace
        await silent.aclose()
    assert [(r["row"], r["code"]) for r in detail["failed_rows"]] == [(1, "INTERRUPTED")]
    assert executions_to(stack, {number(785)}) == []
