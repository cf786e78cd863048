"""Every page in Turkish with no English left, and a layout that fits a laptop and a tablet."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import make_calls, screenshot_path, sign_in
from tests.e2e.messages import texts_in
from tests.e2e.pages.calls import CallsPage
from tests.e2e.pages.shell import Shell
from tests.e2e.pages.summary import SummaryPage
from tests.support.stack import Stack

pytestmark = pytest.mark.browser

# A page showing fewer of its language's own texts than this would make "no English left" too easy.
ENOUGH_TEXTS = 8


async def _show_every_page(page: Page, stack: Stack, locale: str) -> None:
    """Visit each page (and the call drawer) in turn; check the language; screenshot each."""
    shell = Shell(page, stack.app_url)
    calls = CallsPage(page, stack.app_url)
    summary = SummaryPage(page, stack.app_url)
    other = "tr" if locale == "en" else "en"
    await shell.go("dashboard")
    await expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    await _check_language(page, locale, other, "dashboard")
    await shell.go("calls")
    await calls.wait_until_loaded()
    await _check_language(page, locale, other, "calls")
    await calls.open_call(calls.rows.first)
    await _check_language(page, locale, other, "call-drawer")
    await page.keyboard.press("Escape")
    await shell.go("summary")
    await summary.wait_until_loaded()
    await _check_language(page, locale, other, "summary")


async def _check_language(page: Page, locale: str, other: str, name: str) -> None:
    own = await texts_in(page, locale)
    foreign = await texts_in(page, other)
    assert len(own) >= ENOUGH_TEXTS, f"{name}: only {own} found in {locale}: is the page there?"
    assert not foreign, f"{name} in {locale} still shows {other} text: {foreign}"
    await page.screenshot(path=screenshot_path(f"page-{name}-{locale}"), full_page=True)


async def test_every_page_switches_to_turkish(fresh_stack: Stack, page: Page) -> None:
    await make_calls(fresh_stack, [1, 2, 0])
    await sign_in(page, fresh_stack)
    shell = Shell(page, fresh_stack.app_url)
    await shell.open("#/")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    # The check itself must see English when English is shown, or its silence in Turkish means nothing.
    await _show_every_page(page, fresh_stack, "en")

    await shell.switch_language("tr")
    await expect(shell.nav_link("calls")).to_have_text("Aramalar")
    await _show_every_page(page, fresh_stack, "tr")

    # A server error the page knows by its field is said in Turkish, not in the server's English.
    calls = CallsPage(page, fresh_stack.app_url)
    await calls.open("q=12")
    await expect(page.get_by_test_id("calls-error")).to_contain_text("son 4 hanesini")

    # The choice is remembered, also by the sign-in page after signing out.
    await page.reload()
    await expect(page.locator("html")).to_have_attribute("lang", "tr")
    await expect(shell.nav_link("summary")).to_have_text("Özet")
    await page.get_by_role("button", name="Çıkış yap").click()
    await expect(page.get_by_role("button", name="Giriş yap")).to_be_visible()
    assert not await texts_in(page, "en")
    await page.screenshot(path=screenshot_path("page-login-tr"))


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (820, 1180)])
async def test_pages_fit_the_screen(fresh_stack: Stack, browser: Browser, width: int, height: int) -> None:
    await make_calls(fresh_stack, [1, 2, 0, 3])
    context = await browser.new_context(viewport={"width": width, "height": height})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        await sign_in(page, fresh_stack)
        shell = Shell(page, fresh_stack.app_url)
        await shell.open("#/")
        for name in ("dashboard", "calls", "summary"):
            await shell.go(name)
            if name == "summary":
                await SummaryPage(page, fresh_stack.app_url).wait_until_loaded()
            if name == "calls":
                await CallsPage(page, fresh_stack.app_url).wait_until_loaded()
            # Every navigation link stays reachable, and nothing makes the page scroll sideways.
            for link in ("dashboard", "calls", "summary"):
                await expect(shell.nav_link(link)).to_be_in_viewport()
            assert not await shell.has_horizontal_scroll(), f"{name} scrolls sideways at {width} px"
            await page.screenshot(path=screenshot_path(f"layout-{name}-{width}x{height}"), full_page=True)
        calls = CallsPage(page, fresh_stack.app_url)
        await shell.go("calls")
        await calls.wait_until_loaded()
        await calls.open_call(calls.rows.first)
        assert not await shell.has_horizontal_scroll()
        await page.screenshot(path=screenshot_path(f"layout-drawer-{width}x{height}"))
    finally:
        await context.close()
    assert not errors, errors
