"""What Socket.IO clients receive for one timeline event, live or replayed.

Bulk batches report through the same table (kind `batch`, no call, counters only), so their events share
the one increasing `event_id` sequence that a reconnecting client asks to resume from.
"""

from __future__ import annotations

from typing import Any

from voicedash.calls.schemas import CallPublic
from voicedash.models import Call, CallEvent

SOCKET_EVENTS = {"status": "statusUpdate", "dtmf": "dtmfUpdate", "flow": "flowUpdate"}
BATCH_KIND = "batch"
BATCH_EVENTS = {"progress": "bulkCallProgress", "complete": "bulkCallComplete"}


def socket_payload(row: CallEvent, call: Call | None) -> dict[str, Any]:
    action = row.fields.get("action")
    return {
        "event_id": row.id,
        "kind": row.kind,
        "event": row.event,
        "execution_sid": row.execution_sid,
        "call_sid": row.call_sid,
        "digits": row.fields.get("digits"),
        "action": action,
        "is_action": action is not None,
        "received_at": row.received_at.isoformat(),
        "call": CallPublic.of(call).model_dump(mode="json", by_alias=True) if call else None,
    }


def batch_payload(row: CallEvent) -> dict[str, Any]:
    """A bulk batch's progress or completion: its counters, under the event's id."""
    return {"event_id": row.id, **row.fields}


def socket_event(row: CallEvent, call: Call | None) -> tuple[str, dict[str, Any]]:
    """The Socket.IO event name and payload of any stored event."""
    if row.kind == BATCH_KIND:
        return BATCH_EVENTS[row.event], batch_payload(row)
    return SOCKET_EVENTS[row.kind], socket_payload(row, call)
