"""`/v2/Flows/{FW}/Executions/{FN}/Steps`: the transitions an execution took."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from studio_sandbox.api.dependencies import BaseUrlDep, CoreDep, require_auth
from studio_sandbox.api.paging import page_request, paginate
from studio_sandbox.api.serializers import execution_url, step_context_json, step_json

router = APIRouter(
    prefix="/v2/Flows/{flow_sid}/Executions/{execution_sid}/Steps", dependencies=[Depends(require_auth)]
)


@router.get("")
async def list_steps(
    flow_sid: str, execution_sid: str, request: Request, core: CoreDep, base: BaseUrlDep
) -> dict[str, Any]:
    """List an execution's steps, newest first."""
    page, meta = paginate(
        core.store.steps(flow_sid, execution_sid),
        lambda step: step.seq,
        page_request(request.query_params),
        execution_url(base, flow_sid, execution_sid) + "/Steps",
        "steps",
    )
    return {"meta": meta, "steps": [step_json(step, base, core.config.account_sid) for step in page]}


@router.get("/{step_sid}")
async def fetch_step(
    flow_sid: str, execution_sid: str, step_sid: str, core: CoreDep, base: BaseUrlDep
) -> dict[str, Any]:
    """Fetch one step."""
    return step_json(core.store.step(flow_sid, execution_sid, step_sid), base, core.config.account_sid)


@router.get("/{step_sid}/Context")
async def fetch_step_context(
    flow_sid: str, execution_sid: str, step_sid: str, core: CoreDep, base: BaseUrlDep
) -> dict[str, Any]:
    """The execution's context as it was right after this step."""
    step = core.store.step(flow_sid, execution_sid, step_sid)
    return step_context_json(step, base, core.config.account_sid)
