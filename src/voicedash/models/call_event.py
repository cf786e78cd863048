"""One webhook as received: the call's timeline. Its id is the event_id clients see."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from voicedash.db.base import Base, UTCDateTime, utcnow
from voicedash.db.encryption import EncryptedJSON, EncryptedText


class CallEvent(Base):
    __tablename__ = "call_events"
    __table_args__ = (Index("ix_call_events_call_id_id", "call_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    execution_sid: Mapped[str | None] = mapped_column(String(34), index=True)
    call_sid: Mapped[str | None] = mapped_column(String(34), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    event: Mapped[str] = mapped_column(String(64))
    # Both carry the dialled number: encrypted at rest.
    fields: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON)
    payload: Mapped[str] = mapped_column(EncryptedText)
    content_type: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
