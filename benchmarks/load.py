"""Load generation: pre-signed webhooks sent over loopback, closed-loop (saturation) or at a fixed rate."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

import aiohttp
from tests.support.webhooks import execution_sid, signed_json


@dataclass
class Result:
    sent: int
    ok: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def summary(self) -> dict[str, float]:
        return {
            "sent": self.sent,
            "ok": self.ok,
            "errors": self.errors,
            "requests_per_second": round(self.rate, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p99_ms": round(self.percentile(99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else float("nan"),
        }


def presign(
    base_url: str, auth_token: str, count: int, offset: int
) -> list[tuple[str, bytes, dict[str, str]]]:
    """Distinct, validly signed status webhooks (signing is done before the clock starts)."""
    requests = []
    for n in range(offset, offset + count):
        body = {"execution_sid": execution_sid(n), "event": "busy", "call_status": "busy"}
        path, raw, headers = signed_json(base_url, auth_token, "/api/calls/webhooks/status", body)
        requests.append((base_url + path, raw, headers))
    return requests


async def _send(
    session: aiohttp.ClientSession, request: tuple[str, bytes, dict[str, str]], result: Result
) -> None:
    url, raw, headers = request
    started = time.perf_counter()
    try:
        async with session.post(url, data=raw, headers=headers) as response:
            await response.read()
            ok = response.status == 200
    except aiohttp.ClientError:
        ok = False
    result.sent += 1
    if ok:
        result.ok += 1
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
    else:
        result.errors += 1


async def saturate(requests: list[tuple[str, bytes, dict[str, str]]], concurrency: int) -> Result:
    """As fast as the server answers, `concurrency` requests in flight."""
    result = Result(0, 0, 0, 0.0, [])
    queue = iter(requests)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for request in queue:
                await _send(session, request, result)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


async def fixed_rate(requests: list[tuple[str, bytes, dict[str, str]]], rate: float) -> Result:
    """Open loop: one request every 1/rate s whatever the answers, so slow answers show as latency."""
    result = Result(0, 0, 0, 0.0, [])
    connector = aiohttp.TCPConnector(limit=2000)
    async with aiohttp.ClientSession(connector=connector) as session:
        loop = asyncio.get_running_loop()
        started = loop.time()
        tasks = []
        for i, request in enumerate(requests):
            delay = started + i / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_send(session, request, result)))
        await asyncio.gather(*tasks)
        result.seconds = loop.time() - started
    return result
