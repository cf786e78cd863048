"""Twilio's refusals, as the real SDK raises them from the sandbox, become clear voicedash errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.servers import free_port
from tests.support.stack import Stack, running_stack
from voicedash.twilio_gateway.gateway import TwilioGateway

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


async def swap_gateway(
    stack: Stack, *, auth_token: str | None = None, api_base_url: str | None = None
) -> TwilioGateway:
    old: TwilioGateway = stack.api.state.gateway
    await old.aclose()
    gateway = TwilioGateway(
        account_sid=stack.settings.twilio_account_sid or "",
        auth_token=auth_token or stack.settings.auth_token,
        api_base_url=api_base_url or stack.sandbox_url,
    )
    stack.api.state.gateway = gateway
    return gateway


async def test_wrong_auth_token_is_502_naming_the_settings(stack: Stack) -> None:
    await swap_gateway(stack, auth_token="0" * 32)
    response = await stack.start_call("+14155550101")
    assert response.status_code == 502
    assert response.json()["code"] == "TWILIO_AUTH_FAILED"
    assert "TWILIO_AUTH_TOKEN" in response.json()["error"]


async def test_unknown_flow_is_502_naming_the_flow_setting(stack: Stack) -> None:
    stack.settings.twilio_flow_sid = "FW" + "0" * 32
    response = await stack.start_call("+14155550101")
    assert response.status_code == 502
    assert "TWILIO_FLOW_SID" in response.json()["error"]


async def test_unreachable_twilio_opens_the_breaker_after_five_failures(stack: Stack) -> None:
    gateway = await swap_gateway(stack, api_base_url=f"http://127.0.0.1:{free_port()}")
    codes = [(await stack.start_call("+14155550101")).status_code for _ in range(5)]
    assert codes == [502] * 5
    assert gateway.breaker.state == "open"
    refused = await stack.start_call("+14155550101")
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
    assert "paused" in refused.json()["error"]


async def test_a_bad_number_does_not_count_against_the_breaker(stack: Stack) -> None:
    for _ in range(6):
        assert (await stack.start_call("not a number")).status_code == 400
    assert stack.api.state.gateway.breaker.state == "closed"
