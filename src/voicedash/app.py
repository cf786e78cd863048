"""create_app(settings): FastAPI + Socket.IO + middleware, nothing else."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import socketio
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from voicedash.audit.router import router as audit_router
from voicedash.auth.csrf import CSRF_HEADER
from voicedash.auth.dependencies import default_clock, require_viewer, socket_authenticator
from voicedash.auth.ratelimit import SlidingWindowLimiter
from voicedash.auth.router import public_router as login_router
from voicedash.auth.router import router as auth_router
from voicedash.calls.reconciler import Reconciler, ReconcileSettings
from voicedash.calls.report_router import router as call_reports_router
from voicedash.calls.router import router as calls_router
from voicedash.campaigns.router import router as campaigns_router
from voicedash.campaigns.runner import BatchRunner
from voicedash.config import ConfigurationError, Settings
from voicedash.db.encryption import Keyring
from voicedash.db.engine import WriteGate, create_engine, create_sessionmaker
from voicedash.errors import install_error_handlers
from voicedash.logs import get_logger
from voicedash.ops.failures import SecurityLogMiddleware
from voicedash.ops.headers import SecurityHeadersMiddleware, security_headers
from voicedash.ops.health import router as health_router
from voicedash.ops.limits import BodySizeLimitMiddleware, RequestTimeoutMiddleware
from voicedash.ops.origins import OriginPolicy, allowed_origins
from voicedash.ops.timing import RequestTimingMiddleware
from voicedash.realtime.replay import ReplayLimits
from voicedash.realtime.server import Realtime
from voicedash.twilio_gateway.gateway import TwilioGateway
from voicedash.web import mount_frontend
from voicedash.webhooks.fastpath import WebhookFastPath
from voicedash.webhooks.inbox import InboxWriter
from voicedash.webhooks.processor import InboxProcessor
from voicedash.webhooks.router import router as webhooks_router
from voicedash.webhooks.spool import Spool

log = get_logger(__name__)
# Public: Twilio's signed webhooks, /health, signing in, and the SPA's files (the login page must load).
# Everything else is included under `protected`, so a new router is born requiring a signed-in viewer.


def _lifespan(settings: Settings, migrate: bool) -> Any:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if migrate:
            from voicedash.db.migrate import upgrade  # Alembic is loaded only where it is used

            await upgrade(app.state.engine)
        if settings.twilio_account_sid and settings.auth_token:
            app.state.gateway = TwilioGateway(
                account_sid=settings.twilio_account_sid,
                auth_token=settings.auth_token,
                api_base_url=settings.twilio_api_base_url,
            )
        gate = WriteGate(app.state.engine)
        spool = Spool(settings.data_dir / "webhook-spool.jsonl", settings.spool_max_bytes, app.state.keyring)
        writer = app.state.inbox_writer = InboxWriter(app.state.engine, gate, spool)
        processor = app.state.processor = InboxProcessor(
            app.state.engine, gate, app.state.sessions, app.state.realtime, ingest_load=writer.load
        )
        writer.on_stored = processor.wake
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
        # Batches run where webhooks are processed: one place commits and sends every event, in id order.
        batch_runner = app.state.batch_runner = BatchRunner(
            app.state.engine,
            gate,
            app.state.sessions,
            app.state.realtime,
            lambda: app.state.gateway,
            settings,
            leads=lambda: processor.is_leader,
        )
        await writer.start()
        await processor.start()
        await reconciler.start()
        await batch_runner.start()
        log.info("started", environment=settings.environment.value, settings=settings.masked_report())
        try:
            yield
        finally:
            await batch_runner.stop()
            await reconciler.stop()
            await writer.stop()
            await processor.stop()
            if app.state.gateway is not None:
                await app.state.gateway.aclose()
            await app.state.engine.dispose()

    return lifespan


async def openapi_document(request: Request) -> JSONResponse:
    """The OpenAPI document of this API."""
    return JSONResponse(request.app.openapi())


def _routes(api: FastAPI) -> None:
    protected = APIRouter(dependencies=[Depends(require_viewer)])
    protected.include_router(calls_router)
    protected.include_router(call_reports_router)
    protected.include_router(campaigns_router)
    protected.include_router(auth_router)
    protected.include_router(audit_router)
    protected.add_api_route("/openapi.json", openapi_document, include_in_schema=False)
    api.include_router(health_router)
    api.include_router(webhooks_router)
    api.include_router(login_router)
    api.include_router(protected)
    mount_frontend(api)


def _middleware(
    api: FastAPI, settings: Settings, origins: OriginPolicy, headers: list[tuple[bytes, bytes]]
) -> None:
    # Added innermost first: the security log sees the final status, headers go on every response.
    api.add_middleware(
        RequestTimeoutMiddleware,
        seconds=settings.request_timeout_seconds,
        streaming_paths=("/api/calls/export",),
    )
    api.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    api.add_middleware(
        CORSMiddleware,
        allow_origins=origins.origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=["Content-Type", "Authorization", CSRF_HEADER],
    )
    api.add_middleware(SecurityHeadersMiddleware, headers=headers)
    api.add_middleware(RequestTimingMiddleware, slow_seconds=settings.slow_request_seconds)
    api.add_middleware(SecurityLogMiddleware, policy=origins)


def create_app(settings: Settings, *, migrate: bool = True) -> Any:
    """The ASGI application: the API and dashboard, with Socket.IO at /socket.io. With `migrate`, it
    brings the schema up to date as it starts (`voicedash serve` does that in a child process)."""
    if settings.jwt_secret is None or not settings.encryption_keys:
        raise ConfigurationError("JWT_SECRET and DATABASE_ENCRYPTION_KEY must be set")
    # /docs and /redoc are off: they need inline script and a CDN; /openapi.json is served signed-in.
    api = FastAPI(
        title="voicedash",
        version="0.1.0",
        lifespan=_lifespan(settings, migrate),
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    origins = OriginPolicy(allowed_origins(settings))
    api.state.settings = settings
    api.state.keyring = Keyring(settings.encryption_keys)
    api.state.engine = create_engine(settings.database_url, keyring=api.state.keyring)
    api.state.sessions = create_sessionmaker(api.state.engine)
    api.state.gateway = None
    api.state.origins = origins
    api.state.clock = default_clock
    api.state.login_limiter = SlidingWindowLimiter(
        limit=settings.login_rate_limit, window=settings.login_rate_window_seconds
    )
    api.state.realtime = Realtime(
        cors_origins=origins.allows_socket,
        authenticate=socket_authenticator(api),
        sessions=api.state.sessions,
        limits=ReplayLimits(settings.replay_max_events, settings.replay_max_age_hours),
        redis_url=settings.redis_url,
        redis_channel=settings.redis_channel,
    )
    api.state.started_at = time.monotonic()
    api.state.health_cache = {}
    install_error_handlers(api)
    _routes(api)
    headers = security_headers(https=settings.is_https, media_origin=settings.twilio_api_base_url)
    _middleware(api, settings, origins, headers)
    app = socketio.ASGIApp(api.state.realtime.sio, other_asgi_app=api, socketio_path="socket.io")
    return WebhookFastPath(app, api, headers=headers)
