"""`voicedash demo seed`: plausible calls, timelines shaped like real webhooks, refusal of real data."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from voicedash.calls.seed import seed_calls
from voicedash.calls.seed_data import SEED_FLOW_SID, SeedPlan
from voicedash.cli import app
from voicedash.db.encryption import Keyring
from voicedash.db.engine import create_engine, create_sessionmaker
from voicedash.db.migrate import upgrade
from voicedash.errors import ConflictError
from voicedash.models import Call, CallEvent
from voicedash.webhooks.parse import WebhookKind, parse_webhook
from voicedash.zones import zone_named

KEY = Fernet.generate_key().decode()
ZONE = "Europe/Istanbul"


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, keyring=Keyring([KEY]))
    await upgrade(engine)
    yield engine
    async with engine.begin() as connection:  # the PostgreSQL database is shared by the whole run
        await connection.execute(sa.delete(Call).where(Call.flow_sid == SEED_FLOW_SID))
    await engine.dispose()


def plan(calls: int, **changes: object) -> SeedPlan:
    base = {"first_id": 1, "calls": calls, "days": 14, "events_per_call": 5, "zone": ZONE}
    return SeedPlan(**{**base, "now": datetime.now(UTC), **changes})  # type: ignore[arg-type]


async def test_seeded_calls_look_like_real_ones(engine: AsyncEngine) -> None:
    # Forced: on the shared PostgreSQL database other modules' calls may be present.
    await seed_calls(engine, [KEY], plan(300), force=True)
    async with create_sessionmaker(engine)() as session:
        calls = (await session.scalars(sa.select(Call).where(Call.flow_sid == SEED_FLOW_SID))).all()
        events = (
            await session.scalars(sa.select(CallEvent).where(CallEvent.call_id.in_([c.id for c in calls])))
        ).all()
    assert len(calls) == 300 and len(events) == 1500
    outcomes = Counter(c.outcome for c in calls)
    assert outcomes["confirmed"] > outcomes["cancelled"] > 0 and outcomes["no_answer"] > 0
    zone = zone_named(ZONE)
    for call in calls:
        local = call.created_at.astimezone(zone)
        assert 9 <= local.hour < 18 and local.weekday() != 6, local
        assert call.to_hash and call.to_tail_hash and call.to_number.startswith("+90532")
        if call.outcome in ("confirmed", "cancelled", "voicemail"):
            assert call.status == "completed" and call.digits == {"confirmed": "1", "cancelled": "2"}.get(
                call.outcome, "0"
            )
            assert call.answered_at and call.ended_at and call.duration
        if call.outcome in ("busy", "no_answer", "failed"):
            assert call.answered_at is None and call.duration is None and call.status != "completed"
    for event in events:  # each timeline row is what ingest would have stored from its payload
        parsed = parse_webhook(WebhookKind(event.kind), event.content_type, event.payload.encode())
        assert json.loads(json.dumps(parsed.fields())) == event.fields
        assert parsed.event == event.event


async def test_a_database_with_real_calls_is_refused_unless_forced(engine: AsyncEngine) -> None:
    async with create_sessionmaker(engine)() as session:
        real = Call(execution_sid="FN" + "f" * 32, to_number="+14155550101", status="completed")
        session.add(real)
        await session.commit()
    try:
        with pytest.raises(ConflictError):
            await seed_calls(engine, [KEY], plan(10))
        assert await seed_calls(engine, [KEY], plan(10), force=True) == 10
    finally:
        async with engine.begin() as connection:
            await connection.execute(sa.delete(Call).where(Call.execution_sid == real.execution_sid))


def test_the_command_seeds_the_demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {"DATA_DIR": str(tmp_path / "data"), "ORG_TIMEZONE": ZONE, "VOICEDASH_ENV": "demo"}
    runner = CliRunner()
    result = runner.invoke(
        app, ["demo", "seed", "--calls", "40", "--days", "3", "--events-per-call", "2"], env=env
    )
    assert result.exit_code == 0, result.output
    assert "added 40 calls and 80 events" in result.output
    database = tmp_path / "data" / "demo.db"
    assert database.is_file() and (tmp_path / "data" / "encryption.key").is_file()
    again = runner.invoke(app, ["demo", "seed", "--calls", "5"], env=env)
    assert again.exit_code == 0, again.output
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM calls").fetchone() == (45,)
        assert connection.execute("SELECT count(*) FROM call_events").fetchone() == (80 + 25,)
