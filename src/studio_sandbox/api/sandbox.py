"""Sandbox-only endpoints: callee scripts, recordings, health."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from studio_sandbox.api.dependencies import CoreDep, require_auth
from studio_sandbox.callee import CalleeScript
from studio_sandbox.errors import not_found
from studio_sandbox.recordings import wav_bytes

router = APIRouter(prefix="/sandbox")


class CalleeScriptBody(BaseModel):
    """How the callee behaves (see `CalleeScript`)."""

    answer_after: float | None = Field(default=3.0, ge=0)
    busy: bool = False
    failed: bool = False
    answered_by: str = "human"
    keys: list[str] = Field(default_factory=list)
    speech: list[str] = Field(default_factory=list)
    hang_up_at: str | None = None
    voicemail_seconds: int = Field(default=0, ge=0, le=3600)

    def to_script(self) -> CalleeScript:
        """The engine's immutable form."""
        return CalleeScript(
            answer_after=self.answer_after,
            busy=self.busy,
            failed=self.failed,
            answered_by=self.answered_by,
            keys=tuple(self.keys),
            speech=tuple(self.speech),
            hang_up_at=self.hang_up_at,
            voicemail_seconds=self.voicemail_seconds,
        )

    @classmethod
    def of(cls, script: CalleeScript) -> CalleeScriptBody:
        """The JSON form of a script."""
        return cls(
            answer_after=script.answer_after,
            busy=script.busy,
            failed=script.failed,
            answered_by=script.answered_by,
            keys=list(script.keys),
            speech=list(script.speech),
            hang_up_at=script.hang_up_at,
            voicemail_seconds=script.voicemail_seconds,
        )


class CalleeRegistration(BaseModel):
    """A script for one exact number."""

    number: str = Field(min_length=1, max_length=150)
    script: CalleeScriptBody = Field(default_factory=CalleeScriptBody)


@router.post("/callees", status_code=201, dependencies=[Depends(require_auth)])
async def register_callee(registration: CalleeRegistration, core: CoreDep) -> CalleeRegistration:
    """Make calls to `number` follow `script` instead of the last-digit table."""
    core.callees.register(registration.number, registration.script.to_script())
    return registration


@router.get("/callees", dependencies=[Depends(require_auth)])
async def list_callees(core: CoreDep) -> dict[str, Any]:
    """The registered callee scripts."""
    callees = [
        CalleeRegistration(number=number, script=CalleeScriptBody.of(script)).model_dump()
        for number, script in core.callees.registered().items()
    ]
    return {"callees": callees}


@router.delete("/callees/{number}", status_code=204, dependencies=[Depends(require_auth)])
async def remove_callee(number: str, core: CoreDep) -> Response:
    """Forget the script for `number`; it falls back to the last-digit table."""
    if not core.callees.remove(number):
        raise not_found("sandbox/callees", number)
    return Response(status_code=204)


@router.get("/recordings/{recording_file}")
async def fetch_recording(recording_file: str, core: CoreDep) -> Response:
    """A voicemail recording as WAV audio (`RE….wav` or the bare SID)."""
    recording = core.recordings.get(recording_file.removesuffix(".wav"))
    if recording is None:
        raise not_found("sandbox/recordings", recording_file)
    return Response(wav_bytes(recording.duration), media_type="audio/wav")


@router.get("/health")
async def health(core: CoreDep) -> dict[str, Any]:
    """Liveness and how many executions are running."""
    return {"status": "ok", "running_executions": len(core.engine.running())}
