"""The Socket.IO server. Services never emit directly: they queue events with `publish()`,
and the unit of work sends them once the database has committed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import socketio
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.logs import get_logger

log = get_logger(__name__)

EVENT_NAMES = ("statusUpdate", "dtmfUpdate", "flowUpdate", "bulkCallProgress", "bulkCallComplete")
_PENDING_KEY = "realtime_pending"
# (environ, the client's auth dict) → who connects, or None to refuse the connection.
Authenticate = Callable[[dict[str, Any], Any], Awaitable[object | None]]


class Realtime:
    """Owns the Socket.IO server; with `redis_url` events reach clients of every app process."""

    def __init__(
        self,
        *,
        cors_origins: list[str] | str | Callable[[str | None, dict[str, Any]], bool],
        redis_url: str | None = None,
        authenticate: Authenticate | None = None,
    ) -> None:
        manager = socketio.AsyncRedisManager(redis_url) if redis_url else None
        self.sio = socketio.AsyncServer(
            async_mode="asgi",
            cors_allowed_origins=cors_origins,
            client_manager=manager,
            logger=False,
            engineio_logger=False,
        )
        self.connected = 0
        self.authenticate = authenticate
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)

    async def _on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        if self.authenticate is not None and await self.authenticate(environ, auth) is None:
            raise socketio.exceptions.ConnectionRefusedError("authentication required")
        self.connected += 1
        log.info("socket_connected", clients=self.connected)

    async def _on_disconnect(self, sid: str, reason: Any = None) -> None:
        self.connected = max(0, self.connected - 1)

    async def emit(self, event: str, payload: dict[str, Any]) -> None:
        await self.sio.emit(event, payload)

    async def flush(self, session: AsyncSession) -> None:
        """Send what the unit of work queued; call only after its commit."""
        pending: list[tuple[str, dict[str, Any]]] = session.info.pop(_PENDING_KEY, [])
        for event, payload in pending:
            await self.emit(event, payload)


def publish(session: AsyncSession, event: str, payload: dict[str, Any]) -> None:
    """Queue a Socket.IO event to go out after `session` commits (dropped if it rolls back)."""
    if event not in EVENT_NAMES:
        raise ValueError(f"unknown realtime event {event!r}")
    session.info.setdefault(_PENDING_KEY, []).append((event, payload))


def discard(session: AsyncSession) -> None:
    session.info.pop(_PENDING_KEY, None)
