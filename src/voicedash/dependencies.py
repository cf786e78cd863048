"""Request-scoped dependencies, as Annotated aliases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.config import Settings
from voicedash.errors import ServiceUnavailableError
from voicedash.realtime.server import Realtime, discard
from voicedash.twilio_gateway.gateway import TwilioGateway


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request: commit before the response is sent, then send the queued live events."""
    realtime: Realtime = request.app.state.realtime
    async with request.app.state.sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            discard(session)
            await session.rollback()
            raise
        await realtime.flush(session)


# Plain lookups, but `async`: FastAPI would run a sync dependency in a worker thread on every request.
async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _gateway(request: Request) -> TwilioGateway:
    gateway: TwilioGateway | None = request.app.state.gateway
    if gateway is None:
        raise ServiceUnavailableError(
            "Twilio is not configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
        )
    return gateway


# scope="function": the commit happens before the response goes out, so nothing is acknowledged unsaved.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(_settings)]
GatewayDep = Annotated[TwilioGateway, Depends(_gateway)]

# Paging of every list endpoint; routes cap `limit` at HISTORY_MAX_LIMIT.
PageLimit = Annotated[int, Query(ge=1, description="Page size; capped by HISTORY_MAX_LIMIT.")]
PageOffset = Annotated[int, Query(ge=0, le=10_000_000)]
