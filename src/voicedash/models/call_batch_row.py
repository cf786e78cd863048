"""One accepted number of a bulk batch, and what happened when the runner started its call."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from voicedash.db.base import Base, UTCDateTime
from voicedash.db.encryption import EncryptedText


class RowStatus(StrEnum):
    pending = "pending"
    # Claimed and committed before Twilio is asked: a row in this state may have been called.
    starting = "starting"
    started = "started"
    failed = "failed"
    cancelled = "cancelled"


class CallBatchRow(Base):
    __tablename__ = "call_batch_rows"
    __table_args__ = (
        # The next pending row of a batch in file order, and the counters by status.
        Index("ix_call_batch_rows_batch_id_status_row", "batch_id", "status", "row"),
        Index("ix_call_batch_rows_to_hash_status", "to_hash", "status"),
        # Claims left in `starting` (a crash) are found by status alone.
        Index("ix_call_batch_rows_status_claimed_at", "status", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("call_batches.batch_id", ondelete="CASCADE"))
    row: Mapped[int] = mapped_column(Integer)
    # E.164, encrypted at rest; `to_hash` (HMAC) finds it exactly.
    to_number: Mapped[str] = mapped_column("to", EncryptedText)
    to_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=RowStatus.pending)
    execution_sid: Mapped[str | None] = mapped_column(String(34))
    failure_code: Mapped[str | None] = mapped_column(String(32))
    failure_reason: Mapped[str | None] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
