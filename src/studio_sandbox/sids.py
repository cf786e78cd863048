"""Twilio-shaped identifiers and timestamps."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def new_sid(prefix: str) -> str:
    """A fresh SID: two upper-case letters and 32 lower-case hex digits."""
    return prefix + secrets.token_hex(16)


def stable_sid(prefix: str, key: str) -> str:
    """A SID that is always the same for the same key (contacts are identified by address)."""
    return prefix + hashlib.sha256(key.encode()).hexdigest()[:32]


def utcnow() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def format_date(moment: datetime) -> str:
    """`YYYY-MM-DDTHH:MM:SSZ`, the only date shape the Twilio SDK parses."""
    return moment.astimezone(UTC).strftime(DATE_FORMAT)


def parse_date(text: str) -> datetime:
    """Parse an ISO 8601 date or date-time as sent by the SDK; naive values are taken as UTC."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment
