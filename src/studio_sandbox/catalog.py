"""What Studio knows about each widget type: its events, required properties and property types."""

from __future__ import annotations

from dataclasses import dataclass, field

STRING, NUMBER, BOOLEAN, LIST, OBJECT, SCALAR = "string", "number", "boolean", "list", "object", "scalar"


@dataclass(frozen=True)
class WidgetSpec:
    """One widget type. `required` lists properties that must be present; `one_of` groups of which at
    least one must be present; `kinds` the JSON type each known property must have; `choices` allowed
    values (compared case-insensitively, Liquid allowed)."""

    events: frozenset[str]
    required: tuple[str, ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()
    kinds: dict[str, str] = field(default_factory=dict)
    choices: dict[str, frozenset[str]] = field(default_factory=dict)


_AUDIO: dict[str, str] = {"say": STRING, "play": STRING, "voice": STRING, "language": STRING, "loop": NUMBER}


def _spec(
    events: str,
    required: str = "",
    one_of: tuple[tuple[str, ...], ...] = (),
    audio: bool = False,
    **kinds: str,
) -> WidgetSpec:
    known = {"offset": OBJECT} | (_AUDIO if audio else {}) | kinds
    return WidgetSpec(frozenset(events.split()), tuple(required.split()), one_of, known)


CATALOG: dict[str, WidgetSpec] = {
    "trigger": _spec(
        "incomingRequest incomingCall incomingMessage incomingConversationMessage incomingParent"
    ),
    "set-variables": _spec("next", variables=LIST),
    "split-based-on": _spec("match noMatch", "input", input=SCALAR),
    "make-http-request": WidgetSpec(
        frozenset({"success", "failed"}),
        ("method", "url"),
        (),
        {"offset": OBJECT, "method": STRING, "url": STRING, "content_type": STRING, "body": STRING}
        | {"parameters": LIST, "add_twilio_auth": BOOLEAN},
        {"method": frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})},
    ),
    "make-outgoing-call-v2": WidgetSpec(
        frozenset({"answered", "busy", "noAnswer", "failed"}),
        ("to", "from"),
        (),
        {"offset": OBJECT, "to": STRING, "from": STRING, "timeout": NUMBER, "record": BOOLEAN}
        | {"detect_answering_machine": BOOLEAN, "machine_detection": STRING, "send_digits": STRING},
        {"machine_detection": frozenset({"ENABLE", "DETECTMESSAGEEND", "DISABLE"})},
    ),
    "gather-input-on-call": _spec(
        "keypress speech timeout",
        audio=True,
        timeout=NUMBER,
        number_of_digits=NUMBER,
        finish_on_key=STRING,
        stop_gather=BOOLEAN,
        profanity_filter=BOOLEAN,
        hints=STRING,
        speech_timeout=SCALAR,
    ),
    "say-play": _spec("audioComplete", one_of=(("say", "play", "digits"),), audio=True, digits=STRING),
    "record-voicemail": _spec(
        "recordingComplete noAudio hangup",
        max_length=NUMBER,
        timeout=NUMBER,
        transcribe=BOOLEAN,
        play_beep=BOOLEAN,
        finish_on_key=STRING,
    ),
    "connect-call-to": _spec(
        "callCompleted hangup",
        "noun",
        noun=STRING,
        to=STRING,
        caller_id=STRING,
        timeout=NUMBER,
        record=BOOLEAN,
    ),
    "send-to-flex": _spec(
        "callComplete failedToEnqueue callFailure",
        "workflow channel",
        workflow=STRING,
        channel=STRING,
        attributes=STRING,
        priority=NUMBER,
        timeout=NUMBER,
    ),
    "enqueue-call": _spec(
        "callComplete failedToEnqueue callFailure",
        one_of=(("queue_name", "workflow_sid"),),
        priority=NUMBER,
        timeout=NUMBER,
        task_attributes=STRING,
    ),
    "run-function": _spec("success fail", "url", url=STRING, parameters=LIST),
    "run-subflow": _spec("completed failed", "flow_sid", flow_sid=STRING, parameters=LIST),
    "send-message": _spec(
        "sent failed", one_of=(("body", "content_sid"),), to=STRING, body=STRING, shorten_urls=BOOLEAN
    ),
    "send-and-wait-for-reply": _spec(
        "incomingMessage timeout deliveryFailure", "body", body=STRING, timeout=NUMBER
    ),
    "capture-payments": _spec(
        "success maxFailedAttempts providerError payInterrupted hangup validationError",
        max_attempts=NUMBER,
        timeout=NUMBER,
        valid_card_types=LIST,
        security_code=BOOLEAN,
    ),
    "add-twiml-redirect": _spec("return timeout fail", "url", url=STRING, timeout=NUMBER),
    "connect-virtual-agent-v2": _spec(
        "completed hangup failed live-agent-handoff", configurations=LIST, parameters=LIST
    ),
}
