"""Pure pieces: Liquid, split conditions, the callee table, URL rewriting, paging, the CLI."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from studio_sandbox.api.paging import PageRequest, paginate
from studio_sandbox.callee import CalleeScript, script_for_last_digit
from studio_sandbox.cli import app
from studio_sandbox.clock import Clock
from studio_sandbox.config import SandboxConfig
from studio_sandbox.liquid import render
from studio_sandbox.ratelimit import CallPacer, SlidingWindowLimiter
from studio_sandbox.sdk import rewrite_url
from studio_sandbox.widgets.conditions import condition_holds
from studio_sandbox.widgets.voice import collect_digits

CONTEXT = {
    "flow": {"sid": "FN1", "data": {"webhook_base": "http://hooks", "items": [1, 2]}},
    "widgets": {"happy-outgoing": {"Digits": "5"}},
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{widgets.happy-outgoing.Digits}}", "5"),
        ("{{flow.data.webhook_base | default: 'x'}}/a", "http://hooks/a"),
        ("{{flow.data.missing | default: 'x'}}/a", "x/a"),
        ("[{{flow.data.nothing.deeper}}]", "[]"),
        ("{{flow.data | to_json}}", '{"webhook_base": "http://hooks", "items": [1, 2]}'),
        ("{{flow.data.items | size}} {{ 2 | plus: 3 }}", "2 5"),
        ('{"a": "{{flow.sid}}", "b": {{ unclosed', '{"a": "FN1", "b": {{ unclosed'),
        ("no template", "no template"),
    ],
)
def test_liquid_renders_like_studio(source: str, expected: str) -> None:
    assert render(source, CONTEXT) == expected


QUIRKS = {
    "widgets": {"seg": {"parsed": {"bad": "3"}}, "res": {"parsed": {"count": 1}}},
    "flow": {"variables": {"rid": "R1"}},
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{widgets.seg.parsed. bad}}", "3"),  # a space after the dot (corpus 06)
        ("{% if widgets. \nres.parsed.count == 1%}one{% else %}many{% endif %}", "one"),  # newline (17)
        ("id={{flow.variables.rid", "id={{flow.variables.rid"),  # unclosed output stays as text (17)
        ("[{{widgets.call_recording_1.RecordingUrl}}]", "[]"),  # a widget that does not exist (03)
        ("{% for i in (1..3) %}{{forloop.index0}}{% endfor %}", "012"),
        ("{% case 2 %}{% when 1 %}a{% when 2 %}b{% else %}c{% endcase %}", "b"),
    ],
)
def test_liquid_quirks_of_real_exports(source: str, expected: str) -> None:
    assert render(source, QUIRKS) == expected


def test_liquid_date_now() -> None:
    assert render("{{'now' | date: '%s'}}", CONTEXT).isdigit()


@given(st.text(max_size=80))
def test_liquid_never_raises(source: str) -> None:
    assert isinstance(render(source, CONTEXT), str)


@pytest.mark.parametrize(
    ("kind", "subject", "value", "holds"),
    [
        ("equal_to", "1", "1", True),
        ("equal_to", "Yes", "yes", True),
        ("not_equal_to", "1", "2", True),
        ("matches_any_of", "machine_start", "machine_start, fax", True),
        ("matches_any_of", "human", "machine_start,fax", False),
        ("does_not_match_any_of", "human", "machine_start,fax", True),
        ("contains", "hello world", "world", True),
        ("does_not_contain", "hello", "world", True),
        ("starts_with", "+90532", "+90", True),
        ("does_not_start_with", "+1555", "+90", True),
        ("is_blank", "  ", "", True),
        ("is_not_blank", "x", "", True),
        ("regex", "order 1234", r"\d{4}", True),
        ("regex", "x", "(", False),
        ("less_than", "3", "10", True),
        ("less_than", "abc", "10", False),
        ("greater_than", "10.5", "10", True),
        ("is_before_date", "2024-01-01", "2024-06-01", True),
        ("is_after_time", "18:30", "09:00", True),
        ("no_such_condition", "a", "a", False),
    ],
)
def test_split_conditions(kind: str, subject: str, value: str, holds: bool) -> None:
    assert condition_holds(kind, subject, value) is holds


def test_split_case_sensitivity_is_a_setting() -> None:
    assert condition_holds("equal_to", "Yes", "yes", case_sensitive=True) is False


@given(st.text(max_size=20))
def test_equal_to_and_not_equal_to_are_opposites(text: str) -> None:
    assert condition_holds("equal_to", text, text) and not condition_holds("not_equal_to", text, text)


@pytest.mark.parametrize(
    ("keys", "count", "finish", "digits"),
    [
        ("1", 1, "#", "1"),
        ("123#", 0, "#", "123"),
        ("12#9", 3, "#", "12"),
        ("98765", 2, "", "98"),
        ("#", 1, "#", ""),
    ],
)
def test_collect_digits(keys: str, count: int, finish: str, digits: str) -> None:
    assert collect_digits(keys, count, finish) == digits


def test_callee_table_by_last_digit() -> None:
    assert script_for_last_digit("+905321234561").keys == ("1",)
    assert script_for_last_digit("+15550000008").keys == ("9", "1")
    assert script_for_last_digit("+15550000000").voicemail_seconds > 0
    assert script_for_last_digit("+15550000003").busy
    assert script_for_last_digit("+15550000004").answer_after is None
    assert script_for_last_digit("+15550000005").failed
    assert script_for_last_digit("+15550000006").answered_by == "machine_start"
    assert script_for_last_digit("+15550000009").hangs_up_at("any", "gather-input-on-call")
    assert script_for_last_digit("client:alice") == CalleeScript()


def test_rewrite_url_keeps_path_and_query() -> None:
    url = "https://studio.twilio.com/v2/Flows/FW1/Executions?PageSize=2&Page=1"
    assert (
        rewrite_url(url, "http://127.0.0.1:8001")
        == "http://127.0.0.1:8001/v2/Flows/FW1/Executions?PageSize=2&Page=1"
    )
    assert rewrite_url(url, "http://h:1/studio/").startswith("http://h:1/studio/v2/Flows/FW1/Executions?")


def test_paging_tokens_walk_forwards_and_back() -> None:
    items = list(range(10, 0, -1))
    first, meta = paginate(items, lambda i: i, PageRequest(0, 4, None), "http://h/x", "things")
    assert first == [10, 9, 8, 7] and meta["previous_page_url"] is None
    assert meta["next_page_url"] == "http://h/x?PageSize=4&Page=1&PageToken=PA7"
    second, meta = paginate(items, lambda i: i, PageRequest(1, 4, "PA7"), "http://h/x", "things")
    assert second == [6, 5, 4, 3]
    back, _ = paginate(items, lambda i: i, PageRequest(0, 4, "PB6"), "http://h/x", "things")
    assert back == first


def test_execution_limiter_window() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(2, now=lambda: now[0])
    assert [limiter.try_acquire() for _ in range(3)] == [True, True, False]
    now[0] = 1.0
    assert limiter.try_acquire()
    assert all(SlidingWindowLimiter(0).try_acquire() for _ in range(100))


async def test_call_pacer_spaces_calls() -> None:
    pacer = CallPacer(calls_per_second=100, time_scale=1.0)
    waits = await asyncio.gather(*(pacer.wait_turn() for _ in range(3)))
    assert sorted(round(w, 2) for w in waits) == [0.0, 0.01, 0.02]
    assert await CallPacer(1, 0).wait_turn() == 0.0


async def test_clock_scales_time() -> None:
    assert Clock(0.5).real_seconds(4) == 2.0
    assert Clock(0).real_seconds(100) == 0.0
    await Clock(0).sleep(1000)


def test_config_validation() -> None:
    assert SandboxConfig().account_sid.startswith("AC") and len(SandboxConfig().account_sid) == 34
    assert SandboxConfig(public_base_url="http://x/").public_base_url == "http://x"
    with pytest.raises(ValueError, match="time_scale"):
        SandboxConfig(time_scale=-1)


def test_cli_serve_help() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--time-scale" in result.output and "--auth-token" in result.output
