"""The SQLite inbox writer's own connection stores rows exactly as SQLAlchemy would, on a real file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from voicedash.db.encryption import Keyring
from voicedash.db.engine import WriteGate, create_engine, create_sessionmaker
from voicedash.db.migrate import upgrade
from voicedash.models import WebhookInbox
from voicedash.webhooks.inbox import insert_items
from voicedash.webhooks.spool import InboxItem
from voicedash.webhooks.sqlite_inbox import SQLiteInbox

BODY = '{"execution_sid": "FN' + "a" * 32 + '", "event": "busy", "to": "+14155550199"}'


def item(key: str, at: datetime) -> InboxItem:
    headers = {"idempotency_token": None, "user_agent": "TwilioProxy/1.1"}
    return InboxItem(key, "status", "application/json", BODY.encode(), headers, at)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(
        f"sqlite+aiosqlite:///{tmp_path}/inbox.db", Keyring([Fernet.generate_key().decode()])
    )
    await upgrade(engine)
    yield engine
    await engine.dispose()


async def test_rows_read_back_alike_and_duplicates_are_skipped(engine: AsyncEngine) -> None:
    at = datetime(2026, 12, 4, 9, 30, 1, 123456, tzinfo=UTC)
    inbox = SQLiteInbox(engine)
    try:
        assert await inbox.insert([item("k1", at), item("k2", at), item("k1", at)]) == {"k1", "k2"}
        assert await inbox.insert([item("k2", at), item("k3", at)]) == {"k3"}
    finally:
        await inbox.close()
    await insert_items(engine, WriteGate(engine), [item("k4", at)])  # the same row through SQLAlchemy
    async with create_sessionmaker(engine)() as session:
        rows = {row.idempotency_key: row for row in await session.scalars(select(WebhookInbox))}
        raw = dict(
            (await session.execute(text("SELECT idempotency_key, received_at FROM webhook_inbox"))).all()
        )
        stored_body = await session.scalar(
            text("SELECT body FROM webhook_inbox WHERE idempotency_key = 'k1'")
        )
    assert sorted(rows) == ["k1", "k2", "k3", "k4"]
    assert rows["k1"].body == BODY and rows["k1"].received_at == at
    assert rows["k1"].headers == {"idempotency_token": None, "user_agent": "TwilioProxy/1.1"}
    assert raw["k1"] == raw["k4"], "stored in the format SQLAlchemy writes, so comparisons in SQL hold"
    assert "4155550199" not in stored_body, "the body is encrypted at rest"
