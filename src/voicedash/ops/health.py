"""GET /health: is every part voicedash needs answering?"""

from __future__ import annotations

import time
from typing import Any

import psutil
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from voicedash.errors import now_iso

router = APIRouter(tags=["ops"])
_TWILIO_CHECK_TTL = 30.0


async def _database(request: Request) -> dict[str, Any]:
    try:
        async with request.app.state.sessions() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means the database is down
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "up", "dialect": request.app.state.engine.dialect.name}


async def _twilio(request: Request) -> dict[str, Any]:
    gateway = request.app.state.gateway
    settings = request.app.state.settings
    if gateway is None or not settings.twilio_flow_sid:
        return {"status": "down", "error": "Twilio settings are missing"}
    cache: dict[str, Any] = request.app.state.health_cache
    if time.monotonic() - cache.get("twilio_at", -_TWILIO_CHECK_TTL) >= _TWILIO_CHECK_TTL:
        cache["twilio_up"] = await gateway.check_flow(settings.twilio_flow_sid)
        cache["twilio_at"] = time.monotonic()
    status = "up" if cache["twilio_up"] else "down"
    # /health is public: it says whether Twilio answers, not where voicedash sends its API calls.
    return {"status": status, "circuit": gateway.breaker.state}


def _webhooks(request: Request) -> dict[str, Any]:
    spool_depth = request.app.state.inbox_writer.spool.depth
    # Webhooks waiting in the spool are safe, but the database is not taking writes: degraded.
    return {
        "status": "up" if spool_depth == 0 else "degraded",
        "spool_depth": spool_depth,
        "processor": "leader" if request.app.state.processor.is_leader else "standby",
    }


@router.head("/health", include_in_schema=False)
@router.get("/health")
async def health(request: Request) -> JSONResponse:
    """Liveness and dependencies: database, Twilio, Socket.IO; 503 when any is down."""
    services = {
        "database": await _database(request),
        "twilio": await _twilio(request),
        "socketio": {"status": "up", "clients": request.app.state.realtime.connected},
        "webhooks": _webhooks(request),
    }
    healthy = all(s["status"] == "up" for s in services.values())
    memory = psutil.Process().memory_info()
    body = {
        "status": "ok" if healthy else "degraded",
        "timestamp": now_iso(),
        "uptime": round(time.monotonic() - request.app.state.started_at, 1),
        "memory": {"rss": memory.rss, "vms": memory.vms},
        "environment": request.app.state.settings.environment.value,
        "services": services,
    }
    return JSONResponse(body, status_code=200 if healthy else 503)
