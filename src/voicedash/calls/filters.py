"""What a history or export request asks for: filters, sort and cursor, each checked (400 naming it)."""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Integer, and_, literal, tuple_

from voicedash.calls.phone import normalize_phone
from voicedash.calls.timeframe import TimeRange
from voicedash.db.encryption import Keyring
from voicedash.errors import ValidationError
from voicedash.models import Call, CallOutcome, CallStatus
from voicedash.models.call import DURATION_SORT_KEY

_BATCH_ID = re.compile(r"[A-Za-z0-9_\-]{1,40}")
_TAIL = re.compile(r"[0-9]{4}")


def _ascii_digits(text: str) -> str:
    """Every Unicode decimal digit (Arabic-Indic, full-width, …) as its ASCII digit, the rest as it is."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


@dataclass(frozen=True)
class Sort:
    """An order of calls: its key columns, all ascending or all descending, ending with `id`."""

    name: str
    descending: bool

    @property
    def field(self) -> str:
        return self.name.lstrip("-")

    def keys(self) -> tuple[ColumnElement[Any], ...]:
        columns = Call.__table__.c
        created: tuple[ColumnElement[Any], ...] = (columns.created_at, columns.id)
        return {
            "created_at": created,
            "updated_at": (columns.updated_at, columns.id),
            "status": (columns.status, *created),
            "outcome": (columns.outcome, *created),
            "duration": (DURATION_SORT_KEY, *created),
        }[self.field]

    def order_by(self) -> list[ColumnElement[Any]]:
        return [key.desc() if self.descending else key.asc() for key in self.keys()]

    def values_of(self, call: Call) -> list[Any]:
        """The sort keys of a row, as a cursor stores them."""
        leads: dict[str, list[Any]] = {
            "created_at": [],
            "updated_at": [],
            "status": [call.status],
            "outcome": [call.outcome],
            "duration": [call.duration if call.duration is not None else -1],
        }
        lead = leads[self.field]
        moment = call.updated_at if self.field == "updated_at" else call.created_at
        return [*lead, moment.isoformat(), call.id]


SORTS = {
    name: Sort(name, name.startswith("-"))
    for f in ("created_at", "updated_at", "status", "outcome", "duration")
    for name in (f, f"-{f}")
}
DEFAULT_SORT = SORTS["-created_at"]


def parse_sort(value: str | None) -> Sort:
    if value is None or value == "":
        return DEFAULT_SORT
    if value not in SORTS:
        raise ValidationError(f"sort must be one of {', '.join(SORTS)}", field="sort")
    return SORTS[value]


def encode_cursor(sort: Sort, call: Call) -> str:
    """An opaque token for the page after `call`; it names its sort, so it cannot be misread."""
    raw = json.dumps([sort.name, *sort.values_of(call)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _bad_cursor() -> ValidationError:
    return ValidationError(
        "cursor is not one this server gave out (use next_cursor as it is)", field="cursor"
    )


_INT64 = range(-(2**63), 2**63)
_CURSOR_LEADS: dict[str, Callable[[Any], bool]] = {
    "status": lambda v: isinstance(v, str) and v in CallStatus._value2member_map_,
    "outcome": lambda v: isinstance(v, str) and v in CallOutcome._value2member_map_,
    "duration": lambda v: type(v) is int and v in _INT64,
}


def _cursor_values(sort: Sort, token: str) -> list[Any]:
    """The sort keys a cursor holds, each checked as the server writes it; 400 naming `cursor` otherwise.

    A forged token must never reach the database: an integer beyond 64 bits, or an instant that
    overflows on its way to UTC, would otherwise be a 500."""
    if len(token) > 512:
        raise _bad_cursor()
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _bad_cursor() from None
    if not isinstance(decoded, list) or not decoded or decoded[0] != sort.name:
        raise ValidationError("cursor belongs to another sort: start again without it", field="cursor")
    values = decoded[1:]
    if len(values) != len(sort.keys()) or type(values[-1]) is not int or values[-1] not in _INT64:
        raise _bad_cursor()
    if sort.field in _CURSOR_LEADS and not _CURSOR_LEADS[sort.field](values[0]):
        raise _bad_cursor()
    if not isinstance(values[-2], str):
        raise _bad_cursor()
    try:
        moment = datetime.fromisoformat(values[-2])
        if moment.tzinfo is None:
            raise _bad_cursor()
        values[-2] = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise _bad_cursor() from None
    return values


def _bind_type(key: ColumnElement[Any]) -> Any:
    """Integers are bound as 64-bit: PostgreSQL's INTEGER is 32, and a wider value must compare, not fail."""
    return BigInteger() if isinstance(key.type, Integer) else key.type


