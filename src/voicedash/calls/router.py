"""/api/calls: start a call, read history and a call's timeline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from voicedash.audit.service import record
from voicedash.auth.dependencies import OperatorUser
from voicedash.calls import service
from voicedash.calls.schemas import CallCreate, CallDetail, CallList, CallPublic, Envelope
from voicedash.dependencies import GatewayDep, PageLimit, PageOffset, SessionDep, SettingsDep
from voicedash.envelope import ok

EXECUTION_SID_PATTERN = r"^FN[0-9a-fA-F]{32}$"
router = APIRouter(prefix="/api/calls", tags=["calls"])


@router.post("/start", status_code=201, response_model=Envelope[CallPublic])
async def start_call(
    body: CallCreate,
    principal: OperatorUser,
    request: Request,
    session: SessionDep,
    gateway: GatewayDep,
    settings: SettingsDep,
) -> Any:
    """Start an appointment confirmation call to one number."""
    call = await service.start_call(session, gateway, settings, body.to)
    ip = request.client.host if request.client else None
    await record(session, "call.started", actor=principal.actor, target=call.execution_sid, ip=ip)
    return ok(CallPublic.of(call).model_dump(mode="json", by_alias=True), "call started")


@router.get("/history", response_model=Envelope[CallList])
async def history(
    session: SessionDep,
    settings: SettingsDep,
    limit: PageLimit = 50,
    offset: PageOffset = 0,
) -> Any:
    """Calls, newest first, a page at a time."""
    page = await service.list_calls(session, limit=min(limit, settings.history_max_limit), offset=offset)
    return ok(page.model_dump(mode="json", by_alias=True))


@router.get("/history/{execution_sid}", response_model=Envelope[CallDetail])
async def call_detail(
    session: SessionDep,
    execution_sid: Annotated[str, Path(pattern=EXECUTION_SID_PATTERN, description="A Studio execution SID.")],
) -> Any:
    """One call and its timeline: every webhook as it was received."""
    detail = await service.call_detail(session, execution_sid)
    return ok(detail.model_dump(mode="json", by_alias=True))
