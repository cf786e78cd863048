"""How one webhook moves a call forward. Pure: no I/O, so every rule is easy to test.

Status only moves forward (queued → initiated → ringing → in-progress → a terminal status), and an
outcome, once decided, is only replaced by a stronger one — whatever order the webhooks arrive in.
"""

from __future__ import annotations

from datetime import datetime

from voicedash.models.call import TERMINAL_STATUSES, Call, CallOutcome, CallStatus
from voicedash.webhooks.parse import WebhookEvent

_RANK = {
    CallStatus.queued: 0,
    CallStatus.initiated: 1,
    CallStatus.ringing: 2,
    CallStatus.in_progress: 3,
    **{status: 4 for status in TERMINAL_STATUSES},
}
# hung_up is inferred when nothing better is known, so any real decision replaces it.
_STRENGTH = {CallOutcome.pending: 0, CallOutcome.hung_up: 1}
_DECIDING = 2

ACTION_OUTCOMES = {
    "confirm_appointment": CallOutcome.confirmed,
    "cancel_appointment": CallOutcome.cancelled,
    "connect_to_representative": CallOutcome.voicemail,
}
# Studio flow events that settle the call's status and outcome by themselves.
_EVENT_EFFECTS: dict[str, tuple[CallStatus | None, CallOutcome | None]] = {
    "initiated": (CallStatus.in_progress, None),
    "answered": (CallStatus.in_progress, None),
    "machine": (CallStatus.in_progress, CallOutcome.machine),
    "busy": (CallStatus.busy, CallOutcome.busy),
    "no_answer": (CallStatus.no_answer, CallOutcome.no_answer),
    "call_failed": (CallStatus.failed, CallOutcome.failed),
    "failed": (CallStatus.failed, CallOutcome.failed),
    "no_input": (None, CallOutcome.no_input),
    "hung_up": (None, CallOutcome.hung_up),
    "completed": (CallStatus.completed, None),
}
# A terminal call status reported by Twilio also decides the outcome when nothing else has.
_STATUS_OUTCOMES = {
    CallStatus.busy: CallOutcome.busy,
    CallStatus.no_answer: CallOutcome.no_answer,
    CallStatus.failed: CallOutcome.failed,
}


def advance_status(call: Call, status: CallStatus, at: datetime) -> None:
    current = CallStatus(call.status)
    if _RANK[status] <= _RANK[current]:
        return
    call.status = status
    if status is CallStatus.in_progress:
        call.answered_at = call.answered_at or at
    if status in TERMINAL_STATUSES:
        call.ended_at = call.ended_at or at


def decide_outcome(call: Call, outcome: CallOutcome) -> None:
    strength = _STRENGTH.get(outcome, _DECIDING)
    if strength > _STRENGTH.get(CallOutcome(call.outcome), _DECIDING):
        call.outcome = outcome


def apply_event(call: Call, event: WebhookEvent, at: datetime) -> None:
    """Fold one webhook into the call's row."""
    status, outcome = _EVENT_EFFECTS.get(event.event, (None, None))
    if event.call_status is not None:
        status = status or event.call_status
        outcome = outcome or _STATUS_OUTCOMES.get(event.call_status)
    if event.action in ACTION_OUTCOMES:
        outcome = ACTION_OUTCOMES[event.action]
    if status is not None:
        advance_status(call, status, at)
    if outcome is not None:
        decide_outcome(call, outcome)
    _copy_details(call, event)


def _copy_details(call: Call, event: WebhookEvent) -> None:
    if event.call_sid and not call.call_sid:
        call.call_sid = event.call_sid
    if event.flow_sid and not call.flow_sid:
        call.flow_sid = event.flow_sid
    if event.call_hash and not call.call_hash:
        call.call_hash = event.call_hash
    if event.digits:
        call.digits = event.digits
    if event.answered_by:
        call.answered_by = event.answered_by
    if event.recording_url:
        call.recording_url = event.recording_url
    if event.duration is not None:
        call.duration = event.duration
