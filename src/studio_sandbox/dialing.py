"""Placing a simulated call: ringing, answering (with machine detection), busy, no answer, failure;
and the form-encoded status callbacks Twilio sends for calls that ask for them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from email.utils import format_datetime

from studio_sandbox.callee import CalleeScript
from studio_sandbox.calls import TERMINAL, CallRecord
from studio_sandbox.clock import Timeline
from studio_sandbox.courier import Courier
from studio_sandbox.delivery import OutboundRequest

RING_BEFORE_BUSY = 3.0
RING_BEFORE_FAILED = 1.0
AMD_SECONDS = {"enable": 2.5, "detectmessageend": 6.0}
FORM = "application/x-www-form-urlencoded; charset=utf-8"
SIP_CODES = {"completed": "200", "busy": "486", "no-answer": "487", "failed": "500", "canceled": "487"}
EVENT_OF_STATUS = {"initiated": "initiated", "ringing": "ringing", "in-progress": "answered"}

Notify = Callable[[CallRecord], Awaitable[None]]


async def _quiet(_call: CallRecord) -> None:
    return None


def amd_answer(mode: str, answered_by: str) -> str:
    """What Twilio reports as AnsweredBy for this detection mode."""
    if not answered_by.startswith("machine"):
        return answered_by
    if mode == "enable":
        return "machine_start"
    # DetectMessageEnd waits for the greeting to finish, so a machine is reported by how it ended.
    return "machine_end_beep" if answered_by == "machine_start" else answered_by


async def dial(
    call: CallRecord,
    script: CalleeScript,
    timeline: Timeline,
    ring_seconds: float,
    machine_detection: str = "disable",
    notify: Notify = _quiet,
) -> str:
    """Ring `call` as `script` says; returns the status it reached (in-progress when answered)."""
    for status in ("initiated", "ringing"):
        call.move(status, timeline.now())
        await notify(call)
    if script.failed:
        await timeline.sleep(RING_BEFORE_FAILED)
        final = "failed"
    elif script.busy:
        await timeline.sleep(RING_BEFORE_BUSY)
        final = "busy"
    elif script.answer_after is None or script.answer_after > ring_seconds:
        await timeline.sleep(ring_seconds)
        final = "no-answer"
    else:
        await timeline.sleep(script.answer_after)
        mode = machine_detection.strip().lower()
        if mode in AMD_SECONDS:
            await timeline.sleep(AMD_SECONDS[mode])
            call.answered_by = amd_answer(mode, script.answered_by)
        final = "in-progress"
    call.move(final, timeline.now())
    await notify(call)
    return final


def callback_params(call: CallRecord, account_sid: str) -> list[tuple[str, str]]:
    """The form parameters of a call status callback for the call's current status."""
    moment = call.date_updated
    params = [
        ("AccountSid", account_sid),
        ("ApiVersion", "2010-04-01"),
        ("CallSid", call.sid),
        ("CallStatus", call.status),
        ("CallbackSource", "call-progress-events"),
        ("Called", call.to),
        ("Caller", call.from_),
        ("Direction", call.direction),
        ("From", call.from_),
        ("To", call.to),
        ("Timestamp", format_datetime(moment)),
        ("SequenceNumber", str(call.callback_sequence)),
    ]
    if call.status in TERMINAL:
        duration = call.duration or 0
        params += [
            ("CallDuration", str(duration)),
            ("Duration", str(-(-duration // 60))),
            ("SipResponseCode", SIP_CODES[call.status]),
        ]
    if call.answered_by:
        params.append(("AnsweredBy", call.answered_by))
    if call.parent_call_sid:
        params.append(("ParentCallSid", call.parent_call_sid))
    return params


class StatusCallbacks:
    """Sends a call's status callbacks (only the events it asked for); faults apply as `status-callback`."""

    def __init__(self, courier: Courier, account_sid: str) -> None:
        self._courier = courier
        self._account_sid = account_sid

    async def __call__(self, call: CallRecord) -> None:
        """Notify the call's StatusCallback of its current status, if it subscribed to that event."""
        event = EVENT_OF_STATUS.get(call.status, "completed")
        if not call.status_callback or event not in call.status_callback_events:
            return
        params = tuple(callback_params(call, self._account_sid))
        call.callback_sequence += 1
        method = call.status_callback_method.upper()
        request = OutboundRequest(method, call.status_callback, FORM, form=params)
        await self._courier.send(request, "status-callback", "status-callback")
