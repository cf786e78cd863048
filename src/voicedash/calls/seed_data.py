"""Made-up but realistic calls for the demo and benchmarks: business hours, a plausible outcome mix,
and each call's timeline as the bundled flow and Twilio would have posted it.

Rows come out ready to insert: numbers and timeline already encrypted, hashes computed, so the writer
does nothing per row but hand them to the database. Pure and deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from voicedash.db.encryption import Keyring
from voicedash.webhooks.parse import WebhookKind, parse_webhook

# Seeded calls carry this flow SID: it is how `demo seed` tells them from real ones.
SEED_FLOW_SID = "FW" + "5eed" * 8
SEED_FROM = "+15005550006"
_ACCOUNT = "AC" + "5eed" * 8
_JSON, _FORM = "application/json", "application/x-www-form-urlencoded"

# Outcome → (share of calls, final Twilio status, digits, answered_by).
_MIX: dict[str, tuple[float, str, str | None, str | None]] = {
    "confirmed": (0.52, "completed", "1", "human"),
    "cancelled": (0.10, "completed", "2", "human"),
    "voicemail": (0.05, "completed", "0", "human"),
    "no_answer": (0.13, "no-answer", None, None),
    "busy": (0.05, "busy", None, None),
    "failed": (0.02, "failed", None, None),
    "machine": (0.05, "completed", None, "machine_start"),
    "no_input": (0.05, "completed", None, "human"),
    "hung_up": (0.03, "completed", None, "human"),
}
_OUTCOMES = list(_MIX)
_WEIGHTS = [share for share, *_ in _MIX.values()]
_ANSWERED = {"confirmed", "cancelled", "voicemail", "machine", "no_input", "hung_up"}
_ACTIONS = {"confirmed": "confirm_appointment", "cancelled": "cancel_appointment"}
_ACTIONS["voicemail"] = "connect_to_representative"

# One step of a timeline: (kind, event, seconds after the call began, extra body fields).
Step = tuple[str, str, str, dict[str, str]]


def _script(outcome: str) -> list[Step]:
    """The webhooks a call with this outcome produces, oldest first (kinds, events as the flow's)."""
    answer = [("status", "initiated", "answered", {"call_status": "in-progress", "answeredby": "human"})]
    keys = [
        ("dtmf", "dtmf", "pressed", {"digits": "{digits}"}),
        ("dtmf", "dtmf_action", "pressed", {"digits": "{digits}", "action": _ACTIONS.get(outcome, "")}),
    ]
    done = [("flow", "completed", "ended", {"call_status": "completed"})]
    callback = [("status", "callback", "ended", {"CallStatus": "{status}"})]
    if outcome in ("confirmed", "cancelled"):
        return answer + keys + done + callback
    if outcome == "voicemail":
        recorded = ("flow", "voicemail_recorded", "ended", {"recording_url": "{recording_url}"})
        return answer + keys + [recorded] + done
    if outcome == "machine":
        machine = (
            "status",
            "machine",
            "answered",
            {"call_status": "in-progress", "answeredby": "machine_start"},
        )
        return [machine, *done, *callback]
    if outcome == "no_input":
        return [*answer, ("status", "no_input", "ended", {"call_status": "in-progress"}), *done, *callback]
    if outcome == "hung_up":
        return [*answer, ("status", "hung_up", "ended", {"source": "reconciler"}), *callback]
    status_event = {"no_answer": "no_answer", "busy": "busy", "failed": "call_failed"}[outcome]
    line = ("status", status_event, "ended", {"call_status": "{status}"})
    return [line, callback[0]]


@dataclass
class SeedChunk:
    """Rows for one insert: calls (with ids) and their events, values already encrypted."""

    calls: list[dict[str, Any]]
    events: list[dict[str, Any]]


@dataclass(frozen=True)
class SeedPlan:
    first_id: int
    calls: int
    days: int
    events_per_call: int
    zone: str
    now: datetime
    seed: int = 1


def _business_hours(moment: datetime, zone: ZoneInfo) -> bool:
    """09:00–18:00 local, Monday to Saturday (clinics rest on Sundays)."""
    local = moment.astimezone(zone)
    return 9 <= local.hour < 18 and local.weekday() != 6


def _moments(rng: random.Random, plan: SeedPlan, zone: ZoneInfo, start: int, count: int) -> list[datetime]:
    """`count` moments in business hours, in order, within this chunk's share of the last `days` days.

    Calls are numbered in the order they were made, as in a real database (ids grow with time)."""
    oldest = plan.now - timedelta(days=plan.days)
    span = (plan.now - oldest) / plan.calls
    first, last = oldest + span * start, oldest + span * (start + count)
    moments = []
    for _ in range(count):
        moment = first
        for _ in range(60):  # about a third of the time is business hours: a few tries each
            moment = first + (last - first) * rng.random()
            if _business_hours(moment, zone):
                break
        moments.append(moment)
    return sorted(moments)


class SeedMaker:
    """Builds chunks of a plan; the per-event fields come from the real webhook parser, once per step."""

    def __init__(self, keys: list[str], plan: SeedPlan) -> None:
        self.keyring = Keyring(keys)
        self.plan = plan
        self.zone = ZoneInfo(plan.zone)
        self._templates: dict[tuple[Any, ...], _Template] = {}
        # Every call comes from the same number: one ciphertext of it serves them all.
        self._from = self.keyring.encrypt(SEED_FROM)

    def chunk(self, start: int, count: int) -> SeedChunk:
        rng = random.Random(self.plan.seed * 1_000_003 + start)
        chunk = SeedChunk([], [])
        moments = _moments(rng, self.plan, self.zone, start, count)
        for offset, created in enumerate(moments):
            self._call(rng, self.plan.first_id + start + offset, created, chunk)
        return chunk

    def _call(self, rng: random.Random, call_id: int, created: datetime, chunk: SeedChunk) -> None:
        outcome = rng.choices(_OUTCOMES, _WEIGHTS)[0]
        _, status, digits, answered_by = _MIX[outcome]
        ring = timedelta(seconds=rng.uniform(4, 25))
        answered = created + ring if outcome in _ANSWERED else None
        duration = rng.randint(12, 95) if answered else None
        ended = answered + timedelta(seconds=duration) if answered and duration else created + ring
        number = f"+90532{rng.randrange(10**7):07d}"
        ids = {
            "execution_sid": "FN" + uuid.UUID(int=rng.getrandbits(128)).hex,
            "call_sid": "CA" + uuid.UUID(int=rng.getrandbits(128)).hex,
        }
        call = {
            "id": call_id,
            **ids,
            "flow_sid": SEED_FLOW_SID,
            "to": self.keyring.encrypt(number),
            "from": self._from,
            "to_hash": self.keyring.keyed_hash(number),
            "to_tail_hash": self.keyring.tail_hash(number),
            "status": status,
            "outcome": outcome,
            "digits": digits,
            "answered_by": answered_by,
            "duration": duration,
            "recording_url": _recording(ids["call_sid"]) if outcome == "voicemail" else None,
            "created_at": created,
            "updated_at": ended,
            "answered_at": answered,
            "ended_at": ended,
            "batch_id": f"b_seed{created:%Y%m%d}" if rng.random() < 0.4 else None,
        }
        chunk.calls.append(call)
        self._timeline(call, number, created + ring, chunk)

    def _timeline(self, call: dict[str, Any], number: str, picked_up: datetime, chunk: SeedChunk) -> None:
        """The call's webhooks as timeline rows, at the moments they would have come."""
        moments = {
            "answered": call["answered_at"] or picked_up,
            "pressed": (call["answered_at"] or call["created_at"]) + timedelta(seconds=9),
            "ended": call["ended_at"],
        }
        ids = {"execution_sid": call["execution_sid"], "call_sid": call["call_sid"]}
        real = {_EXECUTION_HEX: ids["execution_sid"][2:], _CALL_HEX: ids["call_sid"][2:], _NUMBER: number[1:]}
        for step, (kind, event, at, extra) in enumerate(self._steps(call["outcome"])):
            template = self._template(kind, event, extra, step, call["digits"] or "", call["status"])
            chunk.events.append(
                {
                    "call_id": call["id"],
                    **ids,
                    "kind": kind,
                    "event": template.event,
                    "fields": self.keyring.encrypt(_fill(template.fields, real)),
                    "payload": self.keyring.encrypt(_fill(template.body, real)),
                    "content_type": template.content_type,
                    "received_at": moments[at] + timedelta(milliseconds=step * 150),
                }
            )

    def _steps(self, outcome: str) -> list[Step]:
        """Exactly `events_per_call` steps: the script, cut short or preceded by `ringing` callbacks."""
        script = _script(outcome)
        wanted = self.plan.events_per_call
        ringing: Step = ("status", "callback", "answered", {"CallStatus": "ringing"})
        return ([ringing] * max(0, wanted - len(script)) + script)[-wanted:] if wanted else []

    def _template(
        self, kind: str, event: str, extra: dict[str, str], step: int, digits: str, status: str
    ) -> _Template:
        """The body of one step with placeholder SIDs and number, and what the real parser makes of it.

        Parsing once per distinct step (not per event) keeps seeding fast; the placeholders are then
        replaced in both the body and the parsed fields."""
        filled = {
            k: v.format(digits=digits, status=status, recording_url=_RECORDING) for k, v in extra.items()
        }
        key = (kind, event, step, tuple(filled.items()))
        if key not in self._templates:
            body, content_type = _body(kind, event, filled, step)
            parsed = parse_webhook(WebhookKind(kind), content_type, body.encode())
            fields = json.dumps(parsed.fields(), separators=(",", ":"), ensure_ascii=False)
            self._templates[key] = _Template(body, content_type, parsed.event, fields)
        return self._templates[key]


@dataclass(frozen=True)
class _Template:
    body: str
    content_type: str
    event: str
    fields: str


# Placeholders that survive JSON and form encoding unchanged.
_EXECUTION_HEX, _CALL_HEX, _NUMBER = "e" * 32, "c" * 32, "SEEDNUMBER"
_RECORDING = f"https://api.twilio.com/2010-04-01/Accounts/{_ACCOUNT}/Recordings/RE{_CALL_HEX}"


def _recording(call_sid: str) -> str:
    return _RECORDING.replace(_CALL_HEX, call_sid[2:])


def _fill(text: str, real: dict[str, str]) -> str:
    for placeholder, value in real.items():
        text = text.replace(placeholder, value)
    return text


def _body(kind: str, event: str, filled: dict[str, str], step: int) -> tuple[str, str]:
    """A webhook body as the bundled flow (JSON) or Twilio's status callback (form) sends it."""
    execution_sid, call_sid, number = "FN" + _EXECUTION_HEX, "CA" + _CALL_HEX, "+" + _NUMBER
    if event == "callback":
        form = {"AccountSid": _ACCOUNT, "CallSid": call_sid, "To": number, "From": SEED_FROM}
        return urlencode({**form, **filled, "SequenceNumber": str(step)}), _FORM
    body = {
        "flow_sid": SEED_FLOW_SID,
        "execution_sid": execution_sid,
        "call_hash": "",
        "to": number,
        "call_sid": call_sid,
        "event": event,
        "widget_name": "gather_response" if kind == "dtmf" else "call_user",
        **filled,
    }
    return json.dumps(body), _JSON


def make_chunk(keys: list[str], plan: SeedPlan, start: int, count: int) -> SeedChunk:
    """One chunk of the plan (a function, so that worker processes can run it)."""
    return SeedMaker(keys, plan).chunk(start, count)
