"""Store a webhook as a timeline event, fold it into its call, and queue the live update."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.calls.lifecycle import apply_event
from voicedash.calls.schemas import CallPublic
from voicedash.calls.service import get_or_create_call
from voicedash.db.base import utcnow
from voicedash.models import Call, CallEvent
from voicedash.realtime.server import publish
from voicedash.webhooks.parse import WebhookEvent, WebhookKind

SOCKET_EVENTS = {
    WebhookKind.status: "statusUpdate",
    WebhookKind.dtmf: "dtmfUpdate",
    WebhookKind.flow: "flowUpdate",
}


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


def socket_payload(row: CallEvent, event: WebhookEvent, call: Call | None) -> dict[str, Any]:
    return {
        "event_id": row.id,
        "kind": row.kind,
        "event": row.event,
        "execution_sid": row.execution_sid,
        "call_sid": row.call_sid,
        "digits": event.digits,
        "action": event.action,
        "is_action": event.action is not None,
        "received_at": row.received_at.isoformat(),
        "call": CallPublic.of(call).model_dump(mode="json", by_alias=True) if call else None,
    }


async def ingest_webhook(
    session: AsyncSession, event: WebhookEvent, body: bytes, content_type: str
) -> CallEvent:
    """Record one webhook and apply it to its call; the socket event goes out after commit."""
    call = await _call_for(session, event)
    received_at = utcnow()
    row = CallEvent(
        call_id=call.id if call else None,
        execution_sid=event.execution_sid or (call.execution_sid if call else None),
        call_sid=event.call_sid or (call.call_sid if call else None),
        kind=event.kind.value,
        event=event.event,
        fields=event.fields(),
        payload=body.decode("utf-8", errors="replace"),
        content_type=content_type,
        received_at=received_at,
    )
    session.add(row)
    if call is not None:
        apply_event(call, event, received_at)
    await session.flush()
    publish(session, SOCKET_EVENTS[event.kind], socket_payload(row, event, call))
    return row
