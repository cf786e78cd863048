"""voicedash demo seed: made-up calls in the demo's database, to try the history and reports at scale."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from voicedash.cli_accounts import load_settings
from voicedash.config import Environment, Settings
from voicedash.db.keyfile import local_keys

if TYPE_CHECKING:
    from voicedash.calls.seed_data import SeedPlan

console = Console()
err = Console(stderr=True)


def demo_settings() -> Settings:
    """The demo's settings: its own SQLite file (data/demo.db) unless DATABASE_URL names one."""
    settings = load_settings()
    settings.environment = Environment.demo
    if "database_url" not in settings.model_fields_set:
        settings.database_url = f"sqlite+aiosqlite:///{settings.data_dir}/demo.db"
    local_keys(settings)
    return settings


async def _seed(settings: Settings, plan: SeedPlan, *, force: bool, workers: int, progress: Progress) -> None:
    from voicedash.calls.seed import seed_calls
    from voicedash.db.encryption import Keyring
    from voicedash.db.engine import create_engine
    from voicedash.db.migrate import upgrade

    task = progress.add_task("calls", total=plan.calls)
    engine = create_engine(settings.database_url, keyring=Keyring(settings.encryption_keys))
    try:
        await upgrade(engine)
        await seed_calls(
            engine,
            settings.encryption_keys,
            plan,
            force=force,
            workers=workers,
            progress=lambda n: progress.advance(task, n),
        )
    finally:
        await engine.dispose()


def seed(
    calls: Annotated[int, typer.Option("--calls", min=1, max=10_000_000, help="How many calls to add.")],
    days: Annotated[int, typer.Option(min=1, max=3650, help="Spread over this many past days.")] = 90,
    events_per_call: Annotated[int, typer.Option(min=0, max=20, help="Timeline events per call.")] = 5,
    force: Annotated[bool, typer.Option(help="Seed even a database that holds real calls.")] = False,
    workers: Annotated[
        int | None, typer.Option(min=0, max=32, help="Processes making rows (default: the CPUs, 0: none).")
    ] = None,
) -> None:
    """Add made-up calls (business hours of ORG_TIMEZONE, a realistic outcome mix, their timelines)."""
    from voicedash.calls.seed_data import SeedPlan
    from voicedash.errors import AppError

    settings = demo_settings()
    if not settings.encryption_keys:
        err.print("[red]DATABASE_ENCRYPTION_KEY is not set[/red]")
        raise typer.Exit(2)
    plan = SeedPlan(
        first_id=1,
        calls=calls,
        days=days,
        events_per_call=events_per_call,
        zone=settings.org_timezone,
        now=datetime.now(UTC),
    )
    # Worker processes pay off only for large seeds: starting them takes about a second.
    processes = workers if workers is not None else (os.cpu_count() or 1) if calls >= 20_000 else 0

    started = time.monotonic()
    columns = (TextColumn("seeding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, console=err) as progress:
            asyncio.run(_seed(settings, plan, force=force, workers=processes, progress=progress))
    except AppError as exc:
        err.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    console.print(
        f"[green]added {calls} calls and {calls * events_per_call} events[/green] "
        f"in {time.monotonic() - started:.0f} s (time zone {settings.org_timezone})"
    )
