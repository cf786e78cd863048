"""The Summary page: range presets, totals, the day, hour and month charts."""

from __future__ import annotations

from playwright.async_api import Locator, Page, expect

from tests.e2e.pages.shell import Shell


class SummaryPage:
    def __init__(self, page: Page, app_url: str) -> None:
        self.page = page
        self.shell = Shell(page, app_url)

    async def open(self, query: str = "") -> None:
        await self.shell.open(f"#/summary{'?' + query if query else ''}")
        await self.wait_until_loaded()

    async def wait_until_loaded(self) -> None:
        await expect(self.page.get_by_test_id("summary-loading")).to_have_count(0)
        await expect(self.page.get_by_test_id("daily-chart")).to_be_visible()

    def total(self, name: str) -> Locator:
        """A figure of the totals block: calls, answered, not_reached, answer_rate, confirmed…"""
        return self.page.get_by_test_id(f"total-{name}").locator("dd")

    async def choose_preset(self, preset: str) -> None:
        await self.page.get_by_test_id(f"preset-{preset}").click()
        await expect(self.page.get_by_test_id(f"preset-{preset}")).to_have_attribute("aria-pressed", "true")
        await self.wait_until_loaded()

    def day_bar(self, day: str) -> Locator:
        return self.page.locator(f'[data-testid="day-bar"][data-date="{day}"]')

    def heat_day(self, day: str) -> Locator:
        return self.page.locator(f'[data-testid="heat-day"][data-date="{day}"]')

    @property
    def hour_bars(self) -> Locator:
        return self.page.get_by_test_id("hour-bar")

    @property
    def charts(self) -> Locator:
        return self.page.locator('svg[role="img"]')
