"""Widget implementations by Studio type."""

from __future__ import annotations

from studio_sandbox.runtime import WidgetHandler
from studio_sandbox.widgets.connect import (
    add_twiml_redirect,
    capture_payments,
    connect_call_to,
    connect_virtual_agent,
    enqueue_call,
    send_to_flex,
)
from studio_sandbox.widgets.flow_control import set_variables, split_based_on, trigger
from studio_sandbox.widgets.http import make_http_request, run_function
from studio_sandbox.widgets.messaging import run_subflow, send_and_wait_for_reply, send_message
from studio_sandbox.widgets.voice import gather_input, make_outgoing_call, record_voicemail, say_play

HANDLERS: dict[str, WidgetHandler] = {
    "trigger": trigger,
    "set-variables": set_variables,
    "split-based-on": split_based_on,
    "make-http-request": make_http_request,
    "run-function": run_function,
    "make-outgoing-call-v2": make_outgoing_call,
    "gather-input-on-call": gather_input,
    "say-play": say_play,
    "record-voicemail": record_voicemail,
    "connect-call-to": connect_call_to,
    "send-to-flex": send_to_flex,
    "enqueue-call": enqueue_call,
    "add-twiml-redirect": add_twiml_redirect,
    "connect-virtual-agent-v2": connect_virtual_agent,
    "capture-payments": capture_payments,
    "send-message": send_message,
    "send-and-wait-for-reply": send_and_wait_for_reply,
    "run-subflow": run_subflow,
}
SIMULATED = frozenset(
    {
        "send-to-flex",
        "enqueue-call",
        "add-twiml-redirect",
        "connect-virtual-agent-v2",
        "capture-payments",
        "send-message",
        "send-and-wait-for-reply",
        "run-subflow",
    }
)


def handler_for(widget_type: str) -> WidgetHandler | None:
    """The implementation of a widget type, or None when the sandbox does not know it."""
    return HANDLERS.get(widget_type)
