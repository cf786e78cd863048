"""Twilio's form-encoded call status callbacks join the call the flow's webhooks told us about."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from tests.support.stack import Stack, running_stack
from voicedash.logs import configure_logging

TERMINAL = {"completed", "busy", "no-answer", "failed", "canceled"}


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


async def post_form(stack: Stack, params: dict[str, str]) -> int:
    path = "/api/calls/webhooks/status"
    signature = RequestValidator(stack.settings.auth_token).compute_signature(
        f"{stack.settings.public_url}{path}", params
    )
    response = await stack.http.post(
        path,
        content=urlencode(params),
        headers={"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"},
    )
    return response.status_code


async def test_status_callback_updates_duration_and_lands_in_the_timeline(stack: Stack) -> None:
    sid = (await stack.start_call("+1 415 555 0301")).json()["data"]["execution_sid"]
    call = (await stack.wait_for(sid, lambda d: d["call"]["status"] in TERMINAL))["call"]
    assert call["call_sid"], "the flow's webhooks carry the CallSid"
    params = {
        "AccountSid": stack.settings.twilio_account_sid or "",
        "ApiVersion": "2010-04-01",
        "CallSid": call["call_sid"],
        "CallStatus": "completed",
        "CallbackSource": "call-progress-events",
        "To": "+14155550301",
        "From": "+15005550006",
        "Direction": "outbound-api",
        "Timestamp": "Thu, 03 Dec 2026 09:00:30 +0000",
        "SequenceNumber": "3",
        "CallDuration": "27",
    }
    assert await post_form(stack, params) == 200
    detail = await stack.wait_for(sid, lambda d: d["call"]["duration"] == 27)
    assert detail["call"]["outcome"] == "confirmed", "a generic status does not replace the decided outcome"
    last = detail["events"][-1]
    assert (last["kind"], last["event"], last["content_type"]) == (
        "status",
        "completed",
        "application/x-www-form-urlencoded",
    )
    assert "CallDuration=27" in last["payload"]


async def test_a_late_ringing_callback_does_not_move_the_call_back(stack: Stack) -> None:
    sid = (await stack.start_call("+1 415 555 0302")).json()["data"]["execution_sid"]
    call = (await stack.wait_for(sid, lambda d: d["call"]["status"] in TERMINAL))["call"]
    params = {"CallSid": call["call_sid"], "CallStatus": "ringing", "SequenceNumber": "1"}
    assert await post_form(stack, params) == 200
    detail = await stack.wait_for(sid, lambda d: d["events"][-1]["event"] == "ringing")
    assert detail["call"]["status"] == "completed"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """voicedash's real log configuration, at DEBUG, writing to a file; the test's logging restored after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    path = tmp_path / "voicedash.log"
    configure_logging("DEBUG", path)
    yield path
    for handler in root.handlers:
        handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


async def test_logs_never_show_a_phone_number_or_the_auth_token(stack: Stack, log_file: Path) -> None:
    sid = (await stack.start_call("+1 415 555 0304")).json()["data"]["execution_sid"]
    await stack.wait_for(sid, lambda d: d["call"]["status"] in TERMINAL)
    await stack.http.get("/api/calls/history", params={"search": "+14155550304"})
    written = log_file.read_text()
    assert '"path": "/api/calls/start"' in written, "the request log wrote nothing"
    # The test client's own request line carried the number: it was written, masked.
    assert "search=+14*******04" in written
    assert "4155550304" not in written
    assert stack.settings.auth_token not in written
