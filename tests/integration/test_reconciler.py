"""Calls Twilio can no longer account for are settled, not left pending."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.support.stack import running_stack
from tests.support.webhooks import execution_sid
from voicedash.db.base import utcnow
from voicedash.models import Call

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def test_an_execution_twilio_does_not_know_is_settled_as_failed(database_url: str) -> None:
    async with running_stack(database_url, flow_max_seconds=60) as stack:
        old = utcnow() - timedelta(minutes=5)
        recent = utcnow() - timedelta(seconds=10)
        async with stack.api.state.sessions() as session:
            for n, created in ((700, old), (701, recent)):
                session.add(
                    Call(
                        execution_sid=execution_sid(n),
                        to_number="+14155550700",
                        flow_sid=stack.settings.twilio_flow_sid,
                        created_at=created,
                        updated_at=created,
                    )
                )
            await session.commit()
        stack.api.state.reconciler.settings = stack.api.state.reconciler.settings.__class__(
            interval_seconds=3600, quiet_seconds=0, flow_max_seconds=60, max_requests_per_second=100
        )
        # Twilio (here: a restarted sandbox) no longer knows either execution: neither can be running.
        assert await stack.api.state.reconciler.reconcile_once() == 2
        for n in (700, 701):
            detail = await stack.wait_for(execution_sid(n), lambda d: d["call"]["outcome"] != "pending")
            assert (detail["call"]["status"], detail["call"]["outcome"]) == ("failed", "failed")
        assert stack.api.state.gateway.breaker.state == "closed", "a 404 is an answer, not an outage"


async def test_a_decided_call_whose_last_status_was_lost_is_ended(database_url: str) -> None:
    """A restart can lose the final status webhook (Studio does not retry) after the outcome came in: the
    call must not show as in progress for ever."""
    async with running_stack(database_url) as stack:
        response = await stack.start_call("+14155550706")  # 6: an answering machine
        sid = response.json()["data"]["execution_sid"]
        await stack.wait_for(sid, lambda d: d["call"]["status"] == "completed")
        long_ago = utcnow() - timedelta(minutes=5)
        async with stack.api.state.sessions() as session:
            await session.execute(
                update(Call)
                .where(Call.execution_sid == sid)
                .values(status="in-progress", ended_at=None, updated_at=long_ago)
            )
            await session.commit()
        stack.api.state.reconciler.settings = stack.api.state.reconciler.settings.__class__(
            interval_seconds=3600, quiet_seconds=60, flow_max_seconds=600, max_requests_per_second=100
        )
        assert await stack.api.state.reconciler.reconcile_once() == 1
        detail = await stack.wait_for(sid, lambda d: d["call"]["status"] != "in-progress")
        assert (detail["call"]["status"], detail["call"]["outcome"]) == ("completed", "machine")
        assert await stack.api.state.reconciler.reconcile_once() == 0, "an ended call is left alone"
