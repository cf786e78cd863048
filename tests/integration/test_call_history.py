"""GET /api/calls/history: every filter, sort and bound, cursor paging, and who may read it."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from tests.support.calls import add_calls, add_events, utc
from tests.support.stack import Stack, running_stack
from voicedash.calls import queries
from voicedash.models import Call, Role

# This module's calls live in January 2025, apart from any other module's on a shared PostgreSQL.
WINDOW = {"from": "2025-01-01", "to": "2025-01-31", "tz": "UTC"}
STATUSES = ["completed", "busy", "no-answer", "failed", "in-progress"]
OUTCOMES = {"completed": "confirmed", "busy": "busy", "no-answer": "no_answer", "failed": "failed"}
BATCH = "b_history_test"


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url, default_region="TR") as running:
        yield running


@pytest.fixture(scope="module")
async def calls(stack: Stack) -> list[Call]:
    """36 calls over 18 days; two share each created_at (ties are broken by id); some lack a duration."""
    rng = random.Random(6)
    specs = []
    for n in range(36):
        status = STATUSES[n % len(STATUSES)]
        created = utc("2025-01-02 08:00") + timedelta(days=n // 2, hours=rng.randrange(10))
        specs.append(
            {
                "created_at": created if n % 2 == 0 else specs[-1]["created_at"],
                "updated_at": created + timedelta(minutes=rng.randrange(500)),
                "status": status,
                "outcome": OUTCOMES.get(status, "pending"),
                "duration": None if n % 3 == 0 else rng.choice([20, 35, 35, 60]),
                "to": f"+90532{n:07d}" if n % 4 else "+905321119876",
                "batch_id": BATCH if n % 5 == 0 else None,
            }
        )
    return await add_calls(stack, specs)


async def history(stack: Stack, **params: Any) -> dict[str, Any]:
    response = await stack.http.get("/api/calls/history", params={**WINDOW, **params})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def sids(page: dict[str, Any]) -> list[str]:
    return [item["execution_sid"] for item in page["items"]]


def expected(calls: list[Call], sort: str) -> list[str]:
    field = sort.lstrip("-")

    def key(call: Call) -> tuple[Any, ...]:
        if field == "updated_at":
            return (call.updated_at, call.id)
        lead = {"created_at": (), "status": (call.status,), "outcome": (call.outcome,)}.get(field)
        if lead is None:  # duration: calls without one sort as the shortest
            lead = (call.duration if call.duration is not None else -1,)
        return (*lead, call.created_at, call.id)

    return [c.execution_sid for c in sorted(calls, key=key, reverse=sort.startswith("-"))]


async def test_the_new_fields_and_the_old_shape(stack: Stack, calls: list[Call]) -> None:
    page = await history(stack, limit=5)
    assert {"items", "total", "total_exact", "limit", "offset", "next_cursor"} <= set(page)
    assert page["total"] == 36 and page["total_exact"] is True and page["limit"] == 5
    item = page["items"][0]
    assert {"answered_at", "ended_at", "batch_id", "to", "from", "status", "outcome"} <= set(item)
    assert sids(page) == expected(calls, "-created_at")[:5]


@pytest.mark.parametrize(
    "sort",
    [f"{d}{f}" for f in ("created_at", "updated_at", "status", "outcome", "duration") for d in ("", "-")],
)
async def test_each_sort_pages_by_cursor_without_duplicates_or_gaps(
    stack: Stack, calls: list[Call], sort: str
) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(20):
        page = await history(stack, sort=sort, limit=7, **({"cursor": cursor} if cursor else {}))
        seen += sids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected(calls, sort)
    by_offset = [
        sid
        for offset in range(0, 36, 10)
        for sid in sids(await history(stack, sort=sort, limit=10, offset=offset))
    ]
    assert by_offset == expected(calls, sort)


async def test_the_cursor_wins_over_offset(stack: Stack, calls: list[Call]) -> None:
    first = await history(stack, limit=4)
    after = await history(stack, limit=4, cursor=first["next_cursor"], offset=20)
    assert sids(after) == expected(calls, "-created_at")[4:8] and after["offset"] == 0


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"status": "busy"}, lambda c: c.status == "busy"),
        ({"status": "busy,failed"}, lambda c: c.status in ("busy", "failed")),
        ({"outcome": "pending"}, lambda c: c.outcome == "pending"),
        ({"outcome": "confirmed, no_answer"}, lambda c: c.outcome in ("confirmed", "no_answer")),
        ({"batch_id": BATCH}, lambda c: c.batch_id == BATCH),
        ({"q": "+90 532 111 98 76"}, lambda c: c.to_number == "+905321119876"),
        ({"q": "0532 111 98 76"}, lambda c: c.to_number == "+905321119876"),  # DEFAULT_REGION=TR
        ({"q": "9876"}, lambda c: c.to_number.endswith("9876")),
        ({"q": "0007"}, lambda c: c.to_number.endswith("0007")),
        # Digits of other scripts are the same digits: Arabic-Indic, Extended Arabic-Indic, full-width.
        ({"q": "\u0669\u0668\u0667\u0666"}, lambda c: c.to_number.endswith("9876")),
        ({"q": "\u06f0\u06f0\u06f0\u06f7"}, lambda c: c.to_number.endswith("0007")),
        ({"q": "\uff10\uff10\uff10\uff17"}, lambda c: c.to_number.endswith("0007")),
        ({"q": "9\u0668\uff17\u0666"}, lambda c: c.to_number.endswith("9876")),
        (
            {"q": "\u0660\u0665\u0663\u0662 \u0661\u0661\u0661 98 76"},
            lambda c: c.to_number == "+905321119876",
        ),
        (
            {"from": "2025-01-05", "to": "2025-01-06"},
            lambda c: "2025-01-05" <= f"{c.created_at:%Y-%m-%d}" <= "2025-01-06",
        ),
        (
            {"from": "2025-01-05T10:00:00+00:00", "to": "2025-01-09T09:00:00Z"},
            lambda c: utc("2025-01-05 10:00") <= c.created_at <= utc("2025-01-09 09:00"),
        ),
        (
            {"status": "completed", "q": "9876"},
            lambda c: c.status == "completed" and c.to_number.endswith("9876"),
        ),
    ],
)
async def test_each_filter(stack: Stack, calls: list[Call], params: dict[str, str], matches: Any) -> None:
    wanted = [
        sid
        for sid in expected(calls, "-created_at")
        if matches(next(c for c in calls if c.execution_sid == sid))
    ]
    assert wanted, "the data set must hold matching calls"
    page = await history(stack, limit=500, **params)
    assert sids(page) == wanted and page["total"] == len(wanted)


async def test_local_day_boundaries_follow_tz(stack: Stack, calls: list[Call]) -> None:
    # 2025-01-05 in Istanbul (UTC+3) is 2025-01-04 21:00 to 2025-01-05 21:00 UTC.
    page = await history(
        stack, limit=500, **{"from": "2025-01-05", "to": "2025-01-05", "tz": "Europe/Istanbul"}
    )
    start, end = utc("2025-01-04 21:00"), utc("2025-01-05 21:00")
    assert sids(page) == [
        s
        for s in expected(calls, "-created_at")
        if start <= next(c for c in calls if c.execution_sid == s).created_at < end
    ]


async def test_total_is_a_lower_bound_past_the_cap(
    stack: Stack, calls: list[Call], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "COUNT_CAP", 10)
    page = await history(stack, limit=3, offset=12)
    assert page["total_exact"] is False and page["total"] == 15
    assert (await history(stack, status="busy"))["total_exact"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "done"}, "status"),
        ({"outcome": "confirmed,maybe"}, "outcome"),
        ({"sort": "price"}, "sort"),
        ({"sort": "created_at; drop table calls"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"tz": "../../etc/passwd"}, "tz"),
        ({"from": "2025-13-01"}, "from"),
        ({"from": "2025-01-05T10:00:00"}, "from"),  # no offset: ambiguous
        ({"to": "yesterday"}, "to"),
        ({"from": "2025-01-09", "to": "2025-01-08"}, "from"),
        ({"q": "abc"}, "q"),
        ({"q": "123"}, "q"),
        ({"batch_id": "b 1"}, "batch_id"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "W10"}, "cursor"),  # base64 of []
    ],
)
async def test_bad_parameters_are_400_naming_them(
    stack: Stack, calls: list[Call], params: dict[str, Any], field: str
) -> None:
    response = await stack.http.get("/api/calls/history", params={**WINDOW, **params})
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["success"] is False and body["details"]["field"] == field


async def test_a_cursor_from_another_sort_is_refused(stack: Stack, calls: list[Call]) -> None:
    cursor = (await history(stack, limit=2, sort="duration"))["next_cursor"]
    response = await stack.http.get("/api/calls/history", params={**WINDOW, "cursor": cursor})
    assert response.status_code == 400 and response.json()["details"]["field"] == "cursor"


def forged(*values: Any) -> str:
    """A cursor as encode_cursor writes one, holding whatever values a client chose."""
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


MOMENT = "2026-12-04T17:18:54+00:00"
INT64_MAX = 2**63 - 1


@pytest.mark.parametrize(
    "values",
    [
        # Integers outside a signed 64-bit range, as the id or as the duration that leads its sort.
        ["-created_at", MOMENT, 99999999999999999999999],
        ["created_at", MOMENT, INT64_MAX + 1],
        ["-updated_at", MOMENT, -(2**63) - 1],
        ["duration", 99999999999999999999999, MOMENT, 1],
        ["-duration", -(2**63) - 1, MOMENT, 1],
        # Instants that overflow when turned into UTC.
        ["-created_at", "0001-01-01T00:00:00+01:00", 1],
        ["-updated_at", "9999-12-31T23:59:59-01:00", 1],
        ["status", "busy", "0001-01-01T00:00:00+23:59", 1],
        # A lead value of the wrong type, or one no call holds.
        ["duration", 1.5, MOMENT, 1],
        ["duration", True, MOMENT, 1],
        ["duration", "35", MOMENT, 1],
        ["status", 7, MOMENT, 1],
        ["status", "busy\u0000", MOMENT, 1],
        ["outcome", "maybe", MOMENT, 1],
        ["-created_at", MOMENT, 1.0],
        ["-created_at", MOMENT, True],
        ["-created_at", 20261204, 1],
    ],
)
async def test_a_forged_cursor_is_400_naming_it(stack: Stack, calls: list[Call], values: list[Any]) -> None:
    response = await stack.http.get(
        "/api/calls/history", params={**WINDOW, "sort": values[0], "cursor": forged(*values)}
    )
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["success"] is False and body["details"]["field"] == "cursor"


@pytest.mark.parametrize("last_id", [2**31, INT64_MAX, -(2**63)])
async def test_a_cursor_with_any_64_bit_id_pages_as_its_values_say(
    stack: Stack, calls: list[Call], last_id: int
) -> None:
    """PostgreSQL keeps ids in 32 bits: a larger (or smaller) one still compares, it does not fail."""
    last = max(calls, key=lambda c: (c.created_at, c.id))
    cursor = forged("-created_at", last.created_at.isoformat(), last_id)
    by_sid = {c.execution_sid: c for c in calls}
    after = [
        s
        for s in expected(calls, "-created_at")
        if (by_sid[s].created_at, by_sid[s].id) < (last.created_at, last_id)
    ]
    assert sids(await history(stack, limit=500, cursor=cursor)) == after
    assert (await history(stack, sort="duration", cursor=forged("duration", INT64_MAX, MOMENT, 1)))[
        "items"
    ] == []


async def test_limit_is_capped_at_the_maximum(stack: Stack, calls: list[Call]) -> None:
    assert (await history(stack, limit=100_000))["limit"] == stack.settings.history_max_limit


async def test_event_feed_is_newest_first_paged_by_id_and_without_payloads(
    stack: Stack, calls: list[Call]
) -> None:
    made = await add_events(stack, calls[0], ["initiated", "dtmf", "completed"])
    made += await add_events(stack, calls[1], ["busy"])
    response = await stack.http.get("/api/calls/events", params={"execution_sid": calls[0].execution_sid})
    feed = response.json()["data"]
    assert [e["event_id"] for e in feed["items"]] == [e.id for e in reversed(made[:3])]
    assert (
        all("payload" not in e for e in feed["items"]) and feed["items"][0]["fields"]["event"] == "completed"
    )
    first = (await stack.http.get("/api/calls/events", params={"limit": 2})).json()["data"]
    older = (
        await stack.http.get("/api/calls/events", params={"limit": 2, "before_id": first["next_before_id"]})
    ).json()["data"]
    ids = [e["event_id"] for e in first["items"] + older["items"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 4 and ids[0] == made[-1].id
    bad = await stack.http.get("/api/calls/events", params={"before_id": 0})
    assert bad.status_code == 400 and bad.json()["details"]["field"] == "before_id"
    for too_big in (2**63, 10**30):
        bad = await stack.http.get("/api/calls/events", params={"before_id": too_big})
        assert bad.status_code == 400 and bad.json()["details"]["field"] == "before_id", bad.text
    # Past PostgreSQL's INTEGER ids and up to 64 bits: a bound like any other, every event is older.
    for huge in (2**31, 2**63 - 1):
        everything = await stack.http.get("/api/calls/events", params={"before_id": huge, "limit": 500})
        assert everything.status_code == 200, everything.text
        assert everything.json()["data"]["items"][0]["event_id"] == made[-1].id


READ_PATHS = [
    "/api/calls/config",
    "/api/calls/history",
    "/api/calls/events",
    "/api/calls/stats",
    "/api/calls/summary/daily",
    "/api/calls/summary/monthly",
    "/api/calls/export",
]


@pytest.mark.parametrize("path", READ_PATHS)
async def test_a_viewer_reads_and_a_stranger_gets_401(stack: Stack, path: str) -> None:
    async with stack.client(Role.viewer) as viewer:
        assert (await viewer.get(path)).status_code == 200
    async with stack.client() as anonymous:
        response = await anonymous.get(path)
        assert response.status_code == 401 and response.json()["success"] is False


async def test_config_tells_the_dashboard_its_settings(stack: Stack) -> None:
    data = (await stack.http.get("/api/calls/config")).json()["data"]
    assert data == {
        "time_zone": stack.settings.org_timezone,
        "default_region": "TR",
        "calls_per_second": 1.0,
        "bulk_max_numbers": 5000,
        "history_max_limit": 500,
    }
