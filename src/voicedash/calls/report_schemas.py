"""What the read side of the calls API returns besides calls: settings, the event feed, figures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from voicedash.models import CallEvent


class CallConfig(BaseModel):
    time_zone: str = Field(description="IANA zone days are counted in (ORG_TIMEZONE).")
    default_region: str | None
    calls_per_second: float
    bulk_max_numbers: int
    history_max_limit: int


class CallEventItem(BaseModel):
    """A timeline event in the feed: as in a call's detail, without the raw payload."""

    event_id: int
    execution_sid: str | None
    call_sid: str | None
    kind: str
    event: str
    fields: dict[str, Any]
    content_type: str
    received_at: datetime

    @classmethod
    def of(cls, event: CallEvent) -> CallEventItem:
        return cls(
            event_id=event.id,
            execution_sid=event.execution_sid,
            call_sid=event.call_sid,
            kind=event.kind,
            event=event.event,
            fields=event.fields,
            content_type=event.content_type,
            received_at=event.received_at,
        )


class CallEventFeed(BaseModel):
    items: list[CallEventItem]
    next_before_id: int | None = Field(description="Pass as `before_id` for older events; null at the end.")


class Figures(BaseModel):
    """Calls counted per call (one per execution), split by outcome."""

    calls: int
    answered: int
    not_reached: int
    outcomes: dict[str, int]


class CallStats(Figures):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    from_: str = Field(alias="from")
    to: str
    time_zone: str
    in_progress: int
    answer_rate: float | None


class DayFigures(Figures):
    date: str


class HourFigures(BaseModel):
    hour: int
    calls: int
    answered: int
    answer_rate: float | None


class DailySummary(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    from_: str = Field(alias="from")
    to: str
    time_zone: str
    days: list[DayFigures]
    by_hour: list[HourFigures]


class MonthFigures(Figures):
    month: str


class MonthlySummary(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    from_: str = Field(alias="from")
    to: str
    time_zone: str
    months: list[MonthFigures]
