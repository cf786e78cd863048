"""The simulated person at the other end of a call, chosen by the dialled number."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from studio_sandbox.faults import FaultPlan

VOICE_WIDGET_TYPES = frozenset({"gather-input-on-call", "say-play", "record-voicemail"})


@dataclass(frozen=True)
class CalleeScript:
    """How a callee behaves.

    `answer_after`: seconds of ringing before answering; None never answers (the call times out).
    `keys[i]`: the keys pressed during the i-th gather ("" presses nothing); `speech[i]` is said instead
    when `keys[i]` is empty. `replies[i]`: the text message sent back to the i-th send-and-wait-for-reply.
    `hang_up_at`: the name or type of the widget during which the callee hangs up. `voicemail_seconds`:
    length of the message left at a record-voicemail widget (0 leaves none). `talk_seconds`: how long a
    connected call lasts (connect-call-to, the Calls resource). `events` / `outputs`: by widget name or
    type, the event and outputs of simulated widgets (run-subflow, send-to-flex, capture-payments, …).
    `faults`: injected into this callee's webhooks instead of the sandbox-wide plan.
    """

    answer_after: float | None = 3.0
    busy: bool = False
    failed: bool = False
    answered_by: str = "human"
    keys: tuple[str, ...] = ()
    speech: tuple[str, ...] = ()
    replies: tuple[str, ...] = ()
    hang_up_at: str | None = None
    voicemail_seconds: int = 0
    talk_seconds: float = 30.0
    events: Mapping[str, str] = field(default_factory=dict)
    outputs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    faults: FaultPlan | None = None

    def gather_reply(self, index: int) -> tuple[str, str]:
        """The (keys, speech) the callee gives at its `index`-th gather."""
        keys = self.keys[index] if index < len(self.keys) else ""
        speech = self.speech[index] if index < len(self.speech) else ""
        return keys, speech

    def message_reply(self, index: int) -> str | None:
        """The text sent back to the `index`-th send-and-wait-for-reply, None for no reply."""
        return self.replies[index] if index < len(self.replies) else None

    def hangs_up_at(self, widget_name: str, widget_type: str) -> bool:
        """Whether the callee hangs up during this widget."""
        return self.hang_up_at is not None and self.hang_up_at in (widget_name, widget_type)

    def event_for(self, widget_name: str, widget_type: str, default: str) -> str:
        """The scripted event of a simulated widget (by name, then type), else `default`."""
        return self.events.get(widget_name) or self.events.get(widget_type) or default

    def outputs_for(self, widget_name: str, widget_type: str) -> dict[str, Any]:
        """Scripted outputs of a simulated widget (by name, then type)."""
        return dict(self.outputs.get(widget_name) or self.outputs.get(widget_type) or {})


BY_LAST_DIGIT: dict[str, CalleeScript] = {
    "1": CalleeScript(keys=("1",)),
    "2": CalleeScript(keys=("2",)),
    "0": CalleeScript(keys=("0",), voicemail_seconds=8),
    "3": CalleeScript(busy=True),
    "4": CalleeScript(answer_after=None),
    "5": CalleeScript(failed=True),
    "6": CalleeScript(answered_by="machine_start"),
    "7": CalleeScript(),
    "8": CalleeScript(keys=("9", "1")),
    "9": CalleeScript(hang_up_at="gather-input-on-call"),
}
SILENT_CALLEE = CalleeScript()


def script_for_last_digit(number: str) -> CalleeScript:
    """The built-in script for a number: its last digit decides (anything else answers and stays silent)."""
    last = number.strip()[-1:] if number.strip() else ""
    return BY_LAST_DIGIT.get(last, SILENT_CALLEE)


@dataclass(frozen=True)
class RandomCallees:
    """Seeded random callees for load tests; the same seed and number always give the same script.

    Rates are probabilities (the rest answer); `keys` weighs what is pressed at each gather ("" = nothing);
    `answer_after` and `voicemail_seconds` are (low, high) ranges in seconds.
    """

    seed: int = 0
    answer_rate: float = 0.8
    busy_rate: float = 0.05
    failed_rate: float = 0.02
    machine_rate: float = 0.05
    keys: Mapping[str, float] = field(default_factory=lambda: {"1": 0.6, "2": 0.25, "0": 0.05, "": 0.1})
    answer_after: tuple[float, float] = (1.0, 8.0)
    voicemail_seconds: tuple[int, int] = (3, 20)

    def script_for(self, number: str) -> CalleeScript:
        """The callee at `number` under this seed."""
        rng = random.Random(f"{self.seed}:{number}")
        draw = rng.random()
        if draw < self.failed_rate:
            return CalleeScript(failed=True)
        if draw < self.failed_rate + self.busy_rate:
            return CalleeScript(busy=True)
        if draw >= self.failed_rate + self.busy_rate + self.answer_rate:
            return CalleeScript(answer_after=None)
        answered_by = "machine_start" if rng.random() < self.machine_rate else "human"
        choices, weights = list(self.keys), list(self.keys.values())
        keys = tuple(rng.choices(choices, weights)[0] for _ in range(3)) if choices else ()
        return CalleeScript(
            answer_after=round(rng.uniform(*self.answer_after), 1),
            answered_by=answered_by,
            keys=keys,
            voicemail_seconds=rng.randint(*self.voicemail_seconds),
        )


class CalleeBook:
    """Scripts registered for exact numbers, then the random mode if set, then the last-digit table."""

    def __init__(self) -> None:
        self._scripts: dict[str, CalleeScript] = {}
        self.random: RandomCallees | None = None

    def register(self, number: str, script: CalleeScript) -> None:
        """Make `number` behave as `script` from now on."""
        self._scripts[number] = script

    def remove(self, number: str) -> bool:
        """Forget a registered script; True if there was one."""
        return self._scripts.pop(number, None) is not None

    def registered(self) -> dict[str, CalleeScript]:
        """Every registered script by number."""
        return dict(self._scripts)

    def script_for(self, number: str) -> CalleeScript:
        """How the person at `number` behaves."""
        found = self._scripts.get(number)
        if found is not None:
            return found
        if self.random is not None:
            return self.random.script_for(number)
        return script_for_last_digit(number)
