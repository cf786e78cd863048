"""PostgreSQL processor: a batch of webhooks that fails as a whole (here: its call was inserted meanwhile by a
start) is processed row by row at once, without losing its leadership; event ids commit in order."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from tests.integration.conftest import LogLines
from tests.support.stack import running_stack
from tests.support.webhooks import execution_sid, post_signed_json
from voicedash.campaigns.service import new_batch_id, record_batch_event
from voicedash.models import Call, CallBatch, CallEvent
from voicedash.webhooks.ingest import _reserve_ids


async def test_a_call_inserted_meanwhile_sends_the_batch_row_by_row(
    postgres_url: str, json_logs: LogLines
) -> None:
    sid = execution_sid(77_001)
    async with running_stack(postgres_url) as stack:
        async with stack.api.state.sessions() as starting:
            # As /start does: the call row is inserted, not yet committed, when its first webhook comes.
            starting.add(Call(execution_sid=sid, to_number="+14155550991", status="queued"))
            await starting.flush()
            body = {"execution_sid": sid, "event": "busy", "call_status": "busy"}
            response = await post_signed_json(stack, "/api/calls/webhooks/status", body)
            assert response.status_code == 200
            await asyncio.sleep(0.5)  # the processor's insert of the same call now waits for ours
            await starting.commit()
        for _ in range(100):
            async with stack.api.state.sessions() as session:
                event = await session.scalar(select(CallEvent).where(CallEvent.execution_sid == sid))
                call = await session.scalar(select(Call).where(Call.execution_sid == sid))
            if event is not None:
                break
            await asyncio.sleep(0.05)
        assert event is not None and call is not None and call.status == "busy"
        assert stack.api.state.processor.is_leader
    events = [line["event"] for line in json_logs()]
    assert "inbox_batch_failed" in events
    assert "processor_database_error" not in events


async def test_a_batch_event_never_commits_ahead_of_a_lower_event_id(postgres_url: str) -> None:
    """The processor reserves event ids before inserting; a batch event taking the next id must wait for
    that transaction, or a client would receive the higher id first (and the replay would skip the lower)."""
    async with running_stack(postgres_url) as stack:
        sessions = stack.api.state.sessions
        async with sessions() as session:
            batch = CallBatch(batch_id=new_batch_id(), total_rows=1, total=1, created_by="test")
            session.add(batch)
            await session.commit()
        async with sessions() as processing:
            reserved = await processing.run_sync(lambda s: list(_reserve_ids(s, CallEvent, 3)))

            async def batch_event() -> int:
                async with sessions() as session:
                    found = await session.get(CallBatch, batch.id)
                    assert found is not None
                    event = await record_batch_event(session, found, "progress")
                    await session.commit()
                    return event.id

            recording = asyncio.create_task(batch_event())
            await asyncio.sleep(0.5)
            assert not recording.done(), "the batch event committed while lower ids were still open"
            await processing.rollback()
        assert await recording > max(reserved)
