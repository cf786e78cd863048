"""The Calls page: filters, sortable table, pager, export and the call drawer."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Locator, Page, expect

from tests.e2e.pages.shell import Shell

# The hash route's query as the page parses it (URLSearchParams normalises the encoding the same way).
_URL_QUERY = """() => {
    const hash = location.hash;
    const mark = hash.indexOf("?");
    return new URLSearchParams(mark === -1 ? "" : hash.slice(mark + 1)).toString();
}"""


class CallsPage:
    def __init__(self, page: Page, app_url: str) -> None:
        self.page = page
        self.shell = Shell(page, app_url)

    async def open(self, query: str = "") -> None:
        """Open the page with a hash query; waits for the list, or for the error the query earns."""
        await self.shell.open(f"#/calls{'?' + query if query else ''}")
        settled = re.compile("ready|error")
        await expect(self.page.get_by_test_id("calls-page")).to_have_attribute("data-state", settled)

    async def wait_until_loaded(self) -> None:
        """Wait for the list the address bar asks for. A click or Back changes the URL at once, but the
        page re-renders on the hash change that follows: until then it still shows the previous list,
        marked ready, so the state only counts once the page says which query it is for."""
        query: str = await self.page.evaluate(_URL_QUERY)
        card = self.page.get_by_test_id("calls-page")
        await expect(card).to_have_attribute("data-query", query)
        await expect(card).to_have_attribute("data-state", "ready")

    @property
    def rows(self) -> Locator:
        return self.page.get_by_test_id("history-row")

    def row_for(self, execution_sid: str) -> Locator:
        return self.page.locator(f'[data-testid="history-row"][data-execution-sid="{execution_sid}"]')

    async def column(self, attribute: str) -> list[str]:
        """One data attribute of every row on the page, top to bottom (e.g. "status", "created-at")."""
        values: list[str] = await self.rows.evaluate_all(
            f"rows => rows.map(row => row.getAttribute('data-{attribute}'))"
        )
        return values

    async def filter_by(self, name: str, *labels: str) -> None:
        """Tick options of the "status" or "outcome" multi-select, by their visible labels."""
        select = self.page.get_by_test_id(f"filter-{name}")
        await select.locator("summary").click()
        for label in labels:
            box = select.get_by_label(label, exact=True)
            # Not box.check(): that reads the box right after the click, but the box shows the URL's filter
            # and is ticked when the page re-renders on the hash change the click causes.
            if not await box.is_checked():
                await box.click()
            await expect(box).to_be_checked()
            await self.wait_until_loaded()
        await select.locator("summary").click()

    async def search(self, number: str) -> None:
        await self.page.locator("input[name=q]").fill(number)
        await self.page.locator("input[name=q]").press("Enter")
        await self.wait_until_loaded()

    def sort_header(self, column: str) -> Locator:
        return self.page.get_by_test_id(f"sort-{column}")

    async def sort_by(self, column: str) -> None:
        await self.sort_header(column).get_by_role("button").click()
        await self.wait_until_loaded()

    async def set_page_size(self, size: int) -> None:
        await self.page.get_by_test_id("page-size").select_option(str(size))
        await self.wait_until_loaded()

    @property
    def range_text(self) -> Locator:
        return self.page.get_by_test_id("pager-range")

    def pager_button(self, name: str) -> Locator:
        return self.page.get_by_test_id("pager").get_by_role("button", name=name)

    @property
    def drawer(self) -> Locator:
        return self.page.get_by_test_id("call-detail")

    async def open_call(self, row: Locator) -> None:
        await row.click()
        await expect(self.drawer).to_be_visible()
        await expect(self.drawer.get_by_test_id("timeline")).to_be_visible()

    async def export(self, directory: Path) -> Path:
        """Click "Export CSV" and keep the file the browser downloads."""
        async with self.page.expect_download() as download_info:
            await self.page.get_by_test_id("export-csv").click()
        download = await download_info.value
        target = directory / download.suggested_filename
        await download.save_as(target)
        return target
