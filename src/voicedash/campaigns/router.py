"""/api/calls/start-bulk and /api/calls/batches: lists of numbers, validated row by row, called in turn."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Request
from fastapi.responses import JSONResponse

from voicedash.audit.service import record
from voicedash.auth.dependencies import OperatorUser
from voicedash.calls.schemas import Envelope
from voicedash.campaigns import service
from voicedash.campaigns.schemas import BatchCreate, BatchDetail, BatchList, BatchScreening
from voicedash.dependencies import GatewayDep, PageLimit, PageOffset, SessionDep, SettingsDep
from voicedash.envelope import ok

BATCH_ID_PATTERN = r"^b_[0-9a-f]{16}$"
BatchId = Annotated[str, Path(pattern=BATCH_ID_PATTERN, description="A batch id, as start-bulk returned it.")]
router = APIRouter(prefix="/api/calls", tags=["bulk calls"])


def _wake_runner(request: Request) -> None:
    request.app.state.batch_runner.wake()


@router.post(
    "/start-bulk",
    status_code=202,
    response_model=Envelope[BatchScreening],
    responses={200: {"description": "Dry run: each row's verdict; nothing stored."}},
)
async def start_bulk(
    body: BatchCreate,
    principal: OperatorUser,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    gateway: GatewayDep,
    background: BackgroundTasks,
) -> Any:
    """Validate a list of numbers row by row; unless a dry run, store it and start calling it."""
    screening = await service.screen_numbers(session, settings, body.numbers)
    if body.dry_run:
        return JSONResponse(
            ok(screening.model_dump(mode="json"), "dry run: nothing was stored"), status_code=200
        )
    batch = await service.create_batch(session, screening, actor=principal.actor)
    ip = request.client.host if request.client else None
    details = {"accepted": batch.total, "rejected": batch.rejected}
    await record(
        session, "batch.started", actor=principal.actor, target=batch.batch_id, ip=ip, details=details
    )
    # Runs after the response, hence after the commit: the runner then finds the rows at once.
    background.add_task(_wake_runner, request)
    return ok(screening.model_dump(mode="json"), f"batch of {batch.total} calls stored; calling starts now")


@router.get("/batches", response_model=Envelope[BatchList])
async def list_batches(
    session: SessionDep, settings: SettingsDep, limit: PageLimit = 20, offset: PageOffset = 0
) -> Any:
    """Bulk batches, newest first, a page at a time."""
    page = await service.list_batches(session, limit=min(limit, settings.history_max_limit), offset=offset)
    return ok(page.model_dump(mode="json"))


@router.get("/batches/{batch_id}", response_model=Envelope[BatchDetail])
async def batch_detail(session: SessionDep, batch_id: BatchId) -> Any:
    """One batch: its counters, status and the rows that failed, with their reasons."""
    detail = await service.batch_detail(session, batch_id)
    return ok(detail.model_dump(mode="json"))


@router.post("/batches/{batch_id}/cancel", response_model=Envelope[BatchDetail])
async def cancel_batch(
    session: SessionDep,
    batch_id: BatchId,
    principal: OperatorUser,
    request: Request,
    background: BackgroundTasks,
) -> Any:
    """Stop a batch: rows not yet started are never called; one being started finishes."""
    detail = await service.cancel_batch(session, batch_id)
    ip = request.client.host if request.client else None
    await record(session, "batch.cancelled", actor=principal.actor, target=batch_id, ip=ip)
    background.add_task(_wake_runner, request)
    return ok(detail.model_dump(mode="json"), f"batch {batch_id} is {detail.status}")
