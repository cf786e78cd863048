"""The simulated person at the other end of a call, chosen by the dialled number."""

from __future__ import annotations

from dataclasses import dataclass

VOICE_WIDGET_TYPES = frozenset({"gather-input-on-call", "say-play", "record-voicemail"})


@dataclass(frozen=True)
class CalleeScript:
    """How a callee behaves.

    `answer_after`: seconds of ringing before answering; None never answers (the call times out).
    `keys[i]`: the keys pressed during the i-th gather ("" presses nothing); `speech[i]` is said instead
    when `keys[i]` is empty. `hang_up_at`: the name or type of the widget during which the callee hangs
    up. `voicemail_seconds`: length of the message left at a record-voicemail widget (0 leaves none).
    """

    answer_after: float | None = 3.0
    busy: bool = False
    failed: bool = False
    answered_by: str = "human"
    keys: tuple[str, ...] = ()
    speech: tuple[str, ...] = ()
    hang_up_at: str | None = None
    voicemail_seconds: int = 0

    def gather_reply(self, index: int) -> tuple[str, str]:
        """The (keys, speech) the callee gives at its `index`-th gather."""
        keys = self.keys[index] if index < len(self.keys) else ""
        speech = self.speech[index] if index < len(self.speech) else ""
        return keys, speech

    def hangs_up_at(self, widget_name: str, widget_type: str) -> bool:
        """Whether the callee hangs up during this widget."""
        return self.hang_up_at is not None and self.hang_up_at in (widget_name, widget_type)


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


class CalleeBook:
    """Scripts registered for exact numbers, falling back to the last-digit table."""

    def __init__(self) -> None:
        self._scripts: dict[str, CalleeScript] = {}

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
        return self._scripts.get(number) or script_for_last_digit(number)
