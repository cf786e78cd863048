"""A list of numbers to call, started together (a bulk call); its rows are `CallBatchRow`s."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from voicedash.db.base import Base, UTCDateTime, utcnow


class BatchStatus(StrEnum):
    running = "running"
    complete = "complete"
    cancelled = "cancelled"


class CallBatch(Base):
    __tablename__ = "call_batches"
    __table_args__ = (
        Index("ix_call_batches_created_at", "created_at"),
        # The runner looks for batches whose end it has not announced yet: few, found through this.
        Index("ix_call_batches_complete_event_id", "complete_event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(24), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=BatchStatus.running, index=True)
    total_rows: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    # Counters of the accepted rows; the runner refreshes them from the rows as it reports progress.
    total: Mapped[int] = mapped_column(Integer)
    started: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The event_id of the batch's bulkCallComplete: set in the transaction that stores it, so it goes once.
    complete_event_id: Mapped[int | None] = mapped_column(Integer)
