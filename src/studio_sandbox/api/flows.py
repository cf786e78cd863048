"""`/v2/Flows`: create, list, fetch, update and delete flows, and `/v2/Flows/Validate`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from studio_sandbox.api.dependencies import BaseUrlDep, CoreDep, FormDep, FormParams, require_auth
from studio_sandbox.api.paging import page_request, paginate
from studio_sandbox.api.serializers import flow_json
from studio_sandbox.definition import (
    FlowDefinition,
    compile_definition,
    invalid_definition,
    load_definition_text,
)
from studio_sandbox.errors import invalid_parameter
from studio_sandbox.models import Flow
from studio_sandbox.sids import new_sid, utcnow
from studio_sandbox.validation import definition_problems

router = APIRouter(prefix="/v2/Flows", dependencies=[Depends(require_auth)])
STATUSES = ("draft", "published")


def _status(form: FormParams) -> str:
    status = form.require("Status")
    if status not in STATUSES:
        raise invalid_parameter("Status", "must be one of draft, published")
    return status


def _checked(text: str, status: str) -> tuple[FlowDefinition, tuple[dict[str, str], ...]]:
    """Parse and validate; a draft may keep validation errors (Studio saves it with `valid: false`),
    a published flow may not."""
    raw = load_definition_text(text)
    definition = compile_definition(raw)
    problems = definition_problems(raw)
    if problems and status == "published":
        raise invalid_definition(problems)
    return definition, tuple({"property_path": path, "message": message} for path, message in problems)


@router.post("", status_code=201)
async def create_flow(form: FormDep, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """Create a flow from a JSON definition."""
    friendly_name = form.require("FriendlyName")
    status = _status(form)
    definition, errors = _checked(form.require("Definition"), status)
    now = utcnow()
    flow = Flow(
        sid=new_sid("FW"),
        friendly_name=friendly_name,
        status=status,
        definition=definition,
        commit_message=form.get("CommitMessage"),
        date_created=now,
        date_updated=now,
        base_url=base,
        errors=errors,
    )
    if status == "published":
        flow.published, flow.published_revision = definition, flow.revision
    flow.save_revision()
    core.store.add_flow(flow)
    return flow_json(flow, base, core.config.account_sid)


@router.get("")
async def list_flows(request: Request, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """List flows, newest first, one page at a time."""
    page, meta = paginate(
        core.store.flows(),
        lambda flow: flow.seq,
        page_request(request.query_params),
        f"{base}/v2/Flows",
        "flows",
    )
    return {"meta": meta, "flows": [flow_json(flow, base, core.config.account_sid) for flow in page]}


@router.post("/Validate")
async def validate_flow(form: FormDep) -> dict[str, Any]:
    """Check a definition without saving it: `{"valid": true}` or 400 (81022) listing the problems."""
    form.require("FriendlyName")
    _status(form)
    raw = load_definition_text(form.require("Definition"))
    problems = definition_problems(raw)
    if problems:
        raise invalid_definition(problems)
    return {"valid": True}


@router.get("/{flow_sid}")
async def fetch_flow(flow_sid: str, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """Fetch one flow."""
    return flow_json(core.store.flow(flow_sid), base, core.config.account_sid)


@router.post("/{flow_sid}")
async def update_flow(flow_sid: str, form: FormDep, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """Update a flow; every update is a new revision, and publishing makes it what executions run."""
    flow = core.store.flow(flow_sid)
    status = _status(form)
    text = form.get("Definition")
    if text:
        definition, errors = _checked(text, status)
    else:
        definition, errors = flow.definition, flow.errors
        if errors and status == "published":
            raise invalid_definition([(e["property_path"], e["message"]) for e in errors])
    flow.friendly_name = form.get("FriendlyName") or flow.friendly_name
    flow.commit_message = form.get("CommitMessage") or flow.commit_message
    flow.definition, flow.status, flow.errors = definition, status, errors
    flow.revision += 1
    flow.date_updated = utcnow()
    if status == "published":
        flow.published, flow.published_revision = definition, flow.revision
    flow.save_revision()
    return flow_json(flow, base, core.config.account_sid)


@router.delete("/{flow_sid}", status_code=204)
async def delete_flow(flow_sid: str, core: CoreDep) -> Response:
    """Delete a flow and stop its executions."""
    for execution in core.store.delete_flow(flow_sid):
        await core.engine.stop(execution.sid)
    return Response(status_code=204)
