"""/api/calls: start a call; read the settings, history, a call's timeline and the event feed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from voicedash.audit.service import record
from voicedash.auth.dependencies import OperatorUser
from voicedash.calls import queries, service
from voicedash.calls.dependencies import CallQueryDep
from voicedash.calls.report_schemas import CallConfig, CallEventFeed
from voicedash.calls.schemas import CallCreate, CallDetail, CallList, CallPublic, Envelope
from voicedash.config import Settings
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


def _page_limit(limit: int, settings: Settings) -> int:
    # Capped, not refused: what /history has always done (PageLimit says so too).
    return min(limit, settings.history_max_limit)


@router.get("/config", response_model=Envelope[CallConfig])
async def call_config(settings: SettingsDep) -> Any:
    """The settings the dashboard needs: time zone, default region, bulk limits, page size."""
    config = CallConfig(
        time_zone=settings.org_timezone,
        default_region=settings.default_region,
        calls_per_second=settings.calls_per_second,
        bulk_max_numbers=settings.bulk_max_numbers,
        history_max_limit=settings.history_max_limit,
    )
    return ok(config.model_dump(mode="json"))


@router.get("/history", response_model=Envelope[CallList])
async def history(
    session: SessionDep,
    settings: SettingsDep,
    call_query: CallQueryDep,
    limit: PageLimit = 50,
    offset: PageOffset = 0,
    cursor: Annotated[
        str | None, Query(max_length=512, description="`next_cursor` of the last page.")
    ] = None,
) -> Any:
    """Calls matching the filters, a page at a time (newest first unless `sort` says otherwise)."""
    page = await queries.history_page(
        session,
        call_query.filter,
        call_query.sort,
        limit=_page_limit(limit, settings),
        offset=offset,
        cursor=cursor,
    )
    return ok(page.model_dump(mode="json", by_alias=True))


@router.get("/history/{execution_sid}", response_model=Envelope[CallDetail])
async def call_detail(
    session: SessionDep,
    execution_sid: Annotated[str, Path(pattern=EXECUTION_SID_PATTERN, description="A Studio execution SID.")],
) -> Any:
    """One call and its timeline: every webhook as it was received."""
    detail = await service.call_detail(session, execution_sid)
    return ok(detail.model_dump(mode="json", by_alias=True))


@router.get("/events", response_model=Envelope[CallEventFeed])
async def event_feed(
    session: SessionDep,
    settings: SettingsDep,
    limit: PageLimit = 50,
    before_id: Annotated[
        int | None, Query(ge=1, le=2**63 - 1, description="`next_before_id` of the last page.")
    ] = None,
    execution_sid: Annotated[str | None, Query(pattern=EXECUTION_SID_PATTERN)] = None,
) -> Any:
    """Timeline events of every call, newest first, without their raw payloads."""
    feed = await queries.event_feed(
        session, limit=_page_limit(limit, settings), before_id=before_id, execution_sid=execution_sid
    )
    return ok(feed.model_dump(mode="json"))
