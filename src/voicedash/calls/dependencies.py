"""Query parameters shared by the read endpoints, checked once (a bad one is a 400 naming it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query, Request

from voicedash.calls.filters import CallFilter, Sort, call_filter, parse_sort
from voicedash.calls.timeframe import time_range, zone_of
from voicedash.dependencies import SettingsDep

_DATE_HELP = "A local date YYYY-MM-DD in `tz` (inclusive), or an ISO datetime with an offset."
From = Annotated[str | None, Query(alias="from", max_length=40, description=_DATE_HELP)]
To = Annotated[str | None, Query(max_length=40, description=_DATE_HELP)]
Tz = Annotated[
    str | None,
    Query(max_length=64, description="IANA time zone; default ORG_TIMEZONE.", examples=["Europe/Istanbul"]),
]


async def _zone(settings: SettingsDep, tz: Tz = None) -> ZoneInfo:
    return zone_of(tz, settings.org_timezone)


ZoneDep = Annotated[ZoneInfo, Depends(_zone)]


@dataclass(frozen=True)
class CallQuery:
    filter: CallFilter
    sort: Sort
    zone: ZoneInfo


async def _call_query(
    request: Request,
    settings: SettingsDep,
    zone: ZoneDep,
    from_: From = None,
    to: To = None,
    status: Annotated[
        str | None, Query(max_length=200, description="Twilio call statuses, comma-separated.")
    ] = None,
    outcome: Annotated[str | None, Query(max_length=200, description="Outcomes, comma-separated.")] = None,
    q: Annotated[
        str | None, Query(max_length=40, description="A whole number, or exactly its last 4 digits.")
    ] = None,
    batch_id: Annotated[str | None, Query(max_length=40, description="Calls of one bulk request.")] = None,
    sort: Annotated[
        str | None,
        Query(
            max_length=20,
            description="created_at, updated_at, status, outcome or duration; - for descending.",
        ),
    ] = None,
) -> CallQuery:
    window = time_range(from_, to, zone)
    chosen = call_filter(
        window,
        status=status,
        outcome=outcome,
        q=q,
        batch_id=batch_id,
        keyring=request.app.state.keyring,
        default_region=settings.default_region,
    )
    return CallQuery(chosen, parse_sort(sort), zone)


CallQueryDep = Annotated[CallQuery, Depends(_call_query)]
