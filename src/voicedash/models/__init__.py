from voicedash.models.api_token import ApiToken
from voicedash.models.audit_event import AuditEvent
from voicedash.models.call import Call, CallOutcome, CallStatus
from voicedash.models.call_event import CallEvent
from voicedash.models.user import Role, User
from voicedash.models.webhook_inbox import WebhookInbox

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Call",
    "CallEvent",
    "CallOutcome",
    "CallStatus",
    "Role",
    "User",
    "WebhookInbox",
]
