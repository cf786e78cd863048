"""A webhook exactly as it arrived, stored before it is acknowledged; processed into a call event later."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from voicedash.db.base import Base, UTCDateTime, utcnow
from voicedash.db.encryption import EncryptedText


class WebhookInbox(Base):
    __tablename__ = "webhook_inbox"
    __table_args__ = (
        # The processor's queue: only unprocessed rows, in arrival order.
        Index(
            "ix_webhook_inbox_pending",
            "id",
            postgresql_where=text("processed_at IS NULL"),
            sqlite_where=text("processed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # One row per real event: Twilio's idempotency token, or the event's identity (webhooks.identity).
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    content_type: Mapped[str] = mapped_column(String(128))
    # The body as received (UTF-8: anything else was refused), encrypted: it holds phone numbers.
    body: Mapped[str] = mapped_column(EncryptedText)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
