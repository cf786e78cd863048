"""`make bench` (part two): the read API against a large seeded SQLite database, served by its own process.

The database (BENCH_QUERY_CALLS calls, default 1,000,000, with 5 events each) is seeded once into
BENCH_DATA_DIR (default: voicedash-bench in the system temp folder) and reused while it holds that many.
Prints a table and writes benchmarks/results/queries-<time>.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil
from cryptography.fernet import Fernet
from tests.support.process import AppProcess

from voicedash.auth import service as auth_service
from voicedash.calls.seed import seed_calls
from voicedash.calls.seed_data import SeedPlan
from voicedash.db.encryption import Keyring
from voicedash.db.engine import create_engine, create_sessionmaker
from voicedash.db.migrate import upgrade
from voicedash.models import Role

RESULTS = Path(__file__).parent / "results"
CALLS = int(os.environ.get("BENCH_QUERY_CALLS", "1000000"))
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", Path(tempfile.gettempdir()) / "voicedash-bench"))
ZONE = "Europe/Istanbul"
SAMPLES = int(os.environ.get("BENCH_QUERY_SAMPLES", "40"))
# The targets of issue 6 (SQLite, 1,000,000 calls, 5,000,000 events).
TARGETS = {"page_p95_ms": 50.0, "stats_month_ms": 200.0, "monthly_ms": 300.0, "export_rows_per_s": 50_000.0}
TARGET_RSS_MIB = 300.0


def database_path() -> Path:
    return DATA_DIR / f"queries-{CALLS}.db"


def _seeded_files() -> tuple[Path, Path, Path]:
    """The database, its key, and the marker written once seeding finished."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    stem = DATA_DIR / f"queries-{CALLS}"
    return database_path(), stem.with_suffix(".key"), stem.with_suffix(".done")


async def seeded_database() -> tuple[str, str]:
    """(database URL, key) of the seeded database, made now unless an earlier run left it complete."""
    path, key_file, done = _seeded_files()
    url = f"sqlite+aiosqlite:///{path}"
    if done.is_file() and path.is_file() and key_file.is_file():
        return url, key_file.read_text().strip()
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), done):
        stale.unlink(missing_ok=True)
    key = Fernet.generate_key().decode()
    key_file.write_text(key + "\n")
    engine = create_engine(url, keyring=Keyring([key]))
    started = time.monotonic()
    try:
        await upgrade(engine)
        plan = SeedPlan(
            first_id=1, calls=CALLS, days=365, events_per_call=5, zone=ZONE, now=datetime.now(UTC)
        )
        step = max(1, CALLS // 20)
        shown = [0]

        def progress(added: int) -> None:
            shown[0] += added
            if shown[0] % step < added:
                print(f"  seeded {shown[0]:>9} calls ({time.monotonic() - started:.0f} s)", flush=True)

        await seed_calls(engine, [key], plan, workers=os.cpu_count() or 1, progress=progress)
    finally:
        await engine.dispose()
    done.write_text(f"{CALLS} calls seeded in {time.monotonic() - started:.0f} s\n")
    return url, key


async def viewer_token(url: str, key: str) -> str:
    engine = create_engine(url, keyring=Keyring([key]))
    try:
        async with create_sessionmaker(engine)() as session:
            _, secret = await auth_service.create_token(
                session, name="bench", role=Role.viewer, actor="bench"
            )
            await session.commit()
    finally:
        await engine.dispose()
    return secret


def rss_mib(app: AppProcess) -> float:
    assert app.process is not None
    return round(psutil.Process(app.process.pid).memory_info().rss / 2**20, 1)


def pick(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))], 2)


async def timed(call: Callable[[], Awaitable[httpx.Response]], samples: int = SAMPLES) -> dict[str, Any]:
    """p50/p95/max of `samples` requests after two warm-ups; every answer must be a 200."""
    for _ in range(2):
        (await call()).raise_for_status()
    latencies = []
    for _ in range(samples):
        started = time.perf_counter()
        response = await call()
        latencies.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return {"p50_ms": pick(latencies, 50), "p95_ms": pick(latencies, 95), "max_ms": round(max(latencies), 2)}


async def history_pages(client: httpx.AsyncClient) -> dict[str, Any]:
    """The first page with each single filter, and the first pages of each sort then following cursors."""
    sample = (await client.get("/api/calls/history", params={"limit": 1})).json()["data"]["items"][0]
    today = datetime.now(UTC).date()
    month_ago = today - timedelta(days=30)
    filters: dict[str, dict[str, Any]] = {
        "none": {},
        "date range (30 days)": {"from": month_ago.isoformat(), "to": today.isoformat()},
        "status=busy": {"status": "busy"},
        "outcome=cancelled": {"outcome": "cancelled"},
        "q full number": {"q": sample["to"]},
        "q last 4": {"q": sample["to"][-4:]},
        "batch_id": {"batch_id": sample["batch_id"] or "b_seed" + f"{today:%Y%m%d}"},
    }
    report = {}
    for name, params in filters.items():
        report[f"history {name}"] = await timed(lambda p=params: client.get("/api/calls/history", params=p))
    for field in ("created_at", "updated_at", "status", "outcome", "duration"):
        for sort in (field, f"-{field}"):
            report[f"history sort={sort}"] = await timed(
                lambda s=sort: client.get("/api/calls/history", params={"sort": s})
            )
            report[f"history sort={sort} next pages"] = await _cursor_pages(client, sort)
    return report


