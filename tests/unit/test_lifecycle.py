from datetime import UTC, datetime

from voicedash.calls.lifecycle import apply_event
from voicedash.models import Call, CallOutcome, CallStatus
from voicedash.webhooks.parse import WebhookEvent, WebhookKind

FN = "FN" + "a" * 32
AT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def new_call() -> Call:
    return Call(
        execution_sid=FN, to_number="+14155550101", status=CallStatus.queued, outcome=CallOutcome.pending
    )


def fold(*events: WebhookEvent) -> Call:
    call = new_call()
    for event in events:
        apply_event(call, event, AT)
    return call


def ev(kind: WebhookKind, event: str, **kw: object) -> WebhookEvent:
    return WebhookEvent(kind=kind, event=event, execution_sid=FN, **kw)  # type: ignore[arg-type]


ANSWERED = ev(WebhookKind.status, "initiated", call_status=CallStatus.in_progress, answered_by="human")
CONFIRM = ev(WebhookKind.dtmf, "dtmf_action", action="confirm_appointment", digits="1")
COMPLETED = ev(WebhookKind.flow, "completed", call_status=CallStatus.completed)


def test_confirmation_path() -> None:
    call = fold(ANSWERED, ev(WebhookKind.dtmf, "dtmf", digits="1"), CONFIRM, COMPLETED)
    assert (call.status, call.outcome, call.digits) == ("completed", "confirmed", "1")
    assert call.answered_at == AT and call.ended_at == AT


def test_actions_decide_outcomes() -> None:
    for action, outcome in [("cancel_appointment", "cancelled"), ("connect_to_representative", "voicemail")]:
        assert fold(ANSWERED, ev(WebhookKind.dtmf, "dtmf_action", action=action)).outcome == outcome


def test_unreached_calls() -> None:
    assert (fold(ev(WebhookKind.status, "busy")).status, fold(ev(WebhookKind.status, "busy")).outcome) == (
        "busy",
        "busy",
    )
    call = fold(ev(WebhookKind.status, "no_answer"))
    assert (call.status, call.outcome) == ("no-answer", "no_answer")
    call = fold(ev(WebhookKind.status, "call_failed"))
    assert (call.status, call.outcome) == ("failed", "failed")


def test_status_never_moves_back() -> None:
    ringing = ev(WebhookKind.status, "ringing", call_status=CallStatus.ringing)
    assert fold(COMPLETED, ringing, ANSWERED).status == "completed"


def test_a_later_generic_event_does_not_overwrite_the_outcome() -> None:
    call = fold(ANSWERED, CONFIRM, COMPLETED, ev(WebhookKind.status, "hung_up"))
    assert call.outcome == "confirmed"


def test_a_real_decision_replaces_an_inferred_hang_up() -> None:
    assert fold(ev(WebhookKind.status, "hung_up"), CONFIRM).outcome == "confirmed"


def test_form_status_callback_terminal_status_decides_outcome_when_nothing_else_did() -> None:
    call = fold(ev(WebhookKind.status, "busy", call_status=CallStatus.busy, duration=0))
    assert (call.status, call.outcome, call.duration) == ("busy", "busy", 0)


def test_recording_url_is_kept() -> None:
    url = "http://127.0.0.1:8001/recordings/RE1.wav"
    assert fold(ev(WebhookKind.flow, "voicemail_recorded", recording_url=url)).recording_url == url
