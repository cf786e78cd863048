"""The key that makes one real event one row, however often Twilio delivers it."""

from __future__ import annotations

import hashlib

from voicedash.webhooks.parse import WebhookEvent

TOKEN_HEADER = "i-twilio-idempotency-token"  # noqa: S105  (a header name, not a secret)


def idempotency_key(event: WebhookEvent, token: str | None) -> str:
    """Twilio's idempotency token when it sent one; otherwise a hash of what identifies the event."""
    if token:
        return "token:" + hashlib.sha256(token.encode("utf-8")).hexdigest()
    identity = [
        event.kind.value,
        event.execution_sid or "",
        event.call_sid or "",
        event.event,
        event.call_status.value if event.call_status else "",
        event.digits or "",
        event.action or "",
        "" if event.sequence_number is None else str(event.sequence_number),
        event.recording_url or "",
    ]
    return "event:" + hashlib.sha256("\x1f".join(identity).encode("utf-8")).hexdigest()
