"""The Socket.IO server. Services never emit directly: they queue events with `publish()`, and the unit
of work sends them once the database has committed.

A client that reconnects sends the last `event_id` it saw (`auth={"last_event_id": N}`); it is sent what
it missed, oldest first, before it joins the live room, so it sees every event with no gap (a duplicate
at the seam is possible and dropped by the client, which keeps the ids it has seen).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import socketio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from voicedash.logs import get_logger
from voicedash.realtime.replay import ReplayLimits, missed_events

log = get_logger(__name__)

EVENT_NAMES = ("statusUpdate", "dtmfUpdate", "flowUpdate", "bulkCallProgress", "bulkCallComplete")
LIVE_ROOM = "live"
_PENDING_KEY = "realtime_pending"
# (environ, the client's auth dict) → who connects, or None to refuse the connection.
Authenticate = Callable[[dict[str, Any], Any], Awaitable[object | None]]


def _last_event_id(auth: Any) -> int:
    value = auth.get("last_event_id") if isinstance(auth, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str) and value.isdecimal():
        return int(value)
    return 0


class Realtime:
    """Owns the Socket.IO server; with `redis_url` events reach clients of every app process."""

    def __init__(
        self,
        *,
        cors_origins: list[str] | str | Callable[[str | None, dict[str, Any]], bool],
        sessions: async_sessionmaker[AsyncSession],
        limits: ReplayLimits,
        redis_url: str | None = None,
        redis_channel: str = "voicedash",
        authenticate: Authenticate | None = None,
    ) -> None:
        manager = socketio.AsyncRedisManager(redis_url, channel=redis_channel) if redis_url else None
        self.sio = socketio.AsyncServer(
            async_mode="asgi",
            cors_allowed_origins=cors_origins,
            client_manager=manager,
            logger=False,
            engineio_logger=False,
        )
        self.sessions = sessions
        self.limits = limits
        self.connected = 0
        self.authenticate = authenticate
        # Serialises "commit + emit" with a replaying client's "join + catch up", so that within one
        # process a reconnecting client gets every event exactly once.
        self._seam = asyncio.Lock()
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)

    async def _on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        if self.authenticate is not None and await self.authenticate(environ, auth) is None:
            raise socketio.exceptions.ConnectionRefusedError("authentication required")
        self.connected += 1
        last = _last_event_id(auth)
        if last:
            # After the handshake completes, so the client is there to receive it.
            self.sio.start_background_task(self._replay_then_join, sid, last)
        else:
            await self.sio.enter_room(sid, LIVE_ROOM)

    async def _on_disconnect(self, sid: str, reason: Any = None) -> None:
        self.connected = max(0, self.connected - 1)

    async def _connected(self, sid: str) -> bool:
        """Wait until the server has told the client it is connected: anything sent before is dropped."""
        for _ in range(500):
            if self.sio.manager.is_connected(sid, "/"):
                return True
            await asyncio.sleep(0.01)
        return False

    async def _replay_then_join(self, sid: str, last: int) -> None:
        sent, truncated = 0, False
        if not await self._connected(sid):
            return
        try:
            batch, truncated = await missed_events(self.sessions, after=last, limits=self.limits)
            for event, payload in batch:
                await self.sio.emit(event, {**payload, "replayed": True}, to=sid)
                last = payload["event_id"]
            sent = len(batch)
            async with self._seam:
                await self.sio.enter_room(sid, LIVE_ROOM)
                # Whatever committed while we replayed, before the client joined the room.
                seam, _ = await missed_events(self.sessions, after=last, limits=self.limits)
                for event, payload in seam:
                    await self.sio.emit(event, {**payload, "replayed": True}, to=sid)
            sent += len(seam)
        except Exception:  # the client still goes live; it can reload what it missed
            log.exception("socket_replay_failed")
            truncated = True
        finally:
            await self.sio.enter_room(sid, LIVE_ROOM)  # never leave a client out of live events
        await self.sio.emit("replayComplete", {"count": sent, "truncated": truncated}, to=sid)
        log.info("socket_replayed", events=sent, truncated=truncated)

    async def emit(self, event: str, payload: dict[str, Any]) -> None:
        await self.sio.emit(event, payload, room=LIVE_ROOM)

    async def commit_and_flush(self, session: AsyncSession) -> None:
        """Commit `session` and send the events it queued, with no replay seam in between."""
        async with self._seam:
            await session.commit()
            await self.flush(session)

    async def flush(self, session: AsyncSession) -> None:
        """Send what the unit of work queued; call only after its commit."""
        await self.send(take_pending(session))

    async def send(self, pending: list[tuple[str, dict[str, Any]]]) -> None:
        """Send events taken from a unit of work (take_pending) after its commit."""
        for event, payload in pending:
            await self.emit(event, payload)

    @contextlib.asynccontextmanager
    async def seam(self) -> AsyncIterator[None]:
        """Hold around a commit made elsewhere (a thread) and the sending of its events, as
        `commit_and_flush` does, so a replaying client misses none of them."""
        async with self._seam:
            yield


def publish(session: AsyncSession | Session, event: str, payload: dict[str, Any]) -> None:
    """Queue a Socket.IO event to go out after `session` commits (dropped if it rolls back)."""
    if event not in EVENT_NAMES:
        raise ValueError(f"unknown realtime event {event!r}")
    session.info.setdefault(_PENDING_KEY, []).append((event, payload))


def discard(session: AsyncSession | Session) -> None:
    session.info.pop(_PENDING_KEY, None)


def take_pending(session: AsyncSession | Session) -> list[tuple[str, dict[str, Any]]]:
    """The events `session` queued, removed from it: for a unit of work committed in another thread."""
    pending: list[tuple[str, dict[str, Any]]] = session.info.pop(_PENDING_KEY, [])
    return pending
