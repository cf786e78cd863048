"""A database from before encryption (revision 0001, numbers in clear) upgrades, reads, and is encrypted
by `keys rotate`."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import POSTGRES_URL, _admin, _run_apart
from voicedash.db.encryption import Keyring, generate_key
from voicedash.db.engine import create_engine, create_sessionmaker
from voicedash.db.migrate import alembic_config, upgrade
from voicedash.db.rotation import rotate_keys
from voicedash.models import Call, CallEvent

NUMBER = "+905321234567"
PAYLOAD = '{"execution_sid": "FN' + "a" * 32 + f'", "event": "initiated", "to": "{NUMBER}"}}'


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('legacy') / 'legacy.db'}"
        return
    request.getfixturevalue("postgres_url")  # skips (or fails in CI) when PostgreSQL is unreachable
    name = f"voicedash_legacy_{uuid.uuid4().hex[:8]}"
    _run_apart(_admin(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    _run_apart(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def plain_table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns))


CALLS = plain_table(
    "calls", "id", "execution_sid", "to", "from", "status", "outcome", "created_at", "updated_at"
)
EVENTS = plain_table(
    "call_events", "id", "call_id", "kind", "event", "fields", "payload", "content_type", "received_at"
)


async def seed_revision_0001(engine: AsyncEngine) -> None:
    """The schema of revision 0001, with a call and an event stored in clear, as 0001 stored them."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "0001"))
        now = datetime.now(UTC)
        call = {"id": 1, "execution_sid": "FN" + "a" * 32, "to": NUMBER, "from": "+15005550006"}
        await connection.execute(
            CALLS.insert().values(
                **call, status="completed", outcome="confirmed", created_at=now, updated_at=now
            )
        )
        event = {
            "id": 1,
            "call_id": 1,
            "kind": "status",
            "event": "initiated",
            "fields": f'{{"to": "{NUMBER}"}}',
        }
        await connection.execute(
            EVENTS.insert().values(**event, payload=PAYLOAD, content_type="application/json", received_at=now)
        )


async def test_plaintext_rows_upgrade_read_and_get_encrypted_by_rotation(empty_database: str) -> None:
    key = generate_key()
    engine = create_engine(empty_database, keyring=Keyring([key]))
    try:
        await seed_revision_0001(engine)
        await upgrade(engine)
        async with engine.connect() as connection:  # 0004 fills the tail hash when it has the keys
            tail = await connection.scalar(sa.text("SELECT to_tail_hash FROM calls"))
        assert tail == Keyring([key]).tail_hash(NUMBER)
        sessions = create_sessionmaker(engine)
        async with sessions() as session:
            call = await session.get(Call, 1)
            event = await session.get(CallEvent, 1)
            assert call is not None and call.to_number == NUMBER and event is not None
            assert event.fields == {"to": NUMBER} and event.payload == PAYLOAD

        await rotate_keys(engine, old=Keyring([key]), new=Keyring([key]))
        async with engine.connect() as connection:
            stored = (await connection.execute(sa.text('SELECT "to", "from", to_hash FROM calls'))).one()
            event_row = (await connection.execute(sa.text("SELECT payload, fields FROM call_events"))).one()
        assert all(value.startswith("gAAAAA") for value in (*stored[:2], *event_row))
        assert stored[2] == Keyring([key]).keyed_hash(NUMBER)
        async with sessions() as session:
            call = await session.get(Call, 1)
            assert call is not None and call.to_number == NUMBER
    finally:
        await engine.dispose()
