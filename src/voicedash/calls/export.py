"""Exporting calls to CSV. A spreadsheet runs a cell starting with = + - @ (or tab, CR) as a formula:
every cell written goes through `neutralise_cell` first."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
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


class _LocalTimes:
    """Stored UTC times (SQLite gives its text, PostgreSQL a datetime) as ISO text with the zone's offset.

    The offset is looked up once per UTC hour in which it does not change, not once per value: an
    export formats three times per row."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._hours: dict[str, tuple[timedelta, str] | None] = {}

    def __call__(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            value = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        hour = value[:13]  # `YYYY-MM-DD HH`
        if hour not in self._hours:
            self._hours[hour] = self._steady_offset(datetime.fromisoformat(hour + ":00"))
        moment, steady = datetime.fromisoformat(value), self._hours[hour]
        if steady is None:  # the offset changes within this hour
            return str(moment.replace(tzinfo=UTC).astimezone(self.zone).isoformat(timespec="seconds"))
        offset, suffix = steady
        return (moment + offset).isoformat(timespec="seconds") + suffix

    def _steady_offset(self, hour: datetime) -> tuple[timedelta, str] | None:
        start, end = (hour.replace(tzinfo=UTC) + timedelta(seconds=s) for s in (0, 3599))
        offset, later = start.astimezone(self.zone).utcoffset(), end.astimezone(self.zone).utcoffset()
        if offset is None or offset != later:
            return None
        return offset, datetime(2000, 1, 1, tzinfo=timezone(offset)).isoformat()[-6:]


def _cells(row: Sequence[Any], to: str | None, times: _LocalTimes) -> list[Any]:
    sid, _, status, outcome, digits, answered_by, duration, created, answered, ended, url = row
    # Cells that hold what a caller or a webhook wrote go through the neutraliser. The others cannot
    # start like a formula: SIDs, status and outcome names, times, and durations (whole numbers ≥ 0).
    return [
        sid,
        neutralise_cell(to),
        status,
        outcome,
        digits and neutralise_cell(digits),  # empty cells (most of them) skip the call
        answered_by and neutralise_cell(answered_by),
        duration and neutralise_cell(duration),
        times(created),
        times(answered),
        times(ended),
        url and neutralise_cell(url),
    ]


async def csv_chunks(
    batches: AsyncIterator[Sequence[Sequence[Any]]], keyring: Keyring, zone: ZoneInfo
) -> AsyncIterator[bytes]:
    """The CSV file, BOM and header first, one UTF-8 chunk per batch of rows.

    Rows hold the columns of COLUMNS in order with `to` still encrypted: only it is decrypted, a batch
    at a time, and only a batch is ever held in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(COLUMNS)
    times = _LocalTimes(zone)
    async for batch in batches:
        numbers = keyring.decrypt_many([row[1] for row in batch])
        writer.writerows(_cells(row, to, times) for row, to in zip(batch, numbers, strict=True))
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
