"""Signing in and out in the browser, and hostile text in webhooks shown as text."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Dialog, Page, expect

from tests.e2e.conftest import screenshot_path, sign_in
from tests.support.stack import ADMIN_PASSWORD, Stack, running_stack
from tests.support.webhooks import post_signed_json

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]
SCRIPT = "<img src=x onerror=alert(1)>"


@pytest.fixture
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


async def test_the_login_page_signs_in_and_out(stack: Stack, page: Page) -> None:
    await page.goto(stack.app_url)
    await expect(page).to_have_url(f"{stack.app_url}/login")
    await page.get_by_label("Username").fill("admin")
    await page.get_by_label("Password").fill("not the password")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_test_id("login-error")).to_contain_text("wrong username or password")
    await page.screenshot(path=screenshot_path("login-wrong-password"))

    await page.get_by_label("Password").fill(ADMIN_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_test_id("signed-in-as")).to_contain_text("admin")
    await expect(page).to_have_url(f"{stack.app_url}/")
    await expect(page.get_by_test_id("connection-status")).to_contain_text("Live")
    cookies = {c["name"]: c for c in await page.context.cookies()}
    assert cookies["voicedash_session"]["httpOnly"] and cookies["voicedash_session"]["sameSite"] == "Lax"

    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    await page.reload()
    await expect(page.get_by_role("button", name="Sign in")).to_be_visible()


async def test_an_expired_session_returns_to_the_login_page(stack: Stack, page: Page) -> None:
    await sign_in(page, stack)
    await page.goto(stack.app_url)
    # Let the page's own first requests finish: any 401 sends it to the login page, as the test then shows.
    await expect(page.get_by_test_id("live-empty")).to_be_visible()
    await expect(page.get_by_test_id("today-figures")).to_have_attribute("aria-busy", "false")
    await expect(page.get_by_test_id("connection-status")).to_contain_text("Live")
    await page.context.clear_cookies()
    await page.get_by_label("Phone number").fill("+1 415 555 0101")
    await page.get_by_role("button", name="Call", exact=True).click()
    await expect(page.get_by_text("Your session has ended")).to_be_visible()
    await expect(page).to_have_url(f"{stack.app_url}/login")


async def test_markup_in_webhook_fields_is_shown_as_text(stack: Stack, page: Page) -> None:
    dialogs: list[str] = []

    async def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", record)
    execution_sid = "FN" + "d" * 32
    body = {"execution_sid": execution_sid, "event": "initiated", "to": SCRIPT, "widget_name": SCRIPT}
    assert (await post_signed_json(stack, "/api/calls/webhooks/status", body)).status_code == 200

    await sign_in(page, stack)
    await page.goto(stack.app_url)
    row = page.get_by_test_id("call-row").first
    await expect(row).to_contain_text(SCRIPT)
    await row.click()
    await expect(page.get_by_test_id("timeline")).to_contain_text(SCRIPT)
    await page.get_by_text("Raw payload").click()
    await expect(page.get_by_test_id("timeline").locator("pre")).to_contain_text(SCRIPT)
    await page.screenshot(path=screenshot_path("markup-as-text"), full_page=True)
    assert await page.locator("img[src='x']").count() == 0
    assert dialogs == []
