import pytest

from voicedash.calls.reconciler import verdict
from voicedash.twilio_gateway.gateway import ExecutionState


@pytest.mark.parametrize(
    ("widget", "expected"),
    [
        ({"CallStatus": "in-progress", "AnsweredBy": "human"}, ("hung_up", "completed")),
        ({"CallStatus": "completed"}, ("hung_up", "completed")),
        ({"CallStatus": "ringing", "AnsweredBy": "human"}, ("hung_up", "completed")),
        ({"CallStatus": "busy"}, ("busy", "busy")),
        ({"CallStatus": "no-answer"}, ("no_answer", "no-answer")),
        ({"CallStatus": "failed"}, ("call_failed", "failed")),
        ({"CallStatus": "canceled"}, ("call_failed", "canceled")),
        ({}, ("call_failed", "failed")),
    ],
)
def test_an_ended_execution_settles_its_call(widget: dict[str, str], expected: tuple[str, str]) -> None:
    context = {"widgets": {"call_user": widget, "say": {"x": 1}}} if widget else {"widgets": {}}
    result = verdict(ExecutionState(status="ended", context=context))
    assert (result["event"], result["call_status"]) == expected


def test_a_context_without_widgets_is_a_failed_call() -> None:
    assert verdict(ExecutionState(status="ended", context={}))["event"] == "call_failed"


@pytest.mark.parametrize(
    ("reached", "expected"),
    [
        ("notify_confirm", {"event": "dtmf_action", "action": "confirm_appointment"}),
        ("notify_cancel", {"event": "dtmf_action", "action": "cancel_appointment"}),
        ("notify_voicemail", {"event": "dtmf_action", "action": "connect_to_representative"}),
        ("notify_no_input", {"event": "no_input"}),
    ],
)
def test_a_decision_whose_webhook_was_lost_is_read_from_the_flows_widgets(
    reached: str, expected: dict[str, str]
) -> None:
    # voicedash was down when the person pressed a key: Studio moved on without retrying the webhook.
    context = {
        "widgets": {
            "call_user": {"CallStatus": "in-progress", "AnsweredBy": "human"},
            "gather_response": {"Digits": "1"},
            reached: {"status_code": 502},
        }
    }
    assert verdict(ExecutionState(status="ended", context=context)) == {
        **expected,
        "call_status": "completed",
    }


def test_a_machine_verdict_survives_a_lost_webhook() -> None:
    context = {
        "widgets": {
            "call_user": {"CallStatus": "in-progress", "AnsweredBy": "machine_start"},
            "notify_machine": {},
        }
    }
    assert verdict(ExecutionState(status="ended", context=context))["event"] == "machine"
