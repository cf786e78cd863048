"""A real Socket.IO client that keeps every event it receives, in arrival order."""

from __future__ import annotations

import asyncio
from typing import Any

import socketio

EVENTS = (
    "statusUpdate",
    "dtmfUpdate",
    "flowUpdate",
    "bulkCallProgress",
    "bulkCallComplete",
    "replayComplete",
)


class EventRecorder:
    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: list[tuple[str, dict[str, Any]]] = []
        for name in EVENTS:
            self.client.on(name, self._recorder(name))

    def _recorder(self, name: str) -> Any:
        async def record(payload: dict[str, Any]) -> None:
            self.events.append((name, payload))

        return record

    async def connect(self, url: str, auth: dict[str, Any]) -> EventRecorder:
        await self.client.connect(url, socketio_path="socket.io", transports=["websocket"], auth=auth)
        return self

    def of_batch(self, batch_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [(n, p) for n, p in self.events if p.get("batch_id") == batch_id]

    async def wait_for(self, name: str, timeout: float = 30.0, **match: Any) -> dict[str, Any]:
        """The first event `name` whose payload has every `match` item; fails after `timeout`."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            for event, payload in self.events:
                if event == name and all(payload.get(k) == v for k, v in match.items()):
                    return payload
            await asyncio.sleep(0.05)
        raise AssertionError(f"no {name} {match} within {timeout} s; saw {[n for n, _ in self.events][-20:]}")
