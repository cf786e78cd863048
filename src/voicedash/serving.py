"""Running ASGI apps under uvicorn, alone or side by side in one process."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import uvicorn


class CompanionServer(uvicorn.Server):
    """A server that leaves signal handling to the main server it runs beside."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def uvicorn_config(app: Any, host: str, port: int, forwarded_allow_ips: str = "") -> uvicorn.Config:
    # voicedash logs its own requests (without query strings or numbers); uvicorn's access log is off.
    # X-Forwarded-For is believed only from the proxies named: anyone else could pick their own IP and
    # dodge the per-IP sign-in limit.
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        log_config=None,
        lifespan="on",
        proxy_headers=bool(forwarded_allow_ips),
        forwarded_allow_ips=forwarded_allow_ips or None,
    )


@contextlib.asynccontextmanager
async def companions(configs: list[uvicorn.Config]) -> AsyncIterator[None]:
    """Run servers in the background for the duration of the block; they leave signals to the main one."""
    servers = [CompanionServer(config) for config in configs]
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    try:
        for server, task in zip(servers, tasks, strict=True):
            while not server.started:
                if task.done():
                    task.result()
                    raise RuntimeError("a companion server stopped before it started")
                await asyncio.sleep(0.02)
        yield
    finally:
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)
