"""`POST /sandbox/incoming`: start an execution the way a phone call or a text message to the flow's
number would (triggers `incomingCall`, `incomingMessage`, `incomingConversationMessage`)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from studio_sandbox.addresses import valid_address
from studio_sandbox.api.dependencies import BaseUrlDep, CoreDep, require_auth
from studio_sandbox.api.serializers import execution_json
from studio_sandbox.contexts import initial_context
from studio_sandbox.errors import INVALID_FROM, SandboxApiError
from studio_sandbox.models import Execution
from studio_sandbox.runtime import Trigger
from studio_sandbox.sids import new_sid, stable_sid, utcnow

router = APIRouter(prefix="/sandbox", dependencies=[Depends(require_auth)])


class Incoming(BaseModel):
    """Someone (`from`) calls or texts the flow's number (`to`)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    flow_sid: str
    from_: str = Field(alias="from", min_length=1, max_length=150)
    to: str = Field(default="+15005550006", min_length=1, max_length=150)
    event: Literal["incomingCall", "incomingMessage", "incomingConversationMessage"] = "incomingCall"
    body: str = ""


@router.post("/incoming", status_code=201)
async def incoming(request: Incoming, core: CoreDep, base: BaseUrlDep) -> dict[str, Any]:
    """Start an execution of the flow's published revision for an incoming call or message."""
    flow = core.store.flow(request.flow_sid)
    if not valid_address(request.from_):
        raise SandboxApiError(
            400, INVALID_FROM, f"The 'From' number {request.from_} is not a valid phone number."
        )
    definition, revision = flow.runnable()
    sid, now = new_sid("FN"), utcnow()
    context = initial_context(flow.sid, sid, request.from_, request.to, {}, request.event, request.body)
    execution = Execution(
        sid,
        flow.sid,
        request.from_,
        request.to,
        stable_sid("FC", request.from_),
        context,
        revision,
        now,
        now,
        base,
    )
    core.store.add_execution(execution)
    core.engine.start(execution, definition, Trigger(request.event))
    return execution_json(execution, base, core.config.account_sid)
