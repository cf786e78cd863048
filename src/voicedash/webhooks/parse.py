"""Every shape Twilio and Studio send → one typed `WebhookEvent`, or a ValidationError naming the fields."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy import ColumnElement, String

from voicedash.errors import AppError, ValidationError
from voicedash.models.call import Call, CallStatus
from voicedash.models.call_event import CallEvent

_SIDS = {
    "execution_sid": (re.compile(r"FN[0-9a-fA-F]{32}"), "FN followed by 32 hex digits"),
    "call_sid": (re.compile(r"CA[0-9a-fA-F]{32}"), "CA followed by 32 hex digits"),
    "flow_sid": (re.compile(r"FW[0-9a-fA-F]{32}"), "FW followed by 32 hex digits"),
}


def _length(column: ColumnElement[Any]) -> int:
    assert isinstance(column.type, String) and column.type.length
    return column.type.length


# The longest value each text field may carry: what its database column holds.
_MAX_LENGTHS = {
    "event": _length(CallEvent.__table__.c.event),
    "digits": _length(Call.__table__.c.digits),
    "to": 32,  # a phone number, or a client identifier, as Twilio writes them
    "from_": 32,
    "call_hash": _length(Call.__table__.c.call_hash),
    "answered_by": _length(Call.__table__.c.answered_by),
    "recording_url": _length(Call.__table__.c.recording_url),
    "call_status": 32,
    "action": 64,
    "widget_name": 128,
    "timestamp": 64,
}
_MAX_INT = 2_147_483_647

# Normalised key (lower case, no _ or -) → our field name. Studio bodies are hand-written in each
# flow, so the same field arrives as execution_sid, ExecutionSid, executionSid, …
_KEYS = {
    "executionsid": "execution_sid",
    "flowsid": "flow_sid",
    "event": "event",
    "widgetname": "widget_name",
    "action": "action",
    "digits": "digits",
    "to": "to",
    "from": "from_",
    "callhash": "call_hash",
    "callstatus": "call_status",
    "answeredby": "answered_by",
    "callsid": "call_sid",
    "recordingurl": "recording_url",
    "callduration": "duration",
    "duration": "duration",
    "sequencenumber": "sequence_number",
    "timestamp": "timestamp",
}
_STATUS_ALIASES = {s.value.replace("-", ""): s for s in CallStatus} | {"answered": CallStatus.in_progress}


class WebhookKind(StrEnum):
    status = "status"
    dtmf = "dtmf"
    flow = "flow"


@dataclass(frozen=True)
class WebhookEvent:
    kind: WebhookKind
    event: str
    execution_sid: str | None = None
    call_sid: str | None = None
    flow_sid: str | None = None
    call_hash: str | None = None
    widget_name: str | None = None
    action: str | None = None
    digits: str | None = None
    to: str | None = None
    from_: str | None = None
    call_status: CallStatus | None = None
    answered_by: str | None = None
    recording_url: str | None = None
    duration: int | None = None
    sequence_number: int | None = None
    timestamp: datetime | None = None

    def fields(self) -> dict[str, Any]:
        """The parsed fields as JSON-ready values, for the timeline."""
        # Not dataclasses.asdict: it deep-copies every value, and this runs once per webhook.
        out = {name: getattr(self, name) for name in _FIELD_NAMES}
        out = {name: value for name, value in out.items() if value is not None}
        if self.timestamp:
            out["timestamp"] = self.timestamp.isoformat()
        return out


_FIELD_NAMES = tuple(field.name for field in dataclass_fields(WebhookEvent) if field.name != "kind")


# Flows send a handful of distinct names over and over: remember them (bounded, whatever arrives).
@functools.lru_cache(maxsize=1024)
def _snake(name: str) -> str:
    """`noAnswer`, `no-answer`, `No_Answer` → `no_answer`."""
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name.strip())
    return re.sub(r"[\s\-]+", "_", name).lower()


@functools.lru_cache(maxsize=1024)
def _status(value: str) -> CallStatus | None:
    return _STATUS_ALIASES.get(re.sub(r"[\s_\-]", "", value.lower()))


def _int(value: str, field: str) -> int:
    if not value.isdecimal() or len(value) > 10 or int(value) > _MAX_INT:
        raise ValidationError(f"{field} must be a whole number from 0 to {_MAX_INT}", field=field)
    return int(value)


def _timestamp(value: str) -> datetime:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError("timestamp must be an RFC 2822 or ISO 8601 date", field="timestamp") from None


@functools.lru_cache(maxsize=1024)
def _field_name(key: str) -> str | None:
    return _KEYS.get(re.sub(r"[_\-\s]", "", key).lower())


def _clean(raw: dict[str, Any]) -> dict[str, str]:
    """Known keys only, as stripped strings; empty values (unrendered Liquid) count as absent."""
    values: dict[str, str] = {}
    for key, value in raw.items():
        name = _field_name(str(key))
        if name is None or value is None or isinstance(value, dict | list):
            continue
        text = str(value).strip() if not isinstance(value, bool) else str(value).lower()
        if text and name not in values:
            values[name] = text
    return values


def _check_values(values: dict[str, str]) -> None:
    for field, (pattern, example) in _SIDS.items():
        if field in values and not pattern.fullmatch(values[field]):
            raise ValidationError(f"{field} is not a valid SID ({example})", field=field)
    for field, limit in _MAX_LENGTHS.items():
        if len(values.get(field, "")) > limit:
            name = field.rstrip("_")
            raise ValidationError(f"{name} is longer than {limit} characters", field=name)
    for field, value in values.items():
        if "\x00" in value:
            raise ValidationError("fields must not contain NUL characters", field=field.rstrip("_"))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (\ud800) decodes from JSON but is no text
            raise ValidationError(
                f"{field.rstrip('_')} is not valid Unicode text", field=field.rstrip("_")
            ) from None


def _build(kind: WebhookKind, values: dict[str, str]) -> WebhookEvent:
    _check_values(values)
    status = _status(values["call_status"]) if "call_status" in values else None
    return WebhookEvent(
        kind=kind,
        event=_snake(values["event"]),
        execution_sid=values.get("execution_sid"),
        call_sid=values.get("call_sid"),
        flow_sid=values.get("flow_sid"),
        call_hash=values.get("call_hash"),
        widget_name=values.get("widget_name"),
        action=_snake(values["action"]) if "action" in values else None,
        digits=values.get("digits"),
        to=values.get("to"),
        from_=values.get("from_"),
        call_status=status,
        answered_by=values.get("answered_by"),
        recording_url=values.get("recording_url"),
        duration=_int(values["duration"], "duration") if "duration" in values else None,
        sequence_number=(
            _int(values["sequence_number"], "sequence_number") if "sequence_number" in values else None
        ),
        timestamp=_timestamp(values["timestamp"]) if "timestamp" in values else None,
    )


def _require(values: dict[str, str], names: list[str]) -> None:
    missing = [name for name in names if name not in values]
    if missing:
        raise ValidationError(
            "missing required fields: " + ", ".join(missing), field=missing[0], details={"missing": missing}
        )


def parse_studio_json(kind: WebhookKind, body: bytes) -> WebhookEvent:
    """A JSON body posted by a Studio Make HTTP Request widget."""
    try:
        raw = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError("body is not valid JSON", field="body") from None
    if not isinstance(raw, dict):
        raise ValidationError("body must be a JSON object", field="body")
    values = _clean(raw)
    if "execution_sid" not in values and "call_hash" in values:
        # Flows that only send call_hash carry the execution SID before its first underscore.
        values["execution_sid"] = values["call_hash"].split("_", 1)[0]
    required = ["event"] + ([] if "execution_sid" in values else ["execution_sid"])
    event = _snake(values.get("event", ""))
    if event == "dtmf":
        required.append("digits")
    elif event == "dtmf_action":
        required.append("action")
    _require(values, required)
    return _build(kind, values)


def parse_status_callback(kind: WebhookKind, body: bytes) -> WebhookEvent:
    """A form-encoded call status callback from Twilio's Voice API."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise ValidationError("body is not valid UTF-8 form data", field="body") from None
    values = _clean(dict(pairs))
    _require(values, ["call_sid", "call_status"])
    if _status(values["call_status"]) is None:
        raise ValidationError(f"unknown CallStatus {values['call_status']!r}", field="CallStatus")
    values.setdefault("event", values["call_status"])
    return _build(kind, values)


def form_params(body: bytes) -> dict[str, list[str]]:
    """Form fields with every value, as the signature check needs them."""
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True):
        params.setdefault(name, []).append(value)
    return params


def parse_webhook(kind: WebhookKind, content_type: str, body: bytes) -> WebhookEvent:
    """Dispatch on the content type; anything but JSON or form data is refused."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json":
        return parse_studio_json(kind, body)
    if media == "application/x-www-form-urlencoded":
        return parse_status_callback(kind, body)
    raise AppError(
        "Content-Type must be application/json or application/x-www-form-urlencoded",
        status_code=415,
        code="UNSUPPORTED_MEDIA_TYPE",
        details={"field": "Content-Type"},
    )
