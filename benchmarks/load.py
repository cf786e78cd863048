"""Load generation: pre-signed webhooks sent over loopback, closed-loop (saturation) or at a fixed rate."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tests.support.webhooks import execution_sid, signed_json

IDLE_SECONDS = 2.0


@dataclass
class Result:
    sent: int
    ok: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    failures: Counter[str] = field(default_factory=Counter)  # what each error was

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def summary(self) -> dict[str, Any]:
        return {
            "failures": dict(self.failures),
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


class _Connection:
    """One keep-alive HTTP/1.1 connection sending whole pre-built requests, as wrk does: one write per
    request and a minimal reading of the answer (status line, Content-Length, body). aiohttp's client
    spent about 150 us of CPU per request, on the two cores the server under test needs."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.used_at = time.monotonic()

    @property
    def fresh(self) -> bool:
        """Open, and used recently enough that the server has not timed it out (uvicorn keeps an idle
        connection 5 s; one it closes just as a request goes out would count as that request failing)."""
        return not self.writer.is_closing() and time.monotonic() - self.used_at < IDLE_SECONDS

    @classmethod
    async def open(cls, url: str) -> _Connection:
        address = urlsplit(url)
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        return cls(reader, writer)

    async def exchange(self, request: bytes) -> int:
        """Send one request; its status once the whole answer is read."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        self.used_at = time.monotonic()
        return int(head.split(b" ", 2)[1])

    def close(self) -> None:
        self.writer.close()


def _wire(request: tuple[str, bytes, dict[str, str]]) -> bytes:
    url, raw, headers = request
    address = urlsplit(url)
    target = address.path + (f"?{address.query}" if address.query else "")
    lines = [f"POST {target} HTTP/1.1", f"Host: {address.netloc}", f"Content-Length: {len(raw)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + raw


def _take(pool: list[_Connection]) -> _Connection | None:
    """The most recently used connection that is still fresh; stale ones are closed."""
    while pool:
        connection = pool.pop()
        if connection.fresh:
            return connection
        connection.close()
    return None


async def _send(pool: list[_Connection], url: str, request: bytes, result: Result) -> None:
    connection = _take(pool)
    started = time.perf_counter()
    try:
        connection = connection or await _Connection.open(url)
        status = await connection.exchange(request)
        pool.append(connection)
        ok = status == 200
        if not ok:
            result.failures[f"HTTP {status}"] += 1
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
        ok = False
        result.failures[type(exc).__name__] += 1
        if connection is not None:
            connection.close()
    result.sent += 1
    if ok:
        result.ok += 1
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
    else:
        result.errors += 1


async def saturate(requests: list[tuple[str, bytes, dict[str, str]]], concurrency: int) -> Result:
    """As fast as the server answers, `concurrency` requests in flight."""
    result = Result(0, 0, 0, 0.0, [])
    queue = iter([_wire(request) for request in requests])
    url = requests[0][0]
    pools: list[list[_Connection]] = [[] for _ in range(concurrency)]

    async def worker(pool: list[_Connection]) -> None:
        for request in queue:
            await _send(pool, url, request, result)

    started = time.perf_counter()
    await asyncio.gather(*(worker(pool) for pool in pools))
    result.seconds = time.perf_counter() - started
    for connection in (c for pool in pools for c in pool):
        connection.close()
    return result


async def fixed_rate(requests: list[tuple[str, bytes, dict[str, str]]], rate: float) -> Result:
    """Open loop: one request every 1/rate s whatever the answers, so slow answers show as latency."""
    result = Result(0, 0, 0, 0.0, [])
    wire = [_wire(request) for request in requests]
    url = requests[0][0]
    idle: list[_Connection] = []  # a new connection whenever all are busy, as a browser pool would
    loop = asyncio.get_running_loop()
    started = loop.time()
    tasks = []
    for i, request in enumerate(wire):
        delay = started + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_send(idle, url, request, result)))
    await asyncio.gather(*tasks)
    result.seconds = loop.time() - started
    for connection in idle:
        connection.close()
    return result
