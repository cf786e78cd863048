"""A stored webhook becomes a timeline event and is merged into its call."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.calls.lifecycle import apply_event
from voicedash.calls.service import get_or_create_call
from voicedash.models import Call, CallEvent, WebhookInbox
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


async def apply_webhook(session: AsyncSession, event: WebhookEvent, row: WebhookInbox) -> CallEvent:
    """Record one stored webhook in its call's timeline and merge it into the call; the live update is
    queued to go out after the commit."""
    call = await _call_for(session, event)
    call_event = CallEvent(
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
    session.add(call_event)
    if call is not None:
        apply_event(call, event, row.received_at)
    await session.flush()
    publish(session, SOCKET_EVENTS[event.kind.value], socket_payload(call_event, call))
    return call_event
