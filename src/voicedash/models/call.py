"""A call voicedash started (or learned of from a webhook), one row per Studio execution."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, Integer, String, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

from voicedash.db.base import Base, UTCDateTime, utcnow
from voicedash.db.encryption import EncryptedText, keyring_of


class CallStatus(StrEnum):
    """Twilio's call statuses, in the order a call moves through them."""

    queued = "queued"
    initiated = "initiated"
    ringing = "ringing"
    in_progress = "in-progress"
    completed = "completed"
    busy = "busy"
    no_answer = "no-answer"
    canceled = "canceled"
    failed = "failed"


TERMINAL_STATUSES = frozenset(
    {CallStatus.completed, CallStatus.busy, CallStatus.no_answer, CallStatus.canceled, CallStatus.failed}
)


class CallOutcome(StrEnum):
    pending = "pending"
    confirmed = "confirmed"
    cancelled = "cancelled"
    voicemail = "voicemail"
    no_answer = "no_answer"
    busy = "busy"
    failed = "failed"
    machine = "machine"
    no_input = "no_input"
    hung_up = "hung_up"


class Call(Base):
    __tablename__ = "calls"
    __table_args__ = (
        Index("ix_calls_created_at", "created_at"),
        Index("ix_calls_to_hash_created_at", "to_hash", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    execution_sid: Mapped[str] = mapped_column(String(34), unique=True)
    call_sid: Mapped[str | None] = mapped_column(String(34), index=True)
    flow_sid: Mapped[str | None] = mapped_column(String(34))
    call_hash: Mapped[str | None] = mapped_column(String(64))
    # Phone numbers are encrypted at rest; `to_hash` (HMAC of `to`) is what exact lookups compare.
    to_number: Mapped[str] = mapped_column("to", EncryptedText)
    from_number: Mapped[str | None] = mapped_column("from", EncryptedText)
    to_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default=CallStatus.queued)
    outcome: Mapped[str] = mapped_column(String(16), default=CallOutcome.pending, index=True)
    digits: Mapped[str | None] = mapped_column(String(32))
    # Which keypress `digits` came from, as a sortable string (see calls.lifecycle); internal.
    digits_rank: Mapped[str | None] = mapped_column(String(40))
    answered_by: Mapped[str | None] = mapped_column(String(32))
    duration: Mapped[int | None] = mapped_column(Integer)
    recording_url: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The bulk batch that started the call (its public id), if one did.
    batch_id: Mapped[str | None] = mapped_column(String(40), index=True)


def _set_to_hash(connection: Any, call: Call) -> None:
    call.to_hash = keyring_of(connection.dialect).keyed_hash(call.to_number) if call.to_number else None


@event.listens_for(Call, "before_insert")
def _hash_on_insert(_: Any, connection: Any, call: Call) -> None:
    _set_to_hash(connection, call)


@event.listens_for(Call, "before_update")
def _hash_on_update(_: Any, connection: Any, call: Call) -> None:
    if inspect(call).attrs.to_number.history.has_changes():
        _set_to_hash(connection, call)
