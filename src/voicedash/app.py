"""create_app(settings): FastAPI + Socket.IO + middleware, nothing else."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import socketio
from fastapi import FastAPI

from voicedash.calls.reconciler import Reconciler, ReconcileSettings
from voicedash.calls.router import router as calls_router
from voicedash.config import Settings
from voicedash.db.engine import WriteGate, create_engine, create_sessionmaker
from voicedash.db.migrate import upgrade
from voicedash.errors import install_error_handlers
from voicedash.logs import get_logger
from voicedash.ops.health import router as health_router
from voicedash.ops.limits import BodySizeLimitMiddleware
from voicedash.ops.timing import RequestTimingMiddleware
from voicedash.realtime.replay import ReplayLimits
from voicedash.realtime.server import Realtime
from voicedash.twilio_gateway.gateway import TwilioGateway
from voicedash.web import mount_frontend
from voicedash.webhooks.inbox import InboxWriter
from voicedash.webhooks.processor import InboxProcessor
from voicedash.webhooks.router import router as webhooks_router
from voicedash.webhooks.spool import Spool

log = get_logger(__name__)


def _cors_origins(settings: Settings) -> list[str]:
    origins = [
        "http://localhost:3000",
        f"http://127.0.0.1:{settings.port}",
        f"http://localhost:{settings.port}",
    ]
    if settings.public_url:
        origins.append(settings.public_url)
    return origins


def _lifespan(settings: Settings) -> Any:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await upgrade(app.state.engine)
        if settings.twilio_account_sid and settings.auth_token:
            app.state.gateway = TwilioGateway(
                account_sid=settings.twilio_account_sid,
                auth_token=settings.auth_token,
                api_base_url=settings.twilio_api_base_url,
            )
        gate = WriteGate(app.state.engine)
        processor = app.state.processor = InboxProcessor(
            app.state.engine, gate, app.state.sessions, app.state.realtime
        )
        writer = app.state.inbox_writer = InboxWriter(
            app.state.engine,
            gate,
            Spool(settings.data_dir / "webhook-spool.jsonl", settings.spool_max_bytes),
            on_stored=processor.wake,
        )
        reconciler = app.state.reconciler = Reconciler(
            app.state.sessions,
            lambda: app.state.gateway,
            writer,
            ReconcileSettings(
                interval_seconds=settings.reconcile_interval_seconds,
                quiet_seconds=settings.reconcile_quiet_seconds,
                flow_max_seconds=settings.flow_max_seconds,
            ),
        )
        await writer.start()
        await processor.start()
        await reconciler.start()
        log.info("started", environment=settings.environment.value, settings=settings.masked_report())
        try:
            yield
        finally:
            await reconciler.stop()
            await writer.stop()
            await processor.stop()
            if app.state.gateway is not None:
                await app.state.gateway.aclose()
            await app.state.engine.dispose()

    return lifespan


def create_app(settings: Settings) -> Any:
    """The ASGI application: the API and dashboard, with Socket.IO at /socket.io."""
    # No /docs page: Swagger UI loads from a CDN, which an offline install cannot reach. /openapi.json stays.
    api = FastAPI(
        title="voicedash", version="0.1.0", lifespan=_lifespan(settings), docs_url=None, redoc_url=None
    )
    api.state.settings = settings
    api.state.engine = create_engine(settings.database_url)
    api.state.sessions = create_sessionmaker(api.state.engine)
    api.state.gateway = None
    api.state.realtime = Realtime(
        cors_origins=_cors_origins(settings),
        sessions=api.state.sessions,
        limits=ReplayLimits(settings.replay_max_events, settings.replay_max_age_hours),
        redis_url=settings.redis_url,
        redis_channel=settings.redis_channel,
    )
    api.state.started_at = time.monotonic()
    api.state.health_cache = {}
    install_error_handlers(api)
    api.include_router(health_router)
    api.include_router(calls_router)
    api.include_router(webhooks_router)
    mount_frontend(api)
    api.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    api.add_middleware(RequestTimingMiddleware, slow_seconds=settings.slow_request_seconds)
    return socketio.ASGIApp(api.state.realtime.sio, other_asgi_app=api, socketio_path="socket.io")
