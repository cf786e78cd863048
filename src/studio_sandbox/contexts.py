"""The Liquid context an execution starts with, by how it was triggered.

`contact` is the person (`To` of a REST request, the caller of an incoming call, the sender of a message)
and `flow.channel.address` the Twilio side (`From` of a REST request, the number called or texted).
"""

from __future__ import annotations

import copy
from typing import Any

from studio_sandbox.sids import new_sid

TRIGGER_EVENTS = (
    "incomingRequest",
    "incomingCall",
    "incomingMessage",
    "incomingConversationMessage",
    "incomingParent",
)


def initial_context(
    flow_sid: str,
    execution_sid: str,
    contact: str,
    channel: str,
    data: dict[str, Any],
    event: str = "incomingRequest",
    message: str = "",
) -> dict[str, Any]:
    """`trigger`, `flow`, `contact` and `widgets` for an execution started by `event`."""
    return {
        "trigger": _trigger(event, contact, channel, data, message),
        "flow": {
            "flow_sid": flow_sid,
            "sid": execution_sid,
            "channel": {"address": channel},
            "data": data,
            "variables": {},
        },
        "contact": {"channel": {"address": contact}},
        "widgets": {},
    }


def _trigger(event: str, contact: str, channel: str, data: dict[str, Any], message: str) -> dict[str, Any]:
    if event == "incomingCall":
        call = {
            "CallSid": new_sid("CA"),
            "From": contact,
            "To": channel,
            "Caller": contact,
            "Called": channel,
        }
        return {"call": call | {"Direction": "inbound", "CallStatus": "ringing", "ApiVersion": "2010-04-01"}}
    if event in ("incomingMessage", "incomingConversationMessage"):
        sms = {"MessageSid": new_sid("SM"), "From": contact, "To": channel, "Body": message}
        key = "message" if event == "incomingMessage" else "conversation"
        return {key: sms | {"InstanceSid": "", "ChannelSid": ""}}
    if event == "incomingParent":
        return {"parent": {"parameters": copy.deepcopy(data)}}
    return {"request": {"from": channel, "to": contact, "parameters": copy.deepcopy(data)}}


def trigger_event_for(raw_states: list[Any], preferred: str | None = None) -> str:
    """The trigger event to start with: `preferred` if given, else the first one the trigger leads on from."""
    if preferred:
        return preferred
    for state in raw_states:
        if isinstance(state, dict) and state.get("type") == "trigger":
            wired = {
                t.get("event")
                for t in state.get("transitions") or ()
                if isinstance(t, dict) and t.get("next")
            }
            for event in TRIGGER_EVENTS:
                if event in wired:
                    return event
    return "incomingRequest"
