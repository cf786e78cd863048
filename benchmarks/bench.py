"""`make bench`: webhook ingest, end-to-end latency and a soak, against voicedash in its own process.

Prints a table and writes benchmarks/results/<time>.json. Durations can be shortened for a quick look:
BENCH_SOAK_SECONDS (default 300), BENCH_SATURATION_REQUESTS (20000), BENCH_RATE_SECONDS (5).
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import psutil
import socketio
from tests.support.process import AUTH_TOKEN, AppProcess, api_token

from benchmarks.load import fixed_rate, presign, saturate

RESULTS = Path(__file__).parent / "results"
POSTGRES_ADMIN = os.environ.get("BENCH_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
SOAK_SECONDS = float(os.environ.get("BENCH_SOAK_SECONDS", "300"))
SATURATION_REQUESTS = int(os.environ.get("BENCH_SATURATION_REQUESTS", "20000"))
RATE_SECONDS = float(os.environ.get("BENCH_RATE_SECONDS", "5"))
RATES = (200, 500, 1000)


def rss_mib(app: AppProcess) -> float:
    assert app.process is not None
    return round(psutil.Process(app.process.pid).memory_info().rss / 2**20, 1)


async def ingest(app: AppProcess, offset: int) -> dict[str, Any]:
    """Throughput at saturation, then ack latency at fixed offered loads."""
    await saturate(presign(app.url, AUTH_TOKEN, 500, offset), concurrency=32)  # warm-up
    offset += 500
    saturation = await saturate(presign(app.url, AUTH_TOKEN, SATURATION_REQUESTS, offset), concurrency=64)
    offset += SATURATION_REQUESTS
    report: dict[str, Any] = {"saturation": saturation.summary(), "rss_mib_after_saturation": rss_mib(app)}
    for rate in RATES:
        count = int(rate * RATE_SECONDS)
        report[f"at_{rate}_rps"] = (
            await fixed_rate(presign(app.url, AUTH_TOKEN, count, offset), rate)
        ).summary()
        offset += count
    report["rss_mib"] = rss_mib(app)
    return report


async def end_to_end(
    app: AppProcess, clients: int = 50, events: int = 300, rate: float = 50
) -> dict[str, Any]:
    """Webhook sent → event received at each of `clients` Socket.IO clients."""
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    sockets = [socketio.AsyncClient(reconnection=False) for _ in range(clients)]

    def on_event(payload: dict[str, Any]) -> None:
        started = sent_at.get(payload["execution_sid"])
        if started is not None:
            latencies.append((time.perf_counter() - started) * 1000)

    token = await api_token(app.env["DATABASE_URL"])
    for client in sockets:
        client.on("statusUpdate", on_event)
        await client.connect(app.url, transports=["websocket"], auth={"token": token})
    requests = presign(app.url, AUTH_TOKEN, events, 5_000_000)
    for request in requests:
        sent_at[json.loads(request[1])["execution_sid"]] = 0.0
    loop = asyncio.get_running_loop()
    start = loop.time()

    async with aiohttp.ClientSession() as session:
        for i, (url, raw, headers) in enumerate(requests):
            await asyncio.sleep(max(0.0, start + i / rate - loop.time()))
            sent_at[json.loads(raw)["execution_sid"]] = time.perf_counter()
            async with session.post(url, data=raw, headers=headers) as response:
                await response.read()
    for _ in range(100):
        if len(latencies) >= clients * events:
            break
        await asyncio.sleep(0.1)
    for client in sockets:
        await client.disconnect()
    latencies.sort()
    pick = lambda p: round(latencies[min(len(latencies) - 1, round(p / 100 * (len(latencies) - 1)))], 2)  # noqa: E731
    return {
        "clients": clients,
        "events": events,
        "deliveries_expected": clients * events,
        "deliveries_received": len(latencies),
        "p50_ms": pick(50),
        "p99_ms": pick(99),
    }


async def soak(app: AppProcess, rate: float = 200) -> dict[str, Any]:
    """A steady 200 webhooks/s for SOAK_SECONDS; RSS sampled every 5 s."""
    samples: list[float] = []

    async def sample() -> None:
        while True:
            samples.append(rss_mib(app))
            await asyncio.sleep(5)

    sampler = asyncio.create_task(sample())
    result = await fixed_rate(presign(app.url, AUTH_TOKEN, int(rate * SOAK_SECONDS), 7_000_000), rate)
    sampler.cancel()
    return {
        "seconds": SOAK_SECONDS,
        **result.summary(),
        "rss_mib_first": samples[0],
        "rss_mib_last": samples[-1],
        "rss_mib_max": max(samples),
    }


async def postgres_database() -> str:
    name = f"voicedash_bench_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(POSTGRES_ADMIN)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def drop_database(url: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN)
    await connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await connection.close()


async def with_app(database_url: str, scenario: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        app = AppProcess(database_url=database_url, data_dir=Path(data_dir))
        app.env["LOG_LEVEL"] = "WARNING"
        await app.start()
        try:
            result: dict[str, Any] = await scenario(app)
            return result
        finally:
            app.stop()


def sqlite_url(directory: str) -> str:
    return f"sqlite+aiosqlite:///{directory}/bench.db"


async def main() -> None:
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    with tempfile.TemporaryDirectory() as directory:
        report["ingest_sqlite"] = await with_app(sqlite_url(directory), lambda app: ingest(app, 0))
    postgres = await postgres_database()
    try:
        report["ingest_postgres"] = await with_app(postgres, lambda app: ingest(app, 0))
    finally:
        await drop_database(postgres)
    with tempfile.TemporaryDirectory() as directory:
        report["end_to_end"] = await with_app(sqlite_url(directory), end_to_end)
    with tempfile.TemporaryDirectory() as directory:
        report["soak"] = await with_app(sqlite_url(directory), soak)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{report['when'].replace(':', '')}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nwritten to {out}")


def print_table(report: dict[str, Any]) -> None:
    print(f"{'scenario':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'RSS MiB':>8}")
    for backend in ("sqlite", "postgres"):
        ingest_report = report[f"ingest_{backend}"]
        for name in ("saturation", *(f"at_{r}_rps" for r in RATES)):
            row = ingest_report[name]
            print(
                f"{'ingest ' + backend + ' ' + name:<34} {row['requests_per_second']:>9} {row['p50_ms']:>8} "
                f"{row['p99_ms']:>8} {row['errors']:>7} {ingest_report['rss_mib']:>8}"
            )
    e2e = report["end_to_end"]
    print(
        f"{'end to end (50 clients)':<34} {'':>9} {e2e['p50_ms']:>8} {e2e['p99_ms']:>8} "
        f"{e2e['deliveries_expected'] - e2e['deliveries_received']:>7} {'':>8}"
    )
    s = report["soak"]
    label = f"soak {int(s['seconds'])} s at 200/s"
    rss = f"{s['rss_mib_first']}→{s['rss_mib_last']}"
    figures = f"{s['requests_per_second']:>9} {s['p50_ms']:>8} {s['p99_ms']:>8} {s['errors']:>7}"
    print(f"{label:<34} {figures} {rss:>8}")


if __name__ == "__main__":
    asyncio.run(main())
