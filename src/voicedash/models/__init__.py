from voicedash.models.call import Call, CallOutcome, CallStatus
from voicedash.models.call_event import CallEvent
from voicedash.models.webhook_inbox import WebhookInbox

__all__ = ["Call", "CallEvent", "CallOutcome", "CallStatus", "WebhookInbox"]
