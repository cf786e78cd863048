"""What the read side of the calls API returns besides calls: settings, the event feed, figures."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from voicedash.calls.schemas import CallEventItem


class CallConfig(BaseModel):
    time_zone: str = Field(description="IANA zone days are counted in (ORG_TIMEZONE).")
    default_region: str | None
    calls_per_second: float
    bulk_max_numbers: int
    history_max_limit: int


class CallEventFeed(BaseModel):
    items: list[CallEventItem]
    next_before_id: int | None = Field(description="Pass as `before_id` for older events; null at the end.")


class Figures(BaseModel):
    """Calls counted per call (one per execution), split by outcome."""

    calls: int
    answered: int
    not_reached: int
    outcomes: dict[str, int]


class Period(BaseModel):
    """The local days a report covers (`from`, `to` inclusive) and the zone they are counted in."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    from_: str = Field(alias="from")
    to: str
    time_zone: str


class CallStats(Figures, Period):
    in_progress: int
    answer_rate: float | None


class DayFigures(Figures):
    date: str


class HourFigures(BaseModel):
    hour: int
    calls: int
    answered: int
    answer_rate: float | None


class DailySummary(Period):
    days: list[DayFigures]
    by_hour: list[HourFigures]


class MonthFigures(Figures):
    month: str


class MonthlySummary(Period):
    months: list[MonthFigures]
