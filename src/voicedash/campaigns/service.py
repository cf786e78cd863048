"""Bulk batches: validating a list row by row, storing it, reading it back, cancelling it."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.calls.phone import MissingCountryCode, normalize_phone
from voicedash.calls.service import numbers_in_progress
from voicedash.campaigns.schemas import (
    MAX_ENTRY_LENGTH,
    AcceptedRow,
    BatchDetail,
    BatchList,
    BatchPublic,
    BatchScreening,
    FailedRow,
    RejectedRow,
)
from voicedash.config import Settings
from voicedash.db.base import utcnow
from voicedash.db.encryption import keyring_of
from voicedash.errors import ConflictError, NotFoundError, ValidationError
from voicedash.models import BatchStatus, CallBatch, CallBatchRow, CallEvent, RowStatus
from voicedash.realtime.payloads import BATCH_EVENTS, BATCH_KIND, batch_payload
from voicedash.realtime.server import publish

_IN_CHUNK = 500
_OPEN_ROWS = (RowStatus.pending, RowStatus.starting)


def new_batch_id() -> str:
    return "b_" + secrets.token_hex(8)


def _hash(session: AsyncSession, number: str) -> str:
    return keyring_of(session.get_bind().dialect).keyed_hash(number)


def _normalised(row: int, entry: str, settings: Settings) -> AcceptedRow | RejectedRow:
    """One row on its own: a number in E.164, or why it is not one."""
    if not entry.strip():
        return RejectedRow(row=row, input=entry, code="MISSING_NUMBER", reason=f"row {row} has no number")
    if len(entry) > MAX_ENTRY_LENGTH:  # a pasted paragraph, a wrong column: this row only
        reason = f"row {row} is longer than {MAX_ENTRY_LENGTH} characters: not a phone number"
        shown = entry[:MAX_ENTRY_LENGTH] + "…"
        return RejectedRow(row=row, input=shown, code="INVALID_NUMBER", reason=reason)
    try:
        to = normalize_phone(entry, default_region=settings.default_region, field=f"row {row}")
    except MissingCountryCode as exc:
        return RejectedRow(row=row, input=entry, code="NO_COUNTRY_CODE", reason=exc.message)
    except ValidationError as exc:
        return RejectedRow(row=row, input=entry, code="INVALID_NUMBER", reason=exc.message)
    return AcceptedRow(row=row, input=entry, to=to)


async def _queued_in_batches(session: AsyncSession, numbers: Iterable[str]) -> dict[str, str]:
    """Numbers already waiting in a batch (not yet started), with that batch's id."""
    by_hash = {_hash(session, number): number for number in numbers}
    hashes = list(by_hash)
    queued: dict[str, str] = {}
    for start in range(0, len(hashes), _IN_CHUNK):
        rows = await session.execute(
            select(CallBatchRow.to_hash, CallBatchRow.batch_id).where(
                CallBatchRow.to_hash.in_(hashes[start : start + _IN_CHUNK]),
                CallBatchRow.status.in_(_OPEN_ROWS),
            )
        )
        queued.update({by_hash[to_hash]: batch_id for to_hash, batch_id in rows})
    return queued


async def screen_numbers(session: AsyncSession, settings: Settings, numbers: list[str]) -> BatchScreening:
    """Every row's verdict, the same on a dry run and for real: E.164 or a code saying what is wrong."""
    if len(numbers) > settings.bulk_max_numbers:
        raise ValidationError(
            f"numbers holds {len(numbers)} rows; at most {settings.bulk_max_numbers} are allowed "
            "(BULK_MAX_NUMBERS)",
            field="numbers",
        )
    first_row: dict[str, int] = {}
    candidates: list[AcceptedRow] = []
    rejected: list[RejectedRow] = []
    for row, entry in enumerate(numbers, start=1):
        verdict = _normalised(row, entry, settings)
        if isinstance(verdict, RejectedRow):
            rejected.append(verdict)
        elif verdict.to in first_row:
            first = first_row[verdict.to]
            reason = f"same number as row {first}"
            rejected.append(
                RejectedRow(row=row, input=entry, code="DUPLICATE", reason=reason, duplicate_of=first)
            )
        else:
            first_row[verdict.to] = row
            candidates.append(verdict)
    running = await numbers_in_progress(session, (c.to for c in candidates), settings)
    queued = await _queued_in_batches(session, (c.to for c in candidates if c.to not in running))
    accepted = []
    for candidate in candidates:
        if candidate.to in running:
            reason = f"row {candidate.row}: a call to this number is in progress"
        elif candidate.to in queued:
            reason = (
                f"row {candidate.row}: this number is waiting to be called in batch {queued[candidate.to]}"
            )
        else:
            accepted.append(candidate)
            continue
        rejected.append(
            RejectedRow(row=candidate.row, input=candidate.input, code="IN_PROGRESS", reason=reason)
        )
    rejected.sort(key=lambda r: r.row)
    return BatchScreening(batch_id=None, total_rows=len(numbers), accepted=accepted, rejected=rejected)


