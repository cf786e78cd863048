"""The spool that holds webhooks while the database is away: durable, encrypted, bounded, crash-safe."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from voicedash.db.encryption import Keyring, generate_key
from voicedash.webhooks.spool import InboxItem, Spool, SpoolFullError

KEYRING = Keyring([generate_key()])
NUMBER = "+905321234567"


def item(n: int) -> InboxItem:
    body = f'{{"execution_sid": "FN{n:032x}", "event": "busy", "to": "{NUMBER}"}}'.encode()
    return InboxItem(
        f"event:{n}",
        "status",
        "application/json",
        body,
        {"user_agent": "TwilioProxy/1.1"},
        datetime(2026, 12, 3, 9, n % 60, tzinfo=UTC),
    )


def test_items_come_back_as_they_went_in_and_the_file_holds_no_number(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool.jsonl", 1 << 20, KEYRING)
    spool.append([item(1), item(2)])
    assert spool.read() == [item(1), item(2)] and spool.depth == 2
    raw = (tmp_path / "spool.jsonl").read_bytes()
    assert NUMBER.encode() not in raw and b"5321234567" not in raw


def test_a_torn_last_line_is_cut_and_later_appends_are_intact(tmp_path: Path) -> None:
    path = tmp_path / "spool.jsonl"
    Spool(path, 1 << 20, KEYRING).append([item(1)])
    with path.open("ab") as spool_file:
        spool_file.write(b"gAAAAABtorn-mid-write")  # a crash during an append: never acknowledged
    reopened = Spool(path, 1 << 20, KEYRING)
    reopened.append([item(2)])
    assert reopened.read() == [item(1), item(2)]


def test_removing_the_replayed_head_keeps_what_came_after(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool.jsonl", 1 << 20, KEYRING)
    spool.append([item(1), item(2)])
    spool.append([item(3)])
    spool.remove(2)
    assert spool.read() == [item(3)] and spool.depth == 1


def test_a_full_spool_refuses_rather_than_grows(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool.jsonl", 2048, KEYRING)
    with pytest.raises(SpoolFullError):
        for n in range(100):
            spool.append([item(n)])
    assert 0 < spool.depth < 100
