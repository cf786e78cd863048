"""Figures over time: stats of a range, calls per local day and hour, per local month.

Counts come from the (outcome, created_at) index alone: `outcome IN (every outcome)` lets the database
walk it outcome by outcome over the time range, already grouped, without reading the table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, cast, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from voicedash.calls.report_schemas import (
    CallStats,
    DailySummary,
    DayFigures,
    HourFigures,
    MonthFigures,
    MonthlySummary,
)
from voicedash.calls.timeframe import HOUR, DayRange, TimeRange, add_months, local_midnight
from voicedash.models import Call, CallOutcome

OUTCOMES = [o.value for o in CallOutcome]
ANSWERED = frozenset({"confirmed", "cancelled", "voicemail", "machine", "no_input", "hung_up"})
NOT_REACHED = frozenset({"no_answer", "busy", "failed"})


def rate(answered: int, not_reached: int) -> float | None:
    reached = answered + not_reached
    return round(answered / reached, 4) if reached else None


def figures(outcomes: Counter[str]) -> dict[str, Any]:
    """calls, answered, not_reached and every outcome (zero-filled) from counts per outcome."""
    return {
        "calls": sum(outcomes.values()),
        "answered": sum(outcomes[o] for o in ANSWERED),
        "not_reached": sum(outcomes[o] for o in NOT_REACHED),
        "outcomes": {o: outcomes[o] for o in OUTCOMES},
    }


def _in_window(start: datetime | None, end: datetime | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Call.outcome.in_(OUTCOMES)]
    if start is not None:
        where.append(Call.created_at >= start)
    if end is not None:
        where.append(Call.created_at < end)
    return where


def _per_outcome(start: datetime | None, end: datetime | None, tag: int = 0) -> Select[int, str, int]:
    return (
        select(literal(tag).label("tag"), Call.outcome, func.count())
        .where(*_in_window(start, end))
        .group_by(Call.outcome)
    )


async def call_stats(session: AsyncSession, window: TimeRange) -> CallStats:
    """Calls in the range by outcome; in progress, answered, not reached, answer rate."""
    counts = Counter(
        {outcome: n for _, outcome, n in await session.execute(_per_outcome(window.start, window.end))}
    )
    numbers = figures(counts)
    return CallStats(
        from_=window.first.label() if window.first else "",
        to=window.last.label() if window.last else "",
        time_zone=window.zone.key,
        in_progress=counts["pending"],
        answer_rate=rate(numbers["answered"], numbers["not_reached"]),
        **numbers,
    )


def _utc_bucket(seconds: int, dialect: str) -> ColumnElement[str]:
    """The UTC hour (or quarter hour) a call began in, as text `YYYY-MM-DD HH:MM`."""
    if dialect == "sqlite":  # stored as text `YYYY-MM-DD HH:MM:SS.ffffff`, in UTC
        if seconds == HOUR:
            return func.substr(Call.created_at, 1, 13, type_=String).concat(":00")
        minute = cast(func.substr(Call.created_at, 15, 2), Integer) // 15 * 15
        return func.substr(Call.created_at, 1, 14, type_=String).concat(func.printf("%02d", minute))
    utc = func.timezone("UTC", Call.created_at)
    if seconds == HOUR:
        return func.to_char(utc, "YYYY-MM-DD HH24:00", type_=String)
    quarter = func.date_trunc("hour", utc) + func.make_interval(
        0, 0, 0, 0, 0, cast(func.floor(func.extract("minute", utc) / 15) * 15, Integer)
    )
    return func.to_char(quarter, "YYYY-MM-DD HH24:MI", type_=String)


async def daily_summary(session: AsyncSession, days: DayRange) -> DailySummary:
    """Every local day of the range (zero-filled) and the 24 local hours, by outcome."""
    bucket = _utc_bucket(days.bucket_seconds(), session.get_bind().dialect.name).label("bucket")
    rows = await session.execute(
        select(bucket, Call.outcome, func.count())
        .where(*_in_window(days.start, days.end))
        .group_by(bucket, Call.outcome)
    )
    by_day: defaultdict[date, Counter[str]] = defaultdict(Counter)
    by_hour: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for text, outcome, count in rows:
        local = datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(days.zone)
        by_day[local.date()][outcome] += count
        by_hour[local.hour][outcome] += count
    hours = []
    for hour in range(24):
        numbers = figures(by_hour[hour])
        hours.append(
            HourFigures(
                hour=hour,
                calls=numbers["calls"],
                answered=numbers["answered"],
                answer_rate=rate(numbers["answered"], numbers["not_reached"]),
            )
        )
    return DailySummary(
        from_=days.first.isoformat(),
        to=days.last.isoformat(),
        time_zone=days.zone.key,
        days=[DayFigures(date=day.isoformat(), **figures(by_day[day])) for day in days.days()],
        by_hour=hours,
    )


async def monthly_summary(session: AsyncSession, months: list[date], zone: Any) -> MonthlySummary:
    """Each local month of the range, by outcome: one indexed count per month, in one statement."""
    bounds = [local_midnight(m, zone) for m in [*months, add_months(months[-1], 1)]]
    statement = union_all(*(_per_outcome(bounds[i], bounds[i + 1], i) for i in range(len(months))))
    per_month: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for index, outcome, count in await session.execute(statement):
        per_month[index][outcome] += count
    return MonthlySummary(
        from_=months[0].strftime("%Y-%m"),
        to=months[-1].strftime("%Y-%m"),
        time_zone=zone.key,
        months=[
            MonthFigures(month=m.strftime("%Y-%m"), **figures(per_month[i])) for i, m in enumerate(months)
        ],
    )
