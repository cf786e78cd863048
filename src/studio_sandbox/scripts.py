"""Callee scripts, fault plans and canned HTTP replies as JSON/YAML: API bodies and script files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studio_sandbox.callee import CalleeScript, RandomCallees
from studio_sandbox.faults import FaultPlan

AnsweredBy = Literal[
    "human",
    "machine_start",
    "machine_end_beep",
    "machine_end_silence",
    "machine_end_other",
    "fax",
    "unknown",
]
BOOK_KEYS = frozenset({"callees", "random", "faults", "http"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FaultModel(_Strict):
    """A fault plan (see `FaultPlan`)."""

    duplicate: bool = False
    delay: float = Field(default=0.0, ge=0, le=3600)
    reorder: bool = False
    drop_first: bool = False
    widgets: list[str] = Field(default_factory=list)

    def to_plan(self) -> FaultPlan:
        """The engine's immutable form."""
        return FaultPlan(self.duplicate, self.delay, self.reorder, self.drop_first, tuple(self.widgets))

    @classmethod
    def of(cls, plan: FaultPlan) -> FaultModel:
        """The JSON form of a plan."""
        return cls(
            duplicate=plan.duplicate,
            delay=plan.delay,
            reorder=plan.reorder,
            drop_first=plan.drop_first,
            widgets=list(plan.widgets),
        )


class CalleeScriptBody(_Strict):
    """How the callee behaves (see `CalleeScript`)."""

    answer_after: float | None = Field(default=3.0, ge=0)
    busy: bool = False
    failed: bool = False
    answered_by: AnsweredBy = "human"
    keys: list[str] = Field(default_factory=list)
    speech: list[str] = Field(default_factory=list)
    replies: list[str] = Field(default_factory=list)
    hang_up_at: str | None = None
    voicemail_seconds: int = Field(default=0, ge=0, le=3600)
    talk_seconds: float = Field(default=30.0, ge=0, le=86400)
    events: dict[str, str] = Field(default_factory=dict)
    outputs: dict[str, dict[str, Any]] = Field(default_factory=dict)
    faults: FaultModel | None = None

    def to_script(self) -> CalleeScript:
        """The engine's immutable form."""
        values = self.model_dump(exclude={"faults"})
        for name in ("keys", "speech", "replies"):
            values[name] = tuple(values[name])
        return CalleeScript(**values, faults=self.faults.to_plan() if self.faults else None)

    @classmethod
    def of(cls, script: CalleeScript) -> CalleeScriptBody:
        """The JSON form of a script."""
        faults = FaultModel.of(script.faults) if script.faults else None
        return cls(
            answer_after=script.answer_after,
            busy=script.busy,
            failed=script.failed,
            answered_by=script.answered_by,
            keys=list(script.keys),
            speech=list(script.speech),
            replies=list(script.replies),
            hang_up_at=script.hang_up_at,
            voicemail_seconds=script.voicemail_seconds,
            talk_seconds=script.talk_seconds,
            events=dict(script.events),
            outputs={k: dict(v) for k, v in script.outputs.items()},
            faults=faults,
        )


class RandomModel(_Strict):
    """Seeded random callees (see `RandomCallees`)."""

    seed: int = 0
    answer_rate: float = Field(default=0.8, ge=0, le=1)
    busy_rate: float = Field(default=0.05, ge=0, le=1)
    failed_rate: float = Field(default=0.02, ge=0, le=1)
    machine_rate: float = Field(default=0.05, ge=0, le=1)
    keys: dict[str, float] = Field(default_factory=lambda: {"1": 0.6, "2": 0.25, "0": 0.05, "": 0.1})
    answer_after: tuple[float, float] = (1.0, 8.0)
    voicemail_seconds: tuple[int, int] = (3, 20)

    def to_random(self) -> RandomCallees:
        """The engine's form."""
        return RandomCallees(**self.model_dump())


class HttpReply(_Strict):
    """A canned reply the flow tester gives to requests whose URL contains `match` (first match wins)."""

    match: str = ""
    status: int = Field(default=200, ge=100, le=599)
    body: Any = Field(default_factory=dict)
    content_type: str | None = None


class ScriptBook(_Strict):
    """A script file: callees by number, a random mode, a global fault plan, canned HTTP replies."""

    callees: dict[str, CalleeScriptBody] = Field(default_factory=dict)
    random: RandomModel | None = None
    faults: FaultModel | None = None
    http: list[HttpReply] = Field(default_factory=list)


class ScriptFileError(ValueError):
    """A script file that cannot be read or does not fit the schema."""


def _parse(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


def load_script_file(path: Path, number: str | None = None) -> ScriptBook:
    """Read a YAML or JSON script file. A file without `callees`/`random`/`faults`/`http` at the top is
    one callee's script, used for `number`."""
    try:
        raw = _parse(path)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ScriptFileError(f"{path}: {exc}") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ScriptFileError(f"{path}: a script file holds a mapping")
    try:
        if raw and not BOOK_KEYS & raw.keys():
            if number is None:
                raise ScriptFileError(f"{path}: a single callee script needs a number to apply to")
            return ScriptBook(callees={number: CalleeScriptBody.model_validate(raw)})
        return ScriptBook.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors()
        )
        raise ScriptFileError(f"{path}: {problems}") from None
