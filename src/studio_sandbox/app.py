"""`create_sandbox(config)`: a ready-to-serve sandbox (ASGI app + store + engine)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from studio_sandbox.api import ROUTERS
from studio_sandbox.api.handlers import install_error_handlers
from studio_sandbox.config import SandboxConfig
from studio_sandbox.core import SandboxCore
from studio_sandbox.engine import Engine
from studio_sandbox.store import Store


class Sandbox:
    """One emulated Twilio account: serve `.asgi` and call `aclose()` (or let the ASGI lifespan do it)."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.core = SandboxCore.build(config)
        self.asgi = _build_asgi(self)

    @property
    def store(self) -> Store:
        """Flows, executions and steps."""
        return self.core.store

    @property
    def engine(self) -> Engine:
        """The execution runner."""
        return self.core.engine

    async def aclose(self) -> None:
        """Cancel running executions and close outbound HTTP sessions; safe to call more than once."""
        await self.core.engine.aclose()


def _build_asgi(sandbox: Sandbox) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await sandbox.aclose()

    app = FastAPI(
        title="Twilio Studio sandbox",
        description="A local emulator of the Twilio Studio v2 REST API.",
        lifespan=lifespan,
    )
    app.state.sandbox_core = sandbox.core
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app


def create_sandbox(config: SandboxConfig | None = None) -> Sandbox:
    """Build a sandbox; nothing runs until `.asgi` is served."""
    return Sandbox(config or SandboxConfig())
