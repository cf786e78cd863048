from voicedash.models.call import Call, CallOutcome, CallStatus
from voicedash.models.call_event import CallEvent

__all__ = ["Call", "CallEvent", "CallOutcome", "CallStatus"]