async def _cursor_pages(client: httpx.AsyncClient, sort: str) -> dict[str, Any]:
    """Pages 2, 3, … reached by following next_cursor (from deep in the index too: after an offset)."""
    first = (await client.get("/api/calls/history", params={"sort": sort, "offset": 20_000})).json()["data"]
    cursor = first["next_cursor"]

    async def follow() -> httpx.Response:
        nonlocal cursor
        response = await client.get("/api/calls/history", params={"sort": sort, "cursor": cursor})
        cursor = response.json()["data"]["next_cursor"] or first["next_cursor"]
        return response

    return await timed(follow)


async def reports(client: httpx.AsyncClient) -> dict[str, Any]:
    today = datetime.now(UTC).date()
    last_month_end = today.replace(day=1) - timedelta(days=1)
    month = {"from": last_month_end.replace(day=1).isoformat(), "to": last_month_end.isoformat()}
    return {
        "stats for a month": await timed(lambda: client.get("/api/calls/stats", params=month)),
        "monthly summary (12 months)": await timed(lambda: client.get("/api/calls/summary/monthly")),
        "daily summary (30 days)": await timed(lambda: client.get("/api/calls/summary/daily")),
    }


async def export_all(app: AppProcess, client: httpx.AsyncClient) -> dict[str, Any]:
    """Every call as CSV: rows per second as the client receives them, the server's peak RSS."""
    peak = rss_mib(app)
    rows = 0
    started = time.perf_counter()
    async with client.stream("GET", "/api/calls/export", timeout=None) as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            rows += chunk.count(b"\n")
            peak = max(peak, rss_mib(app))
    seconds = time.perf_counter() - started
    rows -= 1  # the header
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "peak_rss_mib": peak,
    }


async def main() -> None:
    print(f"database: {CALLS} calls in {DATA_DIR}", flush=True)
    url, key = await seeded_database()
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "calls": CALLS,
        "database_mib": round(database_path().stat().st_size / 2**20),
    }
    token = await viewer_token(url, key)
    with tempfile.TemporaryDirectory() as data_dir:
        app = AppProcess(database_url=url, data_dir=Path(data_dir))
        app.env.update({"DATABASE_ENCRYPTION_KEY": key, "ORG_TIMEZONE": ZONE, "LOG_LEVEL": "WARNING"})
        await app.start()
        try:
            headers = {"Authorization": f"Bearer {token}"}
            async with httpx.AsyncClient(base_url=app.url, headers=headers, timeout=60) as client:
                report["rss_mib_idle"] = rss_mib(app)
                report["queries"] = {**await history_pages(client), **await reports(client)}
                report["export"] = await export_all(app, client)
        finally:
            app.stop()
    report["verdict"] = verdict(report)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"queries-{report['when'].replace(':', '')}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nwritten to {out}")


def verdict(report: dict[str, Any]) -> dict[str, bool]:
    queries, export = report["queries"], report["export"]
    pages = [v["p95_ms"] for k, v in queries.items() if k.startswith("history")]
    return {
        "history page p95 < 50 ms": max(pages) < TARGETS["page_p95_ms"],
        "stats for a month < 200 ms": queries["stats for a month"]["p95_ms"] < TARGETS["stats_month_ms"],
        "monthly summary < 300 ms": queries["monthly summary (12 months)"]["p95_ms"] < TARGETS["monthly_ms"],
        "export >= 50,000 rows/s": export["rows_per_s"] >= TARGETS["export_rows_per_s"],
        "export server RSS < 300 MB": export["peak_rss_mib"] < TARGET_RSS_MIB,
    }


def print_table(report: dict[str, Any]) -> None:
    print(f"\n{report['calls']} calls, {report['database_mib']} MiB of SQLite")
    print(f"{'query':<44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, row in report["queries"].items():
        print(f"{name:<44} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['max_ms']:>8}")
    export = report["export"]
    print(
        f"{'export (all rows)':<44} {export['rows']} rows in {export['seconds']} s: "
        f"{export['rows_per_s']} rows/s, server peak RSS {export['peak_rss_mib']} MiB"
    )
    for target, met in report["verdict"].items():
        print(f"  {'met ' if met else 'MISSED'}  {target}")


if __name__ == "__main__":
    asyncio.run(main())
