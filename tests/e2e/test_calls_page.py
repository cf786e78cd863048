"""The Calls page: filters kept in the URL, the timeline drawer, export, sorting, paging, the keyboard."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import make_calls, screenshot_path, sign_in
from tests.e2e.pages.calls import CallsPage
from tests.support.calls import EXPORT_HEADER
from tests.support.stack import Stack

pytestmark = pytest.mark.browser


async def test_filter_the_list_and_open_a_timeline(fresh_stack: Stack, page: Page) -> None:
    # Last digits: 1 confirmed, 2 cancelled, 0 voicemail, 3 busy.
    calls = await make_calls(fresh_stack, [1, 2, 0, 3, 1, 2])
    cancelled = [call for call in calls if call["outcome"] == "cancelled"]
    assert len(cancelled) == 2
    await sign_in(page, fresh_stack)
    calls_page = CallsPage(page, fresh_stack.app_url)
    await calls_page.open()
    await expect(calls_page.rows).to_have_count(6)

    await calls_page.filter_by("outcome", "Cancelled")
    await expect(page).to_have_url(re.compile(r"#/calls\?outcome=cancelled$"))
    await expect(calls_page.rows).to_have_count(2)
    assert await calls_page.column("outcome") == ["cancelled", "cancelled"]

    # The filter is in the URL: a reload shows the same list with the same box ticked.
    await page.reload()
    await calls_page.wait_until_loaded()
    await expect(calls_page.rows).to_have_count(2)
    await page.get_by_test_id("filter-outcome").locator("summary").click()
    await expect(page.get_by_test_id("filter-outcome").get_by_label("Cancelled", exact=True)).to_be_checked()
    await page.get_by_test_id("filter-outcome").locator("summary").click()

    # Number search on the last four digits, together with the outcome filter.
    await calls_page.search(cancelled[0]["to"][-4:])
    await expect(calls_page.rows).to_have_count(1)
    await expect(calls_page.row_for(cancelled[0]["execution_sid"])).to_be_visible()
    await page.get_by_role("button", name="Clear filters").click()
    await calls_page.wait_until_loaded()
    await expect(calls_page.rows).to_have_count(6)
    await expect(page).to_have_url(re.compile(r"#/calls$"))

    # The voicemail's timeline: every webhook with its raw payload, and the recording.
    voicemail = next(call for call in calls if call["outcome"] == "voicemail")
    await calls_page.open_call(calls_page.row_for(voicemail["execution_sid"]))
    items = calls_page.drawer.get_by_test_id("timeline-item")
    assert await items.count() >= 3
    await expect(calls_page.drawer.get_by_test_id("recording")).to_have_attribute("src", re.compile(r"^http"))
    raw = items.first.locator("details")
    await raw.locator("summary").click()
    await expect(raw.locator("pre")).to_contain_text(voicemail["execution_sid"])
    await page.screenshot(path=screenshot_path("calls-timeline-voicemail"), full_page=True)

    # "Call again" starts a new call to the same number; the list shows it without a reload.
    await calls_page.drawer.get_by_test_id("call-again").click()
    await expect(calls_page.drawer.get_by_test_id("call-again-result")).to_contain_text("new call")
    await calls_page.drawer.get_by_role("button", name="Close").click()
    await expect(calls_page.drawer).to_be_hidden()
    await expect(calls_page.rows).to_have_count(7)


async def test_export_downloads_the_filtered_calls(fresh_stack: Stack, page: Page, tmp_path: Path) -> None:
    calls = await make_calls(fresh_stack, [1, 2, 1, 3])
    confirmed = {call["execution_sid"]: call for call in calls if call["outcome"] == "confirmed"}
    await sign_in(page, fresh_stack)
    calls_page = CallsPage(page, fresh_stack.app_url)
    await calls_page.open("outcome=confirmed")
    await expect(calls_page.rows).to_have_count(len(confirmed))

    path = await calls_page.export(tmp_path)
    assert re.fullmatch(r"voicedash-calls-\d{8}-\d{4}\.csv", path.name), path.name
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the file must start with a UTF-8 byte order mark (Excel)"
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    assert rows[0] == EXPORT_HEADER
    exported = {row[0]: dict(zip(EXPORT_HEADER, row, strict=True)) for row in rows[1:]}
    assert set(exported) == set(confirmed), "the export must hold exactly the calls the filter shows"
    for execution_sid, row in exported.items():
        assert row["outcome"] == "confirmed"
        # A cell starting with "+" could be read as a formula: the export neutralises it with a quote.
        assert row["to"] == "'" + confirmed[execution_sid]["to"]
        assert re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", row["created_at"])


async def test_sort_by_a_column_and_page_through(fresh_stack: Stack, page: Page) -> None:
    await make_calls(fresh_stack, [1, 2, 3, 4, 0] * 6)
    await sign_in(page, fresh_stack)
    calls_page = CallsPage(page, fresh_stack.app_url)
    await calls_page.open()

    # Newest first by default.
    await expect(calls_page.sort_header("created_at")).to_have_attribute("aria-sort", "descending")
    created = await calls_page.column("created-at")
    assert created == sorted(created, reverse=True)

    await calls_page.sort_by("status")
    await expect(calls_page.sort_header("status")).to_have_attribute("aria-sort", "ascending")
    await expect(calls_page.sort_header("created_at")).to_have_attribute("aria-sort", "none")
    ascending = await calls_page.column("status")
    await calls_page.sort_by("status")
    await expect(calls_page.sort_header("status")).to_have_attribute("aria-sort", "descending")
    descending = await calls_page.column("status")
    assert len(set(ascending)) > 1
    assert ascending == list(reversed(descending)), (
        f"descending must be the ascending order reversed: {ascending} {descending}"
    )
    assert _grouped(ascending), f"equal statuses must sit together: {ascending}"
    await expect(page).to_have_url(re.compile(r"sort=-status"))

    await calls_page.sort_by("created_at")
    await calls_page.set_page_size(25)
    await expect(calls_page.range_text).to_have_text("1–25 of 30")
    await expect(calls_page.rows).to_have_count(25)
    await expect(calls_page.pager_button("Previous")).to_be_disabled()
    first_page = await calls_page.column("execution-sid")

    await calls_page.pager_button("Next").click()
    await calls_page.wait_until_loaded()
    await expect(calls_page.range_text).to_have_text("26–30 of 30")
    await expect(calls_page.rows).to_have_count(5)
    await expect(calls_page.pager_button("Next")).to_be_disabled()
    await expect(page).to_have_url(re.compile(r"limit=25&offset=25"))
    assert not set(first_page) & set(await calls_page.column("execution-sid")), "pages must not overlap"

    # Back in the browser returns to the first page.
    await page.go_back()
    await calls_page.wait_until_loaded()
    await expect(calls_page.range_text).to_have_text("1–25 of 30")
    await page.screenshot(path=screenshot_path("calls-paged"), full_page=True)


def _grouped(values: list[str]) -> bool:
    seen: list[str] = []
    for value in values:
        if not seen or seen[-1] != value:
            if value in seen:
                return False
            seen.append(value)
    return True


async def test_the_drawer_opens_and_closes_with_the_keyboard(fresh_stack: Stack, page: Page) -> None:
    await make_calls(fresh_stack, [1, 2, 3])
    await sign_in(page, fresh_stack)
    calls_page = CallsPage(page, fresh_stack.app_url)
    await calls_page.open()
    await expect(calls_page.rows).to_have_count(3)

    # Tab from the export link reaches the table: the sort buttons, then the first row.
    await page.get_by_test_id("export-csv").focus()
    for _ in range(4):
        await page.keyboard.press("Tab")
    first = calls_page.rows.first
    await expect(first).to_be_focused()
    await page.keyboard.press("ArrowDown")
    second = calls_page.rows.nth(1)
    await expect(second).to_be_focused()

    await page.keyboard.press("Enter")
    await expect(calls_page.drawer).to_be_visible()
    sid = await second.get_attribute("data-execution-sid")
    await expect(calls_page.drawer).to_have_attribute("data-execution-sid", sid or "")
    await expect(calls_page.drawer.get_by_test_id("timeline")).to_be_visible()

    await page.keyboard.press("Escape")
    await expect(calls_page.drawer).to_be_hidden()
    await expect(second).to_be_focused()
