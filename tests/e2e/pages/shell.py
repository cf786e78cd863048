"""The top bar every signed-in page shares: navigation, connection, language, user."""

from __future__ import annotations

from playwright.async_api import Locator, Page, expect

PAGES = {"dashboard": "#/", "calls": "#/calls", "summary": "#/summary"}


class Shell:
    def __init__(self, page: Page, app_url: str) -> None:
        self.page = page
        self.app_url = app_url

    async def open(self, hash_route: str = "#/") -> None:
        """Load the app at a hash route and wait until the live connection is up."""
        await self.page.goto(f"{self.app_url}/{hash_route}")
        await expect(self.connection).to_have_attribute("data-state", "live")

    @property
    def connection(self) -> Locator:
        return self.page.get_by_test_id("connection-status")

    def nav_link(self, name: str) -> Locator:
        return self.page.get_by_test_id(f"nav-{name}")

    async def go(self, name: str) -> None:
        """Follow a navigation link and check the page it marks as current."""
        await self.nav_link(name).click()
        await expect(self.page).to_have_url(f"{self.app_url}/{PAGES[name]}")
        await expect(self.nav_link(name)).to_have_attribute("aria-current", "page")

    async def switch_language(self, locale: str) -> None:
        await self.page.get_by_test_id("language").select_option(locale)
        await expect(self.page.locator("html")).to_have_attribute("lang", locale)

    async def has_horizontal_scroll(self) -> bool:
        result: bool = await self.page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        return result