def after_cursor(sort: Sort, token: str) -> ColumnElement[bool]:
    """Rows after the cursor's row in `sort` order: a row-value comparison, plus a plain bound on the
    first key so that SQLite (which does not range-scan an expression index by row value) starts
    its index scan at the cursor instead of at the top."""
    keys = sort.keys()
    stored = _cursor_values(sort, token)
    # Each value bound with its column's type (integers widened to 64 bits): the UTC timestamp is stored
    # as the column stores it.
    values = [literal(v, type_=_bind_type(k)) for k, v in zip(keys, stored, strict=True)]
    if sort.descending:
        return and_(keys[0] <= values[0], tuple_(*keys) < tuple_(*values))
    return and_(keys[0] >= values[0], tuple_(*keys) > tuple_(*values))


@dataclass(frozen=True)
class CallFilter:
    """Conditions on calls; every one of them is served by an index (see models/call.py)."""

    window: TimeRange
    statuses: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    to_hash: str | None = None
    tail_hash: str | None = None
    batch_id: str | None = None

    def described(self) -> dict[str, Any]:
        """The filter in words for the audit log: which kind of number search, never the number."""
        search = "number" if self.to_hash else "last 4 digits" if self.tail_hash else None
        described = {
            "from": self.window.first.label() if self.window.first else None,
            "to": self.window.last.label() if self.window.last else None,
            "status": list(self.statuses),
            "outcome": list(self.outcomes),
            "search": search,
            "batch_id": self.batch_id,
        }
        return {name: value for name, value in described.items() if value}

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.window.start is not None:
            where.append(Call.created_at >= self.window.start)
        if self.window.end is not None:
            where.append(Call.created_at < self.window.end)
        if self.statuses:
            where.append(Call.status.in_(self.statuses))
        if self.outcomes:
            where.append(Call.outcome.in_(self.outcomes))
        if self.to_hash is not None:
            where.append(Call.to_hash == self.to_hash)
        if self.tail_hash is not None:
            where.append(Call.to_tail_hash == self.tail_hash)
        if self.batch_id is not None:
            where.append(Call.batch_id == self.batch_id)
        return where


def _choices(value: str | None, field: str, allowed: list[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip() for v in (value or "").split(",") if v.strip()))
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise ValidationError(
            f"{field} {unknown[0]!r} is not one of {', '.join(allowed)}",
            field=field,
            details={"value": unknown[0]},
        )
    return chosen


def call_filter(
    window: TimeRange,
    *,
    status: str | None,
    outcome: str | None,
    q: str | None,
    batch_id: str | None,
    keyring: Keyring,
    default_region: str | None,
) -> CallFilter:
    """Check each filter parameter and turn it into what the database compares."""
    statuses = _choices(status, "status", [s.value for s in CallStatus])
    outcomes = _choices(outcome, "outcome", [o.value for o in CallOutcome])
    to_hash = tail_hash = None
    # The digits a number is stored with are ASCII: `٠١٠١` and `0101` must find the same calls.
    search = _ascii_digits(q or "").strip()
    if _TAIL.fullmatch(search):
        tail_hash = keyring.tail_hash(search)
    elif search:
        to_hash = keyring.keyed_hash(normalize_phone(search, default_region=default_region, field="q"))
    if batch_id and not _BATCH_ID.fullmatch(batch_id):
        raise ValidationError("batch_id must be up to 40 letters, digits, _ or -", field="batch_id")
    return CallFilter(window, statuses, outcomes, to_hash, tail_hash, batch_id or None)
