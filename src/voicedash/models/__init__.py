from voicedash.models.api_token import ApiToken
from voicedash.models.audit_event import AuditEvent
from voicedash.models.call import Call, CallOutcome, CallStatus
from voicedash.models.call_batch import BatchStatus, CallBatch
from voicedash.models.call_batch_row import CallBatchRow, RowStatus
from voicedash.models.call_event import CallEvent
from voicedash.models.user import Role, User
from voicedash.models.webhook_inbox import WebhookInbox

__all__ = [
    "ApiToken",
    "AuditEvent",
    "BatchStatus",
    "Call",
    "CallBatch",
    "CallBatchRow",
    "CallEvent",
    "CallOutcome",
    "CallStatus",
    "Role",
    "RowStatus",
    "User",
    "WebhookInbox",
]
