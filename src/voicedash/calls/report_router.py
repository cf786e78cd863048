"""/api/calls: figures over time (stats, daily, monthly) and the CSV export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from voicedash.audit.service import record_export
from voicedash.auth.dependencies import ViewerUser
from voicedash.calls import export, queries, summary
from voicedash.calls.dependencies import CallQueryDep, From, To, ZoneDep
from voicedash.calls.report_schemas import CallStats, DailySummary, MonthlySummary
from voicedash.calls.schemas import Envelope
from voicedash.calls.timeframe import day_range, month_range, parse_bound, time_range, today_in
from voicedash.db.base import utcnow
from voicedash.dependencies import SessionDep
from voicedash.envelope import ok

router = APIRouter(prefix="/api/calls", tags=["calls"])


@router.get("/stats", response_model=Envelope[CallStats])
async def call_stats(session: SessionDep, zone: ZoneDep, from_: From = None, to: To = None) -> Any:
    """Calls of a range of local days (default today), counted once each, by outcome."""
    last = to or today_in(zone).isoformat()
    # `from` defaults to `to`: check `to` under its own name first, so that a bad one is not reported
    # as a bad `from`.
    parse_bound(last, "to", zone)
    window = time_range(from_ or last, last, zone)
    stats = await summary.call_stats(session, window)
    return ok(stats.model_dump(mode="json", by_alias=True))


@router.get("/summary/daily", response_model=Envelope[DailySummary])
async def daily_summary(session: SessionDep, zone: ZoneDep, from_: From = None, to: To = None) -> Any:
    """Calls per local day (every day of the range, ≤ 366; default the last 30) and per local hour."""
    days = day_range(from_, to, zone, default_days=30)
    return ok((await summary.daily_summary(session, days)).model_dump(mode="json", by_alias=True))


@router.get("/summary/monthly", response_model=Envelope[MonthlySummary])
async def monthly_summary(session: SessionDep, zone: ZoneDep, from_: From = None, to: To = None) -> Any:
    """Calls per local month (`YYYY-MM`, ≤ 36 months; default the last 12)."""
    months = month_range(from_, to, zone)
    return ok((await summary.monthly_summary(session, months, zone)).model_dump(mode="json", by_alias=True))


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The calls as CSV, streamed."}},
)
async def export_calls(
    request: Request, session: SessionDep, principal: ViewerUser, call_query: CallQueryDep
) -> StreamingResponse:
    """Every call matching the history filters as CSV (UTF-8 with BOM), streamed; audited."""
    rows = await queries.count_calls(session, call_query.filter, cap=None)
    ip = request.client.host if request.client else None
    filters = call_query.filter.described()
    await record_export(session, actor=principal.actor, what="calls.csv", rows=rows, filters=filters, ip=ip)
    batches = queries.export_batches(request.app.state.engine, call_query.filter, call_query.sort)
    filename = export.export_filename(utcnow(), call_query.zone)
    return StreamingResponse(
        export.csv_chunks(batches, request.app.state.keyring, call_query.zone),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
