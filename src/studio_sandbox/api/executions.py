"""`/v2/Flows/{FW}/Executions`: start, list, fetch, end and delete executions, and read their context."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from studio_sandbox.addresses import MAX_ADDRESS_BYTES, valid_address
from studio_sandbox.api.dependencies import BaseUrlDep, CoreDep, FormDep, FormParams, require_auth
from studio_sandbox.api.paging import page_request, paginate
from studio_sandbox.api.serializers import execution_context_json, execution_json
from studio_sandbox.contexts import initial_context
from studio_sandbox.core import SandboxCore
from studio_sandbox.errors import (
    ADDRESSES_TOO_LONG,
    CONFLICT,
    INVALID_FROM,
    INVALID_TO,
    TOO_MANY_REQUESTS,
    SandboxApiError,
    invalid_parameter,
)
from studio_sandbox.models import Execution, Flow
from studio_sandbox.sids import new_sid, parse_date, stable_sid, utcnow

router = APIRouter(prefix="/v2/Flows/{flow_sid}/Executions", dependencies=[Depends(require_auth)])


def _addresses(form: FormParams) -> tuple[str, str]:
    to, from_ = form.require("To").strip(), form.require("From").strip()
    if not valid_address(to):
        raise SandboxApiError(400, INVALID_TO, f"The 'To' number {to} is not a valid phone number.")
    if not valid_address(from_):
        raise SandboxApiError(400, INVALID_FROM, f"The 'From' number {from_} is not a valid phone number.")
    if len(to.encode()) + len(from_.encode()) > MAX_ADDRESS_BYTES:
        raise SandboxApiError(400, ADDRESSES_TOO_LONG, "To and From together exceed 300 bytes")
    return to, from_


def _parameters(form: FormParams) -> dict[str, Any]:
    text = form.get("Parameters")
    if not text:
        return {}
    try:
        parameters = json.loads(text)
    except json.JSONDecodeError:
        raise invalid_parameter("Parameters", "must be a JSON object") from None
    if not isinstance(parameters, dict):
        raise invalid_parameter("Parameters", "must be a JSON object")
    return parameters


def _admit(core: SandboxCore, flow: Flow, to: str, from_: str, concurrent: bool) -> None:
    """Apply the account's execution rate and the one-active-execution-per-contact rule."""
    if not concurrent:
        active = core.store.active_execution(flow.sid, to, from_)
        if active is not None:
            message = f"Execution {active.sid} is already active for this contact; end it first."
            raise SandboxApiError(409, CONFLICT, message)
    if not core.execution_limiter.try_acquire():
        raise SandboxApiError(429, TOO_MANY_REQUESTS, "Too many requests: executions per second exceeded")


@router.post("", status_code=201)
async def create_execution(flow_sid: str, form: FormDep, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """Start an execution for the contact `To`, calling from `From`."""
    flow = core.store.flow(flow_sid)
    to, from_ = _addresses(form)
    data = _parameters(form)
    definition, revision = flow.runnable()
    _admit(core, flow, to, from_, definition.allow_concurrent_calls)
    sid, now = new_sid("FN"), utcnow()
    execution = core.store.add_execution(
        Execution(
            sid=sid,
            flow_sid=flow.sid,
            to=to,
            from_=from_,
            contact_sid=stable_sid("FC", to),
            context=initial_context(flow.sid, sid, to, from_, data),
            flow_version=revision,
            date_created=now,
            date_updated=now,
            base_url=base,
        )
    )
    core.engine.start(execution, definition)
    return execution_json(execution, base, core.config.account_sid)


def _date_filter(request: Request, name: str) -> datetime | None:
    text = request.query_params.get(name)
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise invalid_parameter(name, "must be an ISO 8601 date-time") from None


@router.get("")
async def list_executions(flow_sid: str, request: Request, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """List a flow's executions, newest first, optionally within a creation window."""
    found = core.store.executions(
        flow_sid, _date_filter(request, "DateCreatedFrom"), _date_filter(request, "DateCreatedTo")
    )
    page, meta = paginate(
        found,
        lambda execution: execution.seq,
        page_request(request.query_params, ("DateCreatedFrom", "DateCreatedTo")),
        f"{base}/v2/Flows/{flow_sid}/Executions",
        "executions",
    )
    account = core.config.account_sid
    return {"meta": meta, "executions": [execution_json(e, base, account) for e in page]}


@router.get("/{execution_sid}")
async def fetch_execution(
    flow_sid: str, execution_sid: str, core: CoreDep, base: BaseUrlDep
) -> dict[str, Any]:
    """Fetch one execution."""
    return execution_json(core.store.execution(flow_sid, execution_sid), base, core.config.account_sid)


@router.post("/{execution_sid}")
async def update_execution(
    flow_sid: str, execution_sid: str, form: FormDep, core: CoreDep, base: BaseUrlDep
) -> dict[str, Any]:
    """End an active execution (`Status=ended` is the only update Studio allows)."""
    execution = core.store.execution(flow_sid, execution_sid)
    if form.require("Status") != "ended":
        raise invalid_parameter("Status", "the only allowed value is ended")
    await core.engine.stop(execution.sid)
    if execution.status != "ended":
        execution.status, execution.date_updated = "ended", utcnow()
    return execution_json(execution, base, core.config.account_sid)


@router.delete("/{execution_sid}", status_code=204)
async def delete_execution(flow_sid: str, execution_sid: str, core: CoreDep) -> Response:
    """Delete an execution, stopping it first if it is still running."""
    core.store.execution(flow_sid, execution_sid)
    await core.engine.stop(execution_sid)
    core.store.delete_execution(flow_sid, execution_sid)
    return Response(status_code=204)


@router.get("/{execution_sid}/Context")
async def fetch_execution_context(
    flow_sid: str, execution_sid: str, core: CoreDep, base: BaseUrlDep
) -> dict[str, Any]:
    """The execution's current context."""
    execution = core.store.execution(flow_sid, execution_sid)
    return execution_context_json(execution, base, core.config.account_sid)
