"""Sandbox-only endpoints: callee scripts, random callees, fault injection, recordings, health."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from studio_sandbox.api.dependencies import CoreDep, require_auth
from studio_sandbox.errors import not_found
from studio_sandbox.faults import NO_FAULTS
from studio_sandbox.recordings import wav_bytes
from studio_sandbox.scripts import CalleeScriptBody, FaultModel, RandomModel

router = APIRouter(prefix="/sandbox")


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


@router.put("/random", dependencies=[Depends(require_auth)])
async def set_random(settings: RandomModel, core: CoreDep) -> RandomModel:
    """Numbers without a registered script follow seeded random behaviour instead of the last digit."""
    core.callees.random = settings.to_random()
    return settings


@router.delete("/random", status_code=204, dependencies=[Depends(require_auth)])
async def clear_random(core: CoreDep) -> Response:
    """Back to the last-digit table."""
    core.callees.random = None
    return Response(status_code=204)


@router.get("/faults", dependencies=[Depends(require_auth)])
async def get_faults(core: CoreDep) -> FaultModel:
    """The sandbox-wide fault plan for webhooks."""
    return FaultModel.of(core.services.faults.global_plan)


@router.put("/faults", dependencies=[Depends(require_auth)])
async def set_faults(plan: FaultModel, core: CoreDep) -> FaultModel:
    """Inject these faults into every webhook from executions started from now on (scripts may override)."""
    core.services.faults.global_plan = plan.to_plan()
    return plan


@router.delete("/faults", status_code=204, dependencies=[Depends(require_auth)])
async def clear_faults(core: CoreDep) -> Response:
    """No more injected faults."""
    core.services.faults.global_plan = NO_FAULTS
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
