"""Exporting calls to CSV. A spreadsheet runs a cell starting with = + - @ (or tab, CR) as a formula:
every cell written goes through `neutralise_cell` first."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from voicedash.db.encryption import Keyring

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> str:
    """The text of a CSV cell, with a leading `'` where a spreadsheet would read a formula.

    `+905321234567` becomes `'+905321234567`: shown as text, as the OWASP CSV-injection advice has it.
    """
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def neutralise_row(values: list[Any]) -> list[str]:
    return [neutralise_cell(value) for value in values]


COLUMNS = [
    "execution_sid",
    "to",
    "status",
    "outcome",
    "digits",
    "answered_by",
    "duration",
    "created_at",
    "answered_at",
    "ended_at",
    "recording_url",
]
BOM = "\ufeff"  # lets Excel read the file as UTF-8


def export_filename(now: datetime, zone: ZoneInfo) -> str:
    return f"voicedash-calls-{now.astimezone(zone).strftime('%Y%m%d-%H%M')}.csv"


def _local_time(value: Any, zone: ZoneInfo) -> str | None:
    """A stored UTC time (SQLite gives its text, PostgreSQL a datetime) in `zone`, ISO with offset."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value).replace(tzinfo=UTC) if isinstance(value, str) else value
    return str(moment.astimezone(zone).isoformat(timespec="seconds"))


def _cells(row: Sequence[Any], keyring: Keyring, zone: ZoneInfo) -> list[Any]:
    sid, to, status, outcome, digits, answered_by, duration, created, answered, ended, url = row
    # Cells that hold what a caller or a webhook wrote go through the neutraliser. The others cannot
    # start like a formula: SIDs, status and outcome names, times, and durations (whole numbers ≥ 0).
    return [
        sid,
        neutralise_cell(keyring.decrypt(to) if to is not None else None),
        status,
        outcome,
        neutralise_cell(digits),
        neutralise_cell(answered_by),
        neutralise_cell(duration),
        _local_time(created, zone),
        _local_time(answered, zone),
        _local_time(ended, zone),
        neutralise_cell(url),
    ]


async def csv_chunks(
    batches: AsyncIterator[Sequence[Sequence[Any]]], keyring: Keyring, zone: ZoneInfo
) -> AsyncIterator[bytes]:
    """The CSV file, BOM and header first, one UTF-8 chunk per batch of rows.

    Rows hold the columns of COLUMNS in order with `to` still encrypted: only it is decrypted, here,
    and only a batch is ever held in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(COLUMNS)
    async for batch in batches:
        writer.writerows(_cells(row, keyring, zone) for row in batch)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
