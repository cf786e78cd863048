"""The Dashboard page (`#/`): today's figures, one call, a list of calls, the live list and feed."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import screenshot_path

SETTLE_TIMEOUT_MS = 20_000


class DashboardPage:
    def __init__(self, page: Page, app_url: str) -> None:
        self.page = page
        self.app_url = app_url
        self.root = page.get_by_test_id("dashboard-page")
        self.figures = page.get_by_test_id("today-figures")
        self.batch = page.get_by_test_id("batch-card")
        self.summary = page.get_by_test_id("batch-summary")
        self.preview_rows = page.get_by_test_id("preview-row")
        self.live = page.get_by_test_id("live-calls")
        self.feed = page.get_by_test_id("event-feed")

    async def open(self) -> None:
        await self.page.goto(f"{self.app_url}/#/")
        await expect(self.root).to_be_visible()
        await expect(self.page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")

    async def reload(self) -> None:
        await self.page.reload()
        await expect(self.root).to_be_visible()

    # ---- today's figures ----

    def figure(self, name: str) -> Locator:
        """`calls`, `confirmed`, `cancelled`, `voicemail`, `not_reached` or `answer_rate`."""
        return self.figures.get_by_test_id(f"figure-{name}").get_by_test_id("figure-value")

    async def expect_figure(self, name: str, value: str) -> None:
        await expect(self.figure(name)).to_have_text(value, timeout=SETTLE_TIMEOUT_MS)

    # ---- one call ----

    async def call(self, number: str) -> None:
        await self.page.get_by_label("Phone number").fill(number)
        await self.page.get_by_role("button", name="Call", exact=True).click()

    def live_row(self, number_text: str) -> Locator:
        return self.live.get_by_test_id("call-row").filter(has_text=number_text)

    # ---- a list of calls ----

    async def paste(self, text: str) -> None:
        await self.page.get_by_label("Numbers to call").fill(text)

    async def upload(self, path: Path) -> None:
        await self.page.get_by_label("Choose a file").set_input_files(path)

    async def choose_column(self, index: int) -> None:
        """Pick the column holding the number, counted from 0."""
        await self.page.get_by_label("Column with the phone number").select_option(value=str(index))

    async def expect_checked(self) -> None:
        """The server's dry run has answered for the current list."""
        await expect(self.summary).to_have_attribute("data-state", "ready", timeout=SETTLE_TIMEOUT_MS)

    async def preview_inputs(self) -> list[str]:
        return [text.strip() for text in await self.preview_rows.locator(".preview__input").all_inner_texts()]

    def preview_row(self, row: int) -> Locator:
        return self.page.locator(f'[data-testid="preview-row"][data-row="{row}"]')

    def start_button(self) -> Locator:
        return self.page.get_by_test_id("batch-start")

    async def start_batch(self) -> Locator:
        """Press Start; returns the new batch's progress panel."""
        await self.start_button().click()
        panel = self.page.get_by_test_id("batch-progress").first
        await expect(panel).to_be_visible()
        return panel

    def progress(self) -> Locator:
        return self.page.get_by_test_id("batch-progress").first

    @staticmethod
    def count(panel: Locator, name: str) -> Locator:
        """`started`, `failed`, `remaining` (`cancelled` once cancelled) of a progress panel."""
        return panel.get_by_test_id(f"batch-{name}").locator("dd")

    async def screenshot(self, name: str) -> None:
        await self.page.screenshot(path=screenshot_path(name), full_page=True)
