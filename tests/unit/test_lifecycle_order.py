"""Any order of a call's webhooks, with any duplicates, leaves the same row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from voicedash.calls.lifecycle import apply_event
from voicedash.models import Call, CallOutcome, CallStatus
from voicedash.webhooks.parse import WebhookEvent, WebhookKind

FN = "FN" + "a" * 32
CA = "CA" + "b" * 32
T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
S, D, F = WebhookKind.status, WebhookKind.dtmf, WebhookKind.flow


def ev(kind: WebhookKind, event: str, **fields: object) -> WebhookEvent:
    return WebhookEvent(kind=kind, event=event, execution_sid=FN, call_sid=CA, **fields)  # type: ignore[arg-type]


def callback(status: CallStatus, sequence: int, **fields: object) -> WebhookEvent:
    return WebhookEvent(
        kind=S,
        event=status.value,
        call_sid=CA,
        call_status=status,
        sequence_number=sequence,
        timestamp=T0 + timedelta(seconds=sequence),
        **fields,  # type: ignore[arg-type]
    )


ANSWERED = ev(S, "initiated", call_status=CallStatus.in_progress, answered_by="human")
# The webhooks of each sandbox callee with the bundled flow, plus Twilio's status callbacks.
PATHS = {
    "confirmed": [
        ANSWERED,
        ev(D, "dtmf", digits="1"),
        ev(D, "dtmf_action", action="confirm_appointment", digits="1"),
        ev(F, "completed", call_status=CallStatus.completed),
    ],
    "retried": [
        ANSWERED,
        ev(D, "dtmf", digits="9"),
        ev(D, "dtmf", digits="1"),
        ev(D, "dtmf_action", action="confirm_appointment", digits="1"),
        ev(F, "completed", call_status=CallStatus.completed),
    ],
    "voicemail": [
        ANSWERED,
        ev(D, "dtmf", digits="0"),
        ev(D, "dtmf_action", action="connect_to_representative", digits="0"),
        ev(F, "voicemail_recorded", recording_url="http://x/RE1.wav"),
        ev(F, "completed", call_status=CallStatus.completed),
    ],
    "machine": [
        ev(S, "machine", call_status=CallStatus.in_progress, answered_by="machine_start"),
        ev(F, "completed", call_status=CallStatus.completed),
    ],
    "busy": [
        ev(S, "busy", call_status=CallStatus.busy),
        callback(CallStatus.initiated, 0),
        callback(CallStatus.ringing, 1),
        callback(CallStatus.busy, 2, duration=0),
    ],
    "hung_up": [ANSWERED, ev(F, "hung_up", call_status=CallStatus.completed)],
    "with_callbacks": [
        callback(CallStatus.initiated, 0),
        callback(CallStatus.ringing, 1),
        callback(CallStatus.in_progress, 2),
        ANSWERED,
        ev(D, "dtmf_action", action="cancel_appointment", digits="2"),
        callback(CallStatus.completed, 3, duration=31),
    ],
}
FIELDS = (
    "status",
    "outcome",
    "digits",
    "answered_by",
    "recording_url",
    "duration",
    "call_sid",
    "answered_at",
    "ended_at",
)


def fold(events: list[tuple[WebhookEvent, datetime]]) -> tuple[object, ...]:
    call = Call(
        execution_sid=FN, to_number="+14155550101", status=CallStatus.queued, outcome=CallOutcome.pending
    )
    for event, received_at in events:
        apply_event(call, event, received_at)
    return tuple(getattr(call, name) for name in FIELDS)


def delivered(path: list[WebhookEvent]) -> list[tuple[WebhookEvent, datetime]]:
    # Each webhook's arrival time is fixed when it is stored, whatever order it is processed in.
    return [(event, T0 + timedelta(milliseconds=100 * i)) for i, event in enumerate(path)]


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(PATHS)),
    order=st.randoms(use_true_random=False),
    copies=st.lists(st.integers(min_value=0, max_value=5), max_size=6),
)
def test_any_permutation_with_duplicates_gives_the_same_row(name: str, order, copies: list[int]) -> None:
    canonical = delivered(PATHS[name])
    shuffled = canonical + [canonical[i % len(canonical)] for i in copies]
    order.shuffle(shuffled)
    assert fold(shuffled) == fold(canonical)


def test_the_canonical_rows_are_what_the_design_says() -> None:
    rows = {name: fold(delivered(path)) for name, path in PATHS.items()}
    summary = {name: (row[0], row[1], row[2]) for name, row in rows.items()}
    assert summary == {
        "confirmed": ("completed", "confirmed", "1"),
        "retried": ("completed", "confirmed", "1"),
        "voicemail": ("completed", "voicemail", "0"),
        "machine": ("completed", "machine", None),
        "busy": ("busy", "busy", None),
        "hung_up": ("completed", "hung_up", None),
        "with_callbacks": ("completed", "cancelled", "2"),
    }
    assert rows["with_callbacks"][5] == 31
    assert rows["voicemail"][4] == "http://x/RE1.wav"
