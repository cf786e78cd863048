"""A person types a number, presses Call and watches the answer arrive."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import screenshot_path, sign_in
from tests.support.stack import Stack, running_stack

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]


@pytest.fixture
async def stack(database_url: str) -> AsyncIterator[Stack]:
    # A little slower than instant, so the call visibly rings and is answered.
    async with running_stack(database_url, time_scale=0.02) as running:
        yield running


async def test_call_a_number_and_see_it_confirmed_live(stack: Stack, page: Page) -> None:
    await sign_in(page, stack)
    await page.goto(stack.app_url)
    await expect(page.get_by_test_id("connection-status")).to_contain_text("Live")
    await page.get_by_label("Phone number").fill("+1 415 555 0101")
    await page.get_by_role("button", name="Call", exact=True).click()

    row = page.get_by_test_id("call-row").first
    await expect(row).to_contain_text("+1 415 555 0101")
    await expect(page.get_by_text("Confirmed — pressed 1")).to_be_visible(timeout=15_000)
    await expect(row).to_contain_text("Confirmed")
    await page.screenshot(path=screenshot_path("dashboard-confirmed"), full_page=True)

    # After a reload the call is still there, and its timeline opens.
    await page.reload()
    row = page.get_by_test_id("call-row").first
    await expect(row).to_contain_text("Confirmed")
    await row.click()
    for event in ("initiated", "dtmf_action", "completed"):
        await expect(page.get_by_text(event, exact=False).first).to_be_visible()
    await page.screenshot(path=screenshot_path("call-timeline"), full_page=True)


async def test_a_bad_number_shows_the_servers_message_by_the_field(stack: Stack, page: Page) -> None:
    await sign_in(page, stack)
    await page.goto(stack.app_url)
    await page.get_by_label("Phone number").fill("call me maybe")
    await page.get_by_role("button", name="Call", exact=True).click()
    error = page.get_by_test_id("to-error")
    await expect(error).to_contain_text("only digits")
    await expect(page.get_by_label("Phone number")).to_have_attribute("aria-invalid", "true")
    await page.screenshot(path=screenshot_path("dashboard-bad-number"))
