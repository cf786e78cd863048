"""A batch row's life in the database: claimed before its call is placed, then settled exactly once.

A row is `starting` (committed) before Twilio is asked to call, so a crash can never make it look
untried. A row left `starting` (the app stopped, or Twilio never answered) is settled by looking for the
call it may have placed, in the database and then at Twilio; when neither knows of one it is failed as
`interrupted` rather than called again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.calls.service import get_or_create_call
from voicedash.config import Settings
from voicedash.db.base import utcnow
from voicedash.models import BatchStatus, Call, CallBatch, CallBatchRow, CallStatus, RowStatus
from voicedash.twilio_gateway.gateway import REQUEST_TIMEOUT, TwilioGateway

# Clock skew allowed between the claim and the moment Twilio (or a webhook) dated the call.
_SKEW = timedelta(seconds=30)
INTERRUPTED = "INTERRUPTED"


@dataclass(frozen=True)
class ClaimedRow:
    id: int
    batch_id: str
    row: int
    to: str
    to_hash: str
    claimed_at: datetime


async def next_pending(session: AsyncSession) -> CallBatchRow | None:
    """The first pending row, in file order, of the oldest running batch."""
    running = await session.scalars(
        select(CallBatch.batch_id)
        .where(CallBatch.status == BatchStatus.running)
        .order_by(CallBatch.id)
        .limit(20)
    )
    for batch_id in running:
        row = await session.scalar(
            select(CallBatchRow)
            .where(CallBatchRow.batch_id == batch_id, CallBatchRow.status == RowStatus.pending)
            .order_by(CallBatchRow.row)
            .limit(1)
        )
        if row is not None:
            return row
    return None


async def claim(session: AsyncSession, row: CallBatchRow) -> ClaimedRow | None:
    """Mark the row `starting` if it is still pending (a cancel may have come first); caller commits."""
    now = utcnow()
    claimed = await session.execute(
        update(CallBatchRow)
        .where(CallBatchRow.id == row.id, CallBatchRow.status == RowStatus.pending)
        .values(status=RowStatus.starting, claimed_at=now, attempts=CallBatchRow.attempts + 1)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return ClaimedRow(row.id, row.batch_id, row.row, row.to_number, row.to_hash, now)


async def mark_started(session: AsyncSession, claimed: ClaimedRow, call: Call) -> None:
    """The row's call exists: link it to the batch and record its execution."""
    call.batch_id = claimed.batch_id
    await session.execute(
        update(CallBatchRow)
        .where(CallBatchRow.id == claimed.id, CallBatchRow.status == RowStatus.starting)
        .values(status=RowStatus.started, execution_sid=call.execution_sid, finished_at=utcnow())
    )
    await session.flush()


async def mark_failed(session: AsyncSession, claimed: ClaimedRow, code: str, reason: str) -> None:
    """The row's call was not placed: keep why."""
    await session.execute(
        update(CallBatchRow)
        .where(CallBatchRow.id == claimed.id, CallBatchRow.status == RowStatus.starting)
        .values(
            status=RowStatus.failed, failure_code=code[:32], failure_reason=reason[:255], finished_at=utcnow()
        )
    )


async def release(session: AsyncSession, claimed: ClaimedRow) -> None:
    """Twilio said "not now" (rate limit) and placed nothing: the row goes back to pending, in its place."""
    await session.execute(
        update(CallBatchRow)
        .where(CallBatchRow.id == claimed.id, CallBatchRow.status == RowStatus.starting)
        .values(status=RowStatus.pending)
    )


async def orphans(session: AsyncSession, claimed_before: datetime, limit: int = 50) -> list[ClaimedRow]:
    """Rows left `starting` by a runner that is gone (claimed before `claimed_before`)."""
    rows = await session.scalars(
        select(CallBatchRow)
        .where(CallBatchRow.status == RowStatus.starting, CallBatchRow.claimed_at < claimed_before)
        .order_by(CallBatchRow.claimed_at)
        .limit(limit)
    )
    return [
        ClaimedRow(r.id, r.batch_id, r.row, r.to_number, r.to_hash, r.claimed_at or utcnow()) for r in rows
    ]


async def settle_orphan(
    session: AsyncSession, claimed: ClaimedRow, gateway: TwilioGateway | None, settings: Settings
) -> bool:
    """Settle a row a crash left `starting`: started if its call is found, else failed. True if found."""
    call = await session.scalar(
        select(Call)
        .where(Call.to_hash == claimed.to_hash, Call.created_at >= claimed.claimed_at - _SKEW)
        .order_by(Call.created_at)
        .limit(1)
    )
    if call is None and gateway is not None and settings.twilio_flow_sid:
        # Twilio placed the call but the crash came before it was recorded, and no webhook has told us.
        # Its request left after the claim and gave up REQUEST_TIMEOUT later; allow for clock skew.
        execution = await gateway.find_execution(
            settings.twilio_flow_sid,
            to=claimed.to,
            created_from=claimed.claimed_at - _SKEW,
            created_to=claimed.claimed_at + timedelta(seconds=REQUEST_TIMEOUT) + _SKEW,
        )
        if execution is not None:
            call = await get_or_create_call(
                session,
                execution.sid,
                to_number=claimed.to,
                from_number=settings.twilio_phone_number,
                flow_sid=execution.flow_sid,
                status=CallStatus.queued,
            )
    if call is None:
        reason = (
            "interrupted: its start was cut off (app stopped or Twilio silent) and Twilio has no call to it"
        )
        await mark_failed(session, claimed, INTERRUPTED, reason)
        return False
    await mark_started(session, claimed, call)
    return True
