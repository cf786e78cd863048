"""Local dates and months in a time zone, turned into UTC instants for the database.

A local day is [its midnight, the next midnight) in the zone, converted to UTC: 23 or 25 hours long on
the days clocks change. Reports group by UTC hour (or quarter hour, in zones whose offset is not whole
hours) in SQL and fold those buckets into local days and hours here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from voicedash.errors import ValidationError
from voicedash.zones import UnknownZoneError, zone_named

_MONTH = re.compile(r"(\d{4})-(\d{2})")
# Every day of 1970 to 2200 is accepted, as written: even a day's far end in the furthest zone (and the
# month or day after it that ranges reach) lies centuries inside what datetime and zoneinfo compute.
_EARLIEST, _LATEST = date(1970, 1, 1), date(2200, 12, 31)
_SPAN = f"from {_EARLIEST.isoformat()} to {_LATEST.isoformat()}"
MAX_DAYS = 366
MAX_MONTHS = 36
HOUR = 3600
QUARTER_HOUR = 900


def zone_of(tz: str | None, default: str) -> ZoneInfo:
    """The zone a request names with `tz`, else the organisation's; 400 naming `tz` if unknown."""
    try:
        return zone_named(tz if tz is not None else default)
    except UnknownZoneError as exc:
        raise ValidationError(str(exc), field="tz") from None


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant a local day begins."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def today_in(zone: ZoneInfo, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(zone).date()


@dataclass(frozen=True)
class Bound:
    """One end of a range as the client wrote it: a local date, or an exact instant."""

    day: date
    instant: datetime | None = None

    def label(self) -> str:
        return self.instant.isoformat() if self.instant else self.day.isoformat()


def parse_bound(value: str, field: str, zone: ZoneInfo) -> Bound:
    """`YYYY-MM-DD` (a local date) or an ISO datetime with an offset, dated (as written) from 1970-01-01
    to 2200-12-31; 400 naming `field` otherwise."""
    text = value.strip()
    problem = f"{field} must be a date YYYY-MM-DD or an ISO datetime with an offset, {_SPAN}"
    try:
        if len(text) == 10:
            written = date.fromisoformat(text)
            instant = None
        else:
            instant = datetime.fromisoformat(text)
            written = instant.date()
            if instant.tzinfo is None:
                raise ValidationError(problem, field=field)
        if not _EARLIEST <= written <= _LATEST:
            raise ValidationError(problem, field=field)
        if instant is None:
            return Bound(written)
        return Bound(instant.astimezone(zone).date(), instant.astimezone(UTC))
    except (ValueError, OverflowError):
        raise ValidationError(problem, field=field) from None


@dataclass(frozen=True)
class TimeRange:
    """[start, end) in UTC, with the local ends it came from."""

    start: datetime | None
    end: datetime | None
    first: Bound | None
    last: Bound | None
    zone: ZoneInfo


def time_range(raw_from: str | None, raw_to: str | None, zone: ZoneInfo) -> TimeRange:
    """`from`/`to`, both inclusive, as UTC instants; either may be missing (open end)."""
    first = parse_bound(raw_from, "from", zone) if raw_from else None
    last = parse_bound(raw_to, "to", zone) if raw_to else None
    start = (first.instant or local_midnight(first.day, zone)) if first else None
    if last is None:
        end = None
    elif last.instant is not None:
        end = last.instant + timedelta(microseconds=1)  # `to` is inclusive
    else:
        end = local_midnight(last.day + timedelta(days=1), zone)
    if start is not None and end is not None and start >= end:
        raise ValidationError("from must not be after to", field="from")
    return TimeRange(start, end, first, last, zone)


@dataclass(frozen=True)
class DayRange:
    """Whole local days, first and last included."""

    first: date
    last: date
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return local_midnight(self.first, self.zone)

    @property
    def end(self) -> datetime:
        return local_midnight(self.last + timedelta(days=1), self.zone)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def bucket_seconds(self) -> int:
        """Hour buckets fold into local hours when every offset in the range is whole hours."""
        offsets = {
            (self.start + timedelta(hours=12 * n)).astimezone(self.zone).utcoffset()
            for n in range(2 * len(self.days()) + 1)
        }
        whole = all(o is not None and o.total_seconds() % HOUR == 0 for o in offsets)
        return HOUR if whole else QUARTER_HOUR


def day_range(raw_from: str | None, raw_to: str | None, zone: ZoneInfo, *, default_days: int) -> DayRange:
    """Local days from `from` to `to` (default: the last `default_days`, today included), ≤ 366."""
    today = today_in(zone)
    last = parse_bound(raw_to, "to", zone).day if raw_to else today
    first = parse_bound(raw_from, "from", zone).day if raw_from else last - timedelta(days=default_days - 1)
    if first > last:
        raise ValidationError("from must not be after to", field="from")
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationError(f"the range may hold at most {MAX_DAYS} days", field="from")
    return DayRange(first, last, zone)


def _month_of(value: str, field: str, zone: ZoneInfo) -> date:
    match = _MONTH.fullmatch(value.strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and _EARLIEST.year <= year <= _LATEST.year:
            return date(year, month, 1)
        raise ValidationError(f"{field} must be a month YYYY-MM or a date YYYY-MM-DD, {_SPAN}", field=field)
    return parse_bound(value, field, zone).day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_range(raw_from: str | None, raw_to: str | None, zone: ZoneInfo) -> list[date]:
    """The first day of each local month from `from` to `to` (default: the last 12), ≤ 36 months."""
    last = _month_of(raw_to, "to", zone) if raw_to else today_in(zone).replace(day=1)
    first = _month_of(raw_from, "from", zone) if raw_from else add_months(last, -11)
    if first > last:
        raise ValidationError("from must not be after to", field="from")
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    if count > MAX_MONTHS:
        raise ValidationError(f"the range may hold at most {MAX_MONTHS} months", field="from")
    return [add_months(first, n) for n in range(count)]
