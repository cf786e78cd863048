"""The appointment confirmation flow shipped with voicedash, filled in for one deployment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).with_name("appointment_flow.json")
FRIENDLY_NAME = "voicedash appointment confirmation"


@dataclass(frozen=True)
class FlowText:
    """What the flow says and how; every field is a setting."""

    prompt: str
    voice: str = "Polly.Amy-Neural"
    language: str = "en-GB"
    confirmed: str = "Thank you, your appointment is confirmed. Goodbye."
    cancelled: str = "Your appointment has been cancelled. We will be in touch to rebook. Goodbye."
    voicemail_prompt: str = "Please leave your message after the tone, then press the hash key."
    no_input: str = "We did not receive a choice. We will call you again later. Goodbye."
    machine: str = "Hello, this is a reminder about your appointment. Please call us back to confirm."


def _fill(node: Any, values: dict[str, str]) -> Any:
    if isinstance(node, str):
        for placeholder, value in values.items():
            node = node.replace(placeholder, value)
        return node
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    if isinstance(node, dict):
        return {key: _fill(item, values) for key, item in node.items()}
    return node


def appointment_flow(*, public_url: str, text: FlowText) -> dict[str, Any]:
    """The Studio Flow definition, ready for Twilio's Flows API or the console's import."""
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    values = {
        "__PUBLIC_URL__": public_url.rstrip("/"),
        "__PROMPT__": text.prompt,
        "__VOICE__": text.voice,
        "__LANGUAGE__": text.language,
        "__CONFIRMED_MESSAGE__": text.confirmed,
        "__CANCELLED_MESSAGE__": text.cancelled,
        "__VOICEMAIL_PROMPT__": text.voicemail_prompt,
        "__NO_INPUT_MESSAGE__": text.no_input,
        "__MACHINE_MESSAGE__": text.machine,
    }
    filled: dict[str, Any] = _fill(template, values)
    return filled
