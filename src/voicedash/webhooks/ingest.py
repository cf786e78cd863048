"""A stored webhook becomes a timeline event and is merged into its call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Table, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from voicedash.calls.lifecycle import apply_event
from voicedash.calls.schemas import CallPublic
from voicedash.calls.service import get_or_create_call
from voicedash.db.base import utcnow
from voicedash.models import Call, CallEvent, WebhookInbox
from voicedash.models.call import CallOutcome, CallStatus
from voicedash.realtime.payloads import SOCKET_EVENTS, socket_payload
from voicedash.realtime.server import publish
from voicedash.webhooks.parse import WebhookEvent


async def _call_for(session: AsyncSession, event: WebhookEvent) -> Call | None:
    if event.execution_sid:
        return await get_or_create_call(
            session,
            event.execution_sid,
            to_number=event.to or "",
            from_number=event.from_,
            call_sid=event.call_sid,
            flow_sid=event.flow_sid,
        )
    # Twilio's own status callbacks know only the CallSid, which the flow's webhooks told us.
    return await session.scalar(select(Call).where(Call.call_sid == event.call_sid))


def _timeline_event(row: WebhookInbox, event: WebhookEvent, call: Call | None) -> CallEvent:
    """The call_events row for one stored webhook: what was parsed, and the body exactly as received."""
    return CallEvent(
        call_id=call.id if call else None,
        execution_sid=event.execution_sid or (call.execution_sid if call else None),
        call_sid=event.call_sid or (call.call_sid if call else None),
        kind=event.kind.value,
        event=event.event,
        fields=event.fields(),
        payload=row.body,
        content_type=row.content_type,
        received_at=row.received_at,
    )


async def apply_webhook(session: AsyncSession, event: WebhookEvent, row: WebhookInbox) -> CallEvent:
    """Record one stored webhook in its call's timeline and merge it into the call; the live update is
    queued to go out after the commit."""
    call = await _call_for(session, event)
    call_event = _timeline_event(row, event, call)
    session.add(call_event)
    if call is not None:
        apply_event(call, event, row.received_at)
    await session.flush()
    publish(session, SOCKET_EVENTS[event.kind.value], socket_payload(call_event, call))
    return call_event


def _new_call(event: WebhookEvent) -> Call:
    """A call first heard of through a webhook (its /start is still on its way, or it began elsewhere).
    Its defaults are set here: it is merged with its events before the insert that would apply them."""
    now = utcnow()
    return Call(
        execution_sid=event.execution_sid,
        to_number=event.to or "",
        from_number=event.from_,
        call_sid=event.call_sid,
        flow_sid=event.flow_sid,
        status=CallStatus.queued,
        outcome=CallOutcome.pending,
        created_at=now,
        updated_at=now,
    )


def _reserve_ids(session: Session, model: type[Call | CallEvent], count: int) -> Iterator[int]:
    """Ids for `count` new rows, taken before the insert. Rows whose ids are known go in as one
    executemany; without them SQLAlchemy inserts row by row on SQLite, which cannot return the ids of
    a multi-row insert in a guaranteed order."""
    if count == 0:
        return iter(())
    table = model.__table__
    assert isinstance(table, Table)
    with session.no_autoflush:  # rows added so far are inserted later, with their final values
        if session.get_bind().dialect.name == "postgresql":
            # The lock an insert takes anyway, taken before the ids rather than after: a batch event
            # (campaigns) locks the table against it, so no id of ours can commit after a higher one.
            session.execute(text(f"LOCK TABLE {table.name} IN ROW EXCLUSIVE MODE"))
            ids = session.scalars(
                text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
                {"table": table.name, "n": count},
            )
            return iter(sorted(ids))
        # This transaction began with BEGIN IMMEDIATE: it holds SQLite's write lock, so no other writer
        # can take an id between this read and the insert (SQLite itself would pick the same max + 1).
        last = session.scalar(select(func.max(table.c.id))) or 0
        return iter(range(last + 1, last + 1 + count))


def _calls_of(session: Session, events: list[WebhookEvent]) -> tuple[dict[str, Call], dict[str, Call]]:
    """The batch's calls in one query, by execution SID and by call SID; missing ones are added."""
    execution_sids = {e.execution_sid for e in events if e.execution_sid}
    call_sids = {e.call_sid for e in events if e.call_sid and not e.execution_sid}
    found = session.scalars(
        select(Call).where(or_(Call.execution_sid.in_(execution_sids), Call.call_sid.in_(call_sids)))
    )
    by_execution = {call.execution_sid: call for call in found}
    new_calls: list[Call] = []
    for event in events:
        if event.execution_sid and event.execution_sid not in by_execution:
            by_execution[event.execution_sid] = _new_call(event)
            new_calls.append(by_execution[event.execution_sid])
    for call, call_id in zip(new_calls, _reserve_ids(session, Call, len(new_calls)), strict=False):
        call.id = call_id
    session.add_all(new_calls)
    by_call_sid = {call.call_sid: call for call in by_execution.values() if call.call_sid}
    return by_execution, by_call_sid


def apply_batch(session: Session, stored: list[tuple[WebhookInbox, WebhookEvent]]) -> None:
    """`apply_webhook` for many rows with a few statements in all: one query for the calls, one flush
    for the events. Each live update carries the call as that event left it. Synchronous: the
    processor runs it in a thread of its own on SQLite, through `AsyncSession.run_sync` elsewhere."""
    by_execution, by_call_sid = _calls_of(session, [event for _, event in stored])
    event_ids = _reserve_ids(session, CallEvent, len(stored))
    made: list[tuple[CallEvent, WebhookEvent, dict[str, Any] | None]] = []
    for row, event in stored:
        call = by_execution.get(event.execution_sid or "") or by_call_sid.get(event.call_sid or "")
        call_event = _timeline_event(row, event, call)
        call_event.id = next(event_ids)  # the event_id clients see, in arrival order
        session.add(call_event)
        snapshot = None
        if call is not None:
            apply_event(call, event, row.received_at)
            if call.call_sid:
                by_call_sid.setdefault(call.call_sid, call)
            snapshot = CallPublic.of(call).model_dump(mode="json", by_alias=True)
        made.append((call_event, event, snapshot))
    session.flush()
    for call_event, event, snapshot in made:
        publish(
            session, SOCKET_EVENTS[event.kind.value], {**socket_payload(call_event, None), "call": snapshot}
        )
