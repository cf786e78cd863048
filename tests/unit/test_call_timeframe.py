"""Local days in UTC (DST, half-hour zones), range parsing, the number tail hash."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError as PydanticValidationError

from voicedash.calls.filters import call_filter
from voicedash.calls.timeframe import (
    HOUR,
    QUARTER_HOUR,
    DayRange,
    day_range,
    month_range,
    parse_bound,
    time_range,
    zone_of,
)
from voicedash.config import Settings
from voicedash.db.encryption import Keyring
from voicedash.errors import ValidationError
from voicedash.zones import UnknownZoneError, local_zone_name, zone_named

LONDON = zone_named("Europe/London")


def test_a_local_day_is_23_or_25_hours_when_the_clocks_change() -> None:
    spring = DayRange(date(2026, 3, 29), date(2026, 3, 29), LONDON)
    autumn = DayRange(date(2026, 10, 25), date(2026, 10, 25), LONDON)
    assert spring.end - spring.start == timedelta(hours=23)
    assert autumn.end - autumn.start == timedelta(hours=25)
    assert spring.start == datetime(2026, 3, 29, tzinfo=UTC)
    assert autumn.start == datetime(2026, 10, 24, 23, tzinfo=UTC)


def test_hour_buckets_unless_the_offset_has_minutes() -> None:
    assert DayRange(date(2026, 3, 1), date(2026, 4, 30), LONDON).bucket_seconds() == HOUR
    assert (
        DayRange(date(2026, 1, 1), date(2026, 1, 2), zone_named("Europe/Istanbul")).bucket_seconds() == HOUR
    )
    assert (
        DayRange(date(2026, 1, 1), date(2026, 1, 2), zone_named("Asia/Kolkata")).bucket_seconds()
        == QUARTER_HOUR
    )
    assert (
        DayRange(date(2026, 1, 1), date(2026, 1, 2), zone_named("Asia/Kathmandu")).bucket_seconds()
        == QUARTER_HOUR
    )


def test_folding_a_utc_hour_into_local_days() -> None:
    # What daily_summary does with each bucket: 23:00 UTC on 25 Oct 2026 is 23:00 GMT, same day.
    bucket = datetime.fromisoformat("2026-10-25 23:00").replace(tzinfo=UTC).astimezone(LONDON)
    assert (bucket.date(), bucket.hour) == (date(2026, 10, 25), 23)
    bucket = datetime.fromisoformat("2026-10-24 23:00").replace(tzinfo=UTC).astimezone(LONDON)
    assert (bucket.date(), bucket.hour) == (date(2026, 10, 25), 0)


def test_ranges_are_inclusive_local_dates_or_exact_instants() -> None:
    window = time_range("2026-03-29", "2026-03-29", LONDON)
    assert (window.start, window.end) == (
        datetime(2026, 3, 29, tzinfo=UTC),
        datetime(2026, 3, 29, 23, tzinfo=UTC),
    )
    exact = time_range("2026-03-29T10:00:00+02:00", "2026-03-29T12:00:00Z", LONDON)
    assert exact.start == datetime(2026, 3, 29, 8, tzinfo=UTC)
    assert exact.end == datetime(2026, 3, 29, 12, tzinfo=UTC) + timedelta(microseconds=1)
    assert time_range(None, None, LONDON).start is None


@pytest.mark.parametrize(
    "text", ["2026-02-30", "26-01-01", "2026-01-01T10:00", "0001-01-01", "9999-12-31", "today"]
)
def test_bad_bounds_name_their_field(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_bound(text, "to", LONDON)
    assert caught.value.details["field"] == "to"


EXTREME_ZONES = [
    "UTC",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "Etc/GMT-14",
    "Asia/Kathmandu",
    "America/St_Johns",
]


@pytest.mark.parametrize("tz", EXTREME_ZONES)
def test_every_day_the_message_names_is_accepted_and_none_beyond(tz: str) -> None:
    zone = zone_named(tz)
    for field in ("from", "to"):
        for text in (
            "1970-01-01",
            "2200-12-31",
            "1970-01-01T00:00:00+14:00",
            "2200-12-31T23:59:59.999999-12:00",
        ):
            bound = parse_bound(text, field, zone)
            assert bound.day.year in (1969, 1970, 2200, 2201) and bound.label()[:4] in (
                "1969",
                "1970",
                "2200",
                "2201",
            )
        for text in ("1969-12-31", "2201-01-01", "1969-12-31T23:59:59-12:00", "2201-01-01T00:00:00+14:00"):
            with pytest.raises(ValidationError) as caught:
                parse_bound(text, field, zone)
            assert caught.value.details["field"] == field
            assert "from 1970-01-01 to 2200-12-31" in str(caught.value)
    window = time_range("1970-01-01", "2200-12-31", zone)
    assert window.start is not None and window.end is not None and window.start < window.end
    days = day_range("2200-01-01", "2200-12-31", zone, default_days=30)
    assert days.end > days.start and days.bucket_seconds() in (HOUR, QUARTER_HOUR)
    assert day_range("1970-01-01", "1970-12-31", zone, default_days=30).start.year in (1969, 1970)
    assert month_range("1970-01", "1970-12", zone)[0] == date(1970, 1, 1)
    assert month_range("2200-01", "2200-12", zone)[-1] == date(2200, 12, 1)
    for month in ("1969-12", "2201-01"):
        with pytest.raises(ValidationError) as caught:
            month_range(month, None, zone)
        assert caught.value.details["field"] == "from"


def test_month_ranges() -> None:
    assert month_range("2025-11", "2026-02", LONDON) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    with pytest.raises(ValidationError):
        month_range("2020-01", "2023-01", LONDON)


def test_unknown_zones_are_refused_before_touching_the_disk() -> None:
    for name in ("../../etc/passwd", "/etc/localtime", "Mars/Olympus", "", "Europe/" + "x" * 80):
        with pytest.raises(UnknownZoneError):
            zone_named(name)
    with pytest.raises(ValidationError) as caught:
        zone_of("Mars/Olympus", "UTC")
    assert caught.value.details["field"] == "tz"
    assert zone_of(None, "Europe/Istanbul").key == "Europe/Istanbul"


def test_the_tail_hash_matches_the_last_four_digits_under_one_key_only() -> None:
    keyring = Keyring([Fernet.generate_key().decode()])
    assert (
        keyring.tail_hash("+905321234567")
        == keyring.tail_hash("4567")
        == keyring.tail_hash("+1 415 555 4567")
    )
    assert keyring.tail_hash("+905321234567") != keyring.tail_hash("+905321234568")
    assert keyring.tail_hash("+905321234567") != keyring.keyed_hash("4567")  # not the full-number hash
    assert keyring.tail_hash("123") is None and keyring.tail_hash("client:abc") is None
    other = Keyring([Fernet.generate_key().decode()])
    assert other.tail_hash("4567") != keyring.tail_hash("4567")


@pytest.mark.parametrize(
    ("typed", "ascii"),
    [
        ("\u0660\u0661\u0660\u0661", "0101"),  # Arabic-Indic
        ("\u06f4\u06f5\u06f6\u06f7", "4567"),  # Extended Arabic-Indic (Persian, Urdu)
        ("\uff14\uff15\uff16\uff17", "4567"),  # full-width
        ("\u0966\u0967\u0968\u0969", "0123"),  # Devanagari
        ("4\u0665\uff16\u09ed", "4567"),  # mixed scripts
        (
            "+\u0669\u0660 \u0665\u0663\u0662 \u0661\u0662\u0663 \u0664\u0665 \u0666\u0667",
            "+90 532 123 45 67",
        ),
        ("\u0660\u0665\u0663\u0662 \u0661\u0662\u0663 \u0664\u0665 \u0666\u0667", "0532 123 45 67"),
    ],
)
def test_q_finds_the_same_calls_whatever_script_its_digits_are_in(typed: str, ascii: str) -> None:
    keyring = Keyring([Fernet.generate_key().decode()])

    def chosen(q: str) -> tuple[str | None, str | None]:
        found = call_filter(
            time_range(None, None, LONDON),
            status=None,
            outcome=None,
            q=q,
            batch_id=None,
            keyring=keyring,
            default_region="TR",
        )
        return found.to_hash, found.tail_hash

    assert chosen(typed) == chosen(ascii) != (None, None)


def test_the_default_zone_is_the_server_s(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert local_zone_name() == "Asia/Tokyo"
    monkeypatch.setenv("TZ", ":Europe/Istanbul")  # the POSIX form with a leading colon
    assert local_zone_name() == "Europe/Istanbul"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert zone_named(local_zone_name())  # falls back to the system's zone, else UTC


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("ORG_TIMEZONE", "Mars/Olympus"),
        ("ORG_TIMEZONE", "../../etc/passwd"),
        ("CALLS_PER_SECOND", "0"),
        ("CALLS_PER_SECOND", "31"),
        ("BULK_MAX_NUMBERS", "0"),
    ],
)
def test_bad_report_and_bulk_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, setting: str, value: str
) -> None:
    monkeypatch.setenv(setting, value)
    with pytest.raises(PydanticValidationError) as refused:
        Settings(_env_file=None)  # type: ignore[call-arg]
    assert setting.lower() in str(refused.value).lower()


def test_report_and_bulk_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORG_TIMEZONE", " Europe/Istanbul ")
    monkeypatch.setenv("CALLS_PER_SECOND", "2.5")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.org_timezone, settings.calls_per_second, settings.bulk_max_numbers) == (
        "Europe/Istanbul",
        2.5,
        5000,
    )