async def create_batch(session: AsyncSession, screening: BatchScreening, *, actor: str) -> CallBatch:
    """Store the batch and one pending row per accepted number (encrypted); the runner starts them."""
    if not screening.accepted:
        raise ValidationError(
            "no row of numbers can be called",
            field="numbers",
            code="NO_CALLABLE_NUMBERS",
            details={"rejected": [r.model_dump() for r in screening.rejected]},
        )
    batch = CallBatch(
        batch_id=new_batch_id(),
        status=BatchStatus.running,
        total_rows=screening.total_rows,
        rejected=len(screening.rejected),
        total=len(screening.accepted),
        started=0,
        failed=0,
        cancelled=0,
        created_by=actor[:100],
    )
    session.add(batch)
    await session.flush()
    session.add_all(
        CallBatchRow(
            batch_id=batch.batch_id,
            row=accepted.row,
            to_number=accepted.to,
            to_hash=_hash(session, accepted.to),
            status=RowStatus.pending,
            attempts=0,
        )
        for accepted in screening.accepted
    )
    await session.flush()
    screening.batch_id = batch.batch_id
    return batch


async def row_counts(session: AsyncSession, batch_id: str) -> dict[str, int]:
    """How many of the batch's rows are in each status, counted from the rows themselves."""
    counted = await session.execute(
        select(CallBatchRow.status, func.count())
        .where(CallBatchRow.batch_id == batch_id)
        .group_by(CallBatchRow.status)
    )
    counts = {status.value: 0 for status in RowStatus}
    counts.update({status: count for status, count in counted})
    return counts


async def refresh_counters(session: AsyncSession, batch: CallBatch) -> dict[str, int]:
    """Copy the rows' counts onto the batch; returns them."""
    counts = await row_counts(session, batch.batch_id)
    batch.started = counts[RowStatus.started]
    batch.failed = counts[RowStatus.failed]
    batch.cancelled = counts[RowStatus.cancelled]
    return counts


async def _find(session: AsyncSession, batch_id: str) -> CallBatch:
    batch = await session.scalar(select(CallBatch).where(CallBatch.batch_id == batch_id))
    if batch is None:
        raise NotFoundError(f"no batch with id {batch_id}", details={"field": "batch_id"})
    return batch


async def batch_detail(session: AsyncSession, batch_id: str) -> BatchDetail:
    """A batch with live counters and its failed rows, in file order."""
    batch = await _find(session, batch_id)
    counts = await row_counts(session, batch_id)
    failed = await session.scalars(
        select(CallBatchRow)
        .where(CallBatchRow.batch_id == batch_id, CallBatchRow.status == RowStatus.failed)
        .order_by(CallBatchRow.row)
    )
    public = BatchPublic.of(batch, counts)
    return BatchDetail(**public.model_dump(), failed_rows=[FailedRow.of(row) for row in failed])


async def list_batches(session: AsyncSession, *, limit: int, offset: int) -> BatchList:
    """Batches, newest first; counters as the runner last recorded them."""
    total = await session.scalar(select(func.count()).select_from(CallBatch)) or 0
    rows = await session.scalars(
        select(CallBatch)
        .order_by(CallBatch.created_at.desc(), CallBatch.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return BatchList(items=[BatchPublic.of(b) for b in rows], total=total, limit=limit, offset=offset)


async def cancel_batch(session: AsyncSession, batch_id: str) -> BatchDetail:
    """Stop the rows not yet started; a row being started now still finishes. Cancelling twice is a no-op."""
    batch = await _find(session, batch_id)
    if batch.status == BatchStatus.complete:
        raise ConflictError(f"batch {batch_id} is already complete", details={"field": "batch_id"})
    if batch.status == BatchStatus.running:
        if (await row_counts(session, batch_id))[RowStatus.pending] == 0:
            # Every row is started (or being started): it is complete, only not yet announced.
            raise ConflictError(
                f"every row of batch {batch_id} has been started: nothing is left to cancel",
                details={"field": "batch_id"},
            )
        now = utcnow()
        await session.execute(
            update(CallBatchRow)
            .where(CallBatchRow.batch_id == batch_id, CallBatchRow.status == RowStatus.pending)
            .values(status=RowStatus.cancelled, finished_at=now)
        )
        batch.status, batch.finished_at = BatchStatus.cancelled, now
        await refresh_counters(session, batch)
        await session.flush()
    return await batch_detail(session, batch_id)


async def record_batch_event(session: AsyncSession, batch: CallBatch, event: str) -> CallEvent:
    """Store a batch's progress or completion as a timeline event and queue it for the sockets.

    Its id must follow every event id already handed out: on PostgreSQL the webhook processor may hold
    a lower, uncommitted one (it takes the table's ROW EXCLUSIVE lock before reserving ids), so wait for
    it, and keep it out until this one commits.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("LOCK TABLE call_events IN SHARE ROW EXCLUSIVE MODE"))
    counts = await refresh_counters(session, batch)
    fields: dict[str, Any] = {
        "batch_id": batch.batch_id,
        "total": batch.total,
        "started": batch.started,
        "failed": batch.failed,
    }
    if event == "progress":
        fields["remaining"] = counts[RowStatus.pending] + counts[RowStatus.starting]
    else:
        fields.update(status=batch.status, cancelled=batch.cancelled)
    row = CallEvent(
        call_id=None,
        kind=BATCH_KIND,
        event=event,
        fields=fields,
        payload=json.dumps(fields),
        content_type="application/json",
        received_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    if event == "complete":
        batch.complete_event_id = row.id
    publish(session, BATCH_EVENTS[event], batch_payload(row))
    return row
