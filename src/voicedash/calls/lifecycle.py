"""How webhooks move a call forward. Pure: no I/O, so every rule is easy to test.

Each field of a call is a *merge* of what the events say, not "the last event wins": status takes the
furthest along, the outcome the strongest, times the earliest. Merging is commutative and idempotent, so
any order of delivery, with any number of duplicates, leaves the same row.
"""

from __future__ import annotations

from datetime import datetime

from voicedash.models.call import Call, CallOutcome, CallStatus
from voicedash.webhooks.parse import WebhookEvent

# Later in a call's life ranks higher. Terminal statuses are ranked among themselves only so that the
# merge is total; one call reports a single terminal status.
_STATUS_RANK = {
    CallStatus.queued: 0,
    CallStatus.initiated: 1,
    CallStatus.ringing: 2,
    CallStatus.in_progress: 3,
    CallStatus.canceled: 4,
    CallStatus.no_answer: 5,
    CallStatus.busy: 6,
    CallStatus.failed: 7,
    CallStatus.completed: 8,
}
_TERMINAL_RANK = _STATUS_RANK[CallStatus.canceled]

# A person's own answer beats what the line did, which beats what we inferred (hung_up).
_OUTCOME_RANK = {
    CallOutcome.pending: 0,
    CallOutcome.hung_up: 1,
    CallOutcome.failed: 2,
    CallOutcome.no_answer: 3,
    CallOutcome.busy: 4,
    CallOutcome.no_input: 5,
    CallOutcome.machine: 6,
    CallOutcome.voicemail: 7,
    CallOutcome.cancelled: 8,
    CallOutcome.confirmed: 9,
}

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
# A terminal call status reported by Twilio also decides the outcome when nothing stronger did.
_STATUS_OUTCOMES = {
    CallStatus.busy: CallOutcome.busy,
    CallStatus.no_answer: CallOutcome.no_answer,
    CallStatus.failed: CallOutcome.failed,
    CallStatus.canceled: CallOutcome.failed,
}
# Keys pressed: those that decided the outcome beat those of a plain keypress event.
_ACTION_DIGITS, _PLAIN_DIGITS = "2", "1"


def effects(event: WebhookEvent) -> tuple[CallStatus | None, CallOutcome | None]:
    """The status and outcome one event stands for, if any."""
    status, outcome = _EVENT_EFFECTS.get(event.event, (None, None))
    if event.call_status is not None:
        # The further of the two: a late report of a decision (the reconciler's, after the final status
        # webhook was lost) says the call has ended too.
        if status is None or _STATUS_RANK[event.call_status] > _STATUS_RANK[status]:
            status = event.call_status
        outcome = outcome or _STATUS_OUTCOMES.get(event.call_status)
    if event.action in ACTION_OUTCOMES:
        outcome = ACTION_OUTCOMES[event.action]
    return status, outcome


def _earliest(current: datetime | None, candidate: datetime) -> datetime:
    return candidate if current is None or candidate < current else current


def _merge_status(call: Call, status: CallStatus, at: datetime) -> None:
    rank = _STATUS_RANK[status]
    if rank > _STATUS_RANK[CallStatus(call.status)]:
        call.status = status
    if status in (CallStatus.in_progress, CallStatus.completed):
        call.answered_at = _earliest(call.answered_at, at)
    if rank >= _TERMINAL_RANK:
        call.ended_at = _earliest(call.ended_at, at)


def _merge_outcome(call: Call, outcome: CallOutcome) -> None:
    if _OUTCOME_RANK[outcome] > _OUTCOME_RANK[CallOutcome(call.outcome)]:
        call.outcome = outcome


def _merge_digits(call: Call, event: WebhookEvent) -> None:
    if not event.digits:
        return
    candidate = (_ACTION_DIGITS if event.action else _PLAIN_DIGITS) + event.digits
    if call.digits_rank is None or candidate > call.digits_rank:
        call.digits_rank = candidate
        call.digits = event.digits


def _first(current: str | None, candidate: str | None) -> str | None:
    """One stable choice among values that should agree anyway: the smallest."""
    if candidate is None:
        return current
    return candidate if current is None or candidate < current else current


def _largest(current: str | None, candidate: str | None) -> str | None:
    if candidate is None:
        return current
    return candidate if current is None or candidate > current else current


def apply_event(call: Call, event: WebhookEvent, at: datetime) -> None:
    """Merge one webhook, received at `at`, into the call's row."""
    status, outcome = effects(event)
    when = event.timestamp or at
    if status is not None:
        _merge_status(call, status, when)
    if outcome is not None:
        _merge_outcome(call, outcome)
    _merge_digits(call, event)
    call.call_sid = _first(call.call_sid, event.call_sid)
    call.flow_sid = _first(call.flow_sid, event.flow_sid)
    call.call_hash = _first(call.call_hash, event.call_hash)
    # An answering-machine verdict is more specific than "human" when the two ever disagree.
    call.answered_by = _largest(call.answered_by, event.answered_by)
    call.recording_url = _largest(call.recording_url, event.recording_url)
    if event.duration is not None:
        call.duration = max(call.duration or 0, event.duration)
