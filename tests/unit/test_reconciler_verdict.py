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
