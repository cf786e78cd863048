"""What Socket.IO clients receive for one timeline event, live or replayed."""

from __future__ import annotations

from typing import Any

from voicedash.calls.schemas import CallPublic
from voicedash.models import Call, CallEvent

SOCKET_EVENTS = {"status": "statusUpdate", "dtmf": "dtmfUpdate", "flow": "flowUpdate"}


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
