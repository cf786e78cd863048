"""Stats, daily and monthly summaries (local days, DST, half-hour zones) and the CSV export."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tests.support.calls import EXPORT_HEADER, add_calls, add_events, utc
from tests.support.stack import Stack, running_stack
from voicedash.calls.timeframe import today_in
from voicedash.models import AuditEvent, Call
from voicedash.zones import zone_named

TERMINAL = {"completed", "busy", "no-answer", "failed", "canceled"}


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url, org_timezone="Europe/Istanbul") as running:
        yield running


async def get(stack: Stack, path: str, **params: Any) -> dict[str, Any]:
    response = await stack.http.get(path, params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def test_a_call_counts_on_its_local_day(stack: Stack) -> None:
    # 23:30 in Istanbul on 10 March is 20:30 UTC; 00:30 on 11 March is 21:30 UTC on the 10th.
    await add_calls(
        stack,
        [
            {"created_at": utc("2024-03-10 20:30"), "outcome": "confirmed"},
            {"created_at": utc("2024-03-10 21:30"), "outcome": "busy", "status": "busy"},
        ],
    )
    tenth = await get(stack, "/api/calls/stats", **{"from": "2024-03-10", "to": "2024-03-10"})
    assert (tenth["calls"], tenth["outcomes"]["confirmed"], tenth["time_zone"]) == (1, 1, "Europe/Istanbul")
    eleventh = await get(stack, "/api/calls/stats", **{"from": "2024-03-11"}, to="2024-03-11")
    assert (eleventh["calls"], eleventh["not_reached"], eleventh["answer_rate"]) == (1, 1, 0.0)
    in_utc = await get(stack, "/api/calls/stats", **{"from": "2024-03-10"}, to="2024-03-10", tz="UTC")
    assert in_utc["calls"] == 2 and in_utc["answer_rate"] == 0.5
    daily = await get(stack, "/api/calls/summary/daily", **{"from": "2024-03-09"}, to="2024-03-11")
    assert [(d["date"], d["calls"]) for d in daily["days"]] == [
        ("2024-03-09", 0),
        ("2024-03-10", 1),
        ("2024-03-11", 1),
    ]
    hours = {h["hour"]: h for h in daily["by_hour"]}
    assert len(daily["by_hour"]) == 24 and hours[23]["calls"] == 1 and hours[0]["calls"] == 1
    assert (
        hours[23]["answer_rate"] == 1.0
        and hours[0]["answer_rate"] == 0.0
        and hours[12]["answer_rate"] is None
    )


async def test_days_are_23_and_25_hours_long_when_london_changes_its_clocks(stack: Stack) -> None:
    await add_calls(
        stack,
        [
            {"created_at": utc("2026-03-28 23:30")},  # 23:30 GMT on the 28th
            {"created_at": utc("2026-03-29 22:30")},  # 23:30 BST on the 29th (a 23-hour day)
            {"created_at": utc("2026-03-29 23:30")},  # 00:30 BST on the 30th
            {"created_at": utc("2026-10-24 22:30")},  # 23:30 BST on the 24th
            {"created_at": utc("2026-10-24 23:30")},  # 00:30 BST on the 25th (a 25-hour day)
            {"created_at": utc("2026-10-25 23:30")},  # 23:30 GMT on the 25th
        ],
    )
    spring = await get(
        stack, "/api/calls/summary/daily", **{"from": "2026-03-28"}, to="2026-03-30", tz="Europe/London"
    )
    assert [d["calls"] for d in spring["days"]] == [1, 1, 1]
    autumn = await get(
        stack, "/api/calls/summary/daily", **{"from": "2026-10-24"}, to="2026-10-26", tz="Europe/London"
    )
    assert [d["calls"] for d in autumn["days"]] == [1, 2, 0]
    assert {h["hour"]: h["calls"] for h in autumn["by_hour"] if h["calls"]} == {23: 2, 0: 1}
    stats = await get(
        stack, "/api/calls/stats", **{"from": "2026-10-25"}, to="2026-10-25", tz="Europe/London"
    )
    assert stats["calls"] == 2


async def test_half_hour_zones_fold_into_the_right_local_hour(stack: Stack) -> None:
    # 18:45 UTC is 00:15 on the next day in Kolkata (UTC+5:30); 18:15 UTC is 23:45.
    await add_calls(stack, [{"created_at": utc("2023-05-05 18:45")}, {"created_at": utc("2023-05-05 18:15")}])
    daily = await get(
        stack, "/api/calls/summary/daily", **{"from": "2023-05-05"}, to="2023-05-06", tz="Asia/Kolkata"
    )
    assert [d["calls"] for d in daily["days"]] == [1, 1]
    assert {h["hour"]: h["calls"] for h in daily["by_hour"] if h["calls"]} == {23: 1, 0: 1}


async def test_monthly_summary_is_zero_filled_and_local(stack: Stack) -> None:
    # 22:30 UTC on 31 Jan 2022 is already February in Istanbul.
    await add_calls(
        stack,
        [
            {"created_at": utc("2022-01-31 22:30"), "outcome": "cancelled"},
            {"created_at": utc("2022-01-15 10:00"), "outcome": "voicemail"},
            {"created_at": utc("2022-04-02 10:00"), "outcome": "no_answer", "status": "no-answer"},
        ],
    )
    monthly = await get(stack, "/api/calls/summary/monthly", **{"from": "2022-01"}, to="2022-04")
    assert [(m["month"], m["calls"]) for m in monthly["months"]] == [
        ("2022-01", 1),
        ("2022-02", 1),
        ("2022-03", 0),
        ("2022-04", 1),
    ]
    assert monthly["months"][1]["outcomes"]["cancelled"] == 1 and monthly["months"][3]["not_reached"] == 1
    assert set(monthly["months"][2]["outcomes"]) >= {"pending", "confirmed", "hung_up"}
    by_dates = await get(stack, "/api/calls/summary/monthly", **{"from": "2022-01-20"}, to="2022-02-03")
    assert [m["month"] for m in by_dates["months"]] == ["2022-01", "2022-02"]


async def test_defaults_are_today_the_last_30_days_and_the_last_12_months(stack: Stack) -> None:
    today = today_in(zone_named("Europe/Istanbul"))
    stats = await get(stack, "/api/calls/stats")
    assert stats["from"] == stats["to"] == today.isoformat()
    daily = await get(stack, "/api/calls/summary/daily")
    assert len(daily["days"]) == 30 and daily["to"] == today.isoformat()
    monthly = await get(stack, "/api/calls/summary/monthly")
    assert len(monthly["months"]) == 12 and monthly["to"] == today.strftime("%Y-%m")


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/calls/stats", {"tz": "Nowhere/City"}, "tz"),
        ("/api/calls/stats", {"from": "2025-02-30"}, "from"),
        ("/api/calls/stats", {"from": "2025-02-03", "to": "2025-02-01"}, "from"),
        ("/api/calls/summary/daily", {"from": "2024-01-01", "to": "2025-01-02"}, "from"),
        ("/api/calls/summary/daily", {"to": "0000-01-01"}, "to"),
        ("/api/calls/summary/monthly", {"from": "2020-01", "to": "2023-01"}, "from"),
        ("/api/calls/summary/monthly", {"from": "2020-13"}, "from"),
        ("/api/calls/summary/monthly", {"to": "soon"}, "to"),
        ("/api/calls/export", {"sort": "name"}, "sort"),
        ("/api/calls/export", {"tz": "Europe/Atlantis"}, "tz"),
    ],
)
async def test_bad_parameters_are_400_naming_them(
    stack: Stack, path: str, params: dict[str, str], field: str
) -> None:
    response = await stack.http.get(path, params=params)
    assert response.status_code == 400, response.text
    assert response.json()["details"]["field"] == field


REPORT_PATHS = [
    "/api/calls/stats",
    "/api/calls/summary/daily",
    "/api/calls/summary/monthly",
    "/api/calls/history",
]
BAD_BOUNDS = [
    "2025-02-30",
    "yesterday",
    "1969-12-31",
    "2201-01-01",
    "0000-01-01",
    "1969-12-31T23:59:59+00:00",
    "2201-01-01T00:00:00+00:00",
    "2025-01-05T10:00:00",  # no offset
    "0001-01-01T00:00:00+01:00",  # overflows on its way to UTC
    "9999-12-31T23:59:59-01:00",
    "2" * 41,  # longer than the parameter may be
]


@pytest.mark.parametrize("path", REPORT_PATHS)
@pytest.mark.parametrize("value", BAD_BOUNDS)
@pytest.mark.parametrize(
    ("field", "other"), [("from", None), ("to", None), ("from", "2025-02-01"), ("to", "2025-02-01")]
)
async def test_a_bad_bound_is_400_naming_the_parameter_that_is_wrong(
    stack: Stack, path: str, value: str, field: str, other: str | None
) -> None:
    params = {field: value}
    if other is not None:  # the other end given and good
        params["to" if field == "from" else "from"] = other
    response = await stack.http.get(path, params=params)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["success"] is False and body["details"]["field"] == field, body


@pytest.mark.parametrize("field", ["from", "to"])
@pytest.mark.parametrize("value", ["1969-12", "2201-01", "2025-13", "2025-00"])
async def test_a_bad_month_is_400_naming_the_parameter_that_is_wrong(
    stack: Stack, field: str, value: str
) -> None:
    response = await stack.http.get("/api/calls/summary/monthly", params={field: value})
    assert response.status_code == 400, response.text
    assert response.json()["details"]["field"] == field


@pytest.mark.parametrize(
    "tz", ["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu", "America/St_Johns", "Europe/Istanbul"]
)
async def test_the_first_and_last_days_the_error_names_are_accepted_in_any_zone(
    stack: Stack, tz: str
) -> None:
    """The error says dates run from 1970-01-01 to 2200-12-31: both whole days are accepted, everywhere."""
    first, last = "1970-01-01", "2200-12-31"
    for day in (first, last):
        stats = await get(stack, "/api/calls/stats", **{"from": day}, to=day, tz=tz)
        assert (stats["from"], stats["to"], stats["calls"]) == (day, day, 0)
        assert (await get(stack, "/api/calls/stats", to=day, tz=tz))["to"] == day
    stats = await get(stack, "/api/calls/stats", **{"from": first}, to=last, tz=tz)
    assert (stats["from"], stats["to"]) == (first, last)
    daily = await get(stack, "/api/calls/summary/daily", **{"from": first}, to="1970-12-31", tz=tz)
    assert daily["days"][0]["date"] == first and len(daily["days"]) == 365
    daily = await get(stack, "/api/calls/summary/daily", **{"from": "2200-01-01"}, to=last, tz=tz)
    assert daily["days"][-1]["date"] == last and len(daily["days"]) == 365
    assert (await get(stack, "/api/calls/summary/daily", to=first, tz=tz))["to"] == first
    monthly = await get(stack, "/api/calls/summary/monthly", **{"from": "1970-01"}, to="1970-12", tz=tz)
    assert [m["month"] for m in monthly["months"]][::11] == ["1970-01", "1970-12"]
    monthly = await get(stack, "/api/calls/summary/monthly", **{"from": "2200-01"}, to="2200-12", tz=tz)
    assert [m["month"] for m in monthly["months"]][::11] == ["2200-01", "2200-12"]
    by_dates = await get(stack, "/api/calls/summary/monthly", **{"from": "2200-11-30"}, to=last, tz=tz)
    assert [m["month"] for m in by_dates["months"]] == ["2200-11", "2200-12"]
    history = await get(stack, "/api/calls/history", **{"from": first}, to=last, tz=tz, limit=1)
    assert history["total"] >= 0
    instants = {"from": "1970-01-01T00:00:00+14:00", "to": "2200-12-31T23:59:59.999999-12:00"}
    stats = await get(stack, "/api/calls/stats", **instants, tz=tz)
    assert (stats["from"], stats["to"]) == ("1969-12-31T10:00:00+00:00", "2201-01-01T11:59:59.999999+00:00")
    assert (await get(stack, "/api/calls/history", **instants, tz=tz, limit=1))["total"] >= 0


async def test_stats_count_calls_not_events(stack: Stack) -> None:
    """Real calls through the sandbox, then the same webhooks again: each call still counts once."""
    sids = [(await stack.start_call(f"+1 415 555 07{d}1")).json()["data"]["execution_sid"] for d in range(3)]
    sids.append((await stack.start_call("+1 415 555 0733")).json()["data"]["execution_sid"])
    await asyncio.gather(*(stack.wait_for(s, lambda d: d["call"]["status"] in TERMINAL) for s in sids))
    today = today_in(zone_named("Europe/Istanbul")).isoformat()
    before = await get(stack, "/api/calls/stats", **{"from": today}, to=today)
    calls = [
        c for c in (await get(stack, "/api/calls/history", limit=10))["items"] if c["execution_sid"] in sids
    ]
    async with stack.api.state.sessions() as session:
        rows = (await session.scalars(select(Call).where(Call.execution_sid.in_(sids)))).all()
    for row in rows:  # each timeline gets two more copies of its last event
        await add_events(stack, row, ["completed", "completed"])
    after = await get(stack, "/api/calls/stats", **{"from": today}, to=today)
    assert after == before and after["calls"] >= 4 and len(calls) == 4
    assert after["outcomes"]["confirmed"] >= 3 and after["outcomes"]["busy"] >= 1


async def test_export_streams_every_matching_call_as_neutralised_csv(stack: Stack) -> None:
    base = utc("2021-06-01 09:00")
    await add_calls(
        stack,
        [
            {
                "created_at": base,
                "to": "+905321234567",
                "digits": "=1+2",
                "answered_by": 'say "hi", @once',
                "answered_at": base + timedelta(seconds=12),
                "ended_at": base + timedelta(seconds=70),
                "duration": 58,
                "recording_url": "https://api.twilio.com/r/RE1",
                "batch_id": "b_export_test",
            }
        ]
        + [{"created_at": base + timedelta(minutes=n), "batch_id": "b_export_test"} for n in range(1, 3000)],
    )
    params = {"batch_id": "b_export_test", "sort": "created_at", "tz": "Europe/Istanbul"}
    async with stack.http.stream("GET", "/api/calls/export", params=params) as response:
        assert response.status_code == 200
        chunks = [chunk async for chunk in response.aiter_raw()]
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="voicedash-calls-\d{8}-\d{4}\.csv"', response.headers["content-disposition"]
    )
    assert len(chunks) > 1, "the file must be streamed, not built whole"
    raw = b"".join(chunks)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == EXPORT_HEADER
    assert len(rows) == 1 + 3000
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["to"] == "'+905321234567" and first["digits"] == "'=1+2"
    assert first["answered_by"] == 'say "hi", @once'  # quoted by the CSV writer, not a formula
    assert b'"say ""hi"", @once"' in raw
    assert (first["created_at"], first["answered_at"]) == (
        "2021-06-01T12:00:00+03:00",
        "2021-06-01T12:00:12+03:00",
    )
    assert first["duration"] == "58" and first["recording_url"] == "https://api.twilio.com/r/RE1"
    async with stack.api.state.sessions() as session:
        entry = await session.scalar(
            select(AuditEvent)
            .where(AuditEvent.action == "data.exported")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        )
    assert entry is not None and entry.details["rows"] == 3000 and entry.target == "calls.csv"
    assert entry.details["filters"] == {"batch_id": "b_export_test"}


async def test_an_export_is_audited_with_its_filters_but_never_the_number_searched(stack: Stack) -> None:
    params = {"q": "+14155550199", "status": "completed,busy", "from": "2021-06-01", "to": "2021-06-30"}
    response = await stack.http.get("/api/calls/export", params=params)
    assert response.status_code == 200, response.text
    async with stack.api.state.sessions() as session:
        entry = await session.scalar(
            select(AuditEvent)
            .where(AuditEvent.action == "data.exported")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        )
    assert entry is not None
    filters = entry.details["filters"]
    assert filters["search"] == "number" and filters["status"] == ["completed", "busy"]
    assert (filters["from"], filters["to"]) == ("2021-06-01", "2021-06-30"), "as the client wrote them"
    assert "4155550199" not in str(entry.details)
