"""What the bulk-call API accepts and returns."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, StrictBool, StrictStr, field_validator

from voicedash.models import CallBatch, CallBatchRow

MAX_ENTRY_LENGTH = 64


class BatchCreate(BaseModel):
    numbers: list[StrictStr] = Field(
        min_length=1,
        description="One entry per row of the file, in order; rows are counted from 1.",
        examples=[["0532 123 45 67", "+90 532 765 43 21"]],
    )
    dry_run: StrictBool = Field(default=False, description="Only validate: nothing is stored or called.")

    @field_validator("numbers")
    @classmethod
    def _entries_are_text(cls, numbers: list[str]) -> list[str]:
        for row, entry in enumerate(numbers, start=1):
            try:
                entry.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate (\ud800) decodes from JSON but is no text
                raise ValueError(f"row {row} is not valid text") from None
        return numbers


class AcceptedRow(BaseModel):
    row: int
    input: str
    to: str


class RejectedRow(BaseModel):
    row: int
    input: str
    code: str
    reason: str
    duplicate_of: int | None = None


class BatchScreening(BaseModel):
    """Each row's verdict; `batch_id` is null on a dry run."""

    batch_id: str | None
    total_rows: int
    accepted: list[AcceptedRow]
    rejected: list[RejectedRow]


class BatchPublic(BaseModel):
    batch_id: str
    status: str
    total_rows: int
    rejected: int
    total: int
    started: int
    failed: int
    cancelled: int
    remaining: int
    created_by: str
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, batch: CallBatch, counts: dict[str, int] | None = None) -> BatchPublic:
        """The batch with `counts` (rows by status, live) or else the counters it last recorded."""
        started, failed, cancelled = (
            (counts["started"], counts["failed"], counts["cancelled"])
            if counts is not None
            else (batch.started, batch.failed, batch.cancelled)
        )
        return cls(
            batch_id=batch.batch_id,
            status=batch.status,
            total_rows=batch.total_rows,
            rejected=batch.rejected,
            total=batch.total,
            started=started,
            failed=failed,
            cancelled=cancelled,
            remaining=max(0, batch.total - started - failed - cancelled),
            created_by=batch.created_by,
            created_at=batch.created_at,
            finished_at=batch.finished_at,
        )


class FailedRow(BaseModel):
    row: int
    to: str
    code: str | None
    reason: str | None

    @classmethod
    def of(cls, row: CallBatchRow) -> FailedRow:
        return cls(row=row.row, to=row.to_number, code=row.failure_code, reason=row.failure_reason)


class BatchDetail(BatchPublic):
    failed_rows: list[FailedRow]


class BatchList(BaseModel):
    items: list[BatchPublic]
    total: int
    limit: int
    offset: int
