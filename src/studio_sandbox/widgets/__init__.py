"""Widget implementations by Studio type."""

from __future__ import annotations

from studio_sandbox.runtime import WidgetHandler
from studio_sandbox.widgets.flow_control import set_variables, split_based_on, trigger
from studio_sandbox.widgets.http import make_http_request
from studio_sandbox.widgets.voice import gather_input, make_outgoing_call, record_voicemail, say_play

HANDLERS: dict[str, WidgetHandler] = {
    "trigger": trigger,
    "set-variables": set_variables,
    "split-based-on": split_based_on,
    "make-http-request": make_http_request,
    "make-outgoing-call-v2": make_outgoing_call,
    "gather-input-on-call": gather_input,
    "say-play": say_play,
    "record-voicemail": record_voicemail,
}


def handler_for(widget_type: str) -> WidgetHandler | None:
    """The implementation of a widget type, or None when the sandbox does not know it."""
    return HANDLERS.get(widget_type)
